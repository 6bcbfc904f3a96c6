"""Run a piimap scan on Apache Spark, with the same inventory as the local engine.

How the work is split:

- The driver lists the sources with the local engine's ``list_sources`` (local paths,
  ``file://`` and fsspec URIs). Files that could not be listed (``SourceError``) stay on the
  driver and become error rows exactly as in ``run_scan``.
- The listed files become a small DataFrame, one row per file: its listing index and the
  serialized ``SourceFile`` (source, path, uri, size, mtime, etag, storage options as JSON),
  repartitioned round-robin into ``partitions`` partitions. File bytes never become Spark rows
  (no ``binaryFile``): each executor opens its files itself through ``scanner.sources`` and
  streams them through ``scanner.extract``, so a file larger than Spark's 2 GB record limit is
  scanned like any other.
- Executors run the same ``ScanContext.scan_file`` as the local engine. The context (recognizers,
  spaCy, policy) is built once per executor Python worker process and cached at module level,
  keyed by a digest of the shipped configuration; Spark reuses Python workers between tasks
  (``spark.python.worker.reuse``, on by default), so the cost is paid once per worker.
- One ``mapInArrow`` pass returns Arrow record batches with a union schema: one ``kind='file'``
  row per file (the ``FileRecord``, columns ``rec_*``) and one ``kind='finding'`` row per finding
  (the ``FINDINGS_SCHEMA`` columns), keyed by ``(idx, seq)``. The driver persists that result,
  sorts it by ``(idx, seq)`` (files in listing order, findings in their order in the file), pulls
  it with ``toLocalIterator`` (one partition in memory at a time) and hands the results to
  ``scanner.scan.pipeline.write_run``, the local engine's writer code.

What is shipped to executors with the task: the ``ScanConfig``, the bytes of the policy, profiles
and recognizer YAML files (executors need no ``configs/`` folder and use exactly what the driver
loaded) and the driver's hash key (so value hashes match the driver's key id). The key travels in
the task closure: on a shared cluster enable ``spark.network.crypto.enabled`` and
``spark.io.encryption.enabled``. Raw values only leave an executor with ``--reveal``.

Retries: a partition's output is a pure function of its file rows and the shipped configuration.
Spark keeps the output of one successful attempt per partition, so a failed, retried or
speculative task recomputes the same rows and never duplicates findings (the round-robin
repartition is made deterministic by ``spark.sql.execution.sortBeforeRepartition``, on by
default). A persisted block that is lost is recomputed the same way. Per-file problems are
recorded by ``scan_file`` as ``error``/``skipped`` rows and never fail a task; an unexpected
exception from a file (a bug) is also recorded as that file's error, because one bad file
should not abort a cluster-wide job (the local engine would stop there instead).

pandas: pyspark does not fully support pandas 3 yet, so this engine stays on Arrow: no pandas
UDFs, no ``toPandas``. (pyspark itself still imports pandas to check its version when
``mapInArrow`` is planned and may warn; nothing here goes through pandas.)
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import json
import os
import pickle
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from scanner.inventory import FindingsFormat
from scanner.inventory.base import FINDINGS_SCHEMA, REVEAL_SCHEMA, finding_row
from scanner.inventory.parquet import FILES_SCHEMA
from scanner.model import FINDING_COLUMNS, FileRecord, Finding
from scanner.protect.hashing import KEY_ENV
from scanner.scan.pipeline import (
    FileResult,
    ScanConfig,
    ScanContext,
    ScanOutcome,
    _error_result,
    list_sources,
    write_run,
)
from scanner.sources import SourceError, SourceFile

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, Row, SparkSession

KIND_FILE = "file"
KIND_FINDING = "finding"
RECORD_PREFIX = "rec_"
RECORD_COLUMNS: tuple[str, ...] = (*FILES_SCHEMA.names, "source")
DATASET_PARTITION_COLUMNS = ("source_kind", "entity_type")
ROWS_PER_BATCH = 10_000

FILE_LIST_SCHEMA = pa.schema(
    [
        ("idx", pa.int64()),
        ("source", pa.string()),
        ("path", pa.string()),
        ("uri", pa.string()),
        ("size", pa.int64()),
        ("mtime", pa.float64()),
        ("etag", pa.string()),
        ("storage_options", pa.string()),
    ]
)

_SPARK_TYPES = {
    pa.string(): "STRING",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
}


class SparkEngineError(Exception):
    """The Spark engine cannot run as asked (e.g. a session with another master is active)."""


def result_schema(reveal: bool) -> pa.Schema:
    """The union schema ``mapInArrow`` emits: file rows and finding rows, keyed by (idx, seq)."""
    findings = REVEAL_SCHEMA if reveal else FINDINGS_SCHEMA
    # FileRecord fields as the record holds them (mtime in POSIX seconds; files.parquet
    # converts it to a UTC timestamp when written).
    record_types = {f.name: f.type for f in FILES_SCHEMA} | {
        "source": pa.string(),
        "mtime": pa.float64(),
    }
    return pa.schema(
        [
            ("idx", pa.int64()),
            ("seq", pa.int64()),  # -1 for the file row, so it sorts before its findings
            ("kind", pa.string()),
            *findings,
            *((RECORD_PREFIX + name, record_types[name]) for name in RECORD_COLUMNS),
        ]
    )


def spark_ddl(schema: pa.Schema) -> str:
    """A Spark DDL string for an Arrow schema (without pyspark's pandas-based converters)."""
    return ", ".join(f"`{f.name}` {_SPARK_TYPES[f.type]}" for f in schema)


# -- configuration shipped to executors --------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class ShippedConfig:
    """What an executor needs to rebuild the driver's ScanContext exactly; picklable."""

    config: ScanConfig
    files: tuple[tuple[str, str, bytes], ...]  # (ScanConfig field, file name, content)
    key: bytes = dataclasses.field(repr=False)
    digest: str = ""


def ship_config(config: ScanConfig, key: bytes) -> ShippedConfig:
    files = []
    for name in ("policy_path", "profiles_path", "recognizers_yaml"):
        value = getattr(config, name)
        if value is not None:
            files.append((name, Path(value).name, Path(value).read_bytes()))
    sha = hashlib.sha256(pickle.dumps(config))
    for name, filename, content in files:
        sha.update(f"\0{name}\0{filename}\0".encode())
        sha.update(content)
    sha.update(b"\0key\0" + key)
    return ShippedConfig(config, tuple(files), key, sha.hexdigest())


_EXECUTOR_CONTEXTS: dict[str, ScanContext] = {}
_EXECUTOR_LOCK = threading.Lock()


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def executor_context(shipped: ShippedConfig) -> ScanContext:
    """The ScanContext of this Python process for ``shipped``, built on first use."""
    ctx = _EXECUTOR_CONTEXTS.get(shipped.digest)
    if ctx is not None:
        return ctx
    with _EXECUTOR_LOCK:
        ctx = _EXECUTOR_CONTEXTS.get(shipped.digest)
        if ctx is None:
            config_dir = Path(tempfile.mkdtemp(prefix="piimap-config-"))
            atexit.register(shutil.rmtree, config_dir, True)
            paths: dict[str, Any] = {}  # ScanConfig field -> path (fields of several types)
            for name, filename, content in shipped.files:
                (config_dir / name).mkdir()
                paths[name] = config_dir / name / filename
                paths[name].write_bytes(content)
            config = dataclasses.replace(shipped.config, **paths)
            # A placeholder key while building stops load_hash_key from creating a key file on
            # the executor; the driver's key replaces it before any value is hashed.
            with _env(KEY_ENV, secrets.token_hex(16)):
                ctx = ScanContext(config)
            ctx.key = shipped.key
            _EXECUTOR_CONTEXTS[shipped.digest] = ctx
    return ctx


# -- executor side ----------------------------------------------------------------------------
def _source_file(row: dict[str, Any]) -> SourceFile:
    return SourceFile(
        source=row["source"],
        path=row["path"],
        uri=row["uri"],
        size=row["size"],
        mtime=row["mtime"],
        etag=row["etag"],
        storage_options=json.loads(row["storage_options"]) if row["storage_options"] else {},
    )


def _scan_one(ctx: ScanContext, f: SourceFile) -> FileResult:
    try:
        return ctx.scan_file(f)
    except Exception as exc:  # a bug on one file must not abort the whole distributed job
        record = FileRecord(
            path=ctx.display_path(f.path),
            size=f.size,
            source_kind=ctx.source_kind(f.path),
            status="error",
            reason=ctx.redact(f"internal error: {type(exc).__name__}: {exc}"),
            mtime=f.mtime,
            source=ctx.display_path(f.source),
        )
        return FileResult(record, [])


def result_batches(
    idx: int, result: FileResult, schema: pa.Schema, reveal: bool
) -> Iterator[pa.RecordBatch]:
    """One file's rows (its record, then its findings in order), in bounded batches."""
    record = {RECORD_PREFIX + name: getattr(result.record, name) for name in RECORD_COLUMNS}
    rows: list[dict[str, Any]] = [{"idx": idx, "seq": -1, "kind": KIND_FILE, **record}]
    for seq, finding in enumerate(result.findings):
        rows.append({"idx": idx, "seq": seq, "kind": KIND_FINDING, **finding_row(finding, reveal)})
        if len(rows) >= ROWS_PER_BATCH:
            yield pa.RecordBatch.from_pylist(rows, schema=schema)
            rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def scan_partition_fn(
    shipped: ShippedConfig, files_scanned: Any = None
) -> Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The ``mapInArrow`` function: file-list batches in, result batches out."""
    reveal = shipped.config.reveal

    def scan(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        ctx = executor_context(shipped)
        schema = result_schema(reveal)
        for batch in batches:
            for row in batch.to_pylist():
                result = _scan_one(ctx, _source_file(row))
                if files_scanned is not None:
                    files_scanned.add(1)
                yield from result_batches(row["idx"], result, schema, reveal)

    return scan


# -- driver side ------------------------------------------------------------------------------
def default_partitions(n_files: int, parallelism: int) -> int:
    """About one partition per 8 files, at least one per core (up to the file count), at most
    two per core, so small runs still use every core and large ones balance uneven files."""
    parallelism = max(1, parallelism)
    by_files = -(-n_files // 8)
    return max(1, min(n_files, parallelism), min(by_files, 2 * parallelism))


def _file_list_rows(files: Sequence[tuple[int, SourceFile]]) -> list[tuple[Any, ...]]:
    rows = []
    for idx, f in files:
        try:
            options = json.dumps(f.storage_options, sort_keys=True) if f.storage_options else None
        except TypeError as exc:
            raise SparkEngineError(
                f"storage options must be JSON values to reach Spark executors: {exc}"
            ) from exc
        rows.append((idx, f.source, f.path, f.uri, f.size, f.mtime, f.etag, options))
    return rows


def _record_from_row(row: Row) -> FileRecord:
    return FileRecord(**{name: row[RECORD_PREFIX + name] for name in RECORD_COLUMNS})


def _finding_from_row(row: Row, reveal: bool) -> Finding:
    values = {name: row[name] for name in FINDING_COLUMNS}
    return Finding(**values, value=row["value"] if reveal else None)


def _merge_in_listing_order(
    listing: Sequence[SourceFile | SourceError],
    rows: Iterator[Row],
    ctx: ScanContext,
) -> Iterator[FileResult]:
    """Interleave the driver's listing errors with the executors' sorted rows, by listing index."""
    reveal = ctx.config.reveal
    pending: Row | None = next(rows, None)
    for idx, item in enumerate(listing):
        if isinstance(item, SourceError):
            yield _error_result(item, ctx)
            continue
        if pending is None or pending["idx"] != idx or pending["kind"] != KIND_FILE:
            raise SparkEngineError(f"Spark returned no result for listed file #{idx}")
        record = _record_from_row(pending)
        findings: list[Finding] = []
        pending = next(rows, None)
        while pending is not None and pending["idx"] == idx:
            findings.append(_finding_from_row(pending, reveal))
            pending = next(rows, None)
        if len(findings) != record.findings:
            raise SparkEngineError(f"Spark returned an incomplete result for listed file #{idx}")
        yield FileResult(record, findings)
    if pending is not None:
        raise SparkEngineError("Spark returned results for files that were not listed")


def scan_dataframe(
    spark: SparkSession,
    files: Sequence[tuple[int, SourceFile]],
    shipped: ShippedConfig,
    partitions: int,
    files_scanned: Any = None,
) -> DataFrame:
    """The lazy scan: a file-list DataFrame mapped to the union result schema."""
    file_list = spark.createDataFrame(_file_list_rows(files), spark_ddl(FILE_LIST_SCHEMA))
    schema = result_schema(shipped.config.reveal)
    return file_list.repartition(partitions).mapInArrow(
        scan_partition_fn(shipped, files_scanned), spark_ddl(schema)
    )


def write_findings_dataset(scanned: DataFrame, path: str, reveal: bool) -> None:
    """Findings as a Parquet dataset partitioned by source kind and entity type, for Spark SQL.

    Appends: every row carries its ``run_id``, so runs sharing one path stay apart and nothing
    already there is overwritten.
    """
    from pyspark.sql import functions as F

    columns = [*FINDING_COLUMNS, *(("value",) if reveal else ())]
    (
        scanned.where(F.col("kind") == KIND_FINDING)
        .select(*columns)
        .write.mode("append")
        .partitionBy(*DATASET_PARTITION_COLUMNS)
        .parquet(path)
    )


def spark_results(
    spark: SparkSession,
    listing: Sequence[SourceFile | SourceError],
    ctx: ScanContext,
    *,
    partitions: int | None = None,
    dataset_out: str | None = None,
    files_scanned: Any = None,
) -> Iterator[FileResult]:
    """Scan ``listing`` on ``spark`` and yield results in listing order (like ``scan_files``)."""
    from pyspark import StorageLevel

    files = [(i, item) for i, item in enumerate(listing) if isinstance(item, SourceFile)]
    if not files:
        yield from _merge_in_listing_order(listing, iter(()), ctx)
        return
    n = partitions or default_partitions(len(files), spark.sparkContext.defaultParallelism)
    shipped = ship_config(ctx.config, ctx.key)
    scanned = scan_dataframe(spark, files, shipped, n, files_scanned)
    # Persisted so that the dataset write, the sort's sampling and the sort itself read one scan.
    scanned = scanned.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        if dataset_out:
            write_findings_dataset(scanned, dataset_out, ctx.config.reveal)
        rows = scanned.sort("idx", "seq").toLocalIterator(prefetchPartitions=True)
        yield from _merge_in_listing_order(listing, iter(rows), ctx)
    finally:
        scanned.unpersist()


@contextmanager
def spark_session(
    master: str | None = None, app_name: str = "piimap scan"
) -> Iterator[SparkSession]:
    """The active session if there is one (notebooks, tests), else a new one.

    Under ``spark-submit`` the new session takes the submitted master and settings. Otherwise
    ``master`` defaults to Spark's own default (``spark-defaults.conf``, else ``local[*]``), and a
    local master runs its Python workers with this interpreter, so executors import the same
    piimap as the driver. A session started here is stopped on exit.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        if master and master != active.sparkContext.master:
            raise SparkEngineError(
                f"a Spark session with master {active.sparkContext.master!r} is already active; "
                f"cannot also use {master!r}"
            )
        yield active
        return
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # the driver of a spark-submit
    builder = SparkSession.builder
    if not submitted:
        builder = builder.appName(app_name)
    if master:
        builder = builder.master(master)
    local = master is None or master.startswith("local")
    if local and not submitted and not os.environ.get("PYSPARK_PYTHON"):
        with _env("PYSPARK_PYTHON", sys.executable):
            session = builder.getOrCreate()
    else:
        session = builder.getOrCreate()
    try:
        yield session
    finally:
        session.stop()


def _listed_once(
    items: Iterable[SourceFile | SourceError],
) -> Iterator[SourceFile | SourceError]:
    """Drop a file listed again by overlapping sources, as the local engine does."""
    seen: set[tuple[str, str]] = set()
    for item in items:
        key = (item.source, item.path)
        if key not in seen:
            seen.add(key)
            yield item


def run_scan_spark(
    sources: Sequence[str],
    out_dir: Path,
    config: ScanConfig,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    formats: Sequence[FindingsFormat] = (FindingsFormat.PARQUET,),
    storage_options: dict[str, Any] | None = None,
    master: str | None = None,
    partitions: int | None = None,
    dataset_out: str | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> ScanOutcome:
    """Scan ``sources`` on Spark into the run directory ``out_dir`` (same files as ``run_scan``).

    ``master`` is used only when no Spark session is active (see :func:`spark_session`);
    ``partitions`` defaults to :func:`default_partitions`; ``dataset_out`` (any Hadoop path)
    also receives the findings as a partitioned Parquet dataset.
    """
    if partitions is not None and partitions < 1:
        raise SparkEngineError("partitions must be at least 1")
    started = datetime.now(UTC)
    t0 = time.monotonic()
    ctx = ScanContext(config)
    listing = list(_listed_once(list_sources(sources, include, exclude, storage_options)))

    def write(results: Iterable[FileResult]) -> ScanOutcome:
        return write_run(
            results,
            out_dir,
            ctx,
            sources=sources,
            formats=formats,
            started=started,
            t0=t0,
            on_result=on_result,
        )

    errors = [item for item in listing if isinstance(item, SourceError)]
    if len(errors) == len(listing):
        return write(_error_result(item, ctx) for item in errors)  # no Spark job needed
    with spark_session(master) as spark:
        return write(
            spark_results(spark, listing, ctx, partitions=partitions, dataset_out=dataset_out)
        )


__all__ = [
    "SparkEngineError",
    "default_partitions",
    "result_schema",
    "run_scan_spark",
    "spark_results",
    "spark_session",
]
