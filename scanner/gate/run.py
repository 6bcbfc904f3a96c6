"""Scan the gate's inputs and read back what the decision needs besides the findings.

``run_inputs`` scans what ``scanner.gate.inputs`` lists (stdin last, as a log); the read-back
helpers re-read the plain-text files with findings for the inline ``piimap:allow`` markers and,
masked, for the allowlist's context patterns. ``scanner.gate.decide`` then decides.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.exit_codes import INCOMPLETE_STATUSES
from scanner.gate.allowlist import Allowlist
from scanner.gate.baseline import Baseline
from scanner.gate.decide import FailOn, GateResult, ReadError, evaluate
from scanner.gate.inline import (
    INLINE_FILE_TYPES,
    LINE_FILE_TYPES,
    InlineIndex,
    build_inline_index,
    read_lines,
)
from scanner.gate.inputs import (
    STDIN_ARG,
    STDIN_PATH,
    InputError,
    Selection,
    expand_inputs,
    list_inputs,
    spool_stdin,
)
from scanner.model import FileRecord, Finding
from scanner.scan.pipeline import ScanConfig, ScanContext, scan_files
from scanner.sources import SourceError, SourceFile, is_url
from scanner.sources.path_root import check_rule_path

if TYPE_CHECKING:
    from scanner.gate.columns import Columns

_MAX_CONTEXT_CHARS = 4096


class GateContext(ScanContext):
    """A ScanContext that knows the source kind of stdin, which has no path for the policy's
    rules: the policy names it (``answers.stdin_source_kind``)."""

    def __init__(self, config: ScanConfig) -> None:
        super().__init__(config)
        self._kinds = {STDIN_PATH: self.policy.stdin_source_kind}

    def source_kind(self, path: str, source: str = "") -> str:
        """Path rules see the path relative to the file's git work tree
        (``scanner.sources.path_root``), so `check logs/` and `cd logs && check .` classify a file
        alike."""
        if self.config.source_kind or path in self._kinds:
            return self.config.source_kind or self._kinds[path]
        return self.policy.source_kind_for(check_rule_path(path))


@dataclass
class ScanRun:
    findings: list[Finding] = field(default_factory=list)
    records: list[FileRecord] = field(default_factory=list)
    uris: dict[str, str] = field(default_factory=dict)  # display path -> local file
    context: ScanContext | None = None
    spool: str | None = None  # stdin's temporary copy, kept until cleanup()
    declared_dropped: int = 0  # declared findings counted but not kept (see run_inputs)

    def add(self, findings: Sequence[Finding], keep_declared: bool) -> None:
        if keep_declared:
            self.findings.extend(findings)
            return
        kept = [f for f in findings if not f.declared]
        self.declared_dropped += len(findings) - len(kept)
        self.findings.extend(kept)

    def cleanup(self) -> None:
        if self.spool is not None:
            Path(self.spool).unlink(missing_ok=True)
            self.spool = None

    @property
    def errors(self) -> list[ReadError]:
        """Files the gate could not read. A file skipped as binary is one of them: the gate
        cannot vouch for what it did not read, and a renamed or re-encoded log must not pass. A
        partial file (a scanned page left unread) is not clean either."""
        return [
            ReadError(r.path, r.reason if r.status != "skipped" else f"not checked: {r.reason}")
            for r in self.records
            if r.status in INCOMPLETE_STATUSES or r.status == "skipped"
        ]

    @property
    def files_scanned(self) -> int:
        return sum(1 for r in self.records if r.status == "scanned")


def run_inputs(
    paths: tuple[str, ...],
    config: ScanConfig,
    *,
    workers: int,
    changed: set[str] | None = None,
    stdin: io.BufferedIOBase | None = None,
    keep_declared: bool = True,
    selection: Selection | None = None,
) -> ScanRun:
    """Scan the inputs. With ``keep_declared=False`` declared findings are only counted, so a
    big log full of declared IP addresses does not hold them all in memory."""
    targets, use_stdin = expand_inputs(paths)
    if use_stdin and stdin is None:
        raise InputError("`-` reads stdin, which this command cannot use here")
    run = ScanRun()
    ctx = GateContext(config)
    run.context = ctx

    def selected() -> Iterator[SourceFile | SourceError]:
        for item in list_inputs(targets, selection):
            if changed is not None and item.path not in changed:
                continue
            if isinstance(item, SourceFile) and not is_url(item.uri):
                run.uris[item.path] = item.uri
            yield item

    for result in scan_files(selected(), config, workers=workers, context=ctx):
        run.records.append(result.record)
        run.add(result.findings, keep_declared)
    if use_stdin and stdin is not None:
        tmp, size = spool_stdin(stdin)
        run.spool = run.uris[STDIN_PATH] = tmp
        try:
            result = ctx.scan_file(
                SourceFile(source=STDIN_ARG, path=STDIN_PATH, uri=tmp, size=size)
            )
        except BaseException:
            run.cleanup()
            raise
        run.records.append(result.record)
        run.add(result.findings, keep_declared)
    return run


def line_files(run: ScanRun) -> list[tuple[str, str]]:
    """(display path, local uri) of plain-text files that have findings."""
    types = {r.path: r.file_type for r in run.records}
    with_findings = sorted({f.path for f in run.findings})
    return [
        (p, run.uris[p]) for p in with_findings if p in run.uris and types.get(p) in LINE_FILE_TYPES
    ]


def context_lines(run: ScanRun, allowlist: Allowlist | None) -> dict[tuple[str, int], str]:
    if allowlist is None or not allowlist.needs_context or run.context is None:
        return {}
    raw: dict[tuple[str, int], str] = {}
    for path, uri in line_files(run):
        wanted = {f.line for f in run.findings if f.path == path}
        try:
            lines = read_lines(uri, wanted)
        except OSError:
            continue
        raw.update({(path, n): t for n, t in lines.items()})
    # Mask everything a recognizer finds, so a regex only ever sees masked text.
    return {k: run.context.redact(t[:_MAX_CONTEXT_CHARS]) for k, t in raw.items()}


def inline_index(run: ScanRun) -> InlineIndex:
    types = {r.path: r.file_type for r in run.records}
    return build_inline_index(
        (p, uri) for p, uri in line_files(run) if types.get(p) in INLINE_FILE_TYPES
    )


def decide_run(
    run: ScanRun,
    *,
    today: dt.date,
    fail_on: FailOn,
    baseline: Baseline | None,
    allowlist: Allowlist | None,
) -> GateResult:
    """The gate's verdict on a scanned run: inline markers and masked context lines read back,
    and the declared findings ``run_inputs`` only counted added back to the totals."""
    assert run.context is not None
    result = evaluate(
        run.findings,
        today=today,
        fail_on=fail_on,
        policy=run.context.policy,
        baseline=baseline,
        allowlist=allowlist,
        inline=inline_index(run),
        context_lines=context_lines(run, allowlist),
        errors=run.errors,
        files_scanned=run.files_scanned,
    )
    if run.declared_dropped:
        result = replace(
            result,
            findings_total=result.findings_total + run.declared_dropped,
            declared_total=result.declared_total + run.declared_dropped,
        )
    return result


def report_columns(run: ScanRun, result: GateResult) -> Columns:
    """SARIF line columns of the reported findings (``scanner.gate.columns``)."""
    if run.context is None:
        return {}
    from scanner.gate.columns import find_columns

    return find_columns(run.context, (item.finding for item in result.items), dict(line_files(run)))


__all__ = [
    "decide_run",
    "report_columns",
    "GateContext",
    "ScanRun",
    "context_lines",
    "inline_index",
    "line_files",
    "run_inputs",
]
