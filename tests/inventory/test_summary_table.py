"""``SummaryBuilder.add_table`` (findings as an Arrow table, reduced by Arrow to distinct
(cell, value_hash) pairs first) counts exactly what ``add_columns`` counts row by row."""

from __future__ import annotations

import random
import subprocess
import sys

import pyarrow as pa

from scanner.inventory.summary import SummaryBuilder

NAMES = ("category", "entity_type", "source_kind", "declared", "value_hash")


def _table(rows: int, seed: int) -> pa.Table:
    rng = random.Random(seed)
    cats = ["contact", "real-name-authentication", "account-registration"]
    ents = ["EMAIL_ADDRESS", "SG_NRIC_FIN", "PHONE_NUMBER", "IP_ADDRESS"]
    kinds = ["logs", "contracts"]
    columns = {
        "category": [rng.choice(cats) for _ in range(rows)],
        "entity_type": [rng.choice(ents) for _ in range(rows)],
        "source_kind": [rng.choice(kinds) for _ in range(rows)],
        "declared": [rng.random() < 0.6 for _ in range(rows)],
        "value_hash": [f"{rng.randrange(rows // 3 + 1):064x}" for _ in range(rows)],
    }
    half = rows // 2  # two chunks per column, as the journal's concatenated batches have
    return pa.Table.from_batches(
        [
            pa.RecordBatch.from_pydict({k: v[:half] for k, v in columns.items()}),
            pa.RecordBatch.from_pydict({k: v[half:] for k, v in columns.items()}),
        ]
    )


def _counts(builder: SummaryBuilder) -> tuple:
    return (
        builder.total,
        builder.declared,
        dict(builder.cells),
        dict(builder.cell_values),
        builder.values,
    )


def test_table_counts_equal_row_counts_across_batches():
    by_rows, by_table = SummaryBuilder(), SummaryBuilder()
    for seed in (1, 2, 3):
        table = _table(3_000, seed)
        assert table["value_hash"].num_chunks == 2
        by_rows.add_columns(table.select(list(NAMES)).to_pydict())
        by_table.add_table(table)
    assert by_table.total == 9_000
    assert len(by_table.values) < by_table.total  # values repeat: the reduction is exercised
    assert _counts(by_table) == _counts(by_rows)
    assert by_table.to_dict() == by_rows.to_dict()


def test_a_table_with_nulls_or_no_rows_is_counted_too():
    table = _table(50, 4)
    table = table.set_column(0, "category", pa.array([None] * 50, type=pa.string()))
    by_rows, by_table = SummaryBuilder(), SummaryBuilder()
    by_rows.add_columns(table.select(list(NAMES)).to_pydict())
    by_table.add_table(table)
    by_table.add_table(table.slice(0, 0))
    assert _counts(by_table) == _counts(by_rows)


def test_add_table_imports_no_pandas():
    code = (
        "import sys, io, pyarrow.json as pj\n"
        "from scanner.inventory.summary import SummaryBuilder\n"
        "t = pj.read_json(io.BytesIO(b'" + '{"category":"c","entity_type":"E","source_kind":"k",'
        '"declared":true,"value_hash":"h"}\\n' + "' * 3))\n"
        "b = SummaryBuilder(); b.add_table(t)\n"
        "assert b.total == 3 and len(b.values) == 1, b.total\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
