"""Seeded synthetic corpus with labeled PII and tagged hard negatives, for benchmarking scanners.

Layout of ``out_dir``:

- ``logs/``: nginx access logs, JSON-lines app logs (``app.log``, ``events.jsonl``), syslog,
  Java service logs with stack traces, and gzip-rotated files (``*.log.1.gz``).
- ``contracts/``: agreements as TXT, DOCX and PDF with party blocks, notices and signature blocks.
- ``labels.jsonl``: one row per planted entity
  ``{"file", "entity_type", "start", "end", "variant", "synthetic_value"}``.
  ``synthetic_value`` is the generated (fake) value, stored to make debugging easy; this file is
  never scanner input.
- ``hard_negatives.jsonl``: ``{"file", "kind", "start", "end"}`` for strings built to look like
  PII that is not (bad check letters, IP-shaped versions, phone-shaped counters, ...).
- ``manifest.json``: files with size, sha256 and label counts, seed, scale, total bytes.

Scan ``logs/`` and ``contracts/`` only: the label files hold the synthetic values.

Offsets are code points into the file's *extracted text*:

- plain files (``.log``, ``.jsonl``, ``.txt``, no extension): the UTF-8 decoded file;
- ``.gz``: the UTF-8 decoded decompressed file;
- JSON lines: the raw line text, so a label covers the value inside its string literal (no value
  needs JSON escaping);
- DOCX: ``"\\n".join(p.text for p in Document(path).paragraphs)`` (body paragraphs only, no tables,
  headers or footers);
- PDF: offsets refer to the lines as written (joined with ``"\\n"``); what a PDF extractor returns
  can differ (wrapping, spacing), so the scorer compares counts per (file, entity type) for PDFs.

Same seed and scale give byte-identical files: ``random.Random`` seeded per file, fixed dates,
fixed DOCX/PDF metadata and zip timestamps, gzip ``mtime=0``. Phone numbers are validated with
``phonenumbers``, so a different libphonenumber release may pick different numbers.

PDFs use fpdf2's core Helvetica (Latin-1 only, nothing embedded, so byte-stable on any machine):
PDF contracts get Latin-1 names (``José Müller``, ``Zoë Tan``); CJK and Tamil names appear only in
TXT, DOCX and logs.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import click

from bench import identifiers as ids

ENTITY_TYPES = (
    "SG_NRIC_FIN",
    "SG_UEN",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "IP_ADDRESS",
    "CREDIT_CARD",
    "DEVICE_ID",
    "PERSON",
    "ORGANIZATION",
    "SG_POSTAL_CODE",
)
HARD_NEGATIVE_KINDS = (
    "nric_bad_check",
    "fin_m_fg_table",
    "uen_bad_check",
    "version_ip_shaped",
    "clause_ip_shaped",
    "counter_8digit",
    "amount_8digit",
    "epoch_millis",
    "uuid",
    "sha256",
    "luhn_fail_16",
)
LABELS_FILE = "labels.jsonl"
HARD_NEGATIVES_FILE = "hard_negatives.jsonl"
MANIFEST_FILE = "manifest.json"
CORPUS_DIRS = ("contracts", "logs")
FORMAT_VERSION = 1
# Files whose label offsets are not reliable against an extractor's text.
COUNT_ONLY_SUFFIXES = (".pdf",)

FIXED_DOC_TIME = datetime(2024, 6, 1, 9, 0, 0, tzinfo=UTC)
SGT = timezone(timedelta(hours=8), "SGT")


@dataclass(frozen=True)
class CorpusInfo:
    out_dir: Path
    seed: int
    scale: float
    files: tuple[str, ...]
    total_bytes: int
    labels: int
    hard_negatives: int


@dataclass(frozen=True, slots=True)
class Planted:
    """A value planted in the text: labeled PII (``label`` is its entity type) or, with
    ``negative``, a hard negative (``label`` is its kind) that a detector must not report."""

    label: str
    value: str
    variant: str = ""
    negative: bool = False


def pii(entity_type: str, value: str, variant: str = "") -> Planted:
    """PII the scorer expects found; ``variant`` names the written form for per-form recall."""
    return Planted(entity_type, value, variant)


def neg(kind: str, value: str) -> Planted:
    """A look-alike no detector should report; the scorer counts hits on it per ``kind``."""
    return Planted(kind, value, negative=True)


class LabeledText:
    """Accumulates a file's text and records planted spans as code-point offsets."""

    __slots__ = ("path", "parts", "pos", "labels", "negatives")

    def __init__(self, path: str) -> None:
        self.path = path
        self.parts: list[str] = []
        self.pos = 0
        self.labels: list[tuple[int, int, str, str, str]] = []
        self.negatives: list[tuple[int, int, str]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def pii(self, entity_type: str, value: str, variant: str = "") -> None:
        self.labels.append((self.pos, self.pos + len(value), entity_type, variant, value))
        self.add(value)

    def neg(self, kind: str, value: str) -> None:
        self.negatives.append((self.pos, self.pos + len(value), kind))
        self.add(value)

    def write(self, *pieces: str | Planted) -> None:
        """Append a record piece by piece, as it reads: plain text and planted values."""
        for piece in pieces:
            if isinstance(piece, str):
                self.add(piece)
            elif piece.negative:
                self.neg(piece.label, piece.value)
            else:
                self.pii(piece.label, piece.value, piece.variant)

    def text(self) -> str:
        return "".join(self.parts)


# --- name, organisation and address pools ----------------------------------------------------

_CN_SURNAMES = (
    "Tan Lim Lee Ng Ong Wong Goh Chua Chan Koh Teo Ang Yeo Tay Ho Low Toh Sim Chong Chia"
).split()
_CN_GIVEN = (
    "Wei Ming",
    "Mei Ling",
    "Jun Jie",
    "Xin Yi",
    "Zhi Hao",
    "Hui Min",
    "Kai Wen",
    "Li Ting",
    "Jia Hui",
    "Yong Sheng",
)
# (name, ascii email slug)
_OTHER_PEOPLE = (
    ("Muhammad Faizal bin Rahman", "faizal.rahman"),
    ("Nur Aisyah binti Ismail", "nur.aisyah"),
    ("Siti Nurhaliza binti Ahmad", "siti.nurhaliza"),
    ("Ahmad Firdaus bin Osman", "firdaus.o"),
    ("Rajesh Kumar", "rajesh.kumar"),
    ("Priya Nair", "priya.nair"),
    ("Arun Krishnan", "arun.k"),
    ("Kavitha Subramaniam", "kavitha.s"),
    ("Suresh Pillai", "suresh.pillai"),
    ("Daniel Hughes", "daniel.hughes"),
    ("Emma Clarke", "emma.clarke"),
    ("Hiroshi Tanaka", "hiroshi.tanaka"),
)
_NON_ASCII_PEOPLE = (
    ("Zoë Tan", "zoe.tan"),
    ("José Müller", "jose.mueller"),
    ("María Ñúñez", "maria.nunez"),
    ("Chloé Lim", "chloe.lim"),
    ("Søren Larsen", "soren.larsen"),
    ("Björn Andersson", "bjorn.andersson"),
    ("François Dubois", "francois.dubois"),
    ("陈伟明", "chen.weiming"),
    ("林美玲", "lin.meiling"),
    ("王俊杰", "wang.junjie"),
    ("முருகன் செல்வம்", "murugan.selvam"),
    ("பிரியா நாயர்", "priya.nayar"),
    ("Nguyễn Thị Hoa", "nguyen.hoa"),
)
_ORG_STEMS = (
    "Acme Widgets",
    "Lion City Logistics",
    "Merlion Fintech",
    "Straits Capital",
    "Orchard Dental",
    "Kallang Engineering",
    "Bukit Timah Realty",
    "Jurong Biotech",
    "Marina Bay Consulting",
    "Tanjong Pagar Trading",
    "Harbourfront Data Systems",
    "Novena Medical Supplies",
    "Changi Freight",
    "Redhill Software",
)
_ORG_SUFFIXES = ("Pte. Ltd.", "Pte Ltd", "LLP", "Private Limited", "Holdings Pte. Ltd.")
_NON_ASCII_ORGS = ("Café Lumière Pte. Ltd.", "陈氏贸易私人有限公司", "Müller & Søn Pte. Ltd.")
_EMAIL_DOMAINS = (
    "gmail.com",
    "yahoo.com.sg",
    "outlook.com",
    "hotmail.com",
    "singnet.com.sg",
    "example.com.sg",
    "mail.acme-widgets.sg",
)
_STREETS = (
    "Ang Mo Kio Avenue 3",
    "Tampines Street 21",
    "Jurong West Street 52",
    "Bedok North Road",
    "Yishun Ring Road",
    "Clementi Avenue 2",
    "Toa Payoh Lorong 1",
)
_OFFICES = (
    "10 Anson Road #21-02 International Plaza",
    "1 Raffles Place #44-01",
    "80 Robinson Road #10-01",
    "3 Temasek Boulevard #15-03 Suntec Tower",
    "9 Tampines Grande #05-11",
)
# Non-ASCII text that goes before planted values in log lines, to expose byte/char mix-ups.
_NON_ASCII_MSGS = (
    "签署完成 envelope signed",
    "Signatur geprüft ✓",
    "Überprüfung abgeschlossen",
    "签名已验证 — signature verified",
    "கையொப்பம் சரிபார்க்கப்பட்டது",
    "Vérification terminée",
    "envelope signed",
)


def _is_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


class Pools:
    """Pre-generated values, so per-line generation is a cheap random choice."""

    def __init__(self, rng: random.Random) -> None:
        people = [
            (f"{s} {g}", f"{s}.{g.replace(' ', '')}".lower())
            for s in _CN_SURNAMES
            for g in _CN_GIVEN
        ]
        self.ascii_people = people + list(_OTHER_PEOPLE)
        self.non_ascii_people = list(_NON_ASCII_PEOPLE)
        self.latin1_people = self.ascii_people + [p for p in _NON_ASCII_PEOPLE if _is_latin1(p[0])]
        orgs = [f"{stem} {suffix}" for stem in _ORG_STEMS for suffix in _ORG_SUFFIXES]
        self.ascii_orgs = orgs
        self.latin1_orgs = orgs + [o for o in _NON_ASCII_ORGS if _is_latin1(o)]
        self.mobiles = [ids.make_sg_phone(rng, "mobile") for _ in range(600)]
        self.fixed = [ids.make_sg_phone(rng, "fixed") for _ in range(200)]
        self.tollfree = [ids.make_sg_phone(rng, "tollfree") for _ in range(40)]
        self.foreign = [ids.make_foreign_phone(rng) for _ in range(120)]
        # Phone-valid digits used where nothing says "phone": counters and amounts.
        self.counters = [ids.make_sg_phone(rng, "mobile") for _ in range(200)]
        self.amounts = [ids.make_sg_phone(rng, "fixed") for _ in range(200)]
        self.user_agents = [_user_agent(rng) for _ in range(40)]
        self.build_hashes = [f"{rng.getrandbits(32):08x}a" for _ in range(12)]


def _user_agent(rng: random.Random) -> list[tuple[str, bool]]:
    """A user agent as (text, is_ip_shaped_version) parts."""
    major = rng.randint(116, 124)
    full = f"{major}.0.{rng.randint(5800, 6400)}.{rng.randint(50, 230)}"
    reduced = f"{major}.0.0.0"
    win = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
    choice = rng.randrange(8)
    if choice == 0:
        return [(win, False), (reduced, True), (" Safari/537.36", False)]
    if choice == 1:
        return [(win, False), (full, True), (" Safari/537.36", False)]
    if choice == 2:
        edge = f"{major}.0.{rng.randint(2000, 2300)}.{rng.randint(10, 99)}"
        return [(win, False), (reduced, True), (" Safari/537.36 Edg/", False), (edge, True)]
    if choice == 3:
        return [
            (
                "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/",
                False,
            ),
            (full, True),
            (" Mobile Safari/537.36", False),
        ]
    if choice == 4:
        return [
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 "
                "Firefox/121.0",
                False,
            )
        ]
    if choice == 5:
        return [
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
                False,
            )
        ]
    if choice == 6:
        app = f"3.{rng.randint(10, 19)}.{rng.randint(0, 9)}.{rng.randint(1, 40)}"
        return [("ESignMobile/", False), (app, True), (" (iPhone; iOS 17.1; Scale/3.00)", False)]
    return [(rng.choice(("curl/8.4.0", "okhttp/4.12.0", "python-requests/2.31.0")), False)]


# --- planting helpers ------------------------------------------------------------------------


def _person(
    rng: random.Random, pools: Pools, *, non_ascii: float = 0.25, latin1_only: bool = False
) -> tuple[str, str]:
    if latin1_only:
        return rng.choice(pools.latin1_people)
    if rng.random() < non_ascii:
        return rng.choice(pools.non_ascii_people)
    return rng.choice(pools.ascii_people)


def _org(rng: random.Random, pools: Pools, *, latin1_only: bool = False) -> str:
    if latin1_only:
        return rng.choice(pools.latin1_orgs)
    if rng.random() < 0.08:
        return rng.choice(_NON_ASCII_ORGS)
    return rng.choice(pools.ascii_orgs)


def _email(rng: random.Random, slug: str) -> str:
    suffix = str(rng.randint(1, 99)) if rng.random() < 0.4 else ""
    return f"{slug}{suffix}@{rng.choice(_EMAIL_DOMAINS)}"


def _nric_pii(rng: random.Random) -> Planted:
    """A valid NRIC/FIN, sometimes lower-cased; a document can plant the same one again."""
    roll = rng.random()
    if roll < 0.10:
        value, variant = ids.make_m_fin_r8(rng), "M_r8"
    else:
        prefix = (
            "S"
            if roll < 0.40
            else "T"
            if roll < 0.62
            else "F"
            if roll < 0.72
            else "G"
            if roll < 0.86
            else "M"
        )
        value, variant = ids.make_nric(rng, prefix), prefix
        if rng.random() < 0.03:
            value, variant = value.lower(), f"{prefix}_lowercase"
    return pii("SG_NRIC_FIN", value, variant)


def _uen_pii(rng: random.Random) -> Planted:
    fmt = rng.choices(ids.UEN_FORMATS, weights=(3, 5, 2))[0]
    return pii("SG_UEN", ids.make_uen(rng, fmt), fmt)


def _phone_pii(rng: random.Random, pools: Pools, *, allow_bare: bool = True) -> Planted:
    """A phone number in one of the SG written forms, toll-free, or foreign."""
    roll = rng.random()
    if roll < 0.08:
        return pii("PHONE_NUMBER", rng.choice(pools.foreign), "foreign")
    if roll < 0.13:
        return pii(
            "PHONE_NUMBER", ids.format_sg_phone(rng.choice(pools.tollfree), "bare"), "tollfree"
        )
    national = rng.choice(pools.mobiles) if roll < 0.8 else rng.choice(pools.fixed)
    variants = ids.SG_PHONE_VARIANTS if allow_bare else ids.SG_PHONE_VARIANTS[1:]
    variant = rng.choice(variants)
    return pii("PHONE_NUMBER", ids.format_sg_phone(national, variant), variant)


def _card_pii(rng: random.Random) -> Planted:
    variant = rng.choice(("plain", "spaced", "dashed"))
    return pii("CREDIT_CARD", ids.format_card(ids.make_card_number(rng), variant), variant)


def _device_pii(rng: random.Random) -> Planted:
    if rng.random() < 0.5:
        return pii("DEVICE_ID", ids.make_imei(rng), "imei")
    return pii("DEVICE_ID", ids.make_mac(rng), "mac")


def _ip_pii(rng: random.Random) -> Planted:
    roll = rng.random()
    if roll < 0.6:
        return pii("IP_ADDRESS", ids.make_public_ipv4(rng), "public_v4")
    if roll < 0.85:
        return pii("IP_ADDRESS", ids.make_private_ipv4(rng), "private_v4")
    return pii("IP_ADDRESS", ids.make_ipv6(rng), "v6")


def _version_neg(rng: random.Random) -> Planted:
    return neg(
        "version_ip_shaped",
        f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}",
    )


# --- log writers -----------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPOCH_BASE_MS = 1717171200000  # 2024-06-01T00:00:00+08:00


def _nginx_line(t: LabeledText, rng: random.Random, pools: Pools, when: datetime) -> None:
    t.write(
        _ip_pii(rng),
        f" - - [{when.day:02d}/{_MONTHS[when.month - 1]}/{when.year}:{when.hour:02d}:"
        f'{when.minute:02d}:{when.second:02d} +0800] "',
    )
    roll = rng.random()
    size = str(rng.randint(180, 90000))
    if roll < 0.14:
        name, slug = _person(rng, pools, non_ascii=0)
        t.write(
            "GET /api/v1/auth/login?email=",
            pii("EMAIL_ADDRESS", _email(rng, slug), "query"),
            "&phone=",
        )
        national = rng.choice(pools.mobiles)
        if rng.random() < 0.5:
            t.pii("PHONE_NUMBER", national, "bare")
        else:
            t.pii("PHONE_NUMBER", "65" + national, "65_prefix")
        t.add('&next=%2Fdashboard HTTP/1.1" 302 ')
    elif roll < 0.19:
        _, slug = _person(rng, pools, non_ascii=0)
        local, domain = _email(rng, slug).split("@")
        t.write(
            "GET /api/v1/users/lookup?email=",
            pii("EMAIL_ADDRESS", f"{local}%40{domain}", "url_encoded"),
            ' HTTP/1.1" 200 ',
        )
    elif roll < 0.29:
        t.write(
            "GET /api/v1/envelopes/",
            neg("uuid", ids.make_uuid(rng)),
            "/download?seq=",
            neg("counter_8digit", rng.choice(pools.counters)),
            ' HTTP/1.1" 200 ',
        )
    elif roll < 0.31:
        t.write(
            'GET /files/archive-2024.zip HTTP/1.1" 206 ',
            neg("counter_8digit", rng.choice(pools.counters)),
        )
        size = ""
    elif roll < 0.55:
        t.add(f'GET /static/js/app.{rng.choice(pools.build_hashes)}.js HTTP/1.1" 200 ')
    elif roll < 0.75:
        t.add(f'GET /api/v1/envelopes?page={rng.randint(1, 40)}&size=50 HTTP/1.1" 200 ')
    elif roll < 0.9:
        t.add('POST /api/v1/envelopes HTTP/2.0" 201 ')
    else:
        t.add('GET /healthz HTTP/1.1" 200 ')
    t.write(size, ' "-" "' if rng.random() < 0.6 else ' "https://app.esign.example.sg/dashboard" "')
    for text, is_version in rng.choice(pools.user_agents):
        if is_version:
            t.neg("version_ip_shaped", text)
        else:
            t.add(text)
    t.add(f'" rt={rng.randint(1, 2500) / 1000:.3f}\n')


Pieces = tuple[str | Planted, ...]
RecordMaker = Callable[[random.Random, Pools], Pieces]


def _by_roll(rng: random.Random, table: tuple[tuple[float, RecordMaker], ...]) -> RecordMaker:
    """The maker whose cumulative share first exceeds one uniform roll (the last share is 1)."""
    roll = rng.random()
    return next(make for share, make in table if roll < share)


def _envelope_signed(rng: random.Random, pools: Pools) -> Pieces:
    name, slug = _person(rng, pools)
    return (
        f'"level": "INFO", "event": "envelope.signed", "msg": "{rng.choice(_NON_ASCII_MSGS)}'
        '", "user_email": "',
        pii("EMAIL_ADDRESS", _email(rng, slug), "field"),
        '", "nric": "',
        _nric_pii(rng),
        '", "signer_name": "',
        pii("PERSON", name, "field"),
        '", "company": "',
        pii("ORGANIZATION", _org(rng, pools), "field"),
        '", "tenant_name": "',
        pii("ORGANIZATION", _org(rng, pools), "field"),
        '", "order_id": "',
        neg("nric_bad_check", ids.make_bad_nric(rng))
        if rng.random() < 0.5
        else f"ORD-2024-{rng.randint(1, 999999):06d}",
        '", "amount": ',
        neg("amount_8digit", rng.choice(pools.amounts) + ".00")
        if rng.random() < 0.2
        else f"{rng.randint(5, 99999)}.{rng.randint(0, 99):02d}",
        ', "device_id": "',
        _device_pii(rng),
        '"}\n',
    )


def _otp_sent(rng: random.Random, pools: Pools) -> Pieces:
    _person(rng, pools)  # drawn and unused: the seeded stream depends on it
    return (
        '"level": "INFO", "event": "otp.sent", "msg": "OTP sent to ',
        _phone_pii(rng, pools, allow_bare=False),
        f' for {rng.choice(_NON_ASCII_MSGS)}", "phone": "',
        pii("PHONE_NUMBER", rng.choice(pools.mobiles), "bare"),
        '", "client_ip": "',
        _ip_pii(rng),
        '", "device_id": "',
        _device_pii(rng),
        '"}\n',
    )


def _login_failed(rng: random.Random, pools: Pools) -> Pieces:
    name, slug = _person(rng, pools)
    return (
        '"level": "WARN", "event": "login.failed", "signer_name": "',
        pii("PERSON", name, "field"),
        '", "msg": "login failed for ',
        pii("EMAIL_ADDRESS", _email(rng, slug), "message"),
        " from ",
        _ip_pii(rng),
        '", "ts_ms": ',
        neg("epoch_millis", str(_EPOCH_BASE_MS + rng.randrange(30 * 86_400_000))),
        "}\n",
    )


_SYSTEM_MSGS = (
    "cache hit ratio=0.97",
    "job reconcile finished",
    "GET /healthz 200",
    "scheduler tick",
    "pool stats active=4 idle=12",
)

# (cumulative share, maker) of the app's JSON events: what follows the "ts" field.
_JSON_EVENTS: tuple[tuple[float, RecordMaker], ...] = (
    (0.24, _envelope_signed),
    (0.34, _otp_sent),
    (0.44, _login_failed),
    (
        0.50,
        lambda rng, pools: (
            '"level": "INFO", "event": "payment.captured", "msg": "card charged", "card": "',
            _card_pii(rng),
            '", "payment_ref": "',
            neg("luhn_fail_16", ids.make_luhn_failing_ref(rng)),
            f'", "amount": {rng.randint(5, 9999)}.{rng.randint(0, 99):02d}, "tenant_name": "',
            pii("ORGANIZATION", _org(rng, pools), "field"),
            '", "tenant_uen": "',
            _uen_pii(rng),
            '"}\n',
        ),
    ),
    (
        0.53,
        lambda rng, pools: (
            '"level": "ERROR", "event": "kyc.rejected", "msg": "FIN failed check", "ref": "',
            neg("fin_m_fg_table", ids.make_m_fin_with_fg_table(rng)),
            '", "invoice_no": "',
            neg("uen_bad_check", ids.make_bad_uen(rng, rng.choice(ids.UEN_FORMATS))),
            '"}\n',
        ),
    ),
    (
        0.68,
        lambda rng, pools: (
            '"level": "DEBUG", "event": "http.request", "request_id": "',
            neg("uuid", ids.make_uuid(rng)),
            f'", "route": "/api/v1/envelopes", "status": 200, "duration_ms": '
            f'{rng.randint(2, 900)}, "seq": ',
            neg("counter_8digit", rng.choice(pools.counters)),
            "}\n",
        ),
    ),
    (
        0.78,
        lambda rng, pools: (
            '"level": "INFO", "event": "document.stored", "sha256": "',
            neg("sha256", ids.make_sha256_hex(rng)),
            '", "build": "',
            neg(
                "version_ip_shaped",
                f"v{rng.randint(1, 4)}.{rng.randint(0, 20)}."
                f"{rng.randint(0, 9)}.{rng.randint(0, 99)}",
            ),
            '"}\n',
        ),
    ),
    (
        1.0,
        lambda rng, pools: (
            f'"level": "INFO", "event": "system", "msg": "{rng.choice(_SYSTEM_MSGS)}", '
            f'"duration_ms": {rng.randint(1, 5000)}}}\n',
        ),
    ),
)


def _json_line(t: LabeledText, rng: random.Random, pools: Pools, when: datetime) -> None:
    t.add(f'{{"ts": "{when.isoformat(timespec="milliseconds")}", ')
    t.write(*_by_roll(rng, _JSON_EVENTS)(rng, pools))


def _syslog_line(t: LabeledText, rng: random.Random, pools: Pools, when: datetime) -> None:
    host = rng.choice(("esign-web-01", "esign-web-02", "esign-worker-01"))
    t.add(
        f"{_MONTHS[when.month - 1]} {when.day:2d} {when.hour:02d}:{when.minute:02d}:"
        f"{when.second:02d} {host} "
    )
    roll = rng.random()
    pid = rng.randint(300, 65000)
    if roll < 0.18:
        user = rng.choice(("deploy", "ubuntu", "admin", "root", "oracle"))
        outcome = rng.choice(("Accepted publickey for", "Failed password for invalid user"))
        t.write(
            f"sshd[{pid}]: {outcome} {user} from ",
            _ip_pii(rng),
            f" port {rng.randint(1024, 65535)} ssh2\n",
        )
    elif roll < 0.30:
        _, slug = _person(rng, pools, non_ascii=0)
        qid = "".join(f"{rng.randrange(10)}{rng.choice('ABCDEF')}" for _ in range(5))
        t.write(
            f"postfix/smtp[{pid}]: {qid}: to=<",
            pii("EMAIL_ADDRESS", _email(rng, slug), "angle"),
            ">, relay=mx.example.net[",
            pii("IP_ADDRESS", ids.make_public_ipv4(rng), "public_v4"),
            f"]:25, delay=0.{rng.randint(10, 99)}, dsn=2.0.0, status=sent (250 OK)\n",
        )
    elif roll < 0.38:
        t.write(
            f"dhclient[{pid}]: DHCPACK of ",
            pii("IP_ADDRESS", ids.make_private_ipv4(rng), "private_v4"),
            " from ",
            pii("IP_ADDRESS", ids.make_private_ipv4(rng), "private_v4"),
            "\n",
        )
    elif roll < 0.46:
        name, slug = _person(rng, pools)
        t.write(
            f'mdm-agent[{pid}]: enrolled device owner="',
            pii("PERSON", name, "message"),
            '" imei=',
            pii("DEVICE_ID", ids.make_imei(rng), "imei"),
            " wifi_mac=",
            pii("DEVICE_ID", ids.make_mac(rng), "mac"),
            "\n",
        )
    elif roll < 0.54:
        t.write(
            f"CRON[{pid}]: (root) CMD (/usr/local/bin/rotate-archives --before ",
            neg("epoch_millis", str(_EPOCH_BASE_MS + rng.randrange(30 * 86_400_000))),
            ")\n",
        )
    elif roll < 0.62:
        t.write(
            f"esign-worker[{pid}]: reconcile done seq=",
            neg("counter_8digit", rng.choice(pools.counters)),
            " build=",
            _version_neg(rng),
            "\n",
        )
    else:
        t.add(
            rng.choice(
                (
                    f"systemd[1]: Started Session {rng.randint(1, 900)} of user deploy.\n",
                    f"kernel: [{rng.randint(1, 99999)}.{rng.randint(0, 999999):06d}] usb 1-1: new "
                    "high-speed USB device number 2 using xhci_hcd\n",
                    f"sudo[{pid}]: deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; "
                    "COMMAND=/usr/bin/systemctl restart esign\n",
                    f"systemd[1]: logrotate.service: Consumed {rng.randint(1, 900)}ms CPU time.\n",
                )
            )
        )


_FRAMES = (
    "at com.esign.signing.SignatureService.verify(SignatureService.java:{n})",
    "at com.esign.signing.SignatureController.sign(SignatureController.java:{n})",
    "at com.esign.common.PhoneValidator.check(PhoneValidator.java:{n})",
    "at com.esign.billing.InvoiceRepository.findByNumber(InvoiceRepository.java:{n})",
    "at java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke("
    "DirectMethodHandleAccessor.java:{n})",
    "at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:{n})",
    "at org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:{n})",
    "at java.base/java.lang.Thread.run(Thread.java:{n})",
)


def _frames(t: LabeledText, rng: random.Random, count: int) -> None:
    for _ in range(count):
        t.add("\t" + rng.choice(_FRAMES).format(n=rng.randint(20, 1400)) + "\n")


def _duplicate_signer(rng: random.Random, pools: Pools) -> Pieces:
    name, slug = _person(rng, pools)
    return (
        "org.springframework.dao.DataIntegrityViolationException: signer ",
        pii("PERSON", name, "message"),
        " — Duplicate entry '",
        pii("EMAIL_ADDRESS", _email(rng, slug), "message"),
        "' for key 'users.email_UNIQUE'\n",
    )


# The exception line of a failed request: one maker per exception, picked uniformly.
_JAVA_EXCEPTIONS: tuple[Callable[[random.Random, Pools], Pieces], ...] = (
    lambda rng, pools: (
        "com.esign.signing.SignerVerificationException: signer ",
        pii("PERSON", _person(rng, pools)[0], "message"),
        " NRIC mismatch: ",
        _nric_pii(rng),
        "\n",
    ),
    _duplicate_signer,
    lambda rng, pools: (
        "org.postgresql.util.PSQLException: Connection to ",
        pii("IP_ADDRESS", ids.make_private_ipv4(rng), "private_v4"),
        ":5432 refused.\n",
    ),
    lambda rng, pools: (
        "java.lang.IllegalStateException: FIN ",
        neg("fin_m_fg_table", ids.make_m_fin_with_fg_table(rng)),
        " rejected by validator ",
        _version_neg(rng),
        "\n",
    ),
    lambda rng, pools: (
        "com.esign.billing.PaymentDeclinedException: card ",
        _card_pii(rng),
        " declined (ref ",
        neg("luhn_fail_16", ids.make_luhn_failing_ref(rng)),
        ")\n",
    ),
    lambda rng, pools: (
        "com.esign.billing.InvoiceNotFoundException: invoice ",
        neg("uen_bad_check", ids.make_bad_uen(rng, rng.choice(ids.UEN_FORMATS))),
        " not found for tenant ",
        pii("ORGANIZATION", _org(rng, pools), "message"),
        " (UEN ",
        _uen_pii(rng),
        ")\n",
    ),
    lambda rng, pools: (
        'java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null\n',
    ),
)


def _java_entry(t: LabeledText, rng: random.Random, pools: Pools, when: datetime) -> None:
    stamp = (
        f"{when.year}-{when.month:02d}-{when.day:02d} {when.hour:02d}:{when.minute:02d}:"
        f"{when.second:02d}.{when.microsecond // 1000:03d}"
    )
    thread = f"nio-8080-exec-{rng.randint(1, 40)}"
    roll = rng.random()
    if roll < 0.55:
        t.write(
            f"{stamp}  INFO 4242 --- [{thread}] c.e.signing.SignatureService : ",
            rng.choice(
                (
                    "Envelope dispatched",
                    "HikariPool-1 - Start completed.",
                    "Tomcat started on port 8080 (http)",
                    "Loaded build ",
                )
            ),
        )
        if t.parts[-1] == "Loaded build ":
            t.write(_version_neg(rng))
        t.add("\n")
        return
    t.add(f"{stamp} ERROR 4242 --- [{thread}] c.e.signing.SignatureService : Request failed\n")
    t.write(*rng.choice(_JAVA_EXCEPTIONS)(rng, pools))
    _frames(t, rng, rng.randint(3, 12))
    if rng.random() < 0.4:
        t.write(
            "Caused by: java.lang.IllegalArgumentException: Invalid phone number: ",
            _phone_pii(rng, pools, allow_bare=False),
            "\n",
        )
        _frames(t, rng, 2)
    t.add(f"\t... {rng.randint(20, 120)} more\n")


LineWriter = Callable[[LabeledText, random.Random, Pools, datetime], None]

# (path, writer, characters at scale 1.0, start day offset from 2024-06-01)
_LOG_PLAN: tuple[tuple[str, LineWriter, int, int], ...] = (
    ("logs/nginx/access.log", _nginx_line, 14_000_000, 0),
    ("logs/nginx/access.log.1.gz", _nginx_line, 6_000_000, -1),
    ("logs/app/app.log", _json_line, 11_000_000, 0),
    ("logs/app/app.log.1.gz", _json_line, 5_000_000, -1),
    ("logs/app/app.log.2.gz", _json_line, 2_000_000, -2),
    ("logs/app/events.jsonl", _json_line, 2_000_000, 0),
    ("logs/syslog/syslog", _syslog_line, 4_000_000, 0),
    ("logs/java/esign-service.log", _java_entry, 5_000_000, 0),
    ("logs/java/esign-service.log.1.gz", _java_entry, 1_500_000, -1),
)
_MIN_LOG_CHARS = 4_000


def _build_log(
    path: str, writer: LineWriter, target: int, day: int, seed: int, pools: Pools
) -> LabeledText:
    rng = random.Random(f"{seed}:{path}")
    t = LabeledText(path)
    start = datetime(2024, 6, 1, tzinfo=SGT) + timedelta(days=day)
    millis = 0
    while t.pos < target:
        millis += rng.randint(1, 1500)
        writer(t, rng, pools, start + timedelta(milliseconds=millis))
    return t


# --- contracts -------------------------------------------------------------------------------

_TITLES = (
    "MASTER SERVICES AGREEMENT",
    "NON-DISCLOSURE AGREEMENT",
    "TENANCY AGREEMENT",
    "EMPLOYMENT CONTRACT",
    "E-SIGNATURE SUBSCRIPTION AGREEMENT",
)


def _build_contract(
    path: str, rng: random.Random, pools: Pools, *, latin1_only: bool
) -> LabeledText:
    """One agreement; paragraphs are separated by ``\\n`` (one paragraph per line)."""
    t = LabeledText(path)
    company = _org(rng, pools, latin1_only=latin1_only)
    party, party_slug = _person(rng, pools, non_ascii=0.4, latin1_only=latin1_only)
    signatory, sig_slug = _person(rng, pools, latin1_only=latin1_only)
    date = f"{rng.randint(1, 28)} {rng.choice(('March', 'April', 'May', 'June'))} 2024"

    t.write(
        f"{rng.choice(_TITLES)}\nAgreement No. ESG-2024-{rng.randint(1, 99999):05d}\n",
        f"This Agreement is made on {date} between ",
        pii("ORGANIZATION", company, "party"),
        " (UEN ",
        _uen_pii(rng),
        f"), a company incorporated in Singapore with its registered office at "
        f"{rng.choice(_OFFICES)}, Singapore ",
        pii("SG_POSTAL_CODE", ids.make_postal_code(rng), "address"),
        ' (the "Company"), and ',
        pii("PERSON", party, "party"),
        " (NRIC ",
        party_nric := _nric_pii(rng),
        f") of Blk {rng.randint(1, 999)} {rng.choice(_STREETS)} #{rng.randint(2, 30):02d}-"
        f"{rng.randint(1, 300):02d}, Singapore ",
        pii("SG_POSTAL_CODE", ids.make_postal_code(rng), "address"),
        ' (the "Counterparty").\n',
        '1. Definitions\n1.1 "Confidential Information" means any information disclosed by '
        "either party that is marked or reasonably understood to be confidential.\n",
        "2. Services\n2.1 The Company shall provide the e-signature platform, release ",
        neg(
            "version_ip_shaped",
            f"v{rng.randint(1, 4)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}",
        ),
        ", as described in Schedule 1.\n2.2 Fees are payable within 30 days. Invoice No. ",
        neg("uen_bad_check", ids.make_bad_uen(rng, rng.choice(("A", "B")))),
        " covers the first billing period.\n",
        "3. Notices\n3.1 Notices to the Company: attention ",
        pii("PERSON", signatory, "notice"),
        ", email ",
        pii("EMAIL_ADDRESS", _email(rng, sig_slug), "notice"),
        ", tel ",
        _phone_pii(rng, pools, allow_bare=False),
        ".\n3.2 Notices to the Counterparty: email ",
        pii("EMAIL_ADDRESS", _email(rng, party_slug), "notice"),
        ", mobile ",
        pii("PHONE_NUMBER", rng.choice(pools.mobiles), "bare"),
        ".\n4. Liability\n4.1 Subject to clause ",
        neg(
            "clause_ip_shaped",
            f"{rng.randint(5, 12)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}",
        ),
        ", neither party is liable for indirect or consequential loss.\n",
    )
    if rng.random() < 0.5:
        t.write(
            "5. Payment\n5.1 The Counterparty authorises recurring charges to card ",
            _card_pii(rng),
            " (payment reference ",
            neg("luhn_fail_16", ids.make_luhn_failing_ref(rng)),
            ").\n",
        )
    t.write(
        "6. Governing Law\n6.1 This Agreement is governed by the laws of Singapore.\n\n",
        "IN WITNESS WHEREOF the parties have executed this Agreement.\n",
        "Signed for and on behalf of ",
        pii("ORGANIZATION", company, "signature"),
        "\nName: ",
        pii("PERSON", signatory, "signature"),
        "\nDesignation: Director\nNRIC/FIN: ",
    )
    if rng.random() < 0.4:
        t.pii("SG_NRIC_FIN", ids.make_m_fin_r8(rng), "M_r8")
    else:
        prefix = rng.choice("STFGM")
        t.pii("SG_NRIC_FIN", ids.make_nric(rng, prefix), prefix)
    t.write(
        f"\nDate: {date}\n\nSigned by ",
        pii("PERSON", party, "signature"),
        "\nNRIC: ",
        party_nric,
        "\nWitness ID as provided: ",
        neg("fin_m_fg_table", ids.make_m_fin_with_fg_table(rng)),
        f"\nDate: {date}",
    )
    return t


def _docx_bytes(text: str, title: str) -> bytes:
    from docx import Document

    document = Document()
    props = document.core_properties
    props.author = "piimap-bench"
    props.last_modified_by = "piimap-bench"
    props.title = title
    props.created = FIXED_DOC_TIME.replace(tzinfo=None)
    props.modified = FIXED_DOC_TIME.replace(tzinfo=None)
    props.revision = 1
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Re-pack a zip with fixed member timestamps (python-docx stamps the current time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2024, 6, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def _pdf_bytes(text: str, title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(FIXED_DOC_TIME)
    pdf.set_title(title)
    pdf.set_author("piimap-bench")
    pdf.set_creator("piimap-bench")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for paragraph in text.split("\n"):
        if paragraph:
            pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(4)
    return bytes(pdf.output())


# --- corpus ----------------------------------------------------------------------------------


def _clear_previous(out_dir: Path) -> None:
    """Remove a previous corpus, so no stale file stays behind unlabeled."""
    manifest = out_dir / MANIFEST_FILE
    if manifest.exists():
        for name in CORPUS_DIRS:
            shutil.rmtree(out_dir / name, ignore_errors=True)
        for name in (LABELS_FILE, HARD_NEGATIVES_FILE, MANIFEST_FILE):
            (out_dir / name).unlink(missing_ok=True)
    elif out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(
            f"{out_dir} is not empty and holds no {MANIFEST_FILE}; "
            "refusing to write a corpus into it"
        )


def generate_corpus(out_dir: Path, *, seed: int = 7, scale: float = 1.0) -> CorpusInfo:
    """Write the corpus, labels, hard negatives and manifest into ``out_dir``."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    out_dir = Path(out_dir)
    _clear_previous(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pools = Pools(random.Random(f"{seed}:pools"))

    written: list[tuple[LabeledText, bytes, str]] = []
    for path, writer, chars, day in _LOG_PLAN:
        t = _build_log(path, writer, max(_MIN_LOG_CHARS, int(chars * scale)), day, seed, pools)
        data = t.text().encode("utf-8")
        if path.endswith(".gz"):
            written.append((t, gzip.compress(data, compresslevel=6, mtime=0), "gzip"))
        else:
            written.append((t, data, "jsonl" if "/app/" in path else "log"))

    contracts = max(3, round(40 * scale))
    for i in range(contracts):
        ext = ("txt", "docx", "pdf")[i % 3]
        rng = random.Random(f"{seed}:contract:{i}")
        path = f"contracts/{i + 1:03d}-agreement.{ext}"
        t = _build_contract(path, rng, pools, latin1_only=ext == "pdf")
        text = t.text()
        if ext == "txt":
            data = text.encode("utf-8")
        elif ext == "docx":
            data = _docx_bytes(text, f"Agreement {i + 1:03d}")
        else:
            data = _pdf_bytes(text, f"Agreement {i + 1:03d}")
        written.append((t, data, ext))

    files = []
    label_counts: Counter[str] = Counter()
    negative_counts: Counter[str] = Counter()
    with (
        open(out_dir / LABELS_FILE, "w", encoding="utf-8") as labels_out,
        open(out_dir / HARD_NEGATIVES_FILE, "w", encoding="utf-8") as negatives_out,
    ):
        for t, data, file_format in written:
            target = out_dir / t.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            labels_out.write(
                "".join(
                    json.dumps(
                        {
                            "file": t.path,
                            "entity_type": etype,
                            "start": start,
                            "end": end,
                            "variant": variant,
                            "synthetic_value": value,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                    for start, end, etype, variant, value in t.labels
                )
            )
            negatives_out.write(
                "".join(
                    json.dumps({"file": t.path, "kind": kind, "start": start, "end": end}) + "\n"
                    for start, end, kind in t.negatives
                )
            )
            label_counts.update(label[2] for label in t.labels)
            negative_counts.update(neg[2] for neg in t.negatives)
            files.append(
                {
                    "path": t.path,
                    "format": file_format,
                    "size": len(data),
                    "text_chars": t.pos,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "labels": len(t.labels),
                    "hard_negatives": len(t.negatives),
                    "offsets": "count_only" if t.path.endswith(COUNT_ONLY_SUFFIXES) else "exact",
                }
            )

    total_bytes = sum(f["size"] for f in files)
    manifest = {
        "generator": "bench.generate",
        "format_version": FORMAT_VERSION,
        "seed": seed,
        "scale": scale,
        "corpus_dirs": list(CORPUS_DIRS),
        "labels_file": LABELS_FILE,
        "hard_negatives_file": HARD_NEGATIVES_FILE,
        "total_bytes": total_bytes,
        "files": files,
        "label_counts": dict(sorted(label_counts.items())),
        "hard_negative_counts": dict(sorted(negative_counts.items())),
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return CorpusInfo(
        out_dir=out_dir,
        seed=seed,
        scale=scale,
        files=tuple(f["path"] for f in files),
        total_bytes=total_bytes,
        labels=sum(label_counts.values()),
        hard_negatives=sum(negative_counts.values()),
    )


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", default=7, show_default=True, help="Seed; same seed, same bytes.")
@click.option(
    "--scale",
    default=1.0,
    show_default=True,
    help="Size factor: 1.0 is about 50 MB of logs and 40 contracts.",
)
def main(out_dir: Path, seed: int, scale: float) -> None:
    """Generate the labeled benchmark corpus into OUT_DIR."""
    try:
        info = generate_corpus(out_dir, seed=seed, scale=scale)
    except (FileExistsError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"wrote {len(info.files)} files, {info.total_bytes:,} bytes, {info.labels:,} "
        f"labels, {info.hard_negatives:,} hard negatives to {info.out_dir}"
    )


if __name__ == "__main__":
    main()
