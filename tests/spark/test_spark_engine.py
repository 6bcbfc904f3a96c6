"""The Spark engine writes the same inventory as the local engine, on a real local[2] session."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scanner.engines.spark import default_partitions, run_scan_spark, spark_results
from scanner.engines.spark_job import main as spark_job_main
from scanner.inventory import FindingsFormat
from scanner.scan.pipeline import ScanConfig, ScanContext, list_sources, run_scan, scan_files
from scanner.sources import SourceFile

pytestmark = [
    pytest.mark.spark,
    pytest.mark.xdist_group("spark"),  # with --dist loadgroup the module shares one JVM
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas"),
]

ROOT = Path(__file__).resolve().parents[2]
SUMMARY_KEYS = ("files", "findings", "by_category", "bytes_scanned", "exit_code", "hash_key_id")


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    subprocess.run([sys.executable, str(ROOT / "samples/make_samples.py"), str(out)], check=True)
    return out


def _rows(path: Path) -> list[dict]:
    rows = pq.read_table(path).to_pylist()
    for row in rows:
        row.pop("run_id", None)
    return rows


def assert_same_inventory(local: Path, spark: Path) -> None:
    local_findings, spark_findings = (
        _rows(local / "findings.parquet"),
        _rows(spark / "findings.parquet"),
    )
    assert local_findings, "the corpus should produce findings"
    assert spark_findings == local_findings
    assert _rows(spark / "files.parquet") == _rows(local / "files.parquet")
    local_summary = json.loads((local / "summary.json").read_text())
    spark_summary = json.loads((spark / "summary.json").read_text())
    for key in SUMMARY_KEYS:
        assert spark_summary[key] == local_summary[key], key


def test_samples_inventory_matches_local_engine(spark, samples, tmp_path):
    config = ScanConfig(run_id="samples")
    local = run_scan([str(samples)], tmp_path / "local", config, workers=1)
    outcome = run_scan_spark([str(samples)], tmp_path / "spark", config)
    assert_same_inventory(tmp_path / "local", tmp_path / "spark")
    assert outcome.exit_code == local.exit_code == 0
    assert outcome.files == local.files


def test_every_file_type_with_errors_matches_local_engine(spark, every_type_corpus, tmp_path):
    config = ScanConfig(run_id="every-type", reveal=True)
    formats = (FindingsFormat.CSV, FindingsFormat.JSONL)
    local = run_scan([str(every_type_corpus)], tmp_path / "local", config, formats=formats)
    dataset = tmp_path / "dataset"
    outcome = run_scan_spark(
        [str(every_type_corpus)],
        tmp_path / "spark",
        config,
        formats=formats,
        partitions=3,
        dataset_out=str(dataset),
    )
    assert_same_inventory(tmp_path / "local", tmp_path / "spark")
    for name in ("findings.csv", "findings.jsonl"):
        assert (tmp_path / "spark" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert outcome.exit_code == local.exit_code == 3  # some files had errors

    status = {r.path: (r.status, r.file_type) for r in outcome.files}
    for path, file_type in [
        ("logs/app.log", "log"),
        ("logs/app.log.1.gz", "gzip"),
        ("logs/app.log.2.bz2", "bzip2"),
        ("logs/app.log.3.xz", "xz"),
        ("logs/events.jsonl", "jsonl"),
        ("contracts/letter.txt", "text"),
        ("contracts/agreement.pdf", "pdf"),
        ("contracts/nda.docx", "docx"),
        ("contracts/bundle.zip", "zip"),
        ("identity/people.json", "json"),
        ("identity/people.csv", "csv"),
        ("identity/people.tsv", "tsv"),
        ("identity/people.parquet", "parquet"),
    ]:
        assert status[path] == ("scanned", file_type), path
    for path in ("logs/truncated.log.gz", "contracts/corrupt.pdf"):  # fail inside an executor
        assert status[path][0] == "error", path
    for path in ("identity/pipe.fifo", "identity/escape.txt"):  # fail at listing, on the driver
        assert status[path][0] == "error", path
    assert status["identity/blob.bin"][0] == "skipped"
    found_in = {r.path for r in outcome.files if r.findings}
    assert {"logs/app.log.3.xz", "contracts/nda.docx", "identity/people.parquet"} <= found_in

    # The partitioned dataset holds the same findings, readable with Spark SQL.
    spark.read.parquet(str(dataset)).createOrReplaceTempView("piimap_findings")
    by_type = spark.sql(
        "SELECT entity_type, count(*) AS n FROM piimap_findings "
        "WHERE run_id = 'every-type' GROUP BY entity_type"
    ).collect()
    expected: dict[str, int] = {}
    for row in _rows(tmp_path / "local" / "findings.parquet"):
        expected[row["entity_type"]] = expected.get(row["entity_type"], 0) + 1
    assert {r["entity_type"]: r["n"] for r in by_type} == expected
    assert {p.name.split("=")[0] for p in dataset.iterdir() if p.is_dir()} == {"source_kind"}


def test_object_store_source_matches_local_engine(spark, s3_server, every_type_corpus, tmp_path):
    """Executors open s3:// objects themselves, with the storage options shipped as JSON."""
    client = s3_server.client()
    client.create_bucket(Bucket="piimap-spark")
    for f in sorted(every_type_corpus.rglob("*")):
        if f.is_file() and not f.is_symlink():
            key = "corpus/" + f.relative_to(every_type_corpus).as_posix()
            client.put_object(Bucket="piimap-spark", Key=key, Body=f.read_bytes())
    source = ["s3://piimap-spark/corpus"]
    config = ScanConfig(run_id="s3")
    options = s3_server.storage_options
    local = run_scan(source, tmp_path / "local", config, storage_options=options)
    outcome = run_scan_spark(source, tmp_path / "spark", config, storage_options=options)
    assert_same_inventory(tmp_path / "local", tmp_path / "spark")
    assert outcome.files == local.files
    assert {r.path for r in outcome.files if r.findings} >= {"logs/app.log", "contracts/nda.docx"}


def test_each_file_is_scanned_once(spark, every_type_corpus):
    config = ScanConfig(run_id="once")
    ctx = ScanContext(config)
    listing = list(list_sources([str(every_type_corpus)]))
    scanned = spark.sparkContext.accumulator(0)
    results = list(spark_results(spark, listing, ctx, partitions=4, files_scanned=scanned))
    local = list(scan_files(listing, config, context=ctx))
    assert [r.record for r in results] == [r.record for r in local]
    assert [r.findings for r in results] == [r.findings for r in local]
    listed_files = sum(isinstance(item, SourceFile) for item in listing)
    assert len(listing) - listed_files == 2  # the FIFO and the escaping symlink
    assert scanned.value == listed_files


def test_spark_submit_entry_point(spark, samples, tmp_path, capsys):
    twice = [str(samples), str(samples)]  # overlapping sources: each file is scanned once
    code = spark_job_main(
        [*twice, "--out", str(tmp_path / "job"), "--run-id", "job", "--partitions", "2"]
    )
    assert code == 0
    assert "8 files" in capsys.readouterr().out
    run_scan(twice, tmp_path / "local", ScanConfig(run_id="job"), workers=1)
    assert_same_inventory(tmp_path / "local", tmp_path / "job")


def test_listing_errors_only_need_no_spark_job(spark, tmp_path):
    outcome = run_scan_spark([str(tmp_path / "missing")], tmp_path / "out", ScanConfig(run_id="x"))
    assert outcome.exit_code == 3
    assert [r.status for r in outcome.files] == ["error"]


@pytest.mark.parametrize(
    ("files", "cores", "expected"),
    [(0, 4, 1), (1, 4, 1), (3, 4, 3), (40, 4, 5), (1000, 4, 8), (100, 16, 16)],
)
def test_default_partitions(files, cores, expected):
    assert default_partitions(files, cores) == expected


def test_bench_times_a_spark_scan(spark, samples, tmp_path):
    from bench.spark_bench import time_spark_scan

    result = time_spark_scan(samples, tmp_path / "bench", master="local[2]")
    assert result["files"] == 8
    assert result["bytes_scanned"] == sum(
        f.stat().st_size for f in samples.rglob("*") if f.is_file()
    )
    assert result["mb_per_s"] > 0 and result["seconds"] > 0
    assert (tmp_path / "bench" / "findings.parquet").is_file()


def test_cli_engine_spark_matches_local(tmp_path, spark):
    """`piimap scan --engine spark` writes the same rows as the local engine."""
    from click.testing import CliRunner

    from scanner.cli.main import main

    samples = tmp_path / "samples"
    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, str(root / "samples/make_samples.py"), str(samples)], check=True
    )
    runner = CliRunner()
    local = runner.invoke(
        main, ["scan", str(samples), "--out", str(tmp_path / "l"), "-q", "--workers", "1"]
    )
    assert local.exit_code == 0, local.output
    remote = runner.invoke(
        main,
        [
            "scan",
            str(samples),
            "--out",
            str(tmp_path / "s"),
            "-q",
            "--engine",
            "spark",
            "--spark-master",
            "local[2]",
        ],
    )
    assert remote.exit_code == 0, remote.output
    a = pq.read_table(tmp_path / "l" / "findings.parquet").drop(["run_id"])
    b = pq.read_table(tmp_path / "s" / "findings.parquet").drop(["run_id"])
    assert a.equals(b)
