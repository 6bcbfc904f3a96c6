"""The inputs bench/scale.py builds for its rows (the rows themselves are timed by make bench)."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.contracts_bench import make_contract_sets
from bench.generate import generate_corpus
from bench.scale import bytecode_env, make_big_log, make_small_files


def test_scale_inputs(tmp_path):
    corpus = tmp_path / "corpus"
    generate_corpus(corpus, seed=7, scale=0.005)
    size = make_big_log(corpus, tmp_path / "big" / "big.log", 2)
    assert size >= 2_000_000
    assert (tmp_path / "big" / "big.log").stat().st_size == size

    total = make_small_files(corpus, tmp_path / "small", 25)
    files = sorted((tmp_path / "small").rglob("*.log"))
    assert len(files) == 25 and sum(f.stat().st_size for f in files) == total
    assert all(f.read_bytes().count(b"\n") == 5 for f in files)

    sets = make_contract_sets(tmp_path, 6)
    assert set(sets) == {"templated", "no repeated line"}
    seen: set[str] = set()
    for label, (folder, size) in sets.items():
        texts = {
            p.relative_to(folder).as_posix(): p.read_text("utf-8")
            for p in (folder / "contracts").glob("*.txt")
        }
        assert len(texts) == 6 and sum(len(t.encode()) for t in texts.values()) == size
        labels = [json.loads(line) for line in (folder / "labels.jsonl").open()]
        assert {"PERSON", "ORGANIZATION"} <= {row["entity_type"] for row in labels}
        for row in labels:  # labels still point at their values after lines were dropped
            assert texts[row["file"]][row["start"] : row["end"]] == row["synthetic_value"]
        if label == "no repeated line":
            for text in texts.values():
                for line in text.splitlines():
                    assert line not in seen
                    seen.add(line)
    assert seen


def test_timed_runs_cache_bytecode_outside_the_tree(tmp_path, monkeypatch):
    """The small-files rows run piimap with its bytecode cached (as an installed wheel has it),
    even where PYTHONDONTWRITEBYTECODE is set, and the cache stays out of the source tree."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = bytecode_env(tmp_path / "pycache")
    assert "PYTHONDONTWRITEBYTECODE" not in env
    subprocess.run([sys.executable, "-c", "import bench.score"], env=env, check=True)
    cached = [p.name for p in (tmp_path / "pycache").rglob("*.pyc")]
    assert any(name.startswith("score.") for name in cached)
