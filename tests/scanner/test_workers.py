"""Forked scan workers take the parent's detector instead of building and warming their own."""

from __future__ import annotations

import multiprocessing
import os

import pytest

import scanner.detect.detector as detector_module
from scanner.scan.pipeline import ScanConfig, ScanContext, list_sources, scan_files

LINE = "2026-01-01T00:00:01 INFO login nric=S1234567D ip=10.20.30.40\n"


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="inheritance needs forked workers"
)
def test_forked_workers_build_no_detector(tmp_path, monkeypatch):
    builds = tmp_path / "builds.txt"
    real_init = detector_module.Detector.__init__

    def counted_init(self, *args, **kwargs):
        with open(builds, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(detector_module.Detector, "__init__", counted_init)
    for i in range(4):
        (tmp_path / "logs").mkdir(exist_ok=True)
        (tmp_path / "logs" / f"app{i}.log").write_text(LINE * 20, encoding="utf-8")
    config = ScanConfig(run_id="w", profile="logs")
    ctx = ScanContext(config)
    results = list(
        scan_files(list_sources([str(tmp_path / "logs")]), config, workers=2, context=ctx)
    )
    assert [r.record.findings for r in results] == [40] * 4
    assert builds.read_text(encoding="utf-8").split() == [str(os.getpid())]  # the parent's only


def test_a_worker_without_the_parents_context_builds_its_own(tmp_path, monkeypatch):
    """What a spawned worker does (it has no inherited context): it still scans."""
    from scanner.scan import pipeline

    (tmp_path / "a.log").write_text(LINE, encoding="utf-8")
    config = ScanConfig(run_id="w", profile="logs")
    monkeypatch.setattr(pipeline, "_WORKER_CONTEXT", None)  # restored after the test
    assert pipeline._FORK_CONTEXT is None
    pipeline._init_worker(config)
    assert pipeline._WORKER_CONTEXT is not None
    (item,) = list_sources([str(tmp_path)])
    assert pipeline._scan_in_worker(item).record.findings == 2


def test_warm_up_loads_the_first_name_dictionary_before_any_file():
    """What forked workers inherit (and the bench times as set-up): the log-name recognizer's
    first-name dictionary, loaded on first use otherwise (about a second per process)."""
    from recognizers.rules import log_names

    log_names.first_names.cache_clear()
    ScanContext(ScanConfig(run_id="w", profile="logs")).warm_up()
    assert log_names.first_names.cache_info().currsize == 1
