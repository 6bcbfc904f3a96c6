"""Smoke test of ``python -m bench.run`` at a tiny scale: it runs every stage and writes results.

No timing assertions: the numbers depend on the machine. Presidio is left out here (its spaCy
pass dominates the run time); ``test_presidio_subset_scores`` covers its subset plumbing.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from bench import run as bench_run
from bench.generate import generate_corpus
from bench.rg_baseline import PATTERNS


def test_runner_writes_results(tmp_path, monkeypatch):
    monkeypatch.setenv("PIIMAP_HASH_KEY", "test-key-for-bench-smoke")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        bench_run.main,
        [
            "--scale",
            "0.005",
            "--corpus",
            str(tmp_path / "corpus"),
            "--out",
            str(out),
            "--workers",
            "2",
            "--presidio-kb",
            "0",
            "--no-loghub",
            "--no-spark",
            "--no-incremental",
            "--office-mb",
            "0.02",
            "--no-scale-rows",
        ],
    )
    assert result.exit_code == 0, result.output
    results = json.loads((out / "results.json").read_text())
    piimap = [r for r in results["speed"] if r["engine"] == "piimap"]
    assert {(r["profile"], r["workers"]) for r in piimap} == {
        ("logs", 1),
        ("logs", 2),
        ("contracts", 1),
        ("contracts", 2),
    }
    for row in piimap:
        assert row["text_mb"] > 0 and row["seconds"] > 0 and row["peak_rss_mb"] > 10
        assert set(row["statuses"]) == {"scanned"}
    micro = results["accuracy"]["piimap_full"]["micro"]
    assert micro["tp"] > 100 and 0.5 < micro["precision"] <= 1.0
    # Same engine, same files: 1 and 2 workers find the same number of things.
    logs = {r["workers"]: r["findings"] for r in piimap if r["profile"] == "logs"}
    assert logs[1] == logs[2]
    markdown = (out / "results.md").read_text()
    assert "| piimap | logs | logs | 1 |" in markdown
    # The whole-process row is the real CLI: start-up and writing the run included, so it is
    # slower than the set-up-excluded row of the same scan, and its run was written.
    (whole,) = [r for r in results["speed"] if r["engine"] == "piimap CLI, whole process"]
    scan_1w = next(r for r in piimap if r["profile"] == "logs" and r["workers"] == 1)
    assert whole["seconds"] > scan_1w["seconds"] and whole["cpu_seconds"] > 0
    assert (out / "whole-process-run" / "findings.parquet").is_file()
    assert "MB per CPU-second" in markdown
    assert results["machine"]["nproc"] >= 1
    # The data's-side corpus has its own table beside the generated corpus's.
    realistic = results["realistic"]
    assert realistic["micro"]["tp"] > 100 and "PERSON" in realistic["per_entity"]
    assert "Data's-side corpus" in markdown and "| micro |" in markdown
    # Reports carry masked values only: no planted value appears in any output file.
    planted = [
        json.loads(line)["synthetic_value"]
        for line in (tmp_path / "corpus" / "labels.jsonl").read_text().splitlines()
    ]
    outputs = "".join(
        p.read_text(errors="replace")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".jsonl", ".json", ".md")
    )
    leaked = [
        v for v in planted if len(v) >= 8 and v in outputs and not v.replace(" ", "").isalpha()
    ]
    assert leaked == []


def test_subset_keeps_only_labels_inside_the_cut(tmp_path):
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, seed=7, scale=0.005)
    subset = tmp_path / "subset"
    info = bench_run.build_subset(corpus, subset, log_chars=20_000, contracts=2)
    assert len(info["contracts"]) == 2
    labels = [json.loads(line) for line in (subset / "labels.jsonl").read_text().splitlines()]
    assert labels
    for label in labels:
        path = subset / label["file"]
        assert path.exists()
        if label["file"].endswith((".log", ".jsonl")) or "/syslog/" in label["file"]:
            text = path.read_text(encoding="utf-8")
            assert text[label["start"] : label["end"]] == label["synthetic_value"]


def test_rg_patterns_are_rust_regex_compatible():
    # Rust's regex has no look-around; a pattern with it would make `rg` fail at run time.
    for pattern in PATTERNS.values():
        assert "(?<" not in pattern and "(?=" not in pattern and "(?!" not in pattern
