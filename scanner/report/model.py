"""A run directory turned into the numbers the analyst report shows.

The report reads only what ``scanner/inventory`` wrote (``findings.parquet``, ``files.parquet``,
``summary.json``) and, for category details and "why undeclared", the policy. A ``value`` column
(present after ``--reveal``) is dropped on load: the report shows masked values and hashes only.

Sensitivity score (also explained in the page), for a file or a prefix::

    score = sum over its findings of  weight(entity_type) * (3 if undeclared else 1)
            + log1p(number of distinct values (value_hash) among them)

with ``ENTITY_WEIGHTS`` below (an entity type not listed weighs 1). National identifiers and card
numbers dominate; an undeclared finding counts three times, because it is data the policy does not
tell users about; the log term breaks ties in favour of files holding many different people.

Comparison of two runs keys a finding by ``(value_hash, path)``, without line numbers, so moving a
value within a file is not "new". Hashes only match when both runs used the same hash key.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from scanner.inventory.rundir import FILES, FINDINGS, RunDir, RunFolderError, open_run_dir
from scanner.model import FILE_COLUMNS, FINDING_COLUMNS

# Entity severity weights of the sensitivity score.
ENTITY_WEIGHTS: dict[str, int] = {
    "SG_NRIC_FIN": 10,
    "CREDIT_CARD": 10,
    "SG_PASSPORT": 8,
    "SG_NRIC_PARTIAL": 5,
    "PHONE_NUMBER": 5,
    "EMAIL_ADDRESS": 4,
    "PERSON": 3,
    "SG_UEN": 3,
    "DEVICE_ID": 3,
    "GEO_COORDINATE": 3,
    "LOCATION": 2,
    "SG_POSTAL_CODE": 2,
    "IP_ADDRESS": 2,
    "ORGANIZATION": 1,
}
DEFAULT_WEIGHT = 1
UNDECLARED_FACTOR = 3
FILE_STATUSES: tuple[str, ...] = ("scanned", "partial", "skipped", "error")
UNDECLARED_ROW_CAP = 5000
CHANGE_ROW_CAP = 1000
TOP_N = 15
NO_CATEGORY = "(none)"
HASH_SHOWN = 12


class ReportError(Exception):
    """The run directory cannot be reported on; the message says why."""


class PolicyLike(Protocol):
    """What the report needs from ``scanner.policy.model.Policy``."""

    @property
    def categories(self) -> Sequence[Any]: ...

    def classify(self, entity_type: str, source_kind: str) -> Any: ...

    def source_kinds(self) -> list[str]: ...

    def find_category(self, category_id: str) -> Any: ...


@dataclass
class Run:
    """One run directory, loaded. ``findings`` never holds a raw ``value`` column."""

    path: Path
    summary: dict[str, Any]
    findings: pd.DataFrame
    files: pd.DataFrame


def _read_parquet(
    run: RunDir, name: str, columns: Sequence[str], required: Sequence[str]
) -> pd.DataFrame:
    path = run.path / name
    try:
        frame = run.read_frame(name)
    except RunFolderError as exc:
        raise ReportError(str(exc)) from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ReportError(f"{path}: missing columns {', '.join(missing)}")
    return frame[[c for c in columns if c in frame.columns]].copy()


def load_run(run_dir: Path) -> Run:
    """Load a run directory; raise ``ReportError`` with a reason when it is incomplete."""
    try:
        run = open_run_dir(run_dir)
        summary = run.summary()
    except RunFolderError as exc:
        raise ReportError(str(exc)) from exc
    # Selecting FINDING_COLUMNS drops a revealed `value` column right here.
    findings = _read_parquet(run, FINDINGS, FINDING_COLUMNS, FINDING_COLUMNS)
    files = _read_parquet(run, FILES, FILE_COLUMNS, ("path", "size", "status", "reason"))
    for col in ("path", "source", "source_kind", "entity_type", "category", "value_hash",
                "masked_value", "file_type", "recognizer"):  # fmt: skip
        findings[col] = findings[col].fillna("").astype(str)
    findings["declared"] = findings["declared"].fillna(False).astype(bool)
    for col in ("path", "status", "reason", "file_type", "source_kind"):
        if col in files.columns:
            files[col] = files[col].fillna("").astype(str)
    files["size"] = pd.to_numeric(files["size"], errors="coerce").fillna(0).astype("int64")
    return Run(run.path, summary, findings, files)


def load_policy_for(summary: dict[str, Any]) -> tuple[PolicyLike | None, str | None]:
    """Load the policy named in ``summary.json``; return (policy, note on why it is absent)."""
    policy_path = (summary.get("policy") or {}).get("path")
    if not policy_path:
        return None, "summary.json names no policy file"
    if not Path(policy_path).is_file():
        return None, f"policy file {policy_path} is not available"
    try:
        from scanner.policy.model import load_policy
    except ImportError:
        return None, "the policy module is not available"
    try:
        return load_policy(Path(policy_path)), None
    except Exception as exc:  # a policy that no longer loads must not hide the findings
        return None, f"policy file {policy_path} could not be loaded ({type(exc).__name__})"


# --------------------------------------------------------------------------------------------
# Scoring and grouping helpers


def weight(entity_type: str) -> int:
    return ENTITY_WEIGHTS.get(entity_type, DEFAULT_WEIGHT)


def sensitivity(findings: pd.DataFrame) -> float:
    """The documented sensitivity score of a set of findings (see the module docstring)."""
    if findings.empty:
        return 0.0
    weights = findings["entity_type"].map(weight)
    factors = (~findings["declared"]).map({True: UNDECLARED_FACTOR, False: 1})
    return float((weights * factors).sum()) + math.log1p(findings["value_hash"].nunique())


def prefix_of(path: str) -> str:
    """First directory of a path (the archive itself for a zip member); ``./`` at the root."""
    outer = path.split("!", 1)[0]
    head, sep, _ = outer.partition("/")
    return f"{head}/" if sep else "./"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return "; ".join(str(v) for v in value)
    return str(value)


# --------------------------------------------------------------------------------------------
# View model


@dataclass
class CategoryView:
    id: str
    title: str
    section: str
    purpose: str
    shared_with: str
    retention: str
    in_policy: bool
    entity_types: list[tuple[str, int]] = field(default_factory=list)
    source_kinds: list[str] = field(default_factory=list)
    findings: int = 0
    distinct_values: int = 0
    undeclared: int = 0
    files: int = 0
    locations: list[str] = field(default_factory=list)


@dataclass
class UndeclaredRow:
    masked_value: str
    path: str
    line: int | None
    page: int | None
    field: str
    entity_type: str
    source_kind: str
    category: str
    reason: str
    hash_short: str


@dataclass
class ScoreRow:
    name: str
    score: float
    findings: int
    undeclared: int
    distinct_values: int
    entity_types: str


@dataclass
class ChangeRow:
    masked_value: str
    path: str
    entity_type: str
    declared: bool
    findings: int
    hash_short: str


@dataclass
class Comparison:
    other_run_id: str
    other_dir: str
    same_key: bool
    new: int
    resolved: int
    unchanged: int
    new_rows: list[ChangeRow]
    resolved_rows: list[ChangeRow]
    trend: list[tuple[str, int, int]]  # (metric, other run, this run)
    other_label: str
    this_label: str
    other_is_older: bool


def run_info(summary: dict[str, Any]) -> dict[str, str]:
    """The summary fields the page header and footer print, as plain strings."""
    policy_info, tool_info = summary.get("policy"), summary.get("tool")
    policy = policy_info if isinstance(policy_info, dict) else {}
    tool = tool_info if isinstance(tool_info, dict) else {}
    sources = summary.get("sources") or []
    duration = summary.get("duration_seconds")
    return {
        "run_id": _text(summary.get("run_id", "")),
        "policy": _text(policy.get("title") or policy.get("id") or ""),
        "policy_version": _text(policy.get("version", "")),
        "finished_at": _text(summary.get("finished_at", "")),
        "sources": ", ".join(str(x) for x in sources) if isinstance(sources, list) else "",
        "hash_key_id": _text(summary.get("hash_key_id", "")),
        "duration": f"{float(duration):.1f} s" if isinstance(duration, int | float) else "",
        "profile": _text(summary.get("profile", "")),
        "tool_version": _text(tool.get("version", "")),
    }


@dataclass
class ReportModel:
    info: dict[str, str]
    overview: dict[str, int]
    status_counts: list[tuple[str, int]]
    error_files: list[tuple[str, str, str]]
    skipped_files: list[tuple[str, str, str]]
    categories: list[CategoryView]
    entity_bars: list[tuple[str, int, int]]  # (entity type, declared, undeclared)
    heat_rows: list[str]
    heat_columns: list[str]
    heat_cells: dict[tuple[str, str], tuple[int, int]]
    undeclared_rows: list[UndeclaredRow]
    undeclared_total: int
    undeclared_entity_types: list[str]
    top_files: list[ScoreRow]
    top_prefixes: list[ScoreRow]
    unobserved_categories: list[CategoryView]
    undeclared_anywhere: list[tuple[str, int]]
    policy_loaded: bool
    policy_note: str | None
    comparison: Comparison | None
    warnings: list[str]
    weights: dict[str, int] = field(default_factory=lambda: dict(ENTITY_WEIGHTS))
    undeclared_factor: int = UNDECLARED_FACTOR
    row_cap: int = UNDECLARED_ROW_CAP
    change_cap: int = CHANGE_ROW_CAP
    # Partly read files (a scanned page with OCR off): listed so they are never taken as clean.
    partial_files: list[tuple[str, str, str]] = field(default_factory=list)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _overview(run: Run, warnings: list[str]) -> dict[str, int]:
    s, f, files = run.summary, run.findings, run.files
    sf, sc = s.get("files") or {}, s.get("findings") or {}
    computed = {
        "files_total": len(files),
        "findings": len(f),
        "undeclared": int((~f["declared"]).sum()),
        "declared": int(f["declared"].sum()),
        "distinct_values": int(f["value_hash"].nunique()),
    }
    overview = {
        "files_total": _int(sf.get("total", computed["files_total"])),
        "files_scanned": _int(sf.get("scanned", (files["status"] == "scanned").sum())),
        "files_skipped": _int(sf.get("skipped", (files["status"] == "skipped").sum())),
        "files_error": _int(sf.get("error", (files["status"] == "error").sum())),
        "bytes_scanned": _int(s.get("bytes_scanned", files["size"].sum())),
        "findings": _int(sc.get("total", computed["findings"])),
        "declared": _int(sc.get("declared", computed["declared"])),
        "undeclared": _int(sc.get("undeclared", computed["undeclared"])),
        "distinct_values": _int(sc.get("distinct_values", computed["distinct_values"])),
    }
    for key in ("files_total", "findings", "undeclared", "distinct_values"):
        if overview[key] != computed[key]:
            warnings.append(
                f"summary.json says {key.replace('_', ' ')} = {overview[key]:,} but the parquet "
                f"files hold {computed[key]:,}; the run may be incomplete."
            )
    return overview


def _reasons(
    policy: PolicyLike | None, pairs: Iterable[tuple[str, str, str]]
) -> dict[tuple[str, str], str]:
    reasons: dict[tuple[str, str], str] = {}
    for entity_type, source_kind, category in pairs:
        reason = ""
        if policy is not None:
            try:
                reason = _text(policy.classify(entity_type, source_kind).reason)
            except Exception as exc:  # one bad pair must not drop the report
                reason = f"policy could not classify it ({type(exc).__name__})"
        if not reason:
            where = f"category {category}" if category else "no policy category"
            kind = source_kind or "unknown"
            reason = f"{entity_type} in {kind} sources is not declared ({where})"
        reasons[(entity_type, source_kind)] = reason
    return reasons


def _score_rows(findings: pd.DataFrame, key: pd.Series, top: int) -> list[ScoreRow]:
    """Score every group at once (vectorised: runs can hold millions of findings), keep the top."""
    if findings.empty:
        return []
    frame = pd.DataFrame(
        {
            "key": key.astype(str),
            "points": findings["entity_type"].map(weight)
            * (~findings["declared"]).map({True: UNDECLARED_FACTOR, False: 1}),
            "undeclared": (~findings["declared"]).astype("int64"),
            "value_hash": findings["value_hash"],
        }
    )
    groups = frame.groupby("key", sort=False).agg(
        points=("points", "sum"),
        findings=("points", "size"),
        undeclared=("undeclared", "sum"),
        distinct=("value_hash", "nunique"),
    )
    groups["score"] = (groups["points"] + groups["distinct"].map(math.log1p)).round(2)
    groups = groups.reset_index().sort_values(["score", "key"], ascending=[False, True]).head(top)
    rows = []
    for g in groups.itertuples(index=False):
        types = findings.loc[frame["key"] == g.key, "entity_type"].value_counts()
        rows.append(
            ScoreRow(
                name=g.key,
                score=float(g.score),
                findings=int(g.findings),
                undeclared=int(g.undeclared),
                distinct_values=int(g.distinct),
                entity_types=", ".join(f"{t} ({n})" for t, n in types.items()),
            )
        )
    return rows


def _category_views(run: Run, policy: PolicyLike | None) -> list[CategoryView]:
    f = run.findings
    views: dict[str, CategoryView] = {}
    for cat in getattr(policy, "categories", ()) or ():
        views[str(cat.id)] = CategoryView(
            id=str(cat.id),
            title=_text(getattr(cat, "title", "")),
            section=_text(getattr(cat, "section", "")),
            purpose=_text(getattr(cat, "purpose", "")),
            shared_with=_text(getattr(cat, "shared_with", "")),
            retention=_text(getattr(cat, "retention", "")),
            in_policy=True,
        )
    category_key = f["category"].where(f["category"] != "", NO_CATEGORY)
    for cat_id, group in f.groupby(category_key, sort=True):
        cat_id = str(cat_id)
        view = views.get(cat_id)
        if view is None:
            title = "Not covered by any policy category" if cat_id == NO_CATEGORY else ""
            view = views[cat_id] = CategoryView(cat_id, title, "", "", "", "", in_policy=False)
        view.entity_types = list(group["entity_type"].value_counts().items())
        view.source_kinds = sorted(group["source_kind"].unique())
        view.findings = len(group)
        view.distinct_values = int(group["value_hash"].nunique())
        view.undeclared = int((~group["declared"]).sum())
        view.files = int(group["path"].nunique())
        view.locations = list(group["path"].map(prefix_of).value_counts().index[:5])
    return list(views.values())


def _comparison(this: Run, other: Run) -> Comparison:
    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.groupby(["value_hash", "path"], sort=True).agg(
            masked_value=("masked_value", "first"),
            entity_type=("entity_type", "first"),
            declared=("declared", "all"),
            findings=("masked_value", "size"),
        )

    mine, theirs = keyed(this.findings), keyed(other.findings)
    new_keys = mine.index.difference(theirs.index)
    resolved_keys = theirs.index.difference(mine.index)
    unchanged = len(mine.index.intersection(theirs.index))

    def rows(frame: pd.DataFrame, keys: pd.Index) -> list[ChangeRow]:
        picked = frame.loc[keys[:CHANGE_ROW_CAP]]
        return [
            ChangeRow(
                r.masked_value,
                str(path),
                r.entity_type,
                bool(r.declared),
                int(r.findings),
                str(value_hash)[:HASH_SHOWN],
            )  # fmt: skip
            for (value_hash, path), r in zip(picked.index, picked.itertuples(), strict=True)
        ]

    def totals(run: Run) -> dict[str, int]:
        f = run.findings
        return {
            "findings": len(f),
            "undeclared findings": int((~f["declared"]).sum()),
            "distinct values": int(f["value_hash"].nunique()),
            "files with findings": int(f["path"].nunique()),
        }

    t_this, t_other = totals(this), totals(other)
    this_time = str(this.summary.get("finished_at") or this.summary.get("started_at") or "")
    other_time = str(other.summary.get("finished_at") or other.summary.get("started_at") or "")
    return Comparison(
        other_run_id=str(other.summary.get("run_id", other.path.name)),
        other_dir=str(other.path),
        same_key=this.summary.get("hash_key_id") == other.summary.get("hash_key_id"),
        new=len(new_keys),
        resolved=len(resolved_keys),
        unchanged=unchanged,
        new_rows=rows(mine, new_keys),
        resolved_rows=rows(theirs, resolved_keys),
        trend=[(k, t_other[k], t_this[k]) for k in t_this],
        other_label=f"{other.summary.get('run_id', other.path.name)} {other_time}".strip(),
        this_label=f"{this.summary.get('run_id', this.path.name)} {this_time}".strip(),
        other_is_older=not (this_time and other_time and other_time > this_time),
    )


def build_model(
    run: Run,
    policy: PolicyLike | None,
    *,
    policy_note: str | None = None,
    compare: Run | None = None,
) -> ReportModel:
    """Compute every number and table the report shows."""
    warnings: list[str] = []
    f, files = run.findings, run.files
    overview = _overview(run, warnings)
    if run.summary.get("revealed"):
        warnings.append(
            "This run was made with --reveal: findings.parquet holds raw values. "
            "This report still shows masked values only; protect the run directory."
        )

    status = files["status"].value_counts()
    statuses = list(FILE_STATUSES) + sorted(set(status.index) - set(FILE_STATUSES))
    status_counts = [(s, int(status.get(s, 0))) for s in statuses]

    def listed(state: str) -> list[tuple[str, str, str]]:
        part = files[files["status"] == state].sort_values("path")
        types = part["file_type"] if "file_type" in part.columns else pd.Series([""] * len(part))
        return list(zip(part["path"], types, part["reason"], strict=True))

    by_entity = f.groupby("entity_type")["declared"].agg(["sum", "size"])
    entity_bars = sorted(
        ((str(e), int(r["sum"]), int(r["size"] - r["sum"])) for e, r in by_entity.iterrows()),
        key=lambda t: (-(t[1] + t[2]), t[0]),
    )

    heat_rows = [e for e, _, _ in entity_bars]
    # The policy's source kinds in its own order (the kinds are the policy's words, not ours),
    # then any other kind the run recorded (an older policy, --source-kind).
    policy_kinds = list(policy.source_kinds()) if policy is not None else []
    observed_kinds = set(f["source_kind"])
    heat_columns = policy_kinds + sorted(observed_kinds - set(policy_kinds))
    heat_cells: dict[tuple[str, str], tuple[int, int]] = {}
    for (entity, kind), group in f.groupby(["entity_type", "source_kind"]):
        heat_cells[(str(entity), str(kind))] = (len(group), int((~group["declared"]).sum()))

    undeclared = f[~f["declared"]]
    pairs = undeclared[["entity_type", "source_kind", "category"]].drop_duplicates()
    reasons = _reasons(policy, pairs.itertuples(index=False, name=None))
    shown = undeclared.sort_values(["path", "line", "start"], na_position="last").head(
        UNDECLARED_ROW_CAP
    )
    undeclared_rows = [
        UndeclaredRow(
            masked_value=r.masked_value,
            path=r.path,
            line=int(r.line) if pd.notna(r.line) else None,
            page=int(r.page) if pd.notna(r.page) else None,
            field=r.field if isinstance(r.field, str) else "",
            entity_type=r.entity_type,
            source_kind=r.source_kind,
            category=r.category,
            reason=reasons[(r.entity_type, r.source_kind)],
            hash_short=r.value_hash[:HASH_SHOWN],
        )
        for r in shown.itertuples()
    ]

    categories = _category_views(run, policy)
    declared_types: set[str] = set()
    for cat in getattr(policy, "categories", ()) or ():
        declared_types.update(str(t) for t in (getattr(cat, "entity_types", ()) or ()))
    counts = f["entity_type"].value_counts()
    undeclared_anywhere = (
        [(str(t), int(n)) for t, n in counts.items() if t not in declared_types]
        if policy is not None
        else []
    )

    return ReportModel(
        info=run_info(run.summary),
        overview=overview,
        status_counts=status_counts,
        error_files=listed("error"),
        skipped_files=listed("skipped"),
        partial_files=listed("partial"),
        categories=categories,
        entity_bars=entity_bars,
        heat_rows=heat_rows,
        heat_columns=heat_columns,
        heat_cells=heat_cells,
        undeclared_rows=undeclared_rows,
        undeclared_total=len(undeclared),
        undeclared_entity_types=sorted(undeclared["entity_type"].unique()),
        top_files=_score_rows(f, f["path"], TOP_N),
        top_prefixes=_score_rows(f, f["path"].map(prefix_of), TOP_N),
        unobserved_categories=[c for c in categories if c.in_policy and c.findings == 0],
        undeclared_anywhere=undeclared_anywhere,
        policy_loaded=policy is not None,
        policy_note=policy_note,
        comparison=_comparison(run, compare) if compare is not None else None,
        warnings=warnings,
    )


DATAMAP_COLUMNS: tuple[str, ...] = (
    "category", "title", "section", "purpose", "shared_with", "retention", "source_kinds",
    "locations", "findings", "distinct_values", "undeclared_findings",
)  # fmt: skip


def datamap_rows(model: ReportModel) -> list[dict[str, Any]]:
    """One row per policy category (plus ``(none)`` when findings map to no category)."""
    return [
        {
            "category": c.id,
            "title": c.title,
            "section": c.section,
            "purpose": c.purpose,
            "shared_with": c.shared_with,
            "retention": c.retention,
            "source_kinds": ";".join(c.source_kinds),
            "locations": ";".join(c.locations),
            "findings": c.findings,
            "distinct_values": c.distinct_values,
            "undeclared_findings": c.undeclared,
        }
        for c in model.categories
    ]
