"""Report writers for `piimap check`: one module per format, one signature, no decisions.

As in gitleaks' reporters, a writer gets an output stream and the gate's result and renders it;
what is reported and the exit code were decided by ``scanner.gate.decide``. No writer ever prints
a raw value: only masked values and keyed hashes (``--reveal`` adds raw values to text and json
only, and the CLI refuses it in CI).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from scanner.gate.decide import GateResult


@dataclass(frozen=True)
class ReportMeta:
    tool_version: str
    revealed: bool = False
    # (path, line, entity type, value hash) -> (startColumn, endColumn); see scanner.gate.columns.
    columns: Mapping[tuple[str, int, str, str], tuple[int, int]] = field(default_factory=dict)


Writer = Callable[[TextIO, GateResult, ReportMeta], None]


def get_writer(fmt: str) -> Writer:
    from scanner.gate.reporters import github, json, sarif, text

    writers: dict[str, Writer] = {
        "text": text.write,
        "json": json.write,
        "sarif": sarif.write,
        "github": github.write,
    }
    return writers[fmt]


FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github")

__all__ = ["FORMATS", "ReportMeta", "Writer", "get_writer"]
