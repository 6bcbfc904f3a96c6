"""Valid and deliberately invalid synthetic identifiers for the benchmark corpus.

The NRIC/FIN and UEN check-letter rules are implemented here from
../shared/reference/sg-identifiers.md, independently of ``recognizers/``, so the benchmark
checks the recognizers instead of repeating their code (and their bugs). The rules follow
opengovsg/FormSG ``shared/utils/nric-validation.ts`` / ``uen-validation.ts``, samliew/singapore-nric
and arthurdejong/python-stdnum ``stdnum/sg/uen.py``; the tests cross-check the UENs against
python-stdnum and the NRIC/FINs against published test vectors.

Phone numbers are drawn at random and kept only if libphonenumber (the ``phonenumbers`` package)
says they are valid for their region, so the pools follow the library's metadata, not a frozen
regex. Every generator takes a ``random.Random`` so a seed fixes the output.
"""

from __future__ import annotations

import ipaddress
import random

import phonenumbers

# --- NRIC / FIN ----------------------------------------------------------------------------

NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
NRIC_OFFSETS = {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}
# Indexed by r = (offset + weighted sum) mod 11.
_ST_LETTERS = "JZIHGFEDCBA"
_FG_LETTERS = "XWUTRQPNMLK"
_M_LETTERS = "XWUTRQPNJLK"  # the F/G table with J in place of M at r = 8
_CHECK_TABLES = {
    "S": _ST_LETTERS,
    "T": _ST_LETTERS,
    "F": _FG_LETTERS,
    "G": _FG_LETTERS,
    "M": _M_LETTERS,
}


def nric_remainder(prefix: str, digits: str) -> int:
    """r in the reference table: the index of the check letter."""
    weighted = sum(int(d) * w for d, w in zip(digits, NRIC_WEIGHTS, strict=True))
    return (NRIC_OFFSETS[prefix] + weighted) % 11


def nric_check_letter(prefix: str, digits: str) -> str:
    return _CHECK_TABLES[prefix][nric_remainder(prefix, digits)]


def is_valid_nric(value: str) -> bool:
    value = value.upper()
    if len(value) != 9 or value[0] not in NRIC_OFFSETS or not value[1:8].isdigit():
        return False
    return value[8] == nric_check_letter(value[0], value[1:8])


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randrange(10**count)).zfill(count)


def make_nric(rng: random.Random, prefix: str) -> str:
    digits = _digits(rng, 7)
    return f"{prefix}{digits}{nric_check_letter(prefix, digits)}"


def make_m_fin_r8(rng: random.Random) -> str:
    """A valid M-series FIN whose r is 8 (check letter J): the case the F/G table gets wrong."""
    while True:
        digits = _digits(rng, 7)
        if nric_remainder("M", digits) == 8:
            return f"M{digits}J"


def make_m_fin_with_fg_table(rng: random.Random) -> str:
    """An M-series FIN computed with the F/G table where it differs (r = 8 -> 'M'): invalid."""
    return make_m_fin_r8(rng)[:-1] + _FG_LETTERS[8]


def make_bad_nric(rng: random.Random, prefix: str | None = None) -> str:
    """An NRIC-shaped string whose check letter is wrong for every table of its prefix."""
    prefix = prefix or rng.choice("STFG")
    digits = _digits(rng, 7)
    right = nric_check_letter(prefix, digits)
    wrong = rng.choice([c for c in "ABCDEFGHIJKLMNPQRTUWXZ" if c != right])
    return f"{prefix}{digits}{wrong}"


# --- UEN -----------------------------------------------------------------------------------

_UEN_A_WEIGHTS = (10, 4, 9, 3, 8, 2, 7, 1)
_UEN_A_LETTERS = "XMKECAWLJDB"
_UEN_B_WEIGHTS = (10, 8, 6, 4, 9, 7, 5, 3, 1)
_UEN_B_LETTERS = "ZKCMDNERGWH"
_UEN_C_WEIGHTS = (4, 3, 5, 3, 10, 2, 2, 5, 7)
_UEN_C_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWX0123456789"
# python-stdnum's 38 entity types: the set every implementation accepts.
UEN_C_ENTITY_TYPES = (
    "CC CD CH CL CM CP CS CX DP FB FC FM FN GA GB GS HS LL LP MB MC MD MH MM MQ NB NR PA PB PF "
    "RF RP SM SS TC TU VH XL"
).split()
UEN_FORMATS = ("A", "B", "C")


def uen_check_letter(body: str) -> str:
    """Check letter for a UEN without its last character (format picked by length/shape)."""
    if len(body) == 8:
        total = sum(int(d) * w for d, w in zip(body, _UEN_A_WEIGHTS, strict=True))
        return _UEN_A_LETTERS[total % 11]
    if len(body) == 9 and body.isdigit():
        total = sum(int(d) * w for d, w in zip(body, _UEN_B_WEIGHTS, strict=True))
        return _UEN_B_LETTERS[total % 11]
    if len(body) == 9:
        total = sum(_UEN_C_ALPHABET.index(c) * w for c, w in zip(body, _UEN_C_WEIGHTS, strict=True))
        return _UEN_C_ALPHABET[(total - 5) % 11]
    raise ValueError("a UEN body has 8 or 9 characters")


def is_valid_uen(value: str, *, current_year: int = 2024) -> bool:
    value = value.upper()
    body, letter = value[:-1], value[-1:]
    if len(value) == 9:
        ok_shape = body.isdigit()
    elif len(value) == 10 and body.isdigit():
        ok_shape = int(body[:4]) <= current_year
    elif len(value) == 10:
        ok_shape = (
            body[0] in "RST"
            and body[1:3].isdigit()
            and body[3:5] in UEN_C_ENTITY_TYPES
            and body[5:].isdigit()
        )
        if ok_shape and body[0] == "T":
            ok_shape = int(body[1:3]) <= current_year % 100
    else:
        return False
    return ok_shape and letter.isalpha() and letter == uen_check_letter(body)


def _uen_body(rng: random.Random, fmt: str) -> str:
    if fmt == "A":
        return _digits(rng, 8)
    if fmt == "B":
        return f"{rng.randint(1975, 2023)}{_digits(rng, 5)}"
    if fmt == "C":
        prefix = rng.choice("RST")
        year = rng.randint(0, 23) if prefix == "T" else rng.randint(0, 99)
        return f"{prefix}{year:02d}{rng.choice(UEN_C_ENTITY_TYPES)}{_digits(rng, 4)}"
    raise ValueError(f"unknown UEN format {fmt!r}")


def make_uen(rng: random.Random, fmt: str) -> str:
    body = _uen_body(rng, fmt)
    return body + uen_check_letter(body)


def make_bad_uen(rng: random.Random, fmt: str) -> str:
    """A UEN-shaped string (e.g. an invoice number) with a wrong check letter."""
    body = _uen_body(rng, fmt)
    right = uen_check_letter(body)
    return body + rng.choice([c for c in "ABCDEGHJKLMNRWXZ" if c != right])


# --- phone numbers ---------------------------------------------------------------------------

_SG_KIND_TYPES = {
    "mobile": {phonenumbers.PhoneNumberType.MOBILE},
    "fixed": {phonenumbers.PhoneNumberType.FIXED_LINE},
    "tollfree": {phonenumbers.PhoneNumberType.TOLL_FREE},
}


def make_sg_phone(rng: random.Random, kind: str) -> str:
    """National significant number of a valid SG number: 8 digits, or 11 for 1800 toll-free."""
    wanted = _SG_KIND_TYPES[kind]
    while True:
        if kind == "mobile":
            national = rng.choice("89") + _digits(rng, 7)
        elif kind == "fixed":
            national = "6" + _digits(rng, 7)
        else:
            national = "1800" + _digits(rng, 7)
        parsed = phonenumbers.parse("+65" + national)
        if phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in wanted:
            return national


# Region -> first digits of its mobile numbers; calling code and length come from libphonenumber.
_FOREIGN_MOBILE_LEADS = {"GB": "7", "MY": "1", "US": "", "AU": "4", "IN": "9", "CN": "13"}


def _mobile_plan(region: str) -> tuple[str, int]:
    """(calling code, length of a national mobile number), from libphonenumber's metadata."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    length = len(phonenumbers.national_significant_number(example))
    return str(phonenumbers.country_code_for_region(region)), length


def make_foreign_phone(rng: random.Random) -> str:
    """A valid non-SG number in international format, e.g. ``+44 7911 123456``."""
    region, lead = rng.choice(list(_FOREIGN_MOBILE_LEADS.items()))
    code, length = _mobile_plan(region)
    while True:
        national = lead + _digits(rng, length - len(lead))
        parsed = phonenumbers.parse(f"+{code}{national}")
        if (
            phonenumbers.is_valid_number(parsed)
            and phonenumbers.region_code_for_number(parsed) == region
        ):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def format_sg_phone(national: str, variant: str) -> str:
    """Write an SG number the way people do; ``variant`` names the written form."""
    if national.startswith("1800"):
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    head, tail = national[:4], national[4:]
    forms = {
        "bare": national,
        "spaced": f"{head} {tail}",
        "plus65": f"+65 {head} {tail}",
        "plus65_compact": f"+65{national}",
        "0065": f"0065 {head} {tail}",
        "paren65": f"(65) {head}-{tail}",
        "65_prefix": f"65{national}",
    }
    return forms[variant]


SG_PHONE_VARIANTS = ("bare", "spaced", "plus65", "plus65_compact", "0065", "paren65", "65_prefix")


# --- cards, devices, network -----------------------------------------------------------------


def luhn_check_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    return luhn_check_digit(number[:-1]) == number[-1]


def make_card_number(rng: random.Random) -> str:
    """Digits only: Visa or Mastercard (16) or Amex (15), Luhn-valid."""
    brand = rng.random()
    if brand < 0.5:
        payload = "4" + _digits(rng, 14)
    elif brand < 0.85:
        payload = str(rng.randint(51, 55)) + _digits(rng, 13)
    else:
        payload = rng.choice(("34", "37")) + _digits(rng, 12)
    return payload + luhn_check_digit(payload)


def format_card(digits: str, variant: str) -> str:
    if variant == "plain":
        return digits
    sep = " " if variant == "spaced" else "-"
    if len(digits) == 15:
        return sep.join((digits[:4], digits[4:10], digits[10:]))
    return sep.join(digits[i : i + 4] for i in range(0, 16, 4))


def make_luhn_failing_ref(rng: random.Random) -> str:
    """16 digits shaped like a card number whose Luhn check fails."""
    payload = rng.choice("45") + _digits(rng, 14)
    good = int(luhn_check_digit(payload))
    return payload + str((good + rng.randint(1, 9)) % 10)


def make_imei(rng: random.Random) -> str:
    payload = rng.choice(("35", "86", "99", "01")) + _digits(rng, 12)
    return payload + luhn_check_digit(payload)


def make_mac(rng: random.Random) -> str:
    octets = [rng.randrange(256) for _ in range(6)]
    octets[0] &= 0xFC  # unicast, globally administered
    text = ":".join(f"{o:02x}" for o in octets)
    return text.upper() if rng.random() < 0.3 else text


def make_public_ipv4(rng: random.Random) -> str:
    while True:
        addr = ipaddress.IPv4Address(rng.getrandbits(32))
        if addr.is_global and not addr.is_multicast and addr.packed[0] not in (0, 255):
            return str(addr)


def make_private_ipv4(rng: random.Random) -> str:
    block = rng.random()
    if block < 0.5:
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randint(1, 254)}"
    if block < 0.8:
        return f"192.168.{rng.randrange(256)}.{rng.randint(1, 254)}"
    return f"172.{rng.randint(16, 31)}.{rng.randrange(256)}.{rng.randint(1, 254)}"


def make_ipv6(rng: random.Random) -> str:
    """A global-unicast IPv6 address in compressed form."""
    high = 0x2400 + rng.randrange(0x0600)
    groups = [high] + [rng.randrange(0x10000) for _ in range(7)]
    zero_run = rng.random()
    if zero_run < 0.5:  # many real addresses carry a run of zeros
        groups[3:6] = [0, 0, 0]
    return str(ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)))


# Postal sectors 01-82 with the known gap at 74.
POSTAL_SECTORS = tuple(f"{n:02d}" for n in range(1, 83) if n != 74)


def make_postal_code(rng: random.Random) -> str:
    return rng.choice(POSTAL_SECTORS) + _digits(rng, 4)


def make_uuid(rng: random.Random) -> str:
    value = f"{rng.getrandbits(128):032x}"
    variant = "89ab"[rng.randrange(4)]
    return f"{value[:8]}-{value[8:12]}-4{value[13:16]}-{variant}{value[17:20]}-{value[20:]}"


def make_sha256_hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"
