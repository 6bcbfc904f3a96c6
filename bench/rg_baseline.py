"""ripgrep with the shapes piimap looks for: the speed of a pure regex pass, no validation.

One ``rg`` run with every pattern (``-e`` each), counting matches over the folder, gzip files
searched decompressed (``-z``). Rust's regex has no look-around, so token edges are ``\\b``,
given to ``rg`` as ASCII word boundaries (``(?-u:\\b)``, see ``rg_pattern``): a Unicode ``\\b``
makes Rust's regex leave its fast DFA, and ``rg`` ran the bench logs at ~8 MB/s with it against
~130 MB/s without, for the same matches.
This is a floor on the cost of finding candidates, not a detector: no checksum, no context,
no overlap handling, so its counts are not scored. Skipped when ``rg`` is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PATTERNS: dict[str, str] = {
    "SG_NRIC_FIN": r"\b[STFGMstfgm][0-9]{7}[A-Za-z]\b",
    "SG_UEN": r"\b(?:[0-9]{8}[A-Z]|(?:19|20)[0-9]{7}[A-Z]|[RST][0-9]{2}[A-Z]{2}[0-9]{4}[A-Z])\b",
    "EMAIL_ADDRESS": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    "IPV4": r"\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b",
    "IPV6": r"\b(?:[0-9A-Fa-f]{1,4}:){2,7}:?[0-9A-Fa-f]{0,4}\b",
    "PHONE_NUMBER": r"(?:\+|\b00)[0-9][0-9 ()\-]{6,16}[0-9]|\b[3689][0-9]{3}[ -]?[0-9]{4}\b"
    r"|\b1800[ -]?[0-9]{3}[ -]?[0-9]{4}\b",
    "CREDIT_CARD": r"\b[0-9]{4}(?:[ -]?[0-9]{4}){2}[ -]?[0-9]{1,7}\b",
    "MAC": r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b",
    "IMEI": r"\b[0-9]{15}\b",
}


def rg_pattern(pattern: str) -> str:
    """``pattern`` as given to ``rg``: every ``\\b`` an ASCII word boundary."""
    return pattern.replace(r"\b", r"(?-u:\b)")


@dataclass(frozen=True)
class RgRun:
    seconds: float
    matches: int
    version: str


def rg_path() -> str | None:
    return shutil.which("rg")


def run_rg(folder: Path, *, threads: int = 1) -> RgRun | None:
    """Count pattern matches in ``folder`` with ``threads`` threads; None without ``rg``."""
    rg = rg_path()
    if rg is None:
        return None
    version = subprocess.run(
        [rg, "--version"], capture_output=True, text=True, check=False
    ).stdout.split("\n", 1)[0]
    args = [
        rg,
        "--count-matches",
        "--no-filename",
        "-z",
        "--no-ignore",
        "--hidden",
        "-j",
        str(threads),
    ]
    for pattern in PATTERNS.values():
        args += ["-e", rg_pattern(pattern)]
    args.append(str(folder))
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"rg failed ({proc.returncode}): {proc.stderr.strip()[:300]}")
    matches = sum(int(line) for line in proc.stdout.split() if line.strip().isdigit())
    return RgRun(seconds, matches, version)
