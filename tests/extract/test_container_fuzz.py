"""Damaged containers and office files raise only the documented errors, never anything else.

Deterministic: each valid fixture is truncated and has bytes flipped with a seeded generator.
"""

from __future__ import annotations

import io
import random
import tarfile

import pytest

from scanner.extract import ExtractError, Limits, UnsupportedFile, extract
from tests.extract.test_eml import mail_bytes, make_mail
from tests.extract.test_msg import make as make_msg
from tests.extract.test_office import make_pptx, make_xlsx

MUTATIONS = 25


def _tar_gz() -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name in ("a.log", "b.csv"):
            data = b"nric,phone\nS1234567D,+65 9123 4567\n" * 20
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


FIXTURES = {
    "logs.tar.gz": _tar_gz,
    "staff.xlsx": make_xlsx,
    "deck.pptx": make_pptx,
    "mail.eml": lambda: mail_bytes(make_mail()),
    "mail.msg": make_msg,
}


def _mutations(data: bytes, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(MUTATIONS):
        damaged = bytearray(data[: rng.randrange(1, len(data) + 1)])
        for _ in range(rng.randrange(1, 8)):
            if damaged:
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        out.append(bytes(damaged))
    return out


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_damaged_files_raise_only_documented_errors(name: str) -> None:
    limits = Limits(max_decompressed_bytes=8 << 20, max_total_bytes=8 << 20)
    for index, data in enumerate(_mutations(FIXTURES[name](), seed=len(name))):
        try:
            for segment in extract(name, io.BytesIO(data), limits=limits):
                assert segment.path.startswith(name)
        except (ExtractError, UnsupportedFile):
            pass
        except Exception as exc:  # pragma: no cover - the failure message names the case
            pytest.fail(f"{name} mutation {index}: {type(exc).__name__}: {exc}")
