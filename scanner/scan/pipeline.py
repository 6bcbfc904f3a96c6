"""The scan pipeline: list sources, scan each file (extract -> detect -> classify -> protect).

No click and no printing here: the CLI (and the Spark engine) call ``ScanContext.scan_file`` and
``run_scan`` and decide what to show. A ``ScanContext`` is built once per process, because
building the recognizers and loading spaCy is the expensive part.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import itertools
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from scanner import __version__
from scanner.detect.profiles import DEFAULT_PROFILES_PATH, load_profiles
from scanner.exit_codes import EXIT_OK, EXIT_PARTIAL, INCOMPLETE_STATUSES
from scanner.extract import ExtractError, Limits, UnsupportedFile, extract, sniff_file_type
from scanner.extract.errors import PartialExtract
from scanner.extract.ocr import ocr_session
from scanner.inventory import FindingsFormat, findings_writer
from scanner.inventory.parquet import write_files_parquet
from scanner.inventory.summary import SummaryBuilder, write_summary
from scanner.model import Detection, FileRecord, Finding, FindingColumns, Segment
from scanner.policy.model import DEFAULT_POLICY_PATH, Classification, Policy, load_policy
from scanner.protect.hashing import key_id, load_hash_key, value_hash
from scanner.protect.masking import mask_value
from scanner.protect.namemask import Span, mask_identifiers, mask_log_messages
from scanner.scan.journal import SCHEMA_VERSION, ManifestEntry, RunState
from scanner.sources import (
    SourceError,
    SourceFile,
    SourceReadError,
    changed_since_listing,
    iter_source,
    open_source_file,
)
from scanner.sources.path_root import scan_root_summary, scan_rule_path
from scanner.unicode_safe import escape_surrogates

if TYPE_CHECKING:  # imported where used: an unchanged incremental re-scan never loads them
    import pyarrow as pa
    from presidio_analyzer import EntityRecognizer

    from recognizers.rules.base import Rule
    from scanner.detect.detector import Detector

log = logging.getLogger(__name__)

SNIFF_BYTES = 8192
# Cheap test before running the recognizers over a file name: the shapes of the identifiers
# piimap masks in names (7+ digit runs, 4-4 digit groups, UEN format C, dotted quads, MACs, @).
_PATH_MAY_HOLD_ID = re.compile(
    r"\d{7}|@|\d{4}[ -]\d{4}|[RST]\d\d[A-Z]{2}\d{4}|\d{1,3}(?:\.\d{1,3}){3}"
    r"|[0-9A-F]{2}(?::[0-9A-F]{2}){5}",
    re.IGNORECASE,
)
PROTECT_CACHE_SIZE = 50_000  # entries; keeps the memo to a few MB
# One line that reaches every lazily loaded part of detection (ScanContext.warm_up); made up.
_WARM_UP_TEXT = (
    "Signed by Tan Wei Ming of Acme Pte. Ltd., tan@example.com, +65 9123 4567 from 10.0.0.1; "
    'document sent to Maria Gonzalez, signer="Maria Gonzalez".'
)
# `scheme://host[:port]` in a connection error: where the infrastructure is, never personal data.
_INFRA_ADDRESS = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s'\"@?#]+", re.IGNORECASE)
WRITE_BATCH_ROWS = 65_536  # findings handed to the writers at a time
CARRY_CHUNK_FILES = 2_000  # --incremental: listed files compared with the baseline at a time


@dataclass(frozen=True)
class ScanConfig:
    """Everything a worker needs to scan a file; picklable."""

    run_id: str
    profile: str = "auto"
    policy_path: Path = DEFAULT_POLICY_PATH
    profiles_path: Path = DEFAULT_PROFILES_PATH
    source_kind: str | None = None
    reveal: bool = False
    limits: Limits = field(default_factory=Limits)
    recognizers_yaml: Path | None = None
    ocr: str = "auto"  # auto | off | always (scanner.extract.ocr)


@dataclass
class FileResult:
    """A scanned file: its record and its findings (``FindingColumns`` from ``scan_file``, a
    plain list elsewhere; both are sequences of ``Finding``)."""

    record: FileRecord
    findings: Sequence[Finding]


@dataclass
class JournaledResult:
    """A file read back from the journal (resumed and incremental runs): its findings are a
    lazy read, consumed once by ``write_run`` so a file's findings are never all in memory."""

    record: FileRecord
    findings: Iterator[Finding]


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


class _HashingReader(io.RawIOBase):
    """Hashes bytes as they stream past, in file order.

    Re-reading bytes already hashed (the rewind after sniffing a file's head) is fine; only a
    jump past the hashed prefix makes the digest unusable (``hexdigest()`` is then None and the
    caller hashes the file in a second pass). ``bytes_read`` is the furthest position read.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._sha = hashlib.sha256()
        self.sequential = True
        self._position = 0
        self._hashed = 0
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(b))
        n = len(data)
        b[:n] = data
        start, end = self._position, self._position + n
        if self.sequential:
            if start <= self._hashed < end:
                self._sha.update(memoryview(data)[self._hashed - start :])
                self._hashed = end
            elif start > self._hashed:
                self.sequential = False
        self._position = end
        self.bytes_read = max(self.bytes_read, end)
        return n

    def seekable(self) -> bool:
        return bool(getattr(self._raw, "seekable", lambda: False)())

    def seek(self, offset: int, whence: int = 0) -> int:
        self._position = self._raw.seek(offset, whence)
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()

    def hexdigest(self) -> str | None:
        if not self.sequential or self._hashed != self.bytes_read:
            return None
        return self._sha.hexdigest()


def _sha256_of(f: SourceFile) -> str:
    sha = hashlib.sha256()
    with open_source_file(f) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _load_policy_once(path: Path) -> Policy:
    """``load_policy``, parsed once per process for an unchanged file: the CLI's check,
    ``pick_baseline_run`` and ``run_scan`` each build a context, and parsing the YAML is a
    visible share of an unchanged ``--incremental`` re-scan."""
    try:
        stat = Path(path).stat()
    except OSError:
        return load_policy(path)  # says what is wrong with the path
    return _cached_policy(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _cached_policy(path: str, mtime_ns: int, size: int) -> Policy:
    return load_policy(path)


class ScanContext:
    """Per-process state: recognizers, detector, policy and hash key."""

    def __init__(self, config: ScanConfig) -> None:
        self.config = config
        self.policy: Policy = _load_policy_once(config.policy_path)
        self._profiles = load_profiles(config.profiles_path)
        self._profiles[config.profile]  # an unknown profile fails here, before any file
        self._detector: Detector | None = None
        self.key = load_hash_key()
        self._classes: dict[tuple[str, str], Classification] = {}
        self._protected: dict[tuple[str, str], tuple[str, str]] = {}
        # (entity type, value) -> (keyed hash, masked value fit for output), for scan_file
        self._output_values: dict[tuple[str, str], tuple[str, str]] = {}
        self._paths: dict[str, str] = {}
        mask_log_messages(self.redact)

    @property
    def detector(self) -> Detector:
        """Built on first use: an incremental re-scan of an unchanged tree never needs it."""
        if self._detector is None:
            from recognizers.rules import default_rules
            from scanner.detect.detector import Detector, load_spacy_ner

            # piimap's rules run without Presidio; only a user's YAML recognizers need it.
            recs: Sequence[Rule | EntityRecognizer] = default_rules()
            if self.config.recognizers_yaml:
                from recognizers import load_recognizers_yaml

                recs = [*recs, *load_recognizers_yaml(self.config.recognizers_yaml)]
            profile = self._profiles[self.config.profile]
            self._detector = Detector(
                profile, recs, sub_profiles=self._profiles, nlp_loader=load_spacy_ner
            )
        return self._detector

    def warm_up(self) -> None:
        """Load now what detection loads lazily on first use: the spaCy model a profile needs
        (``Detector.warm_up``), and, by one detection of a sample per segment kind, the
        recognizers' own dictionaries (the log-name recognizer's first names: about a second;
        the public-suffix list). Done before forking workers, which then inherit them."""
        self.detector.warm_up()
        for kind in ("prose", "log"):
            self.detector.detect_segment(Segment(text=_WARM_UP_TEXT, path="warm-up", kind=kind))

    def classify(self, entity_type: str, source_kind: str) -> Classification:
        k = (entity_type, source_kind)
        if k not in self._classes:
            self._classes[k] = self.policy.classify(entity_type, source_kind)
        return self._classes[k]

    def source_kind(self, path: str, source: str = "") -> str:
        """The policy's kind for a file, matched on the canonical path
        (``scanner.sources.path_root``)."""
        if self.config.source_kind:
            return self.config.source_kind
        return self.policy.source_kind_for(scan_rule_path(source, path))

    def protected_value(self, entity_type: str, value: str) -> tuple[str, str]:
        """(keyed hash, masked form) of a value; memoised, since logs repeat values a lot."""
        key = (entity_type, value)
        cached = self._protected.get(key)
        if cached is None:
            if len(self._protected) >= PROTECT_CACHE_SIZE:
                self._protected.clear()  # bounded memory; in-process only, never written
            cached = (value_hash(self.key, entity_type, value), mask_value(entity_type, value))
            self._protected[key] = cached
        return cached

    def display_path(self, path: str) -> str:
        """The path as written to outputs: identifiers in file names are masked.

        `contracts/S8412345E.pdf` becomes `contracts/S****345E~3fa9c1.pdf`: the mask plus six hex
        of the value's keyed hash, so two names that mask alike stay apart and the same file gets
        the same display path in every run (baselines, locate and incremental scans key on it).
        """
        cached = self._paths.get(path)
        if cached is None:
            cached = escape_surrogates(path)  # a non-UTF-8 name is shown as caf\xe9.log
            if _PATH_MAY_HOLD_ID.search(path):

                def tagged(s: Span) -> str:
                    tag = value_hash(self.key, s.entity_type, s.value)[:6]
                    return f"{mask_value(s.entity_type, s.value)}~{tag}".replace("/", "_")

                cached = mask_identifiers(path, self._spans, tagged)
            if len(self._paths) >= PROTECT_CACHE_SIZE:
                self._paths.clear()
            self._paths[path] = cached
        return cached

    def protect(self, d: Detection, f: SourceFile, file_type: str, kind: str) -> Finding:
        c = self.classify(d.entity_type, kind)
        hashed, masked = self.protected_value(d.entity_type, d.value)
        return Finding(
            run_id=self.config.run_id,
            source=self.display_path(f.source),
            path=self.display_path(d.path),
            source_kind=kind,
            file_type=file_type,
            entity_type=d.entity_type,
            category=c.category,
            declared=c.declared,
            score=d.score,
            recognizer=d.recognizer,
            start=d.start,
            end=d.end,
            line=d.line,
            page=d.page,
            field=escape_surrogates(d.field) if d.field else d.field,
            value_hash=hashed,
            masked_value=escape_surrogates(masked),
            value=d.value if self.config.reveal else None,
        )

    def _protect_into(
        self, out: FindingColumns, detections: Iterable[Detection], kind: str, cap: int
    ) -> int:
        """Classify and protect ``detections`` into ``out``'s columns (what ``protect`` does
        per finding, without a ``Finding`` per hit); returns how many were past ``cap``.

        Hash and mask are memoised per (entity type, value), already escaped for output; the
        classification per entity type; the display path per distinct path."""
        cols = out.lists
        add_path, add_entity = cols["path"].append, cols["entity_type"].append
        add_category, add_declared = cols["category"].append, cols["declared"].append
        add_score, add_recognizer = cols["score"].append, cols["recognizer"].append
        add_start, add_end, add_line = cols["start"].append, cols["end"].append, cols["line"].append
        add_page, add_field = cols["page"].append, cols["field"].append
        add_hash, add_masked = cols["value_hash"].append, cols["masked_value"].append
        add_value = cols["value"].append
        reveal = self.config.reveal
        memo = self._output_values
        classes: dict[str, Classification] = {}
        last_path, shown_path = None, ""
        n = len(out)
        past_cap = 0
        for d in detections:
            if cap and n >= cap:
                past_cap += 1  # counted, not kept: memory stays bounded
                continue
            n += 1
            entity = d.entity_type
            c = classes.get(entity)
            if c is None:
                c = classes[entity] = self.classify(entity, kind)
            protected = memo.get((entity, d.value))
            if protected is None:  # (protected_value's memo is not filled too: one copy)
                hashed = value_hash(self.key, entity, d.value)
                masked = escape_surrogates(mask_value(entity, d.value))
                if len(memo) >= PROTECT_CACHE_SIZE:
                    memo.clear()  # bounded memory; in-process only, never written
                protected = memo[(entity, d.value)] = (hashed, masked)
            if d.path is not last_path:
                last_path, shown_path = d.path, self.display_path(d.path)
            field = escape_surrogates(d.field) if d.field else d.field
            add_path(shown_path)  # every column grows by one below, nothing can raise there
            add_entity(entity)
            add_category(c.category)
            add_declared(c.declared)
            add_score(d.score)
            add_recognizer(d.recognizer)
            add_start(d.start)
            add_end(d.end)
            add_line(d.line)
            add_page(d.page)
            add_field(field)
            add_hash(protected[0])
            add_masked(protected[1])
            add_value(d.value if reveal else None)
        return past_cap

    def _spans(self, text: str) -> list[Span]:
        found = self.detector.detect_segment(Segment(text=text, path="", kind="log"))
        return [Span(d.start, d.end, d.entity_type, d.value) for d in found]

    def redact(self, text: str, keep_addresses: bool = False) -> str:
        """Mask anything a recognizer finds in a message (error reasons can quote file content
        and file names), the same way as in paths (``scanner.protect.namemask``), without the tag.

        With ``keep_addresses`` (a whole source could not be listed: the message is about the
        infrastructure, not a file's content) endpoint addresses (``http://127.0.0.1:5599``)
        stay readable, so a wrong port or host can be seen and fixed.
        """
        kept = [m.span() for m in _INFRA_ADDRESS.finditer(text)] if keep_addresses else []

        def spans(t: str) -> list[Span]:
            found = self._spans(t)  # t is text or a same-length variant of it
            if not kept:
                return found
            return [s for s in found if not any(a <= s.start and s.end <= b for a, b in kept)]

        return mask_identifiers(text, spans, lambda s: mask_value(s.entity_type, s.value))

    def scan_file(self, f: SourceFile) -> FileResult:
        kind = self.source_kind(f.path, f.source)
        record = FileRecord(
            path=self.display_path(f.path),
            size=f.size,
            source_kind=kind,
            mtime=f.mtime,
            source=self.display_path(f.source),
        )
        findings = FindingColumns(self.config.run_id, record.source, kind, "")
        reader: _HashingReader | None = None
        try:
            raw = open_source_file(f)
            reader = _HashingReader(raw)
            stream = io.BufferedReader(reader, buffer_size=1 << 20)
            head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
            record.file_type = findings.constants["file_type"] = sniff_file_type(f.path, head)
            cap = self.config.limits.max_findings_per_file
            from scanner.detect.ocr_detect import detect_segments

            with ocr_session(self.config.ocr) as ocr:
                segments = extract(f.path, stream, limits=self.config.limits)
                detections = detect_segments(self.detector, segments)
                past_cap = self._protect_into(findings, detections, kind, cap)
            notes = [ocr.note(), capped_reason(cap, past_cap) if past_cap else None]
            record.reason = "; ".join(filter(None, notes))  # "" when clean, as FileRecord says
        except PartialExtract as exc:
            note = "; ".join(filter(None, [str(exc), ocr.note()]))
            record.status, record.reason = "partial", self.redact(note)
        except UnsupportedFile as exc:
            record.status, record.reason = "skipped", self.redact(str(exc))
        except (ExtractError, SourceReadError) as exc:
            record.status, record.reason = "error", self.redact(str(exc))
        except (OSError, ValueError, RuntimeError, MemoryError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            record.status, record.reason = "error", self.redact(reason)
        finally:
            if reader is not None:
                reader.close()
        if reader is not None and record.status in ("scanned", "partial"):
            changed = changed_since_listing(f)
            if changed:  # what was read is kept; a rescan picks up the rest
                record.status, record.reason = "error", changed + "; rescan it"
        if reader is not None and record.status != "skipped":
            record.size = max(record.size or 0, reader.bytes_read) if not f.size else f.size
            digest = reader.hexdigest()
            if digest is None or reader.bytes_read < (f.size or 0):
                try:
                    digest = _sha256_of(f)
                except (OSError, SourceReadError):
                    digest = ""
            record.sha256 = digest or ""
        record.findings = len(findings)
        return FileResult(record, findings)


def batched(items: Iterable[Finding], size: int) -> Iterator[list[Finding]]:
    """Lists of at most ``size`` findings (itertools.batched is Python 3.12+)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def capped_reason(cap: int, more: int) -> str:
    """files.parquet's note for a file whose findings reached ``Limits.max_findings_per_file``:
    the file is scanned to the end, findings past the cap are counted but not recorded."""
    return (
        f"findings capped at {cap} per file (Limits.max_findings_per_file): "
        f"{more} more found and not recorded"
    )


# -- process pool plumbing --------------------------------------------------------------
_WORKER_CONTEXT: ScanContext | None = None
# The parent's context while its pool runs: a forked worker takes its detector (recognizers
# built, spaCy loaded by ``warm_up``, copy-on-write) instead of building and loading its own.
_FORK_CONTEXT: ScanContext | None = None


def _init_worker(config: ScanConfig, context_type: type[ScanContext] = ScanContext) -> None:
    """``context_type`` is the parent's (``check`` uses ``GateContext``, whose path rules see
    paths relative to the git work tree): a worker classifies a file as the parent would."""
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context_type(config)
    parent = _FORK_CONTEXT  # None in a spawned or forkserver worker: it builds its own
    if parent is not None and parent.config == config:
        _WORKER_CONTEXT._detector = parent._detector


def _scan_in_worker(f: SourceFile) -> FileResult:
    assert _WORKER_CONTEXT is not None
    return _WORKER_CONTEXT.scan_file(f)


def list_sources(
    sources: Sequence[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    storage_options: dict[str, Any] | None = None,
) -> Iterator[SourceFile | SourceError]:
    for source in sources:
        yield from iter_source(source, include, exclude, storage_options)


def scan_files(
    items: Iterable[SourceFile | SourceError],
    config: ScanConfig,
    *,
    workers: int = 1,
    context: ScanContext | None = None,
) -> Iterator[FileResult]:
    """Scan files in order (results come back in listing order, so output is deterministic)."""

    def listing() -> Iterator[SourceFile | SourceError]:
        yield from items

    if workers <= 1:
        ctx = context or ScanContext(config)
        for item in listing():
            if isinstance(item, SourceError):
                yield _error_result(item, ctx)
            else:
                yield ctx.scan_file(item)
        return

    ctx = context or ScanContext(config)  # also validates config before forking
    listed = iter(listing())
    first = next(listed, None)
    if first is None:  # nothing to scan (an unchanged --incremental re-scan): no worker at all
        return
    listed = itertools.chain([first], listed)
    # Imported before forking, so the workers share the imported modules instead of each
    # importing Presidio and spaCy again.
    import scanner.detect.detector  # noqa: F401
    import scanner.detect.ocr_detect  # noqa: F401

    global _FORK_CONTEXT
    ctx.warm_up()  # built and loaded once here, inherited by every forked worker
    _FORK_CONTEXT = ctx
    try:
        yield from _pooled(listed, ctx, config, workers)
    finally:
        _FORK_CONTEXT = None


def _pooled(
    listed: Iterator[SourceFile | SourceError], ctx: ScanContext, config: ScanConfig, workers: int
) -> Iterator[FileResult]:
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(config, type(ctx))
    ) as pool:
        window = workers * 4
        futures: list[FileResult | Future[FileResult]] = []
        for item in listed:
            if isinstance(item, SourceError):
                futures.append(_error_result(item, ctx))
            else:
                futures.append(pool.submit(_scan_in_worker, item))
            if len(futures) >= window:
                head = futures.pop(0)
                yield head if isinstance(head, FileResult) else head.result()
        for head in futures:
            yield head if isinstance(head, FileResult) else head.result()


def _error_result(err: SourceError, ctx: ScanContext) -> FileResult:
    kind = ctx.source_kind(err.path, err.source)
    record = FileRecord(
        path=ctx.display_path(err.path),
        size=0,
        source_kind=kind,
        status="error",
        reason=ctx.redact(err.reason, keep_addresses=not err.path),
        source=ctx.display_path(err.source),
    )
    return FileResult(record, [])


@dataclass
class ScanOutcome:
    out_dir: Path
    summary: dict[str, Any]
    exit_code: int
    files: list[FileRecord]


def run_scan(
    sources: Sequence[str],
    out_dir: Path,
    config: ScanConfig,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    formats: Sequence[FindingsFormat] = (FindingsFormat.PARQUET,),
    workers: int = 1,
    storage_options: dict[str, Any] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    resume: bool = False,
    baseline_run: Path | None = None,
    verify_hash: bool = False,
    request_extra: dict[str, Any] | None = None,
) -> ScanOutcome:
    """Scan ``sources`` into the run directory ``out_dir`` and return the summary.

    Every completed file is journaled in ``out_dir/.state`` (``scanner.scan.journal``) and the
    inventory is written from the journal, so a killed run continues with ``resume=True`` (the
    journaled files are not scanned again). With ``baseline_run`` (an earlier run directory), files
    whose size, mtime and ETag (and, with ``verify_hash``, sha256) are unchanged are not read: their
    rows are copied forward from that run's journal. ``request_extra`` is stored with the run's
    settings for the caller to read back on resume (the CLI keeps its report formats there).
    """
    started = datetime.now(UTC)
    t0 = time.monotonic()
    ctx = ScanContext(config)
    if resume:
        state = RunState.open(out_dir)
        for leftover in out_dir.glob(".*.tmp-*"):  # outputs half-written when the run was killed
            leftover.unlink(missing_ok=True)
        started = datetime.fromisoformat(state.get_meta("started_at", started.isoformat()))
    else:
        request = scan_request(sources, config, include, exclude, formats, storage_options)
        request.update(request_extra or {})
        state = RunState.create(out_dir, request)
        state.set_meta("started_at", started.isoformat())
    try:
        settings = scan_settings(ctx)
        fingerprint = fingerprint_of(settings)
        state.set_meta("fingerprint", fingerprint)
        state.set_meta("settings", settings)
        use_baseline = False
        if baseline_run is not None and not resume:
            base_meta = state.attach_baseline(baseline_run)
            use_baseline = base_meta.get("fingerprint") == fingerprint
            state.set_meta("baseline_run", str(baseline_run))
            if not use_baseline:
                note = (
                    f"baseline run {baseline_run} used other settings "
                    f"({differing_settings(base_meta, settings)}); every file is scanned again"
                )
                state.set_meta("incremental_note", note)
                log.warning("%s", note)
        elif resume and state.get_meta("baseline_run") and state.get_meta("baseline_used"):
            state.attach_baseline(Path(state.get_meta("baseline_run")))
            use_baseline = True
        state.set_meta("baseline_used", use_baseline)
        items = list_sources(sources, include, exclude, storage_options)
        _journal_files(
            state,
            ctx,
            items,
            workers=workers,
            use_baseline=use_baseline,
            verify_hash=verify_hash,
            on_result=on_result,
        )
        outcome = write_run(
            (FileResult(r, []) for r in state.iter_records()),
            out_dir,
            ctx,
            sources=sources,
            formats=formats,
            started=started,
            t0=t0,
            incremental={
                "baseline_run": state.get_meta("baseline_run"),
                "baseline_used": bool(use_baseline),
                "note": state.get_meta("incremental_note"),
            },
            finding_tables=state.iter_finding_tables(
                config.run_id, WRITE_BATCH_ROWS, reveal=config.reveal
            ),
        )
        state.set_meta("finished_at", outcome.summary["finished_at"])
        if config.reveal:  # the outputs hold them now; the journal must not keep them
            state.forget_values()
    finally:
        state.close()
    return outcome


def _journal_files(
    state: RunState,
    ctx: ScanContext,
    items: Iterable[SourceFile | SourceError],
    *,
    workers: int,
    use_baseline: bool,
    verify_hash: bool,
    on_result: Callable[[FileResult], None] | None,
) -> None:
    """Scan (or carry forward) every listed file not yet in the journal, journaling each one."""
    done = state.done()
    listed: dict[tuple[str, str], tuple[int, str | None]] = {}

    def new_items() -> Iterator[tuple[int, tuple[str, str], SourceFile | SourceError]]:
        for seq, item in enumerate(items):
            key = (ctx.display_path(item.source), ctx.display_path(item.path))
            if key in listed:  # the same file listed twice (overlapping sources): scan it once
                continue
            listed[key] = (seq, getattr(item, "etag", None))
            if key not in done:
                yield seq, key, item

    def pending() -> Iterator[SourceFile | SourceError]:
        if not use_baseline:
            for _, _, item in new_items():
                yield item
            return
        # Unchanged files are looked up and carried forward a chunk at a time (a few statements
        # per chunk, not per file); only changed files go on to be scanned.
        for chunk in _chunks(new_items(), CARRY_CHUNK_FILES):
            if not verify_hash:  # decided and copied by SQLite, no object per baseline row
                listed_files = [
                    (seq, *key, item.size, item.mtime, item.etag)
                    for seq, key, item in chunk
                    if isinstance(item, SourceFile)
                ]
                carried: set[int] = set()
                for seq, record in state.carry_unchanged(listed_files):
                    carried.add(seq)
                    if on_result:
                        on_result(FileResult(record, []))
                yield from (item for seq, _, item in chunk if seq not in carried)
                continue
            entries = state.baseline_entries([key for _, key, _ in chunk])
            carry, scan = [], []
            for seq, key, item in chunk:
                entry = entries.get(key)
                if (
                    isinstance(item, SourceFile)
                    and entry is not None
                    and _unchanged(item, entry, verify_hash)
                ):
                    carry.append((seq, entry, item.etag))
                else:
                    scan.append(item)
            for record in state.carry_forward_many(carry):
                if on_result:
                    on_result(FileResult(record, []))
            yield from scan

    for result in scan_files(pending(), ctx.config, workers=workers, context=ctx):
        seq, etag = listed[(result.record.source, result.record.path)]
        state.record(seq, result.record, result.findings, etag)
        if on_result:
            on_result(result)


_T = TypeVar("_T")


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _unchanged(f: SourceFile, entry: ManifestEntry, verify_hash: bool) -> bool:
    """Same size, mtime and ETag as in the baseline (and sha256 with ``verify_hash``)."""
    if entry.status in INCOMPLETE_STATUSES or entry.size != f.size:
        return False
    if (entry.mtime is None) != (f.mtime is None):
        return False
    if f.mtime is not None and entry.mtime is not None and abs(f.mtime - entry.mtime) > 1e-6:
        return False
    if f.etag is not None and entry.etag is not None and f.etag != entry.etag:
        return False
    if verify_hash:
        try:
            return bool(entry.sha256) and _sha256_of(f) == entry.sha256
        except (OSError, SourceReadError):
            return False
    return True


def scan_request(
    sources: Sequence[str],
    config: ScanConfig,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    formats: Sequence[FindingsFormat] = (),
    storage_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What ``--resume`` needs to continue a run; no credentials (only an S3 endpoint URL)."""
    endpoint = ((storage_options or {}).get("client_kwargs") or {}).get("endpoint_url")
    return {
        "run_id": config.run_id,
        "sources": list(sources),
        "include": list(include),
        "exclude": list(exclude),
        "formats": [str(FindingsFormat(f)) for f in formats],
        "profile": config.profile,
        "policy_path": str(config.policy_path),
        "profiles_path": str(config.profiles_path),
        "source_kind": config.source_kind,
        "reveal": config.reveal,
        "recognizers_yaml": str(config.recognizers_yaml) if config.recognizers_yaml else None,
        "limits": dataclasses.asdict(config.limits),
        "endpoint_url": endpoint,
        "ocr": config.ocr,
    }


def config_from_request(request: dict[str, Any]) -> ScanConfig:
    """The ``ScanConfig`` of a journaled run (the same run_id: a resumed run is the same run)."""
    return ScanConfig(
        run_id=request["run_id"],
        profile=request["profile"],
        policy_path=Path(request["policy_path"]),
        profiles_path=Path(request["profiles_path"]),
        source_kind=request["source_kind"],
        reveal=request["reveal"],
        limits=Limits(**request["limits"]),
        recognizers_yaml=Path(request["recognizers_yaml"]) if request["recognizers_yaml"] else None,
        ocr=request.get("ocr", "auto"),
    )


# What each fingerprint part is called when an incremental run has to say which one differs.
SETTING_NAMES = {
    "version": "piimap version",
    "profile": "profile",
    "policy": "policy",
    "profiles": "profiles file",
    "recognizers": "recognizers",
    "source_kind": "--source-kind",
    "reveal": "--reveal",
    "limits": "limits",
    "key": "hash key",
    "ocr": "--ocr",
    "journal": "journal format",
}


def scan_settings(ctx: ScanContext) -> dict[str, Any]:
    """Every setting that changes a file's rows, as digests (never a secret: the key is its id)."""
    config = ctx.config

    def file_digest(path: Path | None) -> str | None:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None

    return {
        "version": __version__,
        "profile": config.profile,
        "policy": ctx.policy.sha256,
        "profiles": file_digest(config.profiles_path),
        "recognizers": file_digest(config.recognizers_yaml),
        "source_kind": config.source_kind,
        "reveal": config.reveal,
        "limits": dataclasses.asdict(config.limits),
        "key": key_id(ctx.key),
        "ocr": config.ocr,
        "journal": SCHEMA_VERSION,  # a baseline's rows are copied as stored
    }


def fingerprint_of(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def differing_settings(base_meta: dict[str, Any], settings: dict[str, Any]) -> str:
    """Names of the settings an earlier run's journal differs in (``policy, hash key``)."""
    recorded = base_meta.get("settings")
    if not isinstance(recorded, dict):
        return "settings not recorded by the piimap that wrote it"
    names = [SETTING_NAMES.get(k, k) for k in settings if recorded.get(k) != settings[k]]
    return ", ".join(names) or "unknown setting"


def pick_baseline_run(
    parent: Path, sources: Sequence[str], config: ScanConfig, *, exclude: Path | None = None
) -> tuple[Path | None, str | None]:
    """The newest finished run of ``sources`` in ``parent`` made with the same settings.

    Returns (run, None), or (None, why) naming the setting the newest run differs in, so the
    user can tell why everything is scanned again.
    """
    from scanner.scan.journal import finished_runs

    runs = finished_runs(parent, sources, exclude=exclude)
    if not runs:
        return None, f"no earlier finished run of these sources in {parent}"
    settings = scan_settings(ScanContext(config))
    fingerprint = fingerprint_of(settings)
    for path, meta in runs:
        if meta.get("fingerprint") == fingerprint:
            return path, None
    newest, meta = runs[0]
    return None, (
        f"no earlier run of these sources in {parent} used the same settings (the newest, "
        f"{newest}, differs in: {differing_settings(meta, settings)})"
    )


def write_run(
    results: Iterable[FileResult | JournaledResult],
    out_dir: Path,
    ctx: ScanContext,
    *,
    sources: Sequence[str],
    formats: Sequence[FindingsFormat],
    started: datetime,
    t0: float,
    on_result: Callable[[FileResult], None] | None = None,
    incremental: dict[str, Any] | None = None,
    finding_tables: Iterable[pa.Table] | None = None,
) -> ScanOutcome:
    """Write the run directory from results in listing order.

    Shared by the local engine and the Spark engine, so both write byte-for-byte the same rows.
    ``finding_tables`` (the journal's findings as Arrow tables, in the same order) is the bulk
    path: then the results carry only their records.
    """
    config = ctx.config
    out_dir.mkdir(parents=True, exist_ok=True)
    fmts = list(dict.fromkeys([FindingsFormat.PARQUET, *formats]))
    footer = {
        "tool": f"piimap {__version__}",
        "policy": f"{ctx.policy.id} {ctx.policy.version} sha256:{ctx.policy.sha256}",
        "hash_key_id": key_id(ctx.key),
        "run_id": config.run_id,
    }
    writers = [findings_writer(fmt, out_dir, reveal=config.reveal, metadata=footer) for fmt in fmts]
    builder = SummaryBuilder()
    records: list[FileRecord] = []
    try:
        for result in results:
            records.append(result.record)
            builder.add_file(result.record)
            # Findings may be a lazy read of the journal: written in bounded batches.
            for batch in batched(result.findings, WRITE_BATCH_ROWS):
                builder.add_findings(batch)
                for w in writers:
                    w.write(batch)
            if on_result and isinstance(result, FileResult):  # journaled: reported when scanned
                on_result(result)
        for table in finding_tables or ():
            builder.add_table(table)
            for w in writers:
                w.write_table(table)
    except BaseException:
        for w in writers:
            w.abort()
        raise
    for w in writers:
        w.close()
    write_files_parquet(out_dir / "files.parquet", records)
    incomplete = any(builder.files.get(status) for status in INCOMPLETE_STATUSES)
    exit_code = EXIT_PARTIAL if incomplete else EXIT_OK
    policy = ctx.policy
    shown_sources = [ctx.display_path(s) for s in sources]
    summary = builder.to_dict(
        run_id=config.run_id,
        tool={"name": "piimap", "version": __version__},
        policy={
            "id": policy.id,
            "title": policy.title,
            "version": policy.version,
            "path": str(policy.path),
            "sha256": policy.sha256,
        },
        profile=config.profile,
        sources=shown_sources,
        started_at=started.isoformat(timespec="seconds"),
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        duration_seconds=round(time.monotonic() - t0, 3),
        hash_key_id=key_id(ctx.key),
        revealed=config.reveal,
        exit_code=exit_code,
        incremental=incremental,
        path_rules=scan_root_summary(shown_sources),  # masked like every output path
    )
    write_summary(out_dir / "summary.json", summary)
    return ScanOutcome(out_dir, summary, exit_code, records)


__all__ = [
    "FileResult",
    "ScanConfig",
    "ScanContext",
    "ScanOutcome",
    "config_from_request",
    "new_run_id",
    "run_scan",
    "scan_files",
    "write_run",
]
