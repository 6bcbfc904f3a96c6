"""Scan and score the data's-side corpus (``bench.realistic``): its own table in ``make bench``.

``python -m bench.realistic_bench`` runs just this table (generate, scan ``logs/`` with the
``logs`` profile and ``contracts/`` with ``contracts``, score with ``bench.score``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from bench.engines import REPO_ROOT, run_piimap
from bench.realistic import REALISTIC_TYPES, generate_realistic
from bench.score import Score, format_score_table, score, score_summary

DEFAULT_DIR = REPO_ROOT / "bench" / "corpus_realistic"
PROFILES = {"logs": "logs", "contracts": "contracts"}


def _scan(source: Path, profile: str, out: Path, tag: str) -> list[dict[str, Any]]:
    predictions = out / f"{tag}.predictions.jsonl"
    run = run_piimap(source, predictions, out / f"{tag}.json", profile=profile, workers=1)
    if run.returncode != 0 or not run.result:
        raise RuntimeError(f"piimap {tag} failed ({run.returncode}): {run.stderr_tail}")
    rows = []
    with open(predictions, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                row["path"] = f"{source.name}/{row['path']}"
                rows.append(row)
    return rows


def run_realistic(out: Path, corpus: Path = DEFAULT_DIR, *, scale: float = 1.0) -> Score:
    """Generate the corpus, scan it with piimap (one worker) and score the findings."""
    generate_realistic(corpus, scale=scale)
    out.mkdir(parents=True, exist_ok=True)
    predictions: list[dict[str, Any]] = []
    for data, profile in PROFILES.items():
        predictions += _scan(corpus / data, profile, out, f"realistic-{profile}")
    return score(predictions, corpus, entity_types=REALISTIC_TYPES)


@click.command()
@click.option("--out", type=click.Path(path_type=Path), default=REPO_ROOT / "bench" / "out")
@click.option("--scale", type=float, default=1.0, show_default=True)
def main(out: Path, scale: float) -> None:
    """Print the data's-side corpus table."""
    click.echo(format_score_table(run_realistic(out, scale=scale)))


if __name__ == "__main__":
    main()


def realistic_result(out: Path, bench_scale: float = 0.1) -> dict[str, Any]:
    """The table's figures for ``results.json`` (an error is reported, not raised). The corpus
    goes beside ``out`` (``bench/corpus_realistic`` for ``bench/out``), at ten times the
    generated corpus's scale (1.0, about 5,000 log records and 12 contracts, by default)."""
    try:
        result = run_realistic(out, out.parent / "corpus_realistic", scale=bench_scale * 10)
    except Exception as exc:  # noqa: BLE001 - the row reports any failure instead of aborting
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}
    return score_summary(result, predictions=False)


def realistic_markdown(result: dict[str, Any] | None) -> str:
    """The data's-side table in Markdown, beside the generated corpus's table."""
    if not result:
        return ""
    if "error" in result:
        return f"\nData's-side corpus (bench/realistic.py): failed: {result['error']}\n"
    lines = [
        "",
        "Data's-side corpus (bench/realistic.py: Spring Boot, nginx, Envoy, ALB, "
        "CloudTrail, Kubernetes, Postgres, syslog, Windows CBS, logfmt; TXT contracts):",
        "",
        "| entity | TP | FP | FN | P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in [*result["per_entity"].items(), ("micro", result["micro"])]:
        lines.append(
            f"| {name} | {s['tp']} | {s['fp']} | {s['fn']} | {s['precision']:.3f} | "
            f"{s['recall']:.3f} | {s['f1']:.3f} |"
        )
    lines += ["", "| hard negative | hit / total |", "|---|---:|"]
    lines += [f"| {k} | {h['hit']} / {h['total']} |" for k, h in result["hard_negatives"].items()]
    return "\n".join(lines) + "\n"
