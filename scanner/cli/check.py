"""`piimap check` (the CI gate) and `piimap baseline create|update|audit`.

This module parses options, lists and scans the inputs, reads back inline markers and context
lines, and hands everything to ``scanner.gate.decide.evaluate``; a writer from
``scanner.gate.reporters`` renders the result. ``scanner.cli.main`` is imported lazily because
it registers these commands.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from scanner import __version__
from scanner.cli.settings import (
    DEFAULT_EXCLUDES,
    SETTING_KEYS,
    Settings,
    SettingsError,
    find_settings,
    git_root,
    load_settings,
)
from scanner.exit_codes import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, INCOMPLETE_STATUSES
from scanner.gate.allowlist import Allowlist, AllowlistError, load_allowlist
from scanner.gate.baseline import (
    AUDIT_STATUSES,
    DEFAULT_BASELINE_PATH,
    Baseline,
    BaselineError,
    audit_baseline,
    baseline_from_findings,
    expired_allowlist_entries,
    load_baseline,
    save_baseline,
    update_baseline,
)
from scanner.gate.decide import FailOn, GateResult, ReadError, evaluate
from scanner.gate.inline import (
    INLINE_FILE_TYPES,
    LINE_FILE_TYPES,
    InlineIndex,
    build_inline_index,
    read_lines,
)
from scanner.gate.reporters import FORMATS, ReportMeta, get_writer
from scanner.inventory.atomic import commit, temp_path
from scanner.model import FileRecord, Finding
from scanner.policy.model import DEFAULT_POLICY_PATH, KNOWN_ENTITY_TYPES
from scanner.protect.hashing import key_file_named, key_id, load_hash_key
from scanner.protect.safe_text import escape_controls
from scanner.scan.pipeline import (
    ScanConfig,
    ScanContext,
    new_run_id,
    scan_files,
)
from scanner.sources import SourceError, SourceFile, is_url, iter_source
from scanner.sources.gitignore import GitIgnore
from scanner.sources.path_root import check_rule_path
from scanner.sources.pathmatch import matcher

STDIN_ARG = "-"
STDIN_PATH = "<stdin>"
STDIN_SOURCE_KIND = "logs"
_STDIN_CHUNK = 1 << 20
_GLOB_CHARS = "*?["
_MAX_CONTEXT_CHARS = 4096


def _config_error(message: str) -> click.ClickException:
    from scanner.cli.main import ConfigError

    return ConfigError(message)


# --------------------------------------------------------------------------- inputs


def display_path(path: str) -> str:
    """The path as reports show it: relative to the working directory when inside it, `/`-separated.

    Reports, baselines and SARIF locations all use it, so running from the repository root
    gives repository-relative paths no matter how the inputs were spelled.
    """
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd())
    chosen = absolute if rel == ".." or rel.startswith(".." + os.sep) else rel
    return chosen.replace(os.sep, "/")


def expand_inputs(paths: tuple[str, ...]) -> tuple[list[str], bool]:
    """Files/folders to scan (globs expanded) and whether `-` (stdin) was given.

    A path that does not exist or a glob that matches nothing is a usage error: a gate given
    nothing to read must not pass.
    """
    targets: list[str] = []
    use_stdin = False
    for p in paths:
        if p == STDIN_ARG:
            use_stdin = True
        elif is_url(p):
            raise _config_error(
                f"{p}: check reads local files and stdin; use `piimap scan` for object storage"
            )
        elif any(c in p for c in _GLOB_CHARS) and not os.path.lexists(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise _config_error(f"{p}: the pattern matched no files")
            targets.extend(matches)
        elif not os.path.lexists(p):
            raise _config_error(f"no such file or folder: {p}")
        else:
            targets.append(p)
    return list(dict.fromkeys(targets)), use_stdin


def list_inputs(
    targets: list[str], selection: Selection | None = None
) -> Iterator[SourceFile | SourceError]:
    """List each target and give every item its display path (deduplicated, in order).

    Inside folders, ``selection`` prunes .git/.venv/node_modules and what .gitignore ignores;
    its include/exclude globs apply to every display path, named files included.
    """
    selection = selection or Selection()
    seen: set[str] = set()
    for target in targets:
        is_dir = os.path.isdir(target)
        for item in iter_source(target, exclude=selection.prune if is_dir else ()):
            if is_dir and item.path:
                local = os.path.join(target, item.path)
                shown = display_path(local)
                if selection.ignored(local):
                    continue
            else:
                shown = display_path(target)
            if shown in seen or not selection.selected(shown):
                continue
            seen.add(shown)
            yield replace(item, path=shown)


@dataclass
class Selection:
    """Which files `check` reads: include/exclude globs (scanner.sources.pathmatch's dialect) on the
    display path, default folder excludes, and optionally what git ignores."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = False
    prune: tuple[str, ...] = DEFAULT_EXCLUDES
    _ignores: dict[str, GitIgnore | None] = field(default_factory=dict)

    def selected(self, shown: str) -> bool:
        if self.include and not matcher(self.include).match(shown):
            return False
        return not matcher(self.exclude).match(shown)

    def ignored(self, local: str) -> bool:
        if not self.gitignore:
            return False
        folder = os.path.dirname(os.path.abspath(local))
        if folder not in self._ignores:
            root = git_root(Path(folder))
            self._ignores[folder] = next(
                (g for g in self._ignores.values() if g is not None and g.root == root), None
            ) or (GitIgnore(root) if root is not None else None)
        ignore = self._ignores[folder]
        return ignore is not None and ignore.ignored(local)


def _git(args: list[str]) -> str:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise _config_error("--changed-since needs git, which is not installed") from exc
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout


def changed_since(rev: str) -> set[str]:
    """Display paths of files changed since ``rev``: committed (``rev...HEAD``), staged,
    modified or untracked in the work tree; deleted files are left out."""
    try:
        top = _git(["rev-parse", "--show-toplevel"]).strip()
    except subprocess.CalledProcessError as exc:
        raise _config_error(
            "--changed-since needs a git work tree, and the current folder is not inside one"
        ) from exc
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"])
    except subprocess.CalledProcessError as exc:
        raise _config_error(f"--changed-since: unknown git revision {rev!r}") from exc
    names: list[str] = []
    for args in (
        ["diff", "--name-only", "-z", "--diff-filter=d", f"{rev}...HEAD"],
        ["diff", "--name-only", "-z", "--diff-filter=d", "HEAD"],
        ["ls-files", "-z", "--full-name", "--others", "--exclude-standard"],
    ):
        try:
            names.extend(n for n in _git(["-C", top, *args]).split("\0") if n)
        except subprocess.CalledProcessError as exc:
            raise _config_error(f"--changed-since: git {args[0]} failed: {exc.stderr}") from exc
    return {
        display_path(os.path.join(top, n)) for n in names if os.path.isfile(os.path.join(top, n))
    }


def spool_stdin(stream: io.BufferedIOBase) -> tuple[str, int]:
    """Copy stdin to a private temporary file in chunks; returns its path and size."""
    fd, tmp = tempfile.mkstemp(prefix="piimap-stdin-", suffix=".log")
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while block := stream.read(_STDIN_CHUNK):
                out.write(block)
                size += len(block)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp, size


# --------------------------------------------------------------------------- scanning


class _GateContext(ScanContext):
    """A ScanContext that knows per-path source kinds the policy cannot derive (stdin)."""

    def __init__(self, config: ScanConfig, kinds: dict[str, str]) -> None:
        super().__init__(config)
        self._kinds = kinds

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

    def add(self, findings: list[Finding], keep_declared: bool) -> None:
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
        raise _config_error("`-` reads stdin, which this command cannot use here")
    run = ScanRun()
    ctx = _GateContext(config, {STDIN_PATH: STDIN_SOURCE_KIND})
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


def _line_files(run: ScanRun) -> list[tuple[str, str]]:
    """(display path, local uri) of plain-text files that have findings."""
    types = {r.path: r.file_type for r in run.records}
    with_findings = sorted({f.path for f in run.findings})
    return [
        (p, run.uris[p]) for p in with_findings if p in run.uris and types.get(p) in LINE_FILE_TYPES
    ]


def _context_lines(run: ScanRun, allowlist: Allowlist | None) -> dict[tuple[str, int], str]:
    if allowlist is None or not allowlist.needs_context or run.context is None:
        return {}
    raw: dict[tuple[str, int], str] = {}
    for path, uri in _line_files(run):
        wanted = {f.line for f in run.findings if f.path == path}
        try:
            lines = read_lines(uri, wanted)
        except OSError:
            continue
        raw.update({(path, n): t for n, t in lines.items()})
    # Mask everything a recognizer finds, so a regex only ever sees masked text.
    return {k: run.context.redact(t[:_MAX_CONTEXT_CHARS]) for k, t in raw.items()}


def _inline_index(run: ScanRun) -> InlineIndex:
    types = {r.path: r.file_type for r in run.records}
    return build_inline_index(
        (p, uri) for p, uri in _line_files(run) if types.get(p) in INLINE_FILE_TYPES
    )


# --------------------------------------------------------------------------- options


def _scan_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--policy",
            "policy_path",
            type=click.Path(path_type=Path),
            default=None,
            show_default="`policy` in .piimap.yaml, else configs/policies/esign-sg.yaml",
            help="Policy YAML the findings are classified against.",
        ),
        click.option(
            "--source-kind",
            default=None,
            help="Treat every input as this source kind (default: the policy's path rules; "
            "`logs` for stdin).",
        ),
        click.option(
            "--profile",
            default=None,
            show_default="`profile` in .piimap.yaml, else logs",
            help="Detection profile from configs/profiles.yaml.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Worker processes (more helps for many or large files).",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def load_project_settings(config_path: Path | None, no_config: bool = False) -> Settings:
    """The settings of ``--config FILE``, else of the discovered .piimap.yaml, else none."""
    if no_config:
        return Settings()
    path = config_path if config_path is not None else find_settings()
    if path is None:
        return Settings()
    if not path.is_file():
        raise _config_error(f"{path}: no such file")
    try:
        return load_settings(path)
    except SettingsError as exc:
        raise _config_error(str(exc)) from exc


def _prepare(
    profile: str | None,
    policy_path: Path | None,
    source_kind: str | None,
    reveal: bool,
    settings: Settings | None = None,
    key_expected: bool = False,
    may_create_key: bool = False,
) -> ScanConfig:
    """Check the options and the hash key. `check` creates a key only when none was named and
    none is expected (no baseline to match); otherwise a missing key is an error, never a new
    key. `baseline create` sets up a repository, like a first scan, so it may create one."""
    from scanner.cli.main import _check_profile_and_policy, prepare_hash_key, refuse_reveal_in_ci

    settings = settings if settings is not None else load_project_settings(None)
    profile = profile or settings.profile or "logs"
    policy_path = policy_path or settings.policy or DEFAULT_POLICY_PATH
    refuse_reveal_in_ci(reveal)
    _check_profile_and_policy(profile, policy_path, source_kind)
    prepare_hash_key(create=may_create_key or (not key_expected and not key_file_named()))
    return ScanConfig(
        run_id=new_run_id(),
        profile=profile,
        policy_path=policy_path,
        source_kind=source_kind,
        reveal=reveal,
    )


def load_allowlist_option(config_path: Path | None) -> Allowlist | None:
    """The allowlist `check` and `baseline create/update/audit` all read (one suppression
    model: a baseline never absorbs what the allowlist decides): ``--config FILE``, else the
    discovered .piimap.yaml."""
    return _allowlist_of(load_project_settings(config_path))


def _allowlist_of(settings: Settings) -> Allowlist | None:
    if settings.path is None:
        return None
    try:
        return load_allowlist(settings.path, KNOWN_ENTITY_TYPES, SETTING_KEYS)
    except AllowlistError as exc:
        raise _config_error(str(exc)) from exc


def today() -> dt.date:
    """The gate's date for allowlist expiry (one place, so tests can freeze it)."""
    return dt.date.today()


def _write_report(fmt: str, result: GateResult, meta: ReportMeta, output: Path | None) -> None:
    writer = get_writer(fmt)
    if output is None:
        buffer = io.StringIO()
        writer(buffer, result, meta)
        click.echo(buffer.getvalue(), nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(output)
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            writer(fh, result, meta)
        commit(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _load_baseline_checked(path: Path) -> Baseline:
    try:
        baseline = load_baseline(path)
    except BaselineError as exc:
        raise _config_error(str(exc)) from exc
    current = key_id(load_hash_key(create=False))
    if baseline.hash_key_id and baseline.hash_key_id != current:
        raise _config_error(
            f"{path} was made with hash key {baseline.hash_key_id}, but the current key is "
            f"{current}; every value hash differs, so the baseline would match nothing. Use "
            "the same PIIMAP_HASH_KEY, or recreate the baseline with `piimap baseline create`."
        )
    return baseline


# --------------------------------------------------------------------------- check


@click.command("check")
@click.argument("paths", nargs=-1, required=True)
@_scan_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format: text, json, sarif (GitHub code scanning) or github (annotations).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to FILE (atomically, after the scan) instead of stdout.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Baseline from `piimap baseline create`: findings in it are not reported.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings and allowlist file (default: .piimap.yaml in the current folder or the git "
    "root; see `piimap init`). Options on the command line win over its settings.",
)
@click.option("--no-config", is_flag=True, help="Read no .piimap.yaml.")
@click.option(
    "--include",
    multiple=True,
    help="Only paths matching this glob (gitignore dialect; repeatable; replaces `include`).",
)
@click.option(
    "--exclude",
    multiple=True,
    help="Skip paths matching this glob (repeatable; replaces `exclude`). .git/, .venv/ and "
    "node_modules/ are always skipped inside folders.",
)
@click.option("--no-gitignore", is_flag=True, help="Also read files that .gitignore ignores.")
@click.option(
    "--fail-on",
    type=click.Choice([f.value for f in FailOn]),
    default=None,
    show_default="`fail_on` in .piimap.yaml, else undeclared",
    help="undeclared: fail on findings the policy does not declare; declared: fail on any "
    "finding; never: report only.",
)
@click.option(
    "--changed-since",
    "changed_rev",
    default=None,
    metavar="REV",
    help="Only files changed since the git revision REV (committed, staged, modified or "
    "untracked).",
)
@click.option(
    "--reveal",
    is_flag=True,
    help="Show raw values in text/json output (never in sarif/github). Refused when CI is set.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Exit 0 when the PATHs hold no file at all (default: a warning and exit 2; with "
    "--changed-since no changed file is always fine).",
)
def check(
    paths: tuple[str, ...],
    policy_path: Path,
    source_kind: str | None,
    profile: str,
    workers: int,
    fmt: str,
    output: Path | None,
    baseline_path: Path | None,
    config_path: Path | None,
    no_config: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    no_gitignore: bool,
    fail_on: str | None,
    changed_rev: str | None,
    reveal: bool,
    allow_empty: bool,
) -> None:
    """CI gate: fail when PATHs hold personal data the policy does not declare for them.

    PATH is a file, a folder, a glob (quoted, `**` allowed) or `-` to read a log from stdin
    (e.g. `pytest 2>&1 | piimap check -`). Findings listed in the baseline, matched by a live
    allowlist entry, or marked in a comment on the same or the previous line with
    `# piimap:allow ENTITY_TYPE reason` (one value per marker) are not reported. Reports
    carry masked values and keyed hashes only.

    \b
    Exit codes:
      0  nothing to report
      1  findings to report (per --fail-on)
      2  usage or configuration error, a file could not be read (read errors win over
         findings, because a gate that cannot read a file cannot vouch for it), or the PATHs
         hold no file at all (unless --allow-empty)
    """
    settings = load_project_settings(config_path, no_config)
    config = _prepare(
        profile, policy_path, source_kind, reveal, settings,
        key_expected=(baseline_path or settings.baseline) is not None,
    )  # fmt: skip
    fail_on = fail_on or settings.fail_on or FailOn.UNDECLARED.value
    baseline_path = baseline_path or settings.baseline
    selection = Selection(
        include=include or settings.include,
        exclude=exclude or settings.exclude,
        gitignore=settings.gitignore and not no_gitignore,
    )
    allowlist = _allowlist_of(settings)
    baseline = _load_baseline_checked(baseline_path) if baseline_path is not None else None
    changed = changed_since(changed_rev) if changed_rev else None

    run = run_inputs(
        paths,
        config,
        workers=workers,
        changed=changed,
        stdin=getattr(sys.stdin, "buffer", None) if STDIN_ARG in paths else None,
        keep_declared=FailOn(fail_on) is FailOn.DECLARED,
        selection=selection,
    )
    if not run.records and changed is None and not allow_empty:
        run.cleanup()
        click.echo(
            "piimap: warning: the PATHs hold no file at all, so nothing was checked; add "
            "--allow-empty if that is expected",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    try:
        assert run.context is not None
        result = evaluate(
            run.findings,
            today=today(),
            fail_on=FailOn(fail_on),
            policy=run.context.policy,
            baseline=baseline,
            allowlist=allowlist,
            inline=_inline_index(run),
            context_lines=_context_lines(run, allowlist),
            errors=run.errors,
            files_scanned=run.files_scanned,
        )
        if run.declared_dropped:
            result = replace(
                result,
                findings_total=result.findings_total + run.declared_dropped,
                declared_total=result.declared_total + run.declared_dropped,
            )
    finally:
        run.cleanup()
    columns = {}
    if fmt == "sarif" and run.context is not None:
        from scanner.gate.columns import find_columns

        columns = find_columns(
            run.context, (item.finding for item in result.items), dict(_line_files(run))
        )
    meta = ReportMeta(tool_version=__version__, revealed=reveal, columns=columns)
    _write_report(fmt, result, meta, output)
    if output is not None or fmt != "text":
        for err in result.errors:
            click.echo(
                f"piimap: cannot read {escape_controls(err.path)}: {escape_controls(err.reason)}",
                err=True,
            )
        click.echo(
            f"piimap: {len(result.items)} finding(s) reported, {len(result.suppressed)} "
            f"suppressed, {len(result.errors)} read error(s); exit {result.exit_code}",
            err=True,
        )
    sys.exit(result.exit_code)


# --------------------------------------------------------------------------- baseline


@click.group("baseline")
def baseline() -> None:
    """Record the findings you know about, so `piimap check --baseline` fails only on new ones.

    Entries are keyed by (entity type, value hash, path): moving lines does not make a finding
    new, a new value does. The file holds no line numbers, raw values or timestamps.
    """


def _scan_for_baseline(
    paths: tuple[str, ...],
    policy_path: Path,
    source_kind: str | None,
    profile: str,
    workers: int,
    include_declared: bool,
    settings: Settings,
    creating: bool = True,
) -> Baseline:
    """Scan for a baseline with the settings and allowlist `check` reads (``--config FILE``,
    else the discovered .piimap.yaml): allowlisted findings are left to the allowlist."""
    allowlist = _allowlist_of(settings)
    config = _prepare(
        profile, policy_path, source_kind, reveal=False, settings=settings,
        key_expected=not creating, may_create_key=creating,
    )  # fmt: skip
    selection = Selection(settings.include, settings.exclude, settings.gitignore)
    run = run_inputs(paths, config, workers=workers, selection=selection)
    assert run.context is not None
    if run.errors:
        for err in run.errors:
            click.echo(
                f"piimap: cannot read {escape_controls(err.path)}: {escape_controls(err.reason)}",
                err=True,
            )
        click.echo("piimap: baseline not written: some files could not be read", err=True)
        sys.exit(EXIT_USAGE)
    findings = [f for f in run.findings if include_declared or not f.declared]
    if allowlist is not None:
        context = _context_lines(run, allowlist)
        findings = [
            f
            for f in findings
            if not any(e.matches(f, context.get((f.path, f.line))) for e in allowlist.entries)
        ]
    return baseline_from_findings(
        findings,
        policy=run.context.policy.id,
        generated_by=f"piimap {__version__}",
        hash_key_id=key_id(run.context.key),
    )


_out_option = click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(DEFAULT_BASELINE_PATH),
    show_default=True,
    help="Baseline file to write.",
)
_config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The allowlist config `check` uses (e.g. .piimap.yaml): findings it matches are left "
    "to it (never recorded in the baseline), so its expiry dates still fail the gate.",
)
_declared_option = click.option(
    "--include-declared",
    is_flag=True,
    help="Also record declared findings (for use with `check --fail-on declared`).",
)


@baseline.command("create")
@click.argument("paths", nargs=-1, required=True)
@_out_option
@_scan_options
@_declared_option
@_config_option
@click.option("--force", is_flag=True, help="Overwrite an existing baseline (drops audit marks).")
def baseline_create(
    paths: tuple[str, ...],
    out_path: Path,
    policy_path: Path,
    source_kind: str | None,
    profile: str,
    workers: int,
    include_declared: bool,
    config_path: Path | None,
    force: bool,
) -> None:
    """Scan PATHs and write a new baseline of their (undeclared) findings."""
    if out_path.exists() and not force:
        raise _config_error(
            f"{out_path} exists; use `piimap baseline update` to keep its audit marks, "
            "or --force to overwrite it"
        )
    settings = load_project_settings(config_path)
    new = _scan_for_baseline(
        paths, policy_path, source_kind, profile, workers, include_declared, settings
    )
    save_baseline(new, out_path)
    click.echo(f"wrote {len(new.entries)} entries to {out_path}")


@baseline.command("update")
@click.argument("paths", nargs=-1, required=True)
@_out_option
@_scan_options
@_declared_option
@_config_option
def baseline_update(
    paths: tuple[str, ...],
    out_path: Path,
    policy_path: Path,
    source_kind: str | None,
    profile: str,
    workers: int,
    include_declared: bool,
    config_path: Path | None,
) -> None:
    """Rescan PATHs: add new findings, drop vanished ones, keep audit marks of the rest."""
    try:
        old = load_baseline(out_path)
    except BaselineError as exc:
        raise _config_error(str(exc)) from exc
    settings = load_project_settings(config_path)
    new = _scan_for_baseline(
        paths, policy_path, source_kind, profile, workers, include_declared, settings,
        creating=False,
    )  # fmt: skip
    merged = update_baseline(old, new)
    save_baseline(merged, out_path)
    before = {e.key for e in old.entries}
    after = {e.key for e in merged.entries}
    click.echo(
        f"updated {out_path}: {len(after - before)} added, {len(before - after)} removed, "
        f"{len(after & before)} kept"
    )


@baseline.command("audit")
@click.argument(
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(DEFAULT_BASELINE_PATH),
    required=False,
)
@click.option("--hash", "hash_prefix", default=None, help="Value hash (or a unique prefix).")
@click.option("--status", type=click.Choice(AUDIT_STATUSES), default=None)
@click.option("--by", "by", default=None, help="Who decided (name or handle).")
@click.option("--reason", default=None, help="Why; kept in the baseline for reviewers.")
@click.option("--path", "only_path", default=None, help="Only the entry for this path.")
@_config_option
def baseline_audit(
    file: Path,
    hash_prefix: str | None,
    status: str | None,
    by: str | None,
    reason: str | None,
    only_path: str | None,
    config_path: Path | None,
) -> None:
    """Mark an entry (--hash, --status, --by, --reason), or list the entries whose allowlist
    reason expired (--config .piimap.yaml; exit 1 when there are any: they fail `check`)."""
    if hash_prefix is None:
        if config_path is None:
            raise _config_error(
                "give --hash with --status/--by/--reason to mark an entry, or --config to "
                "list entries whose allowlist reason expired"
            )
        _list_expired(file, load_allowlist_option(config_path))
        return
    if status is None or by is None or reason is None:
        raise _config_error("marking an entry needs --status, --by and --reason")
    try:
        current = load_baseline(file)
        marked, count = audit_baseline(
            current, hash_prefix, status=status, by=by, reason=reason, path=only_path
        )
    except BaselineError as exc:
        raise _config_error(str(exc)) from exc
    save_baseline(marked, file)
    click.echo(f"marked {count} entr{'y' if count == 1 else 'ies'} as {status} in {file}")


def _list_expired(file: Path, allowlist: Allowlist | None) -> None:
    try:
        current = load_baseline(file)
    except BaselineError as exc:
        raise _config_error(str(exc)) from exc
    assert allowlist is not None
    hits = expired_allowlist_entries(current, allowlist, today())
    for entry, allow in hits:
        click.echo(
            f"{entry.path}  {entry.entity_type} {entry.masked_value}  {entry.value_hash[:12]}  "
            f"allowlist {allowlist.path}:{allow.line} expired {allow.expires}: {allow.reason}"
        )
    click.echo(
        f"{len(hits)} baseline entr{'y' if len(hits) == 1 else 'ies'} whose allowlist reason "
        f"expired in {file}" + ("; `piimap check` reports them" if hits else "")
    )
    sys.exit(EXIT_FINDINGS if hits else EXIT_OK)


__all__ = [
    "baseline",
    "changed_since",
    "check",
    "display_path",
    "expand_inputs",
    "run_inputs",
]
