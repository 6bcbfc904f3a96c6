"""Find everything an inventory holds about one person, from the keyed hashes alone.

A data subject request names values (an NRIC, a phone number, an email). Re-scanning storage to
answer it would read every file again and handle the raw values once more; instead each value
is normalised and hashed with the installation key exactly as the scan did, and the hashes are
looked up in the runs' ``findings.parquet``. The raw values are dropped once hashed: results
carry only labels (``value 1``), masked forms and hashes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.dataset as ds

from recognizers.entities import ENTITY_TYPES
from scanner.inventory.rundir import FINDINGS, RunDir, RunFolderError, open_run_dir
from scanner.model import FINDING_COLUMNS
from scanner.policy.answers import Answers
from scanner.policy.model import Policy
from scanner.protect.hashing import key_id, value_hash
from scanner.protect.masking import mask_value

# The finding columns a match shows (where, what, how protected); never a raw ``value``.
_READ_COLUMNS = [c for c in FINDING_COLUMNS if c not in ("score", "recognizer", "start", "end")]
_LINE_RECORD_TYPES = frozenset({"jsonl", "csv", "tsv", "log", "text", "parquet"})
_DOCUMENT_TYPES = frozenset({"pdf", "docx"})
_JSON_TOP = re.compile(r"^\$\[(\d+)\]")


class LocateError(Exception):
    """A run cannot be searched (missing, unreadable, other key). Never carries a raw value."""


@dataclass(frozen=True)
class SoughtValue:
    """A value the request names, already hashed: ``hashes`` maps a hash to the types giving it."""

    label: str
    masked: str
    entity_types: tuple[str, ...]
    hashes: dict[str, tuple[str, ...]] = field(compare=False)
    masks: dict[str, str] = field(default_factory=dict, compare=False)  # type -> masked form
    named_as: str | None = field(default=None, compare=False)  # the recognised/given type


@dataclass(frozen=True)
class RunInfo:
    run_dir: str
    run_id: str
    policy_path: str | None


@dataclass(frozen=True)
class Occurrence:
    value_label: str
    run_dir: str
    run_id: str
    source: str
    path: str
    file_type: str
    source_kind: str
    entity_type: str
    category: str
    declared: bool
    line: int | None
    page: int | None
    field: str | None
    value_hash: str
    masked_value: str
    record: str  # the record the value sits in: `path`, `path:line` or `path $[i]`


@dataclass(frozen=True)
class RelatedValue:
    """Another value found in the same records as the sought one (masked)."""

    entity_type: str
    masked_value: str
    value_hash: str
    findings: int
    records: int


@dataclass(frozen=True)
class NotLinked:
    """Records holding a request value but another person's strong identifier (a namesake).

    Counts only: listing them would show other people's data in a subject's answer.
    """

    records: int = 0
    findings: int = 0
    files: int = 0


@dataclass
class ValueReport:
    sought: SoughtValue
    occurrences: list[Occurrence]
    related: list[RelatedValue]
    not_linked: NotLinked = field(default_factory=NotLinked)
    answers: Answers = field(default_factory=Answers)  # the policy's record nouns

    @property
    def summary(self) -> str:
        return summarise(self)


@dataclass
class LocateResult:
    runs: list[RunInfo]
    values: list[ValueReport]

    @property
    def found(self) -> bool:
        return any(v.occurrences for v in self.values)


def candidate_types(
    value: str, entity_type: str | None = None, recognizers: Sequence[Any] | None = None
) -> tuple[tuple[str, ...], str | None]:
    """Entity types to hash ``value`` as (the given one, else every type, recognised ones first),
    and the type that names the value (given or first recognised; None when none is known).

    The recognizers see the value without its context (a phone number alone scores low, a
    lower-case NRIC may not match), so what they claim only orders the list: the value is
    still tried under every type's normalisation, and nothing is missed because the value
    arrived in another spelling. Hashing a string under another type's normalisation can only
    match a finding of that same string.
    """
    if entity_type:
        return (entity_type,), entity_type
    found = recognised_types(value, recognizers)
    return found + tuple(t for t in ENTITY_TYPES if t not in found), (found[0] if found else None)


def recognised_types(value: str, recognizers: Sequence[Any] | None = None) -> tuple[str, ...]:
    """Types whose recognizer matches (most of) ``value`` on its own."""
    text = value.strip()
    if not text:
        return ()
    if recognizers is None:
        recognizers = _default_recognizers()
    found: list[str] = []
    for recognizer in recognizers:
        try:
            results = recognizer.analyze(text, recognizer.supported_entities, None)
        except Exception:  # a recognizer that needs NLP artifacts cannot judge a lone value
            continue
        for result in results or ():
            covered = result.end - result.start
            if result.score > 0 and covered >= 0.6 * len(text) and result.entity_type not in found:
                found.append(result.entity_type)
    return tuple(found)


_RECOGNIZERS: list[Any] | None = None


def _default_recognizers() -> list[Any]:
    global _RECOGNIZERS
    if _RECOGNIZERS is None:
        try:
            from recognizers import default_recognizers
        except ImportError:  # only the masking of unclaimed values suffers: every type is tried
            return []
        _RECOGNIZERS = list(default_recognizers())
    return _RECOGNIZERS


def hash_value(
    key: bytes, value: str, label: str, types: Sequence[str], mask_type: str | None = None
) -> SoughtValue:
    """Hash ``value`` under each candidate type's normalisation; the raw value is not kept.

    The masked form follows ``mask_type`` (the given or the first recognised type); without
    one the value is masked generically until a match tells which type it is.
    """
    hashes: dict[str, list[str]] = defaultdict(list)
    usable: list[str] = []
    for entity_type in types:
        try:
            digest = value_hash(key, entity_type, value)
        except Exception:  # a normaliser that rejects the value: that type cannot hold it
            continue
        hashes[digest].append(entity_type)
        usable.append(entity_type)
    masks = {t: mask_value(t, value) for t in usable}
    masked = mask_value(mask_type or "", value)
    return SoughtValue(
        label=label,
        masked=masked,
        entity_types=tuple(usable),
        hashes={h: tuple(t) for h, t in hashes.items()},
        masks=masks,
        named_as=mask_type,
    )


def open_run(run_dir: str | Path, key: bytes) -> RunInfo:
    """Check a run can be searched with ``key``; a wrong key is an error, never "no findings"."""
    try:
        run = open_run_dir(run_dir)
        summary = run.summary()
    except RunFolderError as exc:
        raise LocateError(str(exc)) from exc
    root = run.path
    stored = summary.get("hash_key_id")
    if not stored:
        raise LocateError(
            f"{run.summary_path} has no hash_key_id, so its hash key cannot be checked"
        )
    if stored != key_id(key):
        raise LocateError(
            f"run {root} was hashed with a different key (id {stored}); set PIIMAP_HASH_KEY / "
            "PIIMAP_KEY_FILE to the key used for that scan"
        )
    return RunInfo(
        run_dir=str(root),
        run_id=str(summary.get("run_id") or root.name),
        policy_path=run.recorded_policy_path(),
    )


def record_key(
    path: str,
    file_type: str,
    source_kind: str,
    line: Any,
    field_: Any,
    whole_file_kinds: frozenset[str] = frozenset(),
) -> str:
    """The record a finding belongs to: a whole document (a document file type, or a kind the
    policy counts by file), one top-level JSON item, or one line."""
    if source_kind in whole_file_kinds or file_type in _DOCUMENT_TYPES:
        return path
    if file_type == "json":
        match = _JSON_TOP.match(field_ or "")
        return f"{path} $[{match.group(1)}]" if match else path
    if file_type in _LINE_RECORD_TYPES and line is not None:
        return f"{path}:{line}"
    return path if line is None else f"{path}:{line}"


def row_record(row: dict[str, Any], whole_file_kinds: frozenset[str]) -> str:
    """``record_key`` of a findings.parquet row."""
    return record_key(
        row["path"],
        row.get("file_type") or "",
        row.get("source_kind") or "",
        row.get("line"),
        row.get("field"),
        whole_file_kinds,
    )


def _read(dataset: ds.Dataset, expression: pc.Expression, run: RunInfo) -> list[dict[str, Any]]:
    """The rows matching ``expression``, never the ``value`` column of a --reveal run."""
    available = set(dataset.schema.names)
    missing = [c for c in ("path", "value_hash") if c not in available]
    if missing:
        raise LocateError(f"{run.run_dir}/findings.parquet has no {', '.join(missing)} column")
    columns = [c for c in _READ_COLUMNS if c in available]
    try:
        # the message of a failed filter could quote the hashes: the error names the type only
        table = RunDir(Path(run.run_dir)).read_table(
            FINDINGS, columns=columns, filter=expression, dataset=dataset
        )
    except RunFolderError as exc:
        raise LocateError(str(exc)) from exc
    rows: list[dict[str, Any]] = table.to_pylist()  # pyarrow is untyped
    return rows


def _dataset(run: RunInfo) -> ds.Dataset:
    try:
        return RunDir(Path(run.run_dir)).dataset(FINDINGS)
    except RunFolderError as exc:
        raise LocateError(str(exc)) from exc


def _occurrence(
    label: str, run: RunInfo, row: dict[str, Any], whole_file_kinds: frozenset[str]
) -> Occurrence:
    return Occurrence(
        value_label=label,
        run_dir=run.run_dir,
        run_id=str(row.get("run_id") or run.run_id),
        source=str(row.get("source") or ""),
        path=row["path"],
        file_type=row.get("file_type") or "",
        source_kind=row.get("source_kind") or "",
        entity_type=row.get("entity_type") or "",
        category=row.get("category") or "",
        declared=bool(row.get("declared")),
        line=row.get("line"),
        page=row.get("page"),
        field=row.get("field"),
        value_hash=row["value_hash"],
        masked_value=row.get("masked_value") or "",
        record=row_record(row, whole_file_kinds),
    )


# Identifiers that name one person: a record holding one of the subject's is the subject's; a
# record holding another person's (and none of the subject's) is not, whatever name it shows.
STRONG_TYPES: frozenset[str] = frozenset(
    {"SG_NRIC_FIN", "EMAIL_ADDRESS", "PHONE_NUMBER", "SG_PASSPORT"}
)


def _record_rows(
    dataset: ds.Dataset,
    run: RunInfo,
    occurrences: list[Occurrence],
    whole_file_kinds: frozenset[str],
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Every row of the records ``occurrences`` sit in, by (path, record)."""
    if not occurrences:
        return {}
    records = {(o.path, o.record) for o in occurrences}
    paths = sorted({o.path for o in occurrences})
    expression = pc.field("path").isin(paths)
    if all(o.record == f"{o.path}:{o.line}" for o in occurrences):
        lines = sorted({o.line for o in occurrences if o.line is not None})
        expression = expression & pc.field("line").isin(lines)
    rows: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in _read(dataset, expression, run):
        rec = row_record(row, whole_file_kinds)
        if (row["path"], rec) in records:
            rows[(row["path"], rec)].append({**row, "record": rec})
    return rows


def linked_records(
    record_rows: dict[tuple[str, str], list[dict[str, Any]]],
    subject_hashes: set[str],
    subject_types: set[str],
) -> set[tuple[str, str]]:
    """The records that belong to the subject, by evidence.

    A record holding one of the subject's strong identifiers is linked. A record matched only
    by a weaker value (a name) is linked only when it holds no conflicting strong identifier:
    an NRIC, email, phone or passport of a type the subject is known by (``subject_types``)
    with another value is somebody else's, so the record is a namesake's.
    """
    linked = set()
    for key, rows in record_rows.items():
        strong = [r for r in rows if r.get("entity_type") in STRONG_TYPES]
        if any(r["value_hash"] in subject_hashes for r in strong):
            linked.add(key)
        elif not any(r["entity_type"] in subject_types for r in strong):
            linked.add(key)
    return linked


def locate(
    run_dirs: Sequence[str | Path],
    values: Sequence[str],
    *,
    key: bytes,
    entity_type: str | None = None,
    recognizers: Sequence[Any] | None = None,
    policy: Policy | None = None,
) -> LocateResult:
    """Every occurrence of each value in the subject's records, plus the values sharing them.

    The values of one call describe one person: records are linked to them by evidence
    (``linked_records``); occurrences in a namesake's records are only counted. What one
    record is comes from ``policy`` (default: the policy the first run was scanned with).
    """
    runs = [open_run(r, key) for r in run_dirs]
    answers = policy.answers if policy is not None else answers_of_runs(runs)
    whole = answers.whole_file_kinds
    sought = []
    for i, value in enumerate(values, start=1):
        types, named_as = candidate_types(value, entity_type, recognizers)
        sought.append(hash_value(key, value, f"value {i}", types, named_as))
    all_hashes = sorted({h for s in sought for h in s.hashes})
    subject_hashes = set(all_hashes)
    occurrences: dict[str, list[Occurrence]] = {s.label: [] for s in sought}
    related_rows: dict[str, list[tuple[str, dict[str, Any]]]] = {s.label: [] for s in sought}
    excluded: dict[str, list[Occurrence]] = {s.label: [] for s in sought}
    matches: list[tuple[RunInfo, ds.Dataset, dict[str, list[Occurrence]]]] = []
    for run in runs:
        dataset = _dataset(run)
        if not all_hashes:
            continue
        matched = _read(dataset, pc.field("value_hash").isin(all_hashes), run)
        run_occurrences: dict[str, list[Occurrence]] = defaultdict(list)
        for row in matched:
            for s in sought:
                if row["value_hash"] in s.hashes:
                    run_occurrences[s.label].append(_occurrence(s.label, run, row, whole))
        matches.append((run, dataset, run_occurrences))
    # The strong types the subject is known by: recognised in the request, or matched as such.
    subject_types = {s.named_as for s in sought if s.named_as in STRONG_TYPES}
    subject_types |= {
        o.entity_type
        for _, _, found in matches
        for occ in found.values()
        for o in occ
        if o.entity_type in STRONG_TYPES
    }
    for run, dataset, run_occurrences in matches:
        everything = [o for found in run_occurrences.values() for o in found]
        record_rows = _record_rows(dataset, run, everything, whole)
        linked = linked_records(record_rows, subject_hashes, subject_types)
        for s in sought:
            found = run_occurrences.get(s.label, [])
            mine = [o for o in found if (o.path, o.record) in linked]
            excluded[s.label].extend(o for o in found if (o.path, o.record) not in linked)
            occurrences[s.label].extend(mine)
            own = set(s.hashes)
            for rec in sorted({(o.path, o.record) for o in mine}):
                for row in record_rows.get(rec, []):
                    if row["value_hash"] not in own:
                        related_rows[s.label].append((run.run_dir, row))
    reports = []
    for s in sought:
        if occurrences[s.label] and occurrences[s.label][0].entity_type in s.masks:
            s = replace(s, masked=s.masks[occurrences[s.label][0].entity_type])
        occ = sorted(
            occurrences[s.label],
            key=lambda o: (o.run_dir, o.path, o.line or 0, o.page or 0, o.field or ""),
        )
        out = excluded[s.label]
        not_linked = NotLinked(
            records=len({(o.run_dir, o.path, o.record) for o in out}),
            findings=len(out),
            files=len({(o.run_dir, o.path) for o in out}),
        )
        related = _summarise_related(related_rows[s.label])
        reports.append(ValueReport(s, occ, related, not_linked, answers))
    return LocateResult(runs=runs, values=reports)


def _summarise_related(rows: list[tuple[str, dict[str, Any]]]) -> list[RelatedValue]:
    by_value: dict[tuple[str, str], dict[str, Any]] = {}
    for run_dir, row in rows:
        key = (row.get("entity_type") or "", row["value_hash"])
        entry = by_value.setdefault(
            key, {"masked": row.get("masked_value") or "", "findings": 0, "records": set()}
        )
        entry["findings"] += 1
        entry["records"].add((run_dir, row["record"]))
    related = [
        RelatedValue(
            entity_type=etype,
            masked_value=entry["masked"],
            value_hash=digest,
            findings=entry["findings"],
            records=len(entry["records"]),
        )
        for (etype, digest), entry in by_value.items()
    ]
    related.sort(key=lambda r: (-r.records, r.entity_type, r.masked_value))
    return related


def record_noun(file_type: str, source_kind: str, answers: Answers | None = None) -> str:
    """What one record is called in a summary sentence: the policy's noun for a kind it counts
    by file, a document, the policy's noun for the kind, else by file type."""
    answers = answers or Answers()
    noun = answers.record_noun(source_kind)
    if noun and source_kind in answers.whole_file_kinds:
        return noun
    if file_type in _DOCUMENT_TYPES:
        return "document"
    if noun:
        return noun
    if file_type == "json":
        return "JSON record"
    if file_type in ("csv", "tsv", "parquet", "jsonl"):
        return "row"
    return "line"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summarise(report: ValueReport) -> str:
    """``S****567D appears in 3 contracts and 41 log lines (47 findings in 5 files, 2 runs)``."""
    name = f"{report.sought.label} ({report.sought.masked})"
    if not report.occurrences:
        return f"{name}: no occurrences"
    records: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for o in report.occurrences:
        records[record_noun(o.file_type, o.source_kind, report.answers)].add((o.source, o.record))
    parts = [_plural(len(recs), noun) for noun, recs in sorted(records.items())]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    files = {(o.run_dir, o.path) for o in report.occurrences}
    runs = {o.run_dir for o in report.occurrences}
    return (
        f"{name} appears in {joined} ("
        f"{_plural(len(report.occurrences), 'finding')} in {_plural(len(files), 'file')}, "
        f"{_plural(len(runs), 'run')})"
    )


def location(o: Occurrence) -> str:
    """Where in the file: ``line 12``, ``page 3``, ``field $[0].phone`` (joined)."""
    parts = []
    if o.page is not None:
        parts.append(f"page {o.page}")
    if o.line is not None:
        parts.append(f"line {o.line}")
    if o.field:
        parts.append(f"field {o.field}")
    return ", ".join(parts)


def request_policy_path(given: str | Path | None, recorded: Sequence[str | None]) -> Path:
    """The policy a request is answered with: the one given, else the one the (first) run was
    scanned with while that file still exists, else the shipped one."""
    from scanner.policy.model import DEFAULT_POLICY_PATH

    if given is not None:
        return Path(given)
    found = next((p for p in recorded if p and Path(p).is_file()), None)
    return Path(found) if found else Path(DEFAULT_POLICY_PATH)


def answers_of_runs(runs: Sequence[RunInfo]) -> Answers:
    """The record words of the policy the runs were scanned with (``request_policy_path``);
    none when that policy cannot be read (records are then counted by file type)."""
    from scanner.policy.model import PolicyError, load_policy

    try:
        return load_policy(request_policy_path(None, [r.policy_path for r in runs])).answers
    except (PolicyError, OSError):
        return Answers()
