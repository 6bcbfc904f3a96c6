"""A second labeled corpus, written from the data's side: the formats real systems emit.

``bench.generate`` shares the recognizers' assumptions (its names sit under known keys, its
IPs stand alone). This corpus was written before tuning against it, from what these systems
print, with names and identifiers planted and labeled by the generator:

- Spring Boot / logback lines, including Java ``InetSocketAddress`` forms
  (``db-1.internal/10.1.2.3:5432``, ``/10.1.2.3:44512``) and names in the message text;
- nginx (combined plus timings), Envoy and AWS ALB access logs (``client:port`` pairs);
- CloudTrail-style JSON records (one per line);
- Kubernetes events (JSON lines) with ``dial tcp 10.96.0.10:53`` messages and counters;
- PostgreSQL server logs (``host=… port=…``, ``duration: … ms``, statements with values);
- RFC 3164 syslog (sshd, dhclient, macOS-style interface forms ``en0:fe80::…``,
  ``v6(en0:2607:f140:…)``) and Windows CBS servicing logs (version strings everywhere);
- logfmt application lines (``msg="invite sent to Farah binte Osman <farah.o@example.sg>"``)
  with measurement/size/count/duration/version keys whose values look like phones or IPs;
- a few plain-text contracts with all-caps headings, defined terms, ``Label:`` lines and
  whole organisation names.

Names: Singapore Chinese (``Ong Bee Hwa``), Western-first (``Marcus Lee``), Malay
(``bin``/``binte``), Indian (``s/o``/``d/o``), Western, and upper-case forms. Phones: every SG
form libphonenumber calls valid (mobile, fixed, VoIP ``7000 …``, toll-free ``1800 …``) with
``+65``, ``(65)``, ``0065`` or none. Hard negatives mark values under measurement keys, version
strings, socket hosts and ports, and contract headings/defined terms.

Output layout and offsets are ``bench.generate``'s (``labels.jsonl``, ``hard_negatives.jsonl``,
``manifest.json``; offsets are code points into the decoded file / raw JSON line), so
``bench.score`` scores it unchanged. Same seed, same bytes.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from bench import identifiers as ids
from bench.generate import (
    ENTITY_TYPES,
    HARD_NEGATIVES_FILE,
    LABELS_FILE,
    MANIFEST_FILE,
    LabeledText,
    Planted,
    neg,
    pii,
)

# The entity types this corpus plants; the scorer counts only these (a DEVICE_ID or postal
# code finding is neither right nor wrong here).
REALISTIC_TYPES = tuple(t for t in ENTITY_TYPES if t not in ("DEVICE_ID", "SG_POSTAL_CODE"))

# --- people and organisations ----------------------------------------------------------------

# (name, email local part)
_PEOPLE = (
    ("Ong Bee Hwa", "bee.ong"),
    ("Tan Ah Kow", "ahkow.tan"),
    ("Lim Swee Hock", "sweehock"),
    ("Goh Siew Ling", "siewling.goh"),
    ("Ng Boon Keat", "bk.ng"),
    ("Chua Kim Huat", "kh.chua"),
    ("Teo Poh Choo", "pohchoo"),
    ("Yeo Seng Chye", "sc.yeo"),
    ("Quek Hui Shan", "huishan.q"),
    ("Loh Mei Xuan", "meixuan.loh"),
    ("Marcus Lee", "marcus.lee"),
    ("Rachel Tan", "rachel.tan"),
    ("Jeremy Koh Wei Liang", "jeremy.koh"),
    ("Grace Chia", "grace.chia"),
    ("Farah binte Osman", "farah.o"),
    ("Muhammad Hafiz bin Abdullah", "hafiz.abdullah"),
    ("Nurul Huda binte Rahmat", "nurul.huda"),
    ("Syed Ali bin Syed Hassan", "syed.ali"),
    ("Siti Aminah binte Yusof", "siti.aminah"),
    ("Zulkifli bin Ismail", "zul.ismail"),
    ("Ravi s/o Subramaniam", "ravi.s"),
    ("Kavitha d/o Rajan", "kavitha.r"),
    ("Suresh Menon", "suresh.menon"),
    ("Lakshmi Narayanan", "lakshmi.n"),
    ("Anand s/o Gopal", "anand.gopal"),
    ("Sarah O'Connor", "sarah.oconnor"),
    ("James Whitfield", "j.whitfield"),
    ("Olivia Brennan", "olivia.b"),
    ("Zoë Harper", "zoe.harper"),
    ("Daniel Fischer", "d.fischer"),
)
_ORGS = (
    "Pasir Panjang Properties Pte. Ltd.",
    "Keppel Harbour Ventures Pte Ltd",
    "Serangoon Gardens Clinic LLP",
    "Boon Lay Precision Engineering Pte. Ltd.",
    "Sembawang Marine Services Pte. Ltd.",
    "Ubi Techpark Holdings Limited",
    "Telok Ayer Legal LLP",
    "Punggol Digital Pte. Ltd.",
    "Bishan Home Care Pte Ltd",
    "Kranji Agritech Private Limited",
)
_DOMAINS = ("example.com", "example.sg", "mail.example.net", "corp.example.com.sg")
_HOSTS = (
    "db-1.internal",
    "kafka-2.svc.cluster.local",
    "nn1.hadoop.example.com",
    "redis-main",
    "ip-10-0-3-17.ap-southeast-1.compute.internal",
    "api.example.sg",
)


def _name(rng: random.Random) -> tuple[str, str, str]:
    """(written name, email, variant): upper-case about one time in six."""
    name, slug = rng.choice(_PEOPLE)
    variant = "upper" if rng.random() < 0.16 else "mixed"
    if " bin " in name or " binte " in name:
        variant += "_malay"
    elif " s/o " in name or " d/o " in name:
        variant += "_indian"
    written = name.upper() if variant.startswith("upper") else name
    return written, f"{slug}@{rng.choice(_DOMAINS)}", variant


# --- identifiers -----------------------------------------------------------------------------


def _ipv4(rng: random.Random) -> tuple[str, str]:
    return (
        (ids.make_public_ipv4(rng), "public_v4")
        if rng.random() < 0.6
        else (ids.make_private_ipv4(rng), "private_v4")
    )


def _ipv4_pii(rng: random.Random, variant_prefix: str = "") -> Planted:
    ip, variant = _ipv4(rng)
    return pii("IP_ADDRESS", ip, variant_prefix + variant)


def _phone(rng: random.Random) -> tuple[str, str]:
    """A valid SG number written one of the ways people and systems write it."""
    roll = rng.random()
    if roll < 0.1:
        digits = "7000" + "".join(rng.choice("0123456789") for _ in range(7))
        return (
            rng.choice(
                ((f"{digits[:4]} {digits[4:8]} {digits[8:]}", "voip_spaced"), (digits, "voip_bare"))
            )
            if rng.random() < 0.5
            else (f"+65 {digits[:4]} {digits[4:8]} {digits[8:]}", "voip_plus65")
        )
    if roll < 0.2:
        national = ids.make_sg_phone(rng, "tollfree")
        return f"{national[:4]} {national[4:7]} {national[7:]}", "tollfree"
    national = ids.make_sg_phone(rng, "mobile" if roll < 0.75 else "fixed")
    head, tail = national[:4], national[4:]
    return rng.choice(
        (
            (f"+65 {head} {tail}", "plus65"),
            (f"+65{national}", "plus65_compact"),
            (f"(65) {head} {tail}", "paren65"),
            (f"0065 {head} {tail}", "0065"),
            (f"{head} {tail}", "spaced"),
            (f"{head}-{tail}", "dashed"),
            (f"+65-{head}-{tail}", "plus65_dashed"),
        )
    )


def _phone_valid_count(rng: random.Random) -> str:
    """Digits that happen to dial in SG: what a counter, size or duration often looks like."""
    return ids.make_sg_phone(rng, rng.choice(("mobile", "fixed")))


def _version(rng: random.Random) -> str:
    return f"{rng.randint(1, 12)}.{rng.randint(0, 9)}.{rng.randint(0, 9999)}.{rng.randint(1, 99)}"


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _ts(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


# --- log writers: each appends one record (with its newline) ----------------------------------


def _spring(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.add(
        f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond // 1000:03d}  "
        f"{rng.choice(('INFO', 'INFO', 'WARN', 'ERROR'))} {rng.randint(1000, 65000)} --- "
        f"[nio-8080-exec-{rng.randint(1, 20)}] c.e.esign.EnvelopeService        : "
    )
    roll = rng.randrange(8)
    if roll == 0:
        name, email, variant = _name(rng)
        t.write(
            f"Envelope {_hex(rng, 12)} completed by ",
            pii("PERSON", name, variant),
            " (",
            pii("EMAIL_ADDRESS", email),
            ")",
        )
    elif roll == 1:
        host = rng.choice(_HOSTS)
        ip, variant = _ipv4(rng)
        t.write(
            "Connection refused: ",
            neg("socket_host", host),
            "/",
            pii("IP_ADDRESS", ip, "socket_" + variant),
            ":",
            neg("socket_port", str(rng.choice((5432, 9092, 8020, 6379)))),
        )
    elif roll == 2:
        ip, variant = _ipv4(rng)
        t.write(
            "Accepted socket connection from /",
            pii("IP_ADDRESS", ip, "socket_" + variant),
            f":{rng.randint(1024, 65535)}",
        )
    elif roll == 3:
        name, _, variant = _name(rng)
        phone, pvariant = _phone(rng)
        t.write(
            "SMS reminder queued for ",
            pii("PERSON", name, variant),
            " at ",
            pii("PHONE_NUMBER", phone, pvariant),
        )
    elif roll == 4:
        t.write(
            "Request processed in ",
            neg("measure_value", _phone_valid_count(rng)),
            " us, bytes=",
            neg("measure_value", _phone_valid_count(rng)),
        )
    elif roll == 5:
        org = rng.choice(_ORGS)
        t.write(
            "Tenant provisioned: ",
            pii("ORGANIZATION", org),
            " uen=",
            pii("SG_UEN", ids.make_uen(rng, rng.choice(ids.UEN_FORMATS))),
        )
    elif roll == 6:
        name, _, variant = _name(rng)
        t.write(
            "Password reset requested by ", pii("PERSON", name, variant), " from ", _ipv4_pii(rng)
        )
    else:
        t.add(
            f"Started EsignApplication in {rng.randint(3, 40)}.{rng.randint(100, 999)} "
            f"seconds (process running for {rng.randint(4, 50)}.1)"
        )
    t.add("\n")


def _nginx(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.write(
        _ipv4_pii(rng),
        f' - - [{when:%d/%b/%Y:%H:%M:%S} +0800] "GET /api/v2/envelopes/{_hex(rng, 8)} '
        f'HTTP/1.1" 200 ',
        neg("measure_value", _phone_valid_count(rng)),
        ' "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/',
        neg(
            "version_string",
            f"{rng.randint(110, 126)}.0.{rng.randint(5000, 6500)}.{rng.randint(10, 200)}",
        ),
        f'" rt={rng.random():.3f} upstream=',
        _ipv4_pii(rng, "socket_"),
        f":8080 request_length={rng.randint(200, 900)}\n",
    )


def _envoy(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.write(
        f'[{_ts(when)}] "POST /v1/sign HTTP/2" 200 - {rng.randint(10, 999)} '
        f'{rng.randint(10, 99999)} {rng.randint(1, 900)} {rng.randint(1, 900)} "',
        _ipv4_pii(rng),
        '" "okhttp/4.12.0" "',
        f"{_hex(rng, 8)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 12)}",
        '" "api.example.sg" "',
    )
    if rng.random() < 0.3:
        v6 = ids.make_ipv6(rng)
        t.write("[", pii("IP_ADDRESS", v6, "socket_v6"), ']:8443"\n')
    else:
        t.write(_ipv4_pii(rng, "socket_"), ':8443"\n')


def _alb(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.write(
        f"h2 {when:%Y-%m-%dT%H:%M:%S}.{when.microsecond:06d}Z app/esign-prod/{_hex(rng, 16)} ",
        _ipv4_pii(rng, "socket_"),
        f":{rng.randint(1024, 65535)} ",
        _ipv4_pii(rng, "socket_"),
        f":8080 0.000 0.{rng.randint(1, 999):03d} 0.000 200 200 {rng.randint(30, 900)} ",
        neg("measure_value", _phone_valid_count(rng)),
        ' "GET https://api.example.sg:443/v1/status HTTP/2.0" "curl/8.4.0" '
        "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "
        f'"Root=1-{_hex(rng, 8)}-{_hex(rng, 24)}" "api.example.sg"\n',
    )


def _cloudtrail(t: LabeledText, rng: random.Random, when: datetime) -> None:
    name, email, variant = _name(rng)
    user = email.split("@")[0]
    t.write(
        '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA'
        + _hex(rng, 16).upper()
        + f'","userName":"{user}"}},"eventTime":"'
        + f'{when:%Y-%m-%dT%H:%M:%SZ}","eventSource":"s3.amazonaws.com","eventName":'
        '"PutObject","awsRegion":"ap-southeast-1","sourceIPAddress":"',
        _ipv4_pii(rng),
        '","userAgent":"aws-cli/2.15.',
        f'{rng.randint(0, 40)}","requestParameters":{{"bucketName":"esign-docs",'
        f'"key":"envelopes/{_hex(rng, 10)}.pdf"}},"additionalEventData":{{"bytesTransferredIn":',
        neg("measure_value", _phone_valid_count(rng)),
        '},"requestID":"'
        + _hex(rng, 16).upper()
        + '","eventID":"'
        + f'{_hex(rng, 8)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 4)}-{_hex(rng, 12)}"',
    )
    if rng.random() < 0.4:
        t.write(',"requestParameters2":{"tagging":"owner=', pii("EMAIL_ADDRESS", email), '"}')
    t.add("}\n")


def _k8s(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.add(
        f'{{"kind":"Event","apiVersion":"v1","metadata":{{"name":"esign-api-{_hex(rng, 5)}.'
        f'{_hex(rng, 16)}","namespace":"prod"}},"reason":"'
    )
    roll = rng.randrange(3)
    if roll == 0:
        t.write(
            'Unhealthy","message":"Readiness probe failed: Get \\"http://',
            _ipv4_pii(rng, "socket_"),
            ':8080/healthz\\": context deadline exceeded"',
        )
    elif roll == 1:
        t.write(
            'Failed","message":"Failed to pull image: dial tcp ',
            _ipv4_pii(rng, "socket_"),
            ':53: i/o timeout"',
        )
    else:
        t.add(
            'Scheduled","message":"Successfully assigned prod/esign-api to node-'
            f'{rng.randint(1, 9)}"'
        )
    t.write(
        ',"count":',
        neg("measure_value", _phone_valid_count(rng)),
        f',"firstTimestamp":"{when:%Y-%m-%dT%H:%M:%SZ}","resourceVersion":"',
        neg("measure_value", _phone_valid_count(rng)),
        '"}\n',
    )


def _postgres(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.add(
        f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond // 1000:03d} +08 [{rng.randint(100, 99999)}] "
    )
    roll = rng.randrange(4)
    if roll == 0:
        t.write(
            "[unknown]@[unknown] LOG:  connection received: host=",
            _ipv4_pii(rng),
            f" port={rng.randint(1024, 65535)}",
        )
    elif roll == 1:
        t.write(
            "esign@esign LOG:  duration: ",
            neg("measure_value", _phone_valid_count(rng)),
            ".047 ms  statement: UPDATE signer SET display_name = '",
        )
        name, _, variant = _name(rng)
        t.write(
            pii("PERSON", name, variant),
            "', nric = '",
            pii("SG_NRIC_FIN", ids.make_nric(rng, rng.choice("STFG"))),
            "' WHERE id = 42",
        )
    elif roll == 2:
        t.write(
            "esign@esign ERROR:  duplicate key value violates unique constraint "
            '"signer_email_key"\n',
            f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond // 1000:03d} +08 [1] esign@esign "
            "DETAIL:  Key (email)=(",
        )
        _, email, _ = _name(rng)
        t.write(pii("EMAIL_ADDRESS", email), ") already exists.")
    else:
        t.write(
            "LOG:  checkpoint complete: wrote ",
            neg("measure_value", _phone_valid_count(rng)),
            " buffers (1.2%); write=26.9 s, sync=0.001 s",
        )
    t.add("\n")


# What follows the host name in a syslog line: one maker per message, picked uniformly.
_SYSLOG_MESSAGES: tuple[Callable[[random.Random], tuple[str | Planted, ...]], ...] = (
    lambda rng: (
        f"sshd[{rng.randint(100, 60000)}]: Accepted publickey for deploy from ",
        _ipv4_pii(rng),
        f" port {rng.randint(1024, 65535)} ssh2: ED25519 SHA256:{_hex(rng, 20)}",
    ),
    lambda rng: ("dhclient[812]: DHCPACK of ", _ipv4_pii(rng), " from ", _ipv4_pii(rng)),
    lambda rng: (
        "configd[53]: network changed: v6(en0:",
        pii("IP_ADDRESS", ids.make_ipv6(rng), "iface_v6"),
        ") DNS* Proxy",
    ),
    lambda rng: (
        "mDNSResponder[91]: interface en0:",
        pii("IP_ADDRESS", f"fe80::{':'.join(_hex(rng, 4) for _ in range(4))}", "iface_link_local"),
        " is up",
    ),
    lambda rng: ("postfix/smtpd[2231]: connect from mail.example.net[", _ipv4_pii(rng), "]"),
)


def _syslog(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.add(f"{when:%b} {when.day:>2} {when:%H:%M:%S} gw-{rng.randint(1, 4)} ")
    t.write(*rng.choice(_SYSLOG_MESSAGES)(rng), "\n")


def _cbs(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.add(f"{when:%Y-%m-%d %H:%M:%S}, Info                  CBS    ")
    roll = rng.randrange(3)
    if roll == 0:
        t.write(
            "Loaded Servicing Stack v",
            neg("version_string", f"6.1.7601.{rng.randint(17000, 24000)}"),
            " with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_"
            f"31bf3856ad364e35_6.1.7601.{rng.randint(17000, 24000)}_none_{_hex(rng, 16)}"
            "\\cbscore.dll",
        )
    elif roll == 1:
        t.write(
            "Session: 30546174_",
            neg("measure_value", _phone_valid_count(rng)),
            " initialized by client WindowsUpdateAgent.",
        )
    else:
        t.write(
            "Read out cached package applicability for package: Package_for_KB"
            f"{rng.randint(2000000, 4999999)}~31bf3856ad364e35~amd64~~",
            neg("version_string", _version(rng)),
            f", ApplicableState: 112, CurrentState:{rng.randint(0, 112)}",
        )
    t.add("\n")


def _logfmt(t: LabeledText, rng: random.Random, when: datetime) -> None:
    t.add(f"ts={_ts(when)} level=info svc=notify ")
    roll = rng.randrange(6)
    name, email, variant = _name(rng)
    if roll == 0:
        t.write(
            'msg="invite sent to ',
            pii("PERSON", name, variant),
            " <",
            pii("EMAIL_ADDRESS", email),
            '>"',
        )
    elif roll == 1:
        t.write(
            'msg="document signed by ',
            pii("PERSON", name, variant),
            " on behalf of ",
            pii("ORGANIZATION", rng.choice(_ORGS)),
            '"',
        )
    elif roll == 2:
        t.write('msg="reminder for ', pii("PERSON", name, variant), '" to=')
        phone, pvariant = _phone(rng)
        t.pii("PHONE_NUMBER", phone if " " not in phone else phone.replace(" ", ""), pvariant)
    elif roll == 3:
        t.write(
            'msg="payment captured" card=',
            pii("CREDIT_CARD", ids.make_card_number(rng)),
            " client_ip=",
            _ipv4_pii(rng),
        )
    elif roll == 4:
        t.write(
            '{"event":"sign","msg":"Signed by ',
            pii("PERSON", name, variant),
            '","ip":"',
            _ipv4_pii(rng),
            '"}',
        )
    else:
        t.add('msg="request done" ')
    # Measurement, size, count, duration and version keys with phone- or IP-shaped values.
    # Some keys carry a phone context word (`sms`, `call`, `contact`): the key must still win.
    key = rng.choice(
        (
            "latency_us",
            "duration_ms",
            "bytes_sent",
            "retry_count",
            "queue_depth",
            "elapsed_ns",
            "resp_size",
            "sms_latency_us",
            "call_duration_ms",
            "contact_sync_count",
            "phone_lookup_ns",
        )
    )
    t.write(f" {key}=", neg("measure_value", _phone_valid_count(rng)))
    vkey = rng.choice(
        ("client_version", "build", "app_ver", "schema_version", "agent_version", "fw")
    )
    t.write(f" {vkey}=", neg("version_string", _version(rng)), "\n")


_LOG_PLAN: tuple[tuple[str, Callable[[LabeledText, random.Random, datetime], None], int], ...] = (
    ("logs/spring/esign-api.log", _spring, 700),
    ("logs/nginx/access.log", _nginx, 500),
    ("logs/envoy/access.log", _envoy, 400),
    ("logs/alb/esign-prod.log", _alb, 400),
    ("logs/cloudtrail/events.jsonl", _cloudtrail, 300),
    ("logs/k8s/events.jsonl", _k8s, 300),
    ("logs/postgres/postgresql.log", _postgres, 500),
    ("logs/syslog/messages", _syslog, 500),
    ("logs/windows/CBS.log", _cbs, 300),
    ("logs/app/notify.log", _logfmt, 700),
)


# --- contracts -------------------------------------------------------------------------------


def _contract(t: LabeledText, rng: random.Random) -> None:
    landlord, tenant = rng.sample(_ORGS, 2)
    person, email, variant = _name(rng)
    witness, _, wvariant = _name(rng)
    t.write(
        "TENANCY AGREEMENT\n\nTHIS AGREEMENT is made on 3 June 2024 BETWEEN:\n\n(1) ",
        pii("ORGANIZATION", landlord),
        " (UEN ",
        pii("SG_UEN", ids.make_uen(rng, rng.choice(ids.UEN_FORMATS))),
        ") (the ",
        neg("defined_term", '"Landlord"'),
        "); and\n\n(2) ",
        pii("ORGANIZATION", tenant),
        " (",
        neg("defined_term", '"Tenant"'),
        "), represented by ",
        pii("PERSON", person if not variant.startswith("upper") else person.title(), variant),
        " (NRIC No. ",
        pii("SG_NRIC_FIN", ids.make_nric(rng, rng.choice("ST"))),
        ").\n\n1. ",
        neg("heading", "DEFINITIONS"),
        "\n\nIn this Agreement, ",
        neg("defined_term", '"Premises"'),
        " means the unit described in Schedule 1, and ",
        neg("defined_term", '"Rent"'),
        " means the monthly sum in Clause 3. The ",
        neg("defined_term", "Landlord"),
        " shall deliver the ",
        neg("defined_term", "Premises"),
        " to the ",
        neg("defined_term", "Tenant"),
        " in good repair. Any IP or NRIC data collected under this Agreement is handled "
        "under the PDPA.\n\n7. ",
        neg("heading", "GOVERNING LAW AND JURISDICTION"),
        "\n\nThis Agreement is governed by the laws of Singapore.\n\n8. ",
        neg("heading", "NOTICES"),
        "\n\nNotices to the ",
        neg("defined_term", "Tenant"),
        " go to ",
        pii("EMAIL_ADDRESS", email),
        " or ",
    )
    phone, pvariant = _phone(rng)
    t.write(
        pii("PHONE_NUMBER", phone, pvariant),
        ".\n\nSIGNED by the parties.\n\nSigner: ",
        pii("PERSON", person if not variant.startswith("upper") else person.title(), variant),
        "\nFor and on behalf of ",
        pii("ORGANIZATION", tenant),
        "\n\nWitness: ",
        pii("PERSON", witness.upper() if wvariant.startswith("upper") else witness, wvariant),
        "\nDate: 3 June 2024\n",
    )


# --- driver ----------------------------------------------------------------------------------


def generate_realistic(out_dir: Path, *, seed: int = 11, scale: float = 1.0) -> dict:
    """Write the corpus, ``labels.jsonl``, ``hard_negatives.jsonl`` and ``manifest.json``."""
    out_dir = Path(out_dir)
    for sub in ("logs", "contracts"):
        for old in (
            sorted((out_dir / sub).rglob("*"), reverse=True) if (out_dir / sub).exists() else []
        ):
            old.unlink() if old.is_file() else old.rmdir()
    out_dir.mkdir(parents=True, exist_ok=True)
    texts: list[LabeledText] = []
    start = datetime(2024, 6, 3, 9, 0, 0, tzinfo=UTC)
    for path, writer, records in _LOG_PLAN:
        rng = random.Random(f"{seed}:{path}")
        t = LabeledText(path)
        when = start
        for _ in range(max(20, int(records * scale))):
            when += timedelta(milliseconds=rng.randint(5, 4000))
            writer(t, rng, when)
        texts.append(t)
    for i in range(max(3, int(12 * scale))):
        rng = random.Random(f"{seed}:contract:{i}")
        t = LabeledText(f"contracts/{i + 1:03d}-tenancy.txt")
        _contract(t, rng)
        texts.append(t)
    files, counts = [], Counter()
    with (
        open(out_dir / LABELS_FILE, "w", encoding="utf-8") as labels_out,
        open(out_dir / HARD_NEGATIVES_FILE, "w", encoding="utf-8") as negatives_out,
    ):
        for t in texts:
            data = t.text().encode("utf-8")
            target = out_dir / t.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            for s, e, etype, variant, value in t.labels:
                labels_out.write(
                    json.dumps(
                        {
                            "file": t.path,
                            "entity_type": etype,
                            "start": s,
                            "end": e,
                            "variant": variant,
                            "synthetic_value": value,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            for s, e, kind in t.negatives:
                negatives_out.write(
                    json.dumps({"file": t.path, "kind": kind, "start": s, "end": e}) + "\n"
                )
            counts.update(label[2] for label in t.labels)
            files.append(
                {
                    "path": t.path,
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "labels": len(t.labels),
                }
            )
    manifest = {
        "generator": "bench.realistic",
        "seed": seed,
        "scale": scale,
        "files": files,
        "label_counts": dict(sorted(counts.items())),
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


@click.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", default=11, show_default=True)
@click.option("--scale", default=1.0, show_default=True)
def main(out_dir: Path, seed: int, scale: float) -> None:
    """Generate the data's-side labeled corpus into OUT_DIR."""
    manifest = generate_realistic(out_dir, seed=seed, scale=scale)
    click.echo(f"wrote {len(manifest['files'])} files, labels {manifest['label_counts']}")


if __name__ == "__main__":
    main()
