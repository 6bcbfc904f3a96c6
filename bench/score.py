"""Score a scanner's predictions against the labels written by ``bench.generate``.

A prediction is a mapping with ``file`` (or ``path``, as in ``findings.parquet``), ``entity_type``,
``start`` and ``end`` (code points into the file's extracted text, end exclusive); any other key
is ignored. Paths are relative to the corpus directory, ``/``-separated.

Matching rules (span files, the default for everything but PDF):

- A prediction is a true positive if it overlaps an unmatched label of the same entity type in the
  same file (half-open spans overlap when ``a.start < b.end and b.start < a.end``). Predictions are
  taken in (start, end) order and each matches at most one label, so a span covering two labels
  finds one of them.
- A prediction that overlaps only labels of its type that are already matched is a *duplicate*
  (e.g. two recognizers on one value): neither TP nor FP, counted separately.
- Any other prediction of a scored type is a false positive, including one that overlaps a label
  of a different type; those are also listed as *confusions* (predicted type -> labeled type).
- Every label no prediction matched is a false negative.

Count files (PDF by default, or every file with ``match="count"``): extracted PDF text need not
match the written offsets, so per (file, entity type) ``TP = min(predicted, labeled)``, and the
rest are FP or FN. Duplicates count as FP there, and hard negatives and per-variant recall are not
scored for these files.

Scored entity types are those the corpus plants (``bench.generate.ENTITY_TYPES``) plus any type in
the labels. Predictions of other types (Presidio's ``DATE_TIME``, ``URL``, ``NRP``, piimap's
``LOCATION`` ...) are left out of precision and recall and reported as ``other_types`` counts.
Predictions for files outside the corpus are counted as ``unscored_predictions``.

Hard negatives: a scored-type prediction that overlaps a hard-negative span is a *hit* for that
span's kind; the table shows how many negatives of each kind were hit and by how many predictions.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import click

from bench.generate import (
    COUNT_ONLY_SUFFIXES,
    ENTITY_TYPES,
    HARD_NEGATIVES_FILE,
    LABELS_FILE,
    MANIFEST_FILE,
)

MATCH_MODES = ("overlap", "count")


@dataclass(frozen=True)
class EntityScore:
    entity_type: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class HardNegativeScore:
    kind: str
    total: int  # hard negatives of this kind in span-matched files
    hit: int  # of those, how many at least one prediction overlapped
    predictions: int  # predictions that overlapped one


@dataclass(frozen=True)
class Score:
    per_entity: Mapping[str, EntityScore]
    micro: EntityScore
    hard_negatives: Mapping[str, HardNegativeScore]
    other_types: Mapping[str, int]
    confusions: Mapping[tuple[str, str], int]  # (predicted, labeled) -> false positives
    recall_by_variant: Mapping[tuple[str, str], tuple[int, int]]  # -> (found, labeled)
    duplicates: int
    unscored_predictions: int
    count_files: tuple[str, ...]


def score_summary(result: Score, *, predictions: bool = True) -> dict[str, Any]:
    """Per-entity and micro counts with precision/recall/F1, and hard negatives hit, as plain
    data for results.json (``predictions``: also how many predictions overlapped them)."""

    def counts(s: EntityScore) -> dict[str, Any]:
        return {"tp": s.tp, "fp": s.fp, "fn": s.fn,
                "precision": s.precision, "recall": s.recall, "f1": s.f1}  # fmt: skip

    def hard(h: HardNegativeScore) -> dict[str, int]:
        row = {"total": h.total, "hit": h.hit}
        return {**row, "predictions": h.predictions} if predictions else row

    return {
        "per_entity": {t: counts(s) for t, s in result.per_entity.items()},
        "micro": counts(result.micro),
        "hard_negatives": {k: hard(h) for k, h in result.hard_negatives.items()},
    }


class _Intervals:
    """Spans sorted by start, for overlap queries in O(log n + hits)."""

    def __init__(self, spans: list[tuple[int, int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _, _ in spans]
        self.ends = [e for _, e, _ in spans]
        self.ids = [i for _, _, i in spans]
        self.max_ends = list(accumulate(self.ends, max))

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """Ids of spans overlapping [start, end), in start order."""
        first = bisect_right(self.max_ends, start)
        last = bisect_left(self.starts, end)
        for j in range(first, last):
            if self.ends[j] > start:
                yield self.ids[j]


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _normalise_path(path: str, prefix: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return f"{prefix.rstrip('/')}/{path}" if prefix else path


def score(
    predictions: Iterable[Mapping[str, Any]],
    labels_dir: Path,
    *,
    match: str = "overlap",
    count_suffixes: Collection[str] = COUNT_ONLY_SUFFIXES,
    path_prefix: str = "",
    entity_types: Collection[str] | None = None,
) -> Score:
    """Compare predictions with ``labels_dir``'s labels; rules in the module docstring.

    ``path_prefix`` is prepended to prediction paths, for a scan rooted below the corpus
    directory (``path_prefix="logs"`` when ``logs/`` itself was scanned).
    """
    if match not in MATCH_MODES:
        raise ValueError(f"match must be one of {MATCH_MODES}, not {match!r}")
    labels_dir = Path(labels_dir)
    labels = list(_read_jsonl(labels_dir / LABELS_FILE))
    negatives = list(_read_jsonl(labels_dir / HARD_NEGATIVES_FILE))
    corpus_files = {row["file"] for row in labels} | {row["file"] for row in negatives}
    manifest = labels_dir / MANIFEST_FILE
    if manifest.exists():
        corpus_files |= {f["path"] for f in json.loads(manifest.read_text("utf-8"))["files"]}
    scored_types = set(ENTITY_TYPES if entity_types is None else entity_types)
    scored_types |= {row["entity_type"] for row in labels}

    def is_count_file(path: str) -> bool:
        return match == "count" or path.lower().endswith(tuple(count_suffixes))

    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    other_types: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    duplicates = 0
    unscored = 0

    by_file: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for prediction in predictions:
        path = _normalise_path(str(prediction.get("file", prediction.get("path", ""))), path_prefix)
        entity_type = str(prediction["entity_type"])
        if path not in corpus_files:
            unscored += 1
        elif entity_type not in scored_types:
            other_types[entity_type] += 1
        else:
            by_file[path].append((int(prediction["start"]), int(prediction["end"]), entity_type))

    labels_by_file: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(labels):
        labels_by_file[row["file"]].append(i)
    negatives_by_file: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(negatives):
        negatives_by_file[row["file"]].append(i)

    matched = [False] * len(labels)
    negative_hits = [0] * len(negatives)
    count_files: set[str] = set()

    for path in sorted(corpus_files):
        file_predictions = sorted(by_file.get(path, ()))
        file_labels = labels_by_file.get(path, [])
        if is_count_file(path):
            if file_labels or file_predictions:
                count_files.add(path)
            predicted = Counter(t for _, _, t in file_predictions)
            labeled = Counter(labels[i]["entity_type"] for i in file_labels)
            for entity_type in predicted.keys() | labeled.keys():
                hits = min(predicted[entity_type], labeled[entity_type])
                tp[entity_type] += hits
                fp[entity_type] += predicted[entity_type] - hits
                fn[entity_type] += labeled[entity_type] - hits
            continue

        spans_by_type: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for i in file_labels:
            row = labels[i]
            spans_by_type[row["entity_type"]].append((row["start"], row["end"], i))
        index = {t: _Intervals(spans) for t, spans in spans_by_type.items()}
        negative_index = _Intervals(
            [
                (negatives[i]["start"], negatives[i]["end"], i)
                for i in negatives_by_file.get(path, [])
            ]
        )

        for start, end, entity_type in file_predictions:
            for i in negative_index.overlapping(start, end):
                negative_hits[i] += 1
            same_type = index.get(entity_type)
            overlapping = list(same_type.overlapping(start, end)) if same_type else []
            unmatched = [i for i in overlapping if not matched[i]]
            if unmatched:
                matched[unmatched[0]] = True
                tp[entity_type] += 1
            elif overlapping:
                duplicates += 1
            else:
                fp[entity_type] += 1
                for other_type, other in index.items():
                    if (
                        other_type != entity_type
                        and next(other.overlapping(start, end), None) is not None
                    ):
                        confusions[(entity_type, other_type)] += 1
        for i in file_labels:
            if not matched[i]:
                fn[labels[i]["entity_type"]] += 1

    variants: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for i, row in enumerate(labels):
        if row["file"] in corpus_files and not is_count_file(row["file"]):
            tally = variants[(row["entity_type"], row.get("variant", ""))]
            tally[0] += matched[i]
            tally[1] += 1

    negative_scores: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for i, row in enumerate(negatives):
        if is_count_file(row["file"]):
            continue
        tally = negative_scores[row["kind"]]
        tally[0] += 1
        tally[1] += negative_hits[i] > 0
        tally[2] += negative_hits[i]

    types = sorted(t for t in scored_types if tp[t] or fp[t] or fn[t])
    per_entity = {t: EntityScore(t, tp[t], fp[t], fn[t]) for t in types}
    micro = EntityScore("micro", sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return Score(
        per_entity=per_entity,
        micro=micro,
        hard_negatives={k: HardNegativeScore(k, *v) for k, v in sorted(negative_scores.items())},
        other_types=dict(sorted(other_types.items())),
        confusions=dict(sorted(confusions.items())),
        recall_by_variant={k: (v[0], v[1]) for k, v in sorted(variants.items())},
        duplicates=duplicates,
        unscored_predictions=unscored,
        count_files=tuple(sorted(count_files)),
    )


def format_score_table(result: Score) -> str:
    """A plain-text report: per-entity and micro P/R/F1, hard negatives, other types."""
    lines = [
        f"{'entity type':<16} {'TP':>8} {'FP':>8} {'FN':>8} {'precision':>9} "
        f"{'recall':>7} {'F1':>7}"
    ]
    for row in [*result.per_entity.values(), result.micro]:
        lines.append(
            f"{row.entity_type:<16} {row.tp:>8} {row.fp:>8} {row.fn:>8} "
            f"{row.precision:>9.3f} {row.recall:>7.3f} {row.f1:>7.3f}"
        )
    if result.hard_negatives:
        lines += [
            "",
            f"{'hard negative':<18} {'total':>8} {'hit':>8} {'hit %':>7} {'predictions':>11}",
        ]
        for neg in result.hard_negatives.values():
            share = 100 * neg.hit / neg.total if neg.total else 0.0
            lines.append(
                f"{neg.kind:<18} {neg.total:>8} {neg.hit:>8} {share:>6.1f}% {neg.predictions:>11}"
            )
    if result.recall_by_variant:
        lines += ["", f"{'recall by variant':<34} {'found':>8} {'labeled':>8} {'recall':>7}"]
        for (entity_type, variant), (found, total) in result.recall_by_variant.items():
            name = f"{entity_type}/{variant or '-'}"
            lines.append(f"{name:<34} {found:>8} {total:>8} {found / total:>7.3f}")
    if result.confusions:
        lines += ["", "false positives on a label of another type (predicted -> labeled):"]
        lines += [f"  {p} -> {lab}: {n}" for (p, lab), n in result.confusions.items()]
    if result.other_types:
        lines += [
            "",
            "other entity types (not scored): "
            + ", ".join(f"{t}={n}" for t, n in result.other_types.items()),
        ]
    lines += [
        "",
        f"duplicates (not counted): {result.duplicates}",
        f"predictions outside the corpus (not counted): {result.unscored_predictions}",
    ]
    if result.count_files:
        lines.append(f"files scored by counts per entity type: {len(result.count_files)}")
    return "\n".join(lines)


def read_predictions(path: Path) -> Iterator[dict[str, Any]]:
    """Predictions from a JSON-lines file or a ``findings.parquet``."""
    if path.suffix == ".parquet":
        import pandas as pd

        frame = pd.read_parquet(path, columns=["path", "entity_type", "start", "end"])
        yield from frame.to_dict("records")
    else:
        yield from _read_jsonl(path)


@click.command()
@click.argument("labels_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--match", type=click.Choice(MATCH_MODES), default="overlap", show_default=True)
@click.option("--path-prefix", default="", help="Prepended to prediction paths.")
def main(labels_dir: Path, predictions: Path, match: str, path_prefix: str) -> None:
    """Score PREDICTIONS (.jsonl or findings.parquet) against the corpus in LABELS_DIR."""
    result = score(read_predictions(predictions), labels_dir, match=match, path_prefix=path_prefix)
    click.echo(format_score_table(result))


if __name__ == "__main__":
    main()
