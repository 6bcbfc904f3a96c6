"""The inputs bench/scale.py builds for its rows (the rows themselves are timed by make bench)."""

from __future__ import annotations

from bench.generate import generate_corpus
from bench.scale import make_big_log, make_small_files, make_unrepeated_contracts


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

    make_unrepeated_contracts(corpus, tmp_path / "norep")
    seen: set[str] = set()
    for path in sorted((tmp_path / "norep").glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            assert line not in seen
            seen.add(line)
    assert seen
