"""The analyst report: one self-contained HTML page, a run comparison and a data-map CSV.

The page has no external resource (inline CSS, inline JS, server-rendered SVG, a CSP that forbids
any fetch), so it can be mailed or archived and opened offline. It shows masked values and
truncated keyed hashes only. Numbers and the sensitivity score are computed in ``model.py``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import jinja2

from scanner.inventory.atomic import write_text_atomic
from scanner.protect.safe_text import csv_row
from scanner.report import svg
from scanner.report.model import (
    DATAMAP_COLUMNS,
    PolicyLike,
    ReportError,
    ReportModel,
    build_model,
    datamap_rows,
    load_policy_for,
    load_run,
)

__all__ = ["ReportError", "build_report", "write_datamap", "write_report"]

REPORT_NAME = "report.html"
DATAMAP_NAME = "datamap.csv"
DECLARED_COLOR = "#2b6cb0"
OTHER_RUN_COLOR = "#a0aec0"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scanner.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v: f"{v:,}" if isinstance(v, int) else v
    env.filters["bytes"] = _human_bytes
    return env


def _human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{n:,} B" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{n:,} B"  # pragma: no cover


def _charts(model: ReportModel) -> dict[str, str]:
    charts = {}
    if model.entity_bars:
        charts["entities"] = svg.bar_chart(
            "Findings by entity type",
            [e for e, _, _ in model.entity_bars],
            [(d, u) for _, d, u in model.entity_bars],
            [
                svg.Series("declared", DECLARED_COLOR),
                svg.Series("undeclared", svg.UNDECLARED_COLOR),
            ],
            x_label="number of findings",
            y_label="entity type",
            chart_id="chart-entities",
        )
        charts["heatmap"] = svg.heat_map(
            "Findings by entity type and source kind",
            model.heat_rows,
            model.heat_columns,
            model.heat_cells,
            x_label="source kind",
            y_label="entity type",
            chart_id="chart-heatmap",
        )
    cmp = model.comparison
    if cmp is not None:
        older, newer = (0, 1) if cmp.other_is_older else (1, 0)
        labels = (f"other run: {cmp.other_label}", f"this run: {cmp.this_label}")
        colors = (OTHER_RUN_COLOR, DECLARED_COLOR)
        charts["trend"] = svg.bar_chart(
            "Totals, previous run vs this run" if cmp.other_is_older else "Totals of both runs",
            [metric for metric, _, _ in cmp.trend],
            [((a, b)[older], (a, b)[newer]) for _, a, b in cmp.trend],
            [svg.Series(labels[older], colors[older]), svg.Series(labels[newer], colors[newer])],
            x_label="count",
            y_label="metric",
            stacked=False,
            chart_id="chart-trend",
        )
    return charts


def build_report(
    run_dir: Path, *, compare: Path | None = None, policy: PolicyLike | None = None
) -> str:
    """Return the HTML report of ``run_dir`` (optionally compared with the run ``compare``).

    Without ``policy``, the policy file named in ``summary.json`` is loaded when it is available;
    otherwise the page says so and derives categories from the findings alone.
    """
    run = load_run(Path(run_dir))
    note = None
    if policy is None:
        policy, note = load_policy_for(run.summary)
    other = load_run(Path(compare)) if compare is not None else None
    model = build_model(run, policy, policy_note=note, compare=other)
    template = _environment().get_template("report.html.j2")
    retention = _retention_groups(Path(run_dir), policy)
    return template.render(m=model, s=model.info, charts=_charts(model), retention=retention)


def _retention_groups(run_dir: Path, policy: PolicyLike | None) -> list[dict[str, Any]] | None:
    """Retention groups for the report, only when the policy sets a machine-checkable period."""
    categories = getattr(policy, "categories", ()) or ()
    if policy is None or not any(getattr(c, "retention_period", None) for c in categories):
        return None
    from scanner.dsar.retention import STATUS_NOT_CHECKABLE, group_rows, retention_rows

    groups = group_rows(retention_rows(run_dir, policy))
    return [g for g in groups if g["status"] != STATUS_NOT_CHECKABLE]


def write_report(
    run_dir: Path,
    out: Path | None = None,
    compare: Path | None = None,
    policy: PolicyLike | None = None,
) -> Path:
    """Write the report (default ``run_dir/report.html``) atomically; return its path."""
    html = build_report(Path(run_dir), compare=compare, policy=policy)
    return write_text_atomic(Path(out) if out else Path(run_dir) / REPORT_NAME, html)


def write_datamap(run_dir: Path, out: Path | None = None, policy: PolicyLike | None = None) -> Path:
    """Write ``datamap.csv`` (one row per policy category) atomically; return its path."""
    run = load_run(Path(run_dir))
    note = None
    if policy is None:
        policy, note = load_policy_for(run.summary)
    model = build_model(run, policy, policy_note=note)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=DATAMAP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_row(row) for row in datamap_rows(model))
    return write_text_atomic(Path(out) if out else Path(run_dir) / DATAMAP_NAME, buf.getvalue(), "")
