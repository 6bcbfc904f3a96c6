"""GitHub Actions workflow commands: annotations on the files and lines of the pull request."""

from __future__ import annotations

from typing import TextIO

from scanner.gate.decide import GateResult
from scanner.gate.reporters import ReportMeta
from scanner.protect.safe_text import escape_controls


def _data(text: str) -> str:
    # Control characters first (an ESC or newline from a file name is shown, not run), then
    # the workflow-command escapes.
    text = escape_controls(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, **props: object) -> str:
    given = ",".join(f"{k}={_prop(str(v))}" for k, v in props.items() if v not in (None, ""))
    return f"::{kind}{' ' + given if given else ''}::{_data(message)}\n"


def write(out: TextIO, result: GateResult, meta: ReportMeta) -> None:
    for item in result.items:
        f = item.finding
        state = "declared" if f.declared else "undeclared"
        message = f"{f.masked_value} in {f.source_kind}: {item.reason or state}"
        out.write(
            _command(
                "warning" if f.declared else "error",
                message,
                file=f.path,
                line=f.line if f.line >= 1 else None,
                title=f"piimap {f.entity_type} ({state})",
            )
        )
    for e in result.expired:
        out.write(
            _command(
                "warning",
                f"allowlist entry {e.entry.describe()} expired {e.entry.expires}; "
                f"{e.would_match} finding(s) no longer suppressed",
                title="piimap expired allowlist entry",
            )
        )
    for err in result.errors:
        out.write(
            _command(
                "error", f"could not read: {err.reason}", file=err.path, title="piimap read error"
            )
        )
    out.write(
        _command(
            "notice",
            f"piimap {meta.tool_version}: {len(result.items)} finding(s) reported, "
            f"{len(result.suppressed)} suppressed, {len(result.errors)} read error(s); "
            f"exit {result.exit_code}",
        )
    )
