"""Rules for PERSON in free-text log messages, by the structure services write names in, not by NER.

Services write people's names in messages in a few fixed shapes:

- an RFC 5322 display name before an address: ``Farah binte Osman <farah.o@example.sg>``,
  ``"Ong Bee Hwa" <bee.ong@example.com>``, ``Ong Bee Hwa (bee.ong@example.com)``;
- a value under a person-name key in SQL, logfmt or JSON: ``display_name = 'Tan Ah Kow'``,
  ``"signerName":"RAVI S/O KUMAR"`` (the key is the evidence), or under a role key
  (``"approver":"Marcus Lee"``, with name evidence as below);
- a label line in a form or signature block: ``Witness: Tan Ah Kow``, ``Signer: …``;
- a name after *by / to / for / from / signed by / cc / attn* in a message:
  ``completed by Ong Bee Hwa``, ``password reset requested by Marcus Lee from …``,
  ``"msg":"Signed by Tan Ah Kow on behalf of …"``, ``msg="reminder for RAVI S/O KUMAR"``.

A candidate is two to five capitalised words (or all upper-case, one casing throughout),
with the connectors Singapore names use (``bin``, ``binte``, ``binti``, ``bte``, ``s/o``,
``d/o``, ``a/l``, ``a/p``) between them, ending where the message goes on (a quote, bracket,
punctuation, the end of the line, or *at / from / on / via / with …*). It is kept only with
name evidence: a connector, a Singapore surname (Chinese surnames in their romanised
spellings), or a first word that ``gender_guesser``'s first-name dictionary (about 40,000
names from many countries) knows, and no word from the log vocabulary below (``Kafka``,
``Service``, ``Holdings``, ``Singapore`` …). A display name may instead share a word with
the address's local part (``Bee Hwa <bee.ong@…>``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

import regex

from recognizers.rules.loader import builtin_span_rule

# Connectors inside Singapore and Malaysian names: Malay bin/binte (son/daughter of), Indian
# s/o, d/o, a/l, a/p; and particles of Western names.
_CONNECTORS = (
    "bin",
    "binte",
    "binti",
    "bte",
    "bt",
    "s/o",
    "d/o",
    "a/l",
    "a/p",
    "van",
    "von",
    "de",
    "der",
    "da",
    "al",
    "el",
)
_SG_CONNECTORS = frozenset({"bin", "binte", "binti", "bte", "s/o", "d/o", "a/l", "a/p"})
# Common Singapore surnames (romanised Hokkien, Teochew, Cantonese, Hakka, Hainanese and
# Mandarin spellings; Singapore Department of Statistics surname tables list these among the
# most frequent).
_SG_SURNAMES = frozenset(
    """
tan lim lee ng ong wong goh chua chan koh teo ang yeo tay ho low toh sim chong chia quek loh
yap seah foo lau leong phua heng kwek soh tang pang lai chew chin chiam choo chow chng ee eng
fong gan hew hia hoo hong kang kee khoo kok kua kuah lam leow liew lin ling lo loke lum mok
neo ngiam oh ooi peh poh png quah seow sia siew sng soon tee teh tham thong tio toh tung wee
woo yam yang yao yip yong yu zhang zhao zheng chen wang liu huang zhou wu xu sun ma zhu hu
guo he gao luo liang song xie han feng deng cao peng zeng xiao tian dong pan yuan cai jiang
du ye cheng wei su lu ding ren shen yao jin cui tao
""".split()
)
# Capitalised words that services write after by/to/for/from and that are not names.
_LOG_WORDS = frozenset(
    """
admin administrator api app application apps auth authentication batch bank board bot bucket
build cache cdn client cloud cluster config console consumer container controller core cron
customer customers daemon dashboard data database db default department desk dev device
director dns docker domain engine enterprise error event events export finance gateway
gcp github gitlab google group guest help helpdesk host http https hub id import inbox info
ingress internal job jobs kafka kubernetes lambda ldap leader legal load local log logger
login mail mailer manager master microsoft monitor namespace network new node notification
notifications office ops operator order org owner partner payment payments pipeline platform
pod policy pool portal primary prod production provider proxy queue redis region registry
replica report request role root router rule s3 sales scheduler security server service
services session shard singapore sms sso staff stage staging storage store support system
team tenant test thread token topic trigger unknown update user users vault vendor web
webhook worker workflow zone
pte ltd llp limited inc corp corporation holdings holding company co plc bhd sdn group
trust fund capital ventures partners associates properties services solutions technologies
monday tuesday wednesday thursday friday saturday sunday january february march april june
july august september october november december jan feb mar apr jun jul aug sep sept oct
nov dec today tomorrow yesterday
east west north south central street road avenue park tower building level floor
mr mrs ms dr madam sir dear the a an and or of in on at to for by from with via
""".split()
)

_UPPER = r"\p{Lu}"
_LOWER = r"\p{Ll}"
# One name word: Title-case (`Ong`, `O'Connor`, `Zoë`, `Mary-Anne`) or UPPER-case (`ONG`).
_TITLE_WORD = (
    _UPPER + r"(?:['’]" + _UPPER + r")?" + _LOWER + r"+(?:[-'’]" + _UPPER + _LOWER + r"+)?"
)
_UPPER_WORD = _UPPER + r"(?:['’]?" + _UPPER + r")+(?:-" + _UPPER + r"{2,})?"
_CONNECTOR = r"(?i:" + "|".join(regex.escape(c) for c in _CONNECTORS) + r")"
_WORD = r"(?:" + _TITLE_WORD + r"|" + _UPPER_WORD + r")"
_NAME = (
    r"(?P<name>" + _WORD + r"(?:[ \t]+(?:" + _CONNECTOR + r"[ \t]+)?" + _WORD + r"){1,4})"
    r"(?![\w@/-]|['’]\w)"
)
_EMAIL = r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63})+"
# Words a name may follow (`… by Tan Ah Kow`), found in the lower-cased text with str.find
# (far faster than a regex scan over megabytes); the name pattern then runs only where a
# capital follows.
_TRIGGER_WORDS = ("by ", "to ", "for ", "from ", "cc ", "attn ", "attn: ", "of ")
_LABEL_WORDS = (
    "signer",
    "signatory",
    "witness",
    "name:",
    "name :",
    "attention",
    "attn",
    "representative",
    "recipient",
    "sender",
    "signed by",
    "contact person",
)
_NAME_KEY_HINTS = ("name=", "name:", "name =", "name :", 'name"', "name'")
_ROLE_WORDS = (
    "signer",
    "approver",
    "recipient",
    "sender",
    "witness",
    "assignee",
    "reviewer",
    "requester",
    "requestor",
    "owner",
    "customer",
    "holder",
    "applicant",
    "patient",
    "employee",
    "signatory",
    "initiator",
    "inviter",
    "invitee",
)


def _after_triggers(lowered: str, text: str) -> list[int]:
    """Sorted positions right after a trigger word (and its spaces) where a capital follows."""
    found = []
    n = len(text)
    for word in _TRIGGER_WORDS:
        at = lowered.find(word)
        while at != -1:
            if at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):
                end = at + len(word)
                while end < n and text[end] in " \t":
                    end += 1
                if end < n and text[end].isupper():
                    found.append(end)
            at = lowered.find(word, at + 1)
    return sorted(set(found))


_END = (
    r"(?=[ \t]*(?:$|[\"'<>(\[\]),.;:!?}|]|[ \t]\p{Ll}|[ \t](?i:at|from|on|via|with|for|to|in|"
    r"using|and|since|after|because|until|is|was|has|had|who|as|-)\b))"
)
_NAME_AFTER_TRIGGER = regex.compile(_NAME + _END, regex.MULTILINE)
# An address in angle brackets or parentheses: the display name ends right before it.
_BRACKETED_MAIL = re.compile(r"[<(][ \t]*(" + _EMAIL + r")[ \t]*[>)]")
_NAME_BEFORE_MAIL = regex.compile(r"(?<![\w@.])\"?" + _NAME + r"\"?[ \t]*\Z")
_DISPLAY_REACH = 160

# A person-name key in SQL, logfmt or JSON (`display_name = 'Tan Ah Kow'`,
# `"signerName":"RAVI S/O KUMAR"`): the key is the evidence.
_NAME_KEY = regex.compile(
    r"(?i:(?<![\w])[\"']?(?:display|full|signer|customer|recipient|sender|owner|contact|holder|"
    r"applicant|patient|employee|member|witness|given|legal)[_\-.]?name[\"']?)[ \t]*[=:][ \t]*"
    r"(?P<q>[\"'])" + _NAME + r"(?P=q)"
)
# A label line in a form, e-mail or signature block: `Witness: Tan Ah Kow`, `Signer: …`
# (found in the lower-cased text, the name then matched up to the line end).
_LABEL_AT = re.compile(
    r"(?m)^[ \t]*(?:signer|signatory|authori[sz]ed[ \t]+signatory|witness|name|full[ \t]+name|"
    r"signed[ \t]+by|attention|attn|contact[ \t]+person|representative|recipient|sender)"
    r"[ \t]*:[ \t]*"
)
# A role key whose value is a person (`"signer":"Tan Ah Kow"`, `approver='Marcus Lee'`): found in
# the lower-cased text; the quoted value must still carry name evidence.
_ROLE_KEY_AT = re.compile(
    r"(?<![\w.\-])[\"']?(?:signer|approver|recipient|sender|witness|assignee|reviewer|"
    r"requester|requestor|owner|customer|holder|applicant|patient|employee|signatory|"
    r"initiator|inviter|invitee)[\"']?[ \t]*[=:][ \t]*(?=[\"'])"
)
_QUOTED_NAME = regex.compile(r"(?P<q>[\"'])" + _NAME + r"(?P=q)")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NAME_TO_LINE_END = regex.compile(_NAME + r"[ \t]*$", regex.MULTILINE)

DISPLAY_NAME_SCORE = 0.6
KEYED_NAME_SCORE = 0.6
TRIGGER_NAME_SCORE = 0.55


# A name line of gender_guesser's data file (``data/nam_dict.txt``): a gender code (``M``,
# ``1F``, ``?``, ...), blanks, the name; comment lines start with ``#`` or ``=``.
_NAME_LINE = re.compile(r"^[^#=\s]\S*[ \t]+(\S+)", re.MULTILINE)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The lower-cased names gender_guesser's ``Detector(case_sensitive=False)`` knows (its
    ``names`` keys, ``+`` expanded as it does), read from the same packaged file in one regex
    pass: its own line parser takes ~0.3-1 s, paid by every process that meets a name."""
    text = (files("gender_guesser") / "data" / "nam_dict.txt").read_text(encoding="utf-8")
    names: set[str] = set()
    for name in _NAME_LINE.findall(text):
        name = name.lower()
        if "+" in name:  # gender_guesser's _set: `+` is '', ' ' or '-'
            names.update(name.replace("+", joint) for joint in ("", " ", "-"))
        else:
            names.add(name)
    return frozenset(names)


def _is_first_name(word: str) -> bool:
    """``Detector.get_gender(word) != "unknown"``: the name is in its dictionary."""
    return word.lower() in first_names()


def _words(name: str) -> tuple[list[str], list[str]]:
    """(name words, connectors), lower-cased."""
    words: list[str] = []
    connectors: list[str] = []
    for token in name.split():
        low = token.lower()
        (connectors if low in _CONNECTORS else words).append(low)
    return words, connectors


def plausible_name(name: str, mail: str | None = None, *, keyed: bool = False) -> bool:
    """True when ``name`` carries name evidence and no log-vocabulary word (module docs).
    ``keyed``: a person-name key is the evidence; the words need only be name-shaped."""
    tokens = name.split()
    cased = [t for t in tokens if t.lower() not in _CONNECTORS]
    upper = [t.isupper() for t in cased]
    if any(upper) and not all(upper):
        return False  # `API Gateway`, `HTTP Server`: one casing throughout, or not a name
    words, connectors = _words(name)
    if not 2 <= len(words) <= 5 or any(w in _LOG_WORDS for w in words):
        return False
    if keyed or _SG_CONNECTORS.intersection(connectors):
        return True
    if words[0] in _SG_SURNAMES or words[-1] in _SG_SURNAMES:
        return True
    if mail:
        local = mail.split("@", 1)[0].lower()
        if any(len(w) > 2 and w in local for w in words):
            return True
    return _is_first_name(words[0])


def log_name_spans(text: str) -> list[tuple[int, int, float, dict[str, Any]]]:
    """(start, end, score, metadata) of each name, in text order, without overlaps."""
    found: list[tuple[int, int, float, dict[str, Any]]] = []
    if "@" in text:
        for mail in _BRACKETED_MAIL.finditer(text):
            lo = max(0, mail.start() - _DISPLAY_REACH)
            name = _NAME_BEFORE_MAIL.search(text, lo, mail.start())
            if name and plausible_name(name.group("name"), mail.group(1)):
                found.append((*name.span("name"), DISPLAY_NAME_SCORE, {"name_form": "display"}))
    # ASCII-only lower-casing keeps every offset (`str.lower` can lengthen `İ`).
    lowered = text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
    if ":" in text and any(w in lowered for w in _LABEL_WORDS):
        for label in _LABEL_AT.finditer(lowered):
            m = _NAME_TO_LINE_END.match(text, label.end())
            if m and plausible_name(m.group("name"), keyed=True):
                found.append((*m.span("name"), KEYED_NAME_SCORE, {"name_form": "label"}))
    if "name" in lowered and any(w in lowered for w in _NAME_KEY_HINTS):
        for m in _NAME_KEY.finditer(text):
            if plausible_name(m.group("name"), keyed=True):
                found.append((*m.span("name"), KEYED_NAME_SCORE, {"name_form": "keyed"}))
    if any(w in lowered for w in _ROLE_WORDS):
        for key in _ROLE_KEY_AT.finditer(lowered):
            m = _QUOTED_NAME.match(text, key.end())
            if m and plausible_name(m.group("name")):
                found.append((*m.span("name"), KEYED_NAME_SCORE, {"name_form": "role_key"}))
    taken = [(s, e) for s, e, _, _ in found]
    resume = 0
    for at in _after_triggers(lowered, text):
        if at < resume:
            continue
        m = _NAME_AFTER_TRIGGER.match(text, at)
        if m is None:
            continue
        start, end = m.span("name")
        resume = end
        if any(s < end and start < e for s, e in taken):
            continue
        if plausible_name(m.group("name")):
            found.append((start, end, TRIGGER_NAME_SCORE, {"name_form": "after_verb"}))
    return sorted(found)


# Its patterns, scores, context words and check names: configs/builtin_recognizers.yaml.
LOG_NAMES = builtin_span_rule("LogMessageNameRecognizer")
