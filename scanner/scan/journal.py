"""The run journal: an SQLite database in ``RUN_DIR/.state/state.sqlite`` (WAL mode).

Why a journal: a scan of a large store can be killed (OOM killer, a redeploy, Ctrl-C, SIGKILL).
Each completed file is ONE row, written in one statement: its ``FileRecord`` and all of its
findings as one blob of compressed JSON lines (``scanner.scan.finding_blob``), so after a crash
a file is either fully recorded or not at all, and journaling costs one statement per file, not
per finding. ``piimap scan --resume`` reopens the journal, skips the files already in it and scans
the rest; the inventory files (findings.parquet, files.parquet, summary.json) are always written
from the journal at the end, in listing order, so an interrupted-and-resumed run writes the same
rows as an uninterrupted one.

The same ``files`` table is the run's manifest (source, path, size, mtime, ETag, sha256): a later
``piimap scan --incremental`` attaches it read-only as its baseline, copies the rows of unchanged
files (same size, mtime and ETag) forward without reading them (a file's findings blob is
copied as one value), and scans only what changed. When the inventory is written, the carried
files' findings are read from the baseline run's findings.parquet (whose rows are that journal's
blobs in order, checked by its footer's run id and row count) instead of parsing their blobs
again; a resumed run, or a baseline whose file does not match, reads the blobs.

Text that is not valid UTF-8 (a Latin-1 file name, a lone surrogate from JSON) is stored
losslessly as UTF-8 bytes with ``surrogatepass`` (``scanner.unicode_safe``; in the findings blob
too) and read back as the same str. Only what the inventory holds is stored: masked values and
keyed hashes, raw values only with ``--reveal`` (exactly like findings.parquet).
Nothing here imports the pipeline.
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.exit_codes import INCOMPLETE_STATUSES
from scanner.inventory.run_folder import STATE_DIR
from scanner.model import FileRecord, Finding
from scanner.unicode_safe import from_storable, to_storable

if TYPE_CHECKING:  # pyarrow is imported where findings are encoded or read
    import pyarrow as pa

STATE_DB = "state.sqlite"
# 2: a file's findings are one blob in its `files` row (1 had a row per finding).
# 3: the blob is zlib-compressed (scanner.scan.finding_blob).
SCHEMA_VERSION = 3
# Every FileRecord field; carried_forward (a column added later by ALTER) is set only by
# carry_forward, so an insert leaves it at its default.
_FILE_FIELDS_ALL = tuple(f.name for f in fields(FileRecord))
_FILE_FIELDS = tuple(name for name in _FILE_FIELDS_ALL if name != "carried_forward")
assert _FILE_FIELDS_ALL[-1] == "carried_forward"  # _file_record builds records positionally
_new_record: Callable[..., FileRecord] = FileRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    source TEXT NOT NULL, path TEXT NOT NULL, size INTEGER, file_type TEXT,
    source_kind TEXT, status TEXT NOT NULL, reason TEXT, findings INTEGER NOT NULL,
    sha256 TEXT, mtime REAL, etag TEXT, carried_forward INTEGER NOT NULL DEFAULT 0,
    finding_batch BLOB, revealed TEXT,
    UNIQUE (source, path)
);
CREATE INDEX IF NOT EXISTS files_by_seq ON files (seq, id);
"""


class StateError(Exception):
    """The run directory has no usable journal (wrong folder, or another piimap version)."""


def state_path(run_dir: Path) -> Path:
    return Path(run_dir) / STATE_DIR / STATE_DB


def _refuse_symlinks(path: Path) -> None:
    """A journal folder or file that is a symlink would have piimap chmod, delete and write
    files wherever it points (a planted ``.state -> ~/.ssh``): refuse it."""
    for candidate in (path.parent, *(Path(f"{path}{s}") for s in ("", "-wal", "-shm"))):
        if candidate.is_symlink():
            raise StateError(
                f"{candidate} is a symbolic link; piimap does not write its journal through "
                "links. Remove it, or choose another --out folder."
            )


@dataclass(frozen=True)
class ManifestEntry:
    """What a previous run knew about a file, to decide whether it changed."""

    file_id: int
    size: int | None
    mtime: float | None
    etag: str | None
    sha256: str
    status: str


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # durable across a process kill (not power loss)
    conn.execute("PRAGMA temp_store=MEMORY")  # the --incremental batch tables
    conn.execute("PRAGMA cache_size=-32000")  # 32 MB: a run's journal reads back in one pass
    return conn


class RunState:
    """The journal of one run directory; single writer (the process that runs the scan)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._baseline_attached = False
        self._baseline_run: Path | None = None

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, run_dir: Path, config: dict[str, Any]) -> RunState:
        """A fresh journal for a new run (an old journal in ``run_dir`` is replaced)."""
        path = state_path(run_dir)
        _refuse_symlinks(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        _refuse_symlinks(path)  # not replaced by a link since the check
        os.chmod(path.parent, 0o700)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        conn = _connect(path)
        os.chmod(path, 0o600)
        conn.executescript(_SCHEMA)
        state = cls(conn, path)
        state.set_meta("schema_version", SCHEMA_VERSION)
        state.set_meta("config", config)
        return state

    @classmethod
    def open(cls, run_dir: Path) -> RunState:
        """The existing journal of ``run_dir`` (for ``--resume``)."""
        path = state_path(run_dir)
        _refuse_symlinks(path)
        if not path.is_file():
            raise StateError(
                f"{run_dir} has no scan journal ({STATE_DIR}/{STATE_DB}); it is not a piimap run "
                "directory, or it was written before resumable scans existed"
            )
        try:
            conn = _connect(path)
            conn.executescript(_SCHEMA)
            state = cls(conn, path)
            version = state.get_meta("schema_version")
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: unreadable scan journal ({exc})") from exc
        if version != SCHEMA_VERSION:
            raise StateError(f"{path}: journal schema {version}, expected {SCHEMA_VERSION}")
        return state

    def close(self) -> None:
        self._conn.close()

    def forget_values(self) -> None:
        """Drop the raw values a ``--reveal`` run journaled, once its outputs are written, and
        rewrite the file so the freed pages do not keep them either."""
        self._conn.execute("UPDATE files SET revealed = NULL WHERE revealed IS NOT NULL")
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.execute("VACUUM")
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- meta ----------------------------------------------------------------------------
    def set_meta(self, key: str, value: Any) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, json.dumps(value))
        )

    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    @property
    def config(self) -> dict[str, Any]:
        config: dict[str, Any] = self.get_meta("config", {})
        return config

    # -- journaling ----------------------------------------------------------------------
    def done(self) -> set[tuple[str, str]]:
        """(source, path) of every file already recorded."""
        rows = self._conn.execute("SELECT source, path FROM files")
        return {(from_storable(s), from_storable(p)) for s, p in rows}

    def count(self) -> int:
        count: int = self._conn.execute("SELECT count(*) FROM files").fetchone()[0]
        return count

    def record(
        self,
        seq: int,
        record: FileRecord,
        findings: Sequence[Finding],
        etag: str | None = None,
    ) -> None:
        """Journal one completed file and its findings: one row, one statement (atomic)."""
        from scanner.scan.finding_blob import encode

        values = [f.value for f in findings]
        revealed = json.dumps(values) if any(v is not None for v in values) else None
        self._insert_file(seq, record, etag, encode(findings), revealed)

    def _insert_file(
        self,
        seq: int,
        record: FileRecord,
        etag: str | None,
        batch: bytes | None,
        revealed: str | None,
    ) -> int:
        cur = self._conn.execute(
            f"INSERT INTO files (seq, {', '.join(_FILE_FIELDS)}, etag, finding_batch, revealed) "
            f"VALUES (?, {', '.join('?' * len(_FILE_FIELDS))}, ?, ?, ?)",
            (
                seq,
                *(to_storable(getattr(record, name)) for name in _FILE_FIELDS),
                to_storable(etag),
                batch,
                revealed,
            ),
        )
        return _inserted_id(cur)

    # -- baseline (incremental scans) ----------------------------------------------------
    def attach_baseline(self, baseline_run: Path) -> dict[str, Any]:
        """Attach a previous run's journal read-only; returns its meta (config, fingerprint).

        The journal's schema version is part of the run's settings fingerprint
        (``scanner.scan.pipeline.scan_settings``), so a journal of another layout is never
        copied from."""
        path = state_path(baseline_run)
        if not path.is_file():
            raise StateError(f"baseline run {baseline_run} has no scan journal to compare with")
        uri = "file:" + str(path.resolve()) + "?mode=ro"
        self._conn.execute("ATTACH DATABASE ? AS base", (uri,))
        self._baseline_attached = True
        self._baseline_run = Path(baseline_run)
        rows = self._conn.execute("SELECT key, value FROM base.meta").fetchall()
        return {k: json.loads(v) for k, v in rows}

    def baseline_entry(self, source: str, path: str) -> ManifestEntry | None:
        row = self._conn.execute(
            "SELECT id, size, mtime, etag, sha256, status FROM base.files "
            "WHERE source = ? AND path = ?",
            (to_storable(source), to_storable(path)),
        ).fetchone()
        return ManifestEntry(*map(from_storable, row)) if row else None

    def carry_forward(self, seq: int, entry: ManifestEntry, etag: str | None) -> FileRecord:
        """Copy an unchanged file's record and findings from the baseline (one transaction)."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            cols = ", ".join((*_FILE_FIELDS, "finding_batch", "revealed"))
            cur = conn.execute(
                f"INSERT INTO files (seq, {cols}, etag, carried_forward) "
                f"SELECT ?, {cols}, ?, 1 FROM base.files WHERE id = ?",
                (seq, etag, entry.file_id),
            )
            new_id = _inserted_id(cur)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        row = conn.execute(
            f"SELECT {', '.join(_FILE_FIELDS_ALL)} FROM files WHERE id = ?", (new_id,)
        ).fetchone()
        return _file_record(row)

    def baseline_entries(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Any]:
        """``baseline_entry`` for many (source, path) keys in one query (a re-scan of a million
        unchanged files must not pay one statement per file)."""
        conn = self._conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (source, path)")
        conn.execute("BEGIN")  # one transaction for the batch, not one per row
        conn.execute("DELETE FROM temp.wanted")
        conn.executemany(
            "INSERT INTO temp.wanted VALUES (?, ?)",
            ((to_storable(s), to_storable(p)) for s, p in keys),
        )
        conn.execute("COMMIT")
        rows = conn.execute(
            "SELECT b.source, b.path, b.id, b.size, b.mtime, b.etag, b.sha256, b.status "
            "FROM temp.wanted w JOIN base.files b ON b.source = w.source AND b.path = w.path"
        ).fetchall()
        return {
            (from_storable(src), from_storable(path)): ManifestEntry(*map(from_storable, rest))
            for src, path, *rest in rows
        }

    def carry_forward_many(
        self, items: Sequence[tuple[int, ManifestEntry, str | None]]
    ) -> list[FileRecord]:
        """``carry_forward`` for many unchanged files (seq, baseline entry, ETag) in one
        transaction of two statements (each file's findings blob copied as one value); the
        records in the order given."""
        if not items:
            return []
        first = self._carry(
            "carried (id, seq, base_id, etag)",
            lambda first: (
                (first + i, seq, entry.file_id, to_storable(etag))
                for i, (seq, entry, etag) in enumerate(items)
            ),
            "FROM temp.carried c JOIN base.files b ON b.id = c.base_id",
        )
        rows = self._conn.execute(
            f"SELECT {', '.join(_FILE_FIELDS_ALL)} FROM files WHERE id >= ? ORDER BY id",
            (first,),
        ).fetchall()
        return [_file_record(row) for row in rows]

    def carry_unchanged(
        self, listed: Sequence[tuple[int, str, str, int | None, float | None, str | None]]
    ) -> list[tuple[int, FileRecord]]:
        """Carry forward, in one transaction, every listed file (seq, source, path, size, mtime,
        ETag) that the baseline holds unchanged; (seq, record) of the files carried, in the
        order given.

        The test is ``scanner.scan.pipeline._unchanged`` without ``verify_hash``, run by SQLite
        on the joined rows (complete status, same size, mtimes both absent or within 1 us, ETags
        equal where both are known), so a re-scan of a million unchanged files makes no Python
        object per baseline row: one batch insert of the listing, one INSERT ... SELECT."""
        if not listed:
            return []
        incomplete = ", ".join("?" * len(INCOMPLETE_STATUSES))
        first = self._carry(
            "listed (id, seq, source, path, size, mtime, etag)",
            lambda first: (
                (
                    first + i,
                    seq,
                    to_storable(src),
                    to_storable(path),
                    size,
                    mtime,
                    to_storable(etag),
                )
                for i, (seq, src, path, size, mtime, etag) in enumerate(listed)
            ),
            "FROM temp.listed c JOIN base.files b ON b.source = c.source AND b.path = c.path "
            f"WHERE b.status NOT IN ({incomplete}) AND b.size IS c.size "
            "AND ((b.mtime IS NULL AND c.mtime IS NULL) OR abs(b.mtime - c.mtime) <= 1e-6) "
            "AND (c.etag IS NULL OR b.etag IS NULL OR b.etag = c.etag)",
            INCOMPLETE_STATUSES,
            note_baseline_rows=True,
        )
        rows = self._conn.execute(
            f"SELECT seq, {', '.join(_FILE_FIELDS_ALL)} FROM files WHERE id >= ? ORDER BY id",
            (first,),
        ).fetchall()
        return [(row[0], _file_record(row[1:])) for row in rows]

    def _carry(
        self,
        temp_table: str,
        rows: Callable[[int], Iterable[tuple[Any, ...]]],
        joined: str,
        params: Sequence[Any] = (),
        *,
        note_baseline_rows: bool = False,
    ) -> int:
        """One transaction: ``rows(first id)`` into ``temp_table`` (its columns start with id,
        seq, ..., etag), then every baseline row ``joined`` to them (``c`` the temp table, ``b``
        the baseline's files) copied into ``files`` as carried forward; the first new id (the
        new rows are read back by id range: ids are given here, single writer)."""
        conn = self._conn
        name = temp_table.split(" ", 1)[0]
        width = temp_table.count(",") + 1
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp_table}")
        copied = (*_FILE_FIELDS, "finding_batch", "revealed")
        cols = ", ".join(f"b.{c}" for c in copied)
        conn.execute("BEGIN IMMEDIATE")
        try:
            first: int = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM files").fetchone()[0]
            conn.execute(f"DELETE FROM temp.{name}")
            conn.executemany(
                f"INSERT INTO temp.{name} VALUES ({', '.join('?' * width)})", rows(first)
            )
            conn.execute(
                f"INSERT INTO files (id, seq, {', '.join(copied)}, etag, carried_forward) "
                f"SELECT c.id, c.seq, {cols}, c.etag, 1 {joined} ORDER BY c.id",
                params,
            )
            if note_baseline_rows:
                self._note_baseline_rows(first)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return first

    def _note_baseline_rows(self, first: int) -> None:
        """Where the findings of the files just carried (ids from ``first``) sit in the
        baseline run's findings.parquet: its rows are the baseline journal's blobs in (seq, id)
        order, each file's ``findings`` rows long. Run-local (a TEMP table): a resumed run reads
        the copied blobs instead."""
        conn = self._conn
        if not conn.execute(
            "SELECT 1 FROM temp.sqlite_master WHERE name = 'base_offsets'"
        ).fetchone():
            conn.execute(
                "CREATE TEMP TABLE base_offsets (id INTEGER PRIMARY KEY, base_offset INTEGER)"
            )
            conn.execute(
                "INSERT INTO temp.base_offsets SELECT id, "
                "sum(findings) OVER (ORDER BY seq, id ROWS UNBOUNDED PRECEDING) - findings "
                "FROM base.files WHERE finding_batch IS NOT NULL"
            )
            conn.execute(
                "CREATE TEMP TABLE carried_from (id INTEGER PRIMARY KEY, base_offset INTEGER)"
            )
        conn.execute(
            "INSERT INTO temp.carried_from SELECT l.id, o.base_offset FROM temp.listed l "
            "JOIN base.files b ON b.source = l.source AND b.path = l.path "
            "JOIN temp.base_offsets o ON o.id = b.id "
            "WHERE l.id IN (SELECT id FROM files WHERE id >= ?)",
            (first,),
        )

    def _baseline_findings(self) -> _BaselineFindings | None:
        """The baseline run's findings.parquet, if carried files' rows can be copied from it:
        written for the journal attached (its footer names the baseline's run id, its row count
        is the journal's), with findings.parquet's columns. Otherwise None (blobs are read)."""
        conn = self._conn
        if (
            self._baseline_run is None
            or not conn.execute(
                "SELECT 1 FROM temp.sqlite_master WHERE name = 'carried_from'"
            ).fetchone()
        ):
            return None
        meta = dict(conn.execute("SELECT key, value FROM base.meta").fetchall())
        try:
            run_id = json.loads(meta["config"])["run_id"]
            if "finished_at" not in meta:
                return None
        except (KeyError, TypeError, ValueError):
            return None
        rows = conn.execute(
            "SELECT total(findings) FROM base.files WHERE finding_batch IS NOT NULL"
        ).fetchone()[0]
        return _BaselineFindings.open(self._baseline_run / "findings.parquet", run_id, int(rows))

    def iter_records(self) -> Iterator[FileRecord]:
        """Every journaled file's record, in listing order."""
        rows = self._conn.execute(
            f"SELECT {', '.join(_FILE_FIELDS_ALL)} FROM files ORDER BY seq, id"
        )
        for row in rows:
            yield _file_record(row)

    def iter_finding_tables(
        self, run_id: str, batch_rows: int, *, reveal: bool = False
    ) -> Iterator[pa.Table]:
        """Every journaled finding in listing order, as Arrow tables of findings.parquet's
        columns (and ``value`` with ``reveal``) of at least ``batch_rows`` rows (the last may be
        smaller): one query for the whole run, no Python object per finding, memory bounded by
        the batch. Without ``reveal`` this imports no pandas."""
        from scanner.scan.finding_blob import json_lines

        baseline = None if reveal else self._baseline_findings()
        if baseline is None:
            cursor = self._conn.execute(
                "SELECT finding_batch, revealed, NULL, NULL FROM files "
                "WHERE finding_batch IS NOT NULL ORDER BY seq, id"
            )
        else:  # a carried file's blob is not read: its rows are copied from the baseline
            cursor = self._conn.execute(
                "SELECT CASE WHEN c.base_offset IS NULL THEN f.finding_batch END, NULL, "
                "c.base_offset, f.findings FROM files f "
                "LEFT JOIN temp.carried_from c ON c.id = f.id "
                "WHERE f.finding_batch IS NOT NULL ORDER BY f.seq, f.id"
            )
        pieces: list[bytes | tuple[int, int]] = []
        values: list[str | None] = []
        rows = 0
        for blob, revealed, offset, findings in cursor:
            if blob is None:  # carried: findings rows from offset in the baseline
                pieces.append((offset, findings))
                rows += findings
            else:
                lines = json_lines(blob)
                pieces.append(lines)
                count = lines.count(b"\n")  # one line per finding
                rows += count
                if reveal:
                    kept = json.loads(revealed) if revealed else []
                    values += kept + [None] * (count - len(kept))
            if rows >= batch_rows:
                yield _finding_table(pieces, run_id, values if reveal else None, baseline)
                pieces, values, rows = [], [], 0
        if pieces:
            yield _finding_table(pieces, run_id, values if reveal else None, baseline)

    # -- reading back --------------------------------------------------------------------
    def iter_files(self, run_id: str) -> Iterator[tuple[FileRecord, Iterator[Finding]]]:
        """Every journaled file with its findings as ``Finding`` objects, in listing order (for
        callers that want objects; the inventory is written from ``iter_finding_tables``)."""
        from scanner.scan.finding_blob import findings_of

        files = self._conn.execute(
            f"SELECT finding_batch, revealed, {', '.join(_FILE_FIELDS_ALL)} FROM files "
            "ORDER BY seq, id"
        )
        for blob, revealed, *values in files:
            kept = json.loads(revealed) if revealed else []
            yield _file_record(values), findings_of(blob, run_id, kept)


def _inserted_id(cursor: sqlite3.Cursor) -> int:
    """The row id an INSERT just assigned (sqlite3 types ``lastrowid`` as optional)."""
    if cursor.lastrowid is None:
        raise sqlite3.InterfaceError("INSERT assigned no row id")
    return cursor.lastrowid


def read_meta(run_dir: Path) -> dict[str, Any] | None:
    """A run's journal meta (config, started/finished times), read-only; None if unreadable."""
    path = state_path(run_dir)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect("file:" + str(path.resolve()) + "?mode=ro", uri=True, timeout=30)
        try:
            rows = conn.execute("SELECT key, value FROM meta").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return {k: json.loads(v) for k, v in rows}


def _file_record(values: Sequence[Any]) -> FileRecord:
    """A ``FileRecord`` from a row of ``_FILE_FIELDS_ALL`` (built positionally: a re-scan of a
    million unchanged files builds a million of them)."""
    if bytes in map(type, values):  # text stored losslessly as bytes (rare)
        values = [from_storable(v) for v in values]
    return _new_record(*values[:-1], bool(values[-1]))


def finished_runs(
    parent: Path, sources: Sequence[str], *, exclude: Path | None = None
) -> list[tuple[Path, dict[str, Any]]]:
    """Finished runs of the same sources in ``parent``, newest first, with their journal meta."""
    if not parent.is_dir():
        return []
    skip = exclude.resolve() if exclude is not None else None
    found: list[tuple[str, Path, dict[str, Any]]] = []
    for child in parent.iterdir():
        if not child.is_dir() or (skip is not None and child.resolve() == skip):
            continue
        meta = read_meta(child)
        if not meta or not meta.get("finished_at"):
            continue
        if list(meta.get("config", {}).get("sources", [])) != list(sources):
            continue
        found.append((meta["finished_at"], child, meta))
    found.sort(key=lambda item: (item[0], str(item[1])), reverse=True)
    return [(path, meta) for _, path, meta in found]


def _finding_table(
    pieces: Sequence[bytes | tuple[int, int]],
    run_id: str,
    values: Sequence[str | None] | None,
    baseline: _BaselineFindings | None = None,
) -> pa.Table:
    """Journaled findings (JSON lines), and (offset, rows) ranges of the baseline's
    findings.parquet, as rows of findings.parquet in the order given: the run's id in front, raw
    values last (``--reveal`` only)."""
    import pyarrow as pa

    from scanner.inventory.parquet import constant_strings
    from scanner.scan.finding_blob import table_of

    parts: list[pa.Table] = []
    for is_blob, run in itertools.groupby(pieces, key=lambda p: isinstance(p, bytes)):
        if is_blob:
            parts.append(table_of([p for p in run if isinstance(p, bytes)]))
            continue
        assert baseline is not None
        start, end = -1, -1
        for offset, count in (p for p in run if isinstance(p, tuple)):
            if offset != end:  # a new contiguous range of baseline rows
                if end > start:
                    parts += baseline.rows(start, end - start)
                start, end = offset, offset
            end += count
        if end > start:
            parts += baseline.rows(start, end - start)
    if not parts:
        from scanner.scan.finding_blob import BLOB_SCHEMA

        parts = [BLOB_SCHEMA.empty_table()]
    table = parts[0] if len(parts) == 1 else pa.concat_tables(parts).combine_chunks()
    table = table.add_column(0, "run_id", constant_strings(run_id, table.num_rows))
    if values is not None:
        table = table.append_column("value", pa.array(values, type=pa.string()))
    return table


class _BaselineFindings:
    """Rows of a baseline run's findings.parquet by position, read a row group at a time (the
    last one kept: carried files come mostly in the baseline's own order), so memory stays
    bounded by a row group."""

    def __init__(self, file: Any, starts: list[int]) -> None:
        self._file = file
        self._starts = starts
        self._cached: tuple[int, pa.Table] | None = None

    @classmethod
    def open(cls, path: Path, run_id: str, rows: int) -> _BaselineFindings | None:
        import pyarrow.parquet as pq

        from scanner.scan.finding_blob import BLOB_SCHEMA

        if path.is_symlink() or not path.is_file():
            return None
        try:
            file = pq.ParquetFile(path)
            schema = file.schema_arrow
            footer = (schema.metadata or {}).get(b"piimap.run_id", b"").decode()
            names = [f.name for f in schema if f.name != "run_id"]
            if (
                footer != run_id
                or file.metadata.num_rows != rows
                or names != BLOB_SCHEMA.names
                or any(schema.field(n).type != BLOB_SCHEMA.field(n).type for n in names)
            ):
                return None
        except (OSError, ValueError, KeyError):  # pyarrow's errors are ValueError/OSError
            return None
        starts = [0]
        for i in range(file.metadata.num_row_groups):
            starts.append(starts[-1] + file.metadata.row_group(i).num_rows)
        return cls(file, starts)

    def _group(self, index: int) -> pa.Table:
        if self._cached is None or self._cached[0] != index:
            from scanner.scan.finding_blob import BLOB_SCHEMA

            table = self._file.read_row_group(index, columns=BLOB_SCHEMA.names)
            self._cached = (index, table.cast(BLOB_SCHEMA))
        return self._cached[1]

    def rows(self, offset: int, count: int) -> list[pa.Table]:
        """Rows ``offset`` to ``offset + count`` (within the file, as checked on opening)."""
        parts = []
        while count > 0:
            index = bisect.bisect_right(self._starts, offset) - 1
            group = self._group(index)
            start = offset - self._starts[index]
            take = min(count, group.num_rows - start)
            parts.append(group.slice(start, take))
            offset, count = offset + take, count - take
        return parts


__all__ = [
    "STATE_DB",
    "STATE_DIR",
    "ManifestEntry",
    "RunState",
    "StateError",
    "finished_runs",
    "read_meta",
    "state_path",
]
