"""Contracts against vanilla Presidio on two labeled sets (issue 14 item 4), for ``bench.scale``.

- **templated**: ``BENCH_CONTRACTS`` (default 60) plain-text agreements from the bench
  generator's contract template (``bench.generate._build_contract``): the same clauses, other
  parties, identifiers and dates in each, as uploads on an e-signature platform are;
- **no repeated line**: the same contracts with every line already seen in an earlier contract
  dropped (labels moved with their lines), so the NER memo cannot help and only the gate can.

Both sets get their own ``labels.jsonl`` so PERSON and ORGANIZATION F1 are scored on exactly the
text that was timed. piimap (``contracts`` profile, one worker, after its one-time set-up) and
Presidio (``AnalyzerEngine.analyze`` only) each run in a child process (``bench.engines``).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

from bench.engines import run_child
from bench.generate import HARD_NEGATIVES_FILE, LABELS_FILE, Pools, _build_contract
from bench.score import score

MB = 1_000_000
NAME_TYPES = ("PERSON", "ORGANIZATION")


def _write_set(folder: Path, texts: list[tuple[str, str, list[tuple]]]) -> int:
    """Write ``contracts/*.txt`` and the labels of ``(path, text, labels)``; text bytes."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "contracts").mkdir(parents=True)
    (folder / "logs").mkdir()
    total = 0
    with open(folder / LABELS_FILE, "w", encoding="utf-8") as labels_out:
        for path, text, labels in texts:
            data = text.encode("utf-8")
            (folder / path).write_bytes(data)
            total += len(data)
            for start, end, etype, variant, value in labels:
                row = {
                    "file": path,
                    "entity_type": etype,
                    "start": start,
                    "end": end,
                    "variant": variant,
                    "synthetic_value": value,
                }
                labels_out.write(json.dumps(row, ensure_ascii=False) + "\n")
    (folder / HARD_NEGATIVES_FILE).write_text("", encoding="utf-8")
    return total


def _drop_seen_lines(text: str, labels: list[tuple], seen: set[str]) -> tuple[str, list[tuple]]:
    """``text`` without the lines in ``seen`` (which it extends), labels moved along."""
    kept, moved, old, new = [], [], 0, 0
    for line in text.split("\n"):
        end = old + len(line)
        if line.strip() and line not in seen:
            seen.add(line)
            kept.append(line)
            shift = new - old
            moved += [
                (s + shift, e + shift, *rest) for s, e, *rest in labels if old <= s and e <= end
            ]
            new += len(line) + 1
        old = end + 1
    return "\n".join(kept) + "\n", moved


def make_contract_sets(work: Path, count: int, seed: int = 7) -> dict[str, tuple[Path, int]]:
    """The templated and no-repeated-line sets: label -> (folder, text bytes)."""
    pools = Pools(random.Random(f"{seed}:pools"))
    templated, unrepeated, seen = [], [], set()
    for i in range(count):
        rng = random.Random(f"{seed}:bench-contract:{i}")
        path = f"contracts/{i + 1:03d}-agreement.txt"
        t = _build_contract(path, rng, pools, latin1_only=False)
        text = t.text()
        templated.append((path, text, list(t.labels)))
        unrepeated.append((path, *_drop_seen_lines(text, list(t.labels), seen)))
    return {
        "templated": (
            work / "contracts-templated",
            _write_set(work / "contracts-templated", templated),
        ),
        "no repeated line": (
            work / "contracts-norep",
            _write_set(work / "contracts-norep", unrepeated),
        ),
    }


def _f1(predictions: list[dict[str, Any]], folder: Path) -> dict[str, float]:
    result = score(predictions, folder, entity_types=NAME_TYPES)
    return {t: round(result.per_entity[t].f1, 3) for t in NAME_TYPES if t in result.per_entity}


def _read(path: Path, prefix: str = "") -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    for row in rows:
        row["path"] = f"{prefix}{row['path']}"
    return rows


def contract_rows(work: Path, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Speed rows (piimap and Presidio on each set, with x Presidio) and an F1 note per set."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for label, (folder, size) in make_contract_sets(work, count).items():
        tag = "templ" if label == "templated" else "norep"
        spec = {
            "source": str(folder / "contracts"),
            "profile": "contracts",
            "workers": 1,
            "predictions": str(work / f"contracts-{tag}.piimap.jsonl"),
        }
        mine = run_child(
            ["-m", "bench.engines", "piimap", json.dumps(spec), str(work / f"{tag}.piimap.json")],
            work / f"{tag}.piimap.json",
            timeout=3600,
        )
        theirs = run_child(
            [
                "-m",
                "bench.engines",
                "presidio",
                json.dumps(
                    {
                        "subset": str(folder),
                        "predictions": str(work / f"contracts-{tag}.presidio.jsonl"),
                    }
                ),
                str(work / f"{tag}.presidio.json"),
            ],
            work / f"{tag}.presidio.json",
            timeout=3600,
        )
        if not (mine.result and theirs.result):
            notes.append(
                f"contracts ({label}) failed: {(mine.stderr_tail + theirs.stderr_tail)[-300:]}"
            )
            continue
        p_seconds = theirs.result["timing"]["contracts"]["seconds"]
        m_seconds = mine.result["scan_seconds"]
        ratio = p_seconds / m_seconds if m_seconds else None
        for engine, seconds, rss in (
            ("piimap", m_seconds, mine.peak_rss_mb),
            ("presidio", p_seconds, theirs.peak_rss_mb),
        ):
            rows.append(
                {
                    "engine": engine,
                    "profile": "contracts" if engine == "piimap" else "default",
                    "data": f"{count} contracts .txt, {label}",
                    "workers": 1,
                    "text_mb": size / MB,
                    "seconds": seconds,
                    "mb_per_s": size / MB / seconds if seconds else None,
                    "peak_rss_mb": rss,
                    **({"x_presidio": ratio} if engine == "piimap" else {}),
                }
            )
        f1_mine = _f1(_read(Path(spec["predictions"]), "contracts/"), folder)
        f1_theirs = _f1(_read(work / f"contracts-{tag}.presidio.jsonl"), folder)
        notes.append(
            f"Contracts, {label} ({count} files, {size / 1000:,.0f} kB): piimap "
            f"{ratio:.1f}x Presidio (target >= 5x); F1 piimap {f1_mine}, Presidio {f1_theirs}."
        )
    return rows, notes
