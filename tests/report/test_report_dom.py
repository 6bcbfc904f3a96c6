"""The HTML report and data map, checked on the parsed page (lxml) against the run directory."""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import types
from dataclasses import replace
from importlib import resources
from pathlib import Path

import lxml.html
import pandas as pd
import pytest

from scanner.report import ReportError, build_report, write_datamap, write_report
from scanner.report.model import (
    DATAMAP_COLUMNS,
    UNDECLARED_ROW_CAP,
    load_run,
    prefix_of,
    sensitivity,
)
from tests.fixtures.rundir import (
    HOSTILE_PATH,
    POLICY,
    file_row,
    finding,
    keyed_hash,
    sample_files,
    sample_findings,
    summary_for,
)

SECTION_IDS = [
    "overview", "undeclared-callout", "files", "categories", "heatmap", "undeclared",
    "top-files", "top-prefixes", "coverage", "scoring",
]  # fmt: skip


def parse(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def text_of(doc: lxml.html.HtmlElement, xpath: str) -> str:
    (node,) = doc.xpath(xpath)
    return node.text_content().strip()


def as_int(text: str) -> int:
    return int(text.replace(",", ""))


def body_rows(doc: lxml.html.HtmlElement, table_id: str) -> list[lxml.html.HtmlElement]:
    return doc.xpath(f'//table[@id="{table_id}"]/tbody/tr')


@pytest.fixture
def doc(sample_run: Path, policy) -> lxml.html.HtmlElement:
    return parse(build_report(sample_run, policy=policy))


def test_sections_present(doc):
    for section_id in SECTION_IDS:
        assert doc.xpath(f'//*[@id="{section_id}"]'), section_id
    assert not doc.xpath('//*[@id="comparison"]')  # only with compare
    assert not doc.xpath('//*[@id="policy-note"]')  # a policy was given


def test_overview_counts_equal_summary(doc, sample_run):
    summary = json.loads((sample_run / "summary.json").read_text())
    expect = {
        "files_total": summary["files"]["total"],
        "findings": summary["findings"]["total"],
        "declared": summary["findings"]["declared"],
        "undeclared": summary["findings"]["undeclared"],
        "distinct_values": summary["findings"]["distinct_values"],
    }
    for key, value in expect.items():
        assert as_int(text_of(doc, f'//*[@data-count="{key}"]')) == value, key
    assert (
        as_int(doc.xpath('//*[@data-count="bytes_scanned"]/@data-value')[0])
        == (summary["bytes_scanned"])
    )
    for status in ("scanned", "skipped", "error"):
        shown = as_int(text_of(doc, f'//*[@data-status="{status}"]'))
        assert shown == summary["files"][status], status
    assert summary["findings"]["undeclared"] == 6  # the fixture's design, so the block matters
    assert "undeclared findings" in text_of(doc, '//*[@id="undeclared-callout"]')


def test_error_files_listed_with_reasons(doc):
    rows = body_rows(doc, "error-files")
    assert [[td.text_content() for td in r.xpath("td")] for r in rows] == [
        ["contracts/locked.pdf", "pdf", "PDF is encrypted and cannot be read"]
    ]
    skipped = body_rows(doc, "skipped-files")
    assert [r.xpath("td")[0].text_content() for r in skipped] == ["images/scan.png"]


def test_undeclared_table_rows_and_reasons(doc):
    undeclared = [f for f in sample_findings() if not f["declared"]]
    table_rows = body_rows(doc, "undeclared-table")
    assert len(table_rows) == len(undeclared) == 6
    header = [th.text_content() for th in doc.xpath('//table[@id="undeclared-table"]/thead//th')]
    assert header[:2] == ["Masked value", "File"] and "Why undeclared" in header
    cells = {
        (r.xpath("td")[1].text_content(), r.xpath("td")[5].text_content()):
            r.xpath("td")[header.index("Why undeclared")].text_content()
        for r in table_rows
    }  # fmt: skip
    assert cells[("export.json", "CREDIT_CARD")] == (
        "CREDIT_CARD is declared nowhere in the policy"
    )
    assert cells[("logs/app.log", "SG_NRIC_FIN")] == (POLICY.classify("SG_NRIC_FIN", "logs").reason)
    # the entity select offers exactly the undeclared entity types
    options = doc.xpath('//select[@id="undeclared-entity"]/option/@value')
    assert options == ["", "CREDIT_CARD", "EMAIL_ADDRESS", "SG_NRIC_FIN"]
    # masked values and truncated hashes are what the rows show
    masked = {r.xpath("td")[0].text_content() for r in table_rows}
    assert masked >= {"S****567D", "a***@example.net"}
    hashes = {r.xpath("td")[-1].text_content() for r in table_rows}
    assert keyed_hash("card-1")[:12] in hashes and all(len(h) == 12 for h in hashes)


def test_no_external_resources(doc, sample_run, policy):
    html = build_report(sample_run, policy=policy)
    assert not doc.xpath("//script[@src]")
    assert not doc.xpath("//link")
    assert not doc.xpath("//img[@src] | //iframe | //object | //embed")
    assert not re.search(r"https?://", html, re.IGNORECASE)
    assert not re.search(r"url\((?!#)", html)  # only in-document SVG pattern references
    assert "@import" not in html
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp


def test_hostile_path_is_escaped(doc, sample_run, policy):
    html = build_report(sample_run, policy=policy)
    assert not doc.xpath("//img")  # the path `<img src=x onerror=...>` stayed text
    assert "<img src=x" not in html
    assert HOSTILE_PATH in [td.text_content() for td in doc.xpath("//td")]


def test_revealed_values_never_reach_the_page(tmp_path, make_run_dir, policy):
    findings = sample_findings()
    raw = [f"RAW-VALUE-{i}-S1234567D" for i in range(len(findings))]
    run = make_run_dir(tmp_path, findings=findings, files=sample_files(),
                       extra_columns={"value": raw})  # fmt: skip
    summary = json.loads((run / "summary.json").read_text())
    summary["revealed"] = True
    (run / "summary.json").write_text(json.dumps(summary))
    assert "value" in pd.read_parquet(run / "findings.parquet").columns
    html = build_report(run, policy=policy)
    assert "RAW-VALUE" not in html and "S1234567D" not in html
    assert "--reveal" in html  # the reader is warned
    datamap = write_datamap(run, policy=policy).read_text()
    assert "RAW-VALUE" not in datamap


def test_categories_section(doc):
    cats = {c.get("data-category"): c for c in doc.xpath('//div[@class="cat"]')}
    assert list(cats) == [
        "registration", "contract_materials", "device_and_logs", "cookies", "(none)",
    ]  # fmt: skip
    reg = cats["registration"]
    # 3 identity records + 5 email/NRIC in logs (undeclared there, but the registration section)
    assert reg.get("data-findings") == "8" and reg.get("data-undeclared") == "5"
    text = reg.text_content()
    assert "I(i) 1.1-1.2" in text and "Singpass; Ant Blockchain" in text
    assert "register users and verify identity via Singpass" in text
    assert "EMAIL_ADDRESS (4)" in text and "SG_NRIC_FIN (3)" in text
    assert cats["cookies"].get("data-findings") == "0"
    assert "none observed" in cats["cookies"].text_content()
    assert cats["(none)"].get("data-undeclared") == "1"


def test_heat_map_marks_undeclared_cells(doc):
    cells = {
        (g.get("data-row"), g.get("data-col")): (g.get("data-state"), int(g.get("data-count")))
        for g in doc.xpath('//section[@id="heatmap"]//*[local-name()="g"][@class="cell"]')
    }
    assert cells[("EMAIL_ADDRESS", "logs")] == ("undeclared", 4)
    assert cells[("SG_NRIC_FIN", "logs")] == ("undeclared", 1)
    assert cells[("SG_NRIC_FIN", "identity_records")] == ("declared", 2)
    assert cells[("IP_ADDRESS", "logs")] == ("declared", 2)
    assert cells[("CREDIT_CARD", "other")] == ("undeclared", 1)
    assert cells[("PERSON", "logs")] == ("empty", 0)
    svg_text = doc.xpath('//section[@id="heatmap"]//*[local-name()="svg"]')[0].text_content()
    for label in ("Findings by entity type and source kind", "source kind", "entity type",
                  "undeclared by the policy"):  # fmt: skip
        assert label in svg_text


def test_sensitivity_formula():
    frame = pd.DataFrame({
        "entity_type": ["SG_NRIC_FIN", "SG_NRIC_FIN", "EMAIL_ADDRESS", "UNKNOWN_TYPE"],
        "declared": [False, False, True, True],
        "value_hash": ["a", "a", "b", "c"],
    })  # fmt: skip
    assert sensitivity(frame) == pytest.approx(10 * 3 * 2 + 4 + 1 + math.log1p(3))


def test_top_files_and_prefixes_ranked_by_score(doc, sample_run):
    findings = load_run(sample_run).findings
    ranked = sorted(
        ((round(sensitivity(g), 2), path) for path, g in findings.groupby("path")),
        key=lambda t: (-t[0], t[1]),
    )
    shown = [(float(r.xpath("td")[1].text_content()), r.xpath("td")[0].text_content())
             for r in body_rows(doc, "top-files-table")]  # fmt: skip
    assert shown == ranked
    assert shown[0][1] == "logs/app.log"
    prefixes = [r.xpath("td")[0].text_content() for r in body_rows(doc, "top-prefixes-table")]
    assert set(prefixes) == {"logs/", "identity/", "contracts/", "./"}
    assert prefixes[0] == "logs/"
    assert "ln(1 + distinct values)" in text_of(doc, '//*[@id="scoring"]')


def test_prefix_of():
    assert prefix_of("logs/2024/app.log") == "logs/"
    assert prefix_of("export.json") == "./"
    assert prefix_of("bundle.zip!inner/a.txt") == "./"
    assert prefix_of("data/bundle.zip!inner/a.txt") == "data/"


def test_policy_coverage(doc):
    unobserved = doc.xpath('//ul[@id="unobserved-categories"]/li/@data-category')
    assert unobserved == ["cookies"]
    nowhere = doc.xpath('//ul[@id="undeclared-entity-types"]/li/@data-entity')
    assert nowhere == ["CREDIT_CARD"]


def test_compare_new_resolved_unchanged(tmp_path, make_run_dir):
    f, fr = finding, file_row
    old = [
        f("a.log", "EMAIL_ADDRESS", "t***@example.com", "e1", line=1),
        f("a.log", "EMAIL_ADDRESS", "j***@example.com", "e2", line=2),  # resolved
        f("b.log", "IP_ADDRESS", "10.0.*.*", "ip1", line=5),
        f("c.log", "EMAIL_ADDRESS", "t***@example.com", "e1", line=9),  # resolved: path differs
    ]
    new = [
        f("a.log", "EMAIL_ADDRESS", "t***@example.com", "e1", line=30),  # moved: unchanged
        f("b.log", "IP_ADDRESS", "10.0.*.*", "ip1", line=5),
        f("d.log", "SG_NRIC_FIN", "S****567D", "n1", line=1),  # new
        f("d.log", "SG_NRIC_FIN", "S****567D", "n1", line=2),  # same key, second occurrence
        f("a.log", "EMAIL_ADDRESS", "k***@example.com", "e3", line=3),  # new
    ]
    files = [fr(p) for p in ("a.log", "b.log", "c.log", "d.log")]
    before = make_run_dir(tmp_path, findings=old, files=files, name="run-1")
    after = make_run_dir(tmp_path, findings=new, files=files, name="run-2")
    doc = parse(build_report(after, compare=before, policy=POLICY))
    numbers = {k: as_int(text_of(doc, f'//*[@data-compare="{k}"]'))
               for k in ("new", "resolved", "unchanged")}  # fmt: skip
    assert numbers == {"new": 2, "resolved": 2, "unchanged": 2}
    new_rows = body_rows(doc, "new-table")
    assert sorted((r.xpath("td")[1].text_content(), r.xpath("td")[4].text_content())
                  for r in new_rows) == [("a.log", "1"), ("d.log", "2")]  # fmt: skip
    resolved = sorted(r.xpath("td")[1].text_content() for r in body_rows(doc, "resolved-table"))
    assert resolved == ["a.log", "c.log"]
    trend = {r.get("data-metric"): [as_int(td.text_content()) for td in r.xpath("td")[1:3]]
             for r in body_rows(doc, "trend-table")}  # fmt: skip
    undeclared_old = sum(not x["declared"] for x in old)
    undeclared_new = sum(not x["declared"] for x in new)
    assert trend["findings"] == [4, 5]
    assert trend["undeclared findings"] == [undeclared_old, undeclared_new]
    assert trend["distinct values"] == [3, 4]
    assert trend["files with findings"] == [3, 3]
    assert doc.xpath('//*[@id="chart-trend"]')
    assert "different hash keys" not in text_of(doc, '//*[@id="comparison"]')


def test_compare_warns_on_different_hash_keys(tmp_path, make_run_dir):
    f = [finding("a.log", "EMAIL_ADDRESS", "t***@example.com", "e1")]
    files = [file_row("a.log")]
    before = make_run_dir(
        tmp_path,
        findings=f,
        files=files,
        name="run-1",
        summary=summary_for(f, files, "run-1", hash_key_id="other"),
    )
    after = make_run_dir(tmp_path, findings=f, files=files, name="run-2")
    doc = parse(build_report(after, compare=before, policy=POLICY))
    assert "different hash keys" in text_of(doc, '//*[@id="comparison"]')


def test_datamap_rows(sample_run, policy):
    out = write_datamap(sample_run, policy=policy)
    assert out == sample_run / "datamap.csv"
    with out.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == DATAMAP_COLUMNS
        table = {r["category"]: r for r in reader}
    assert list(table) == [c.id for c in policy.categories] + ["(none)"]
    reg = table["registration"]
    assert (reg["findings"], reg["distinct_values"], reg["undeclared_findings"]) == ("8", "6", "5")
    assert reg["source_kinds"] == "identity_records;logs"
    assert set(reg["locations"].split(";")) == {"logs/", "identity/"}
    assert reg["shared_with"] == "Singpass; Ant Blockchain" and reg["section"] == "I(i) 1.1-1.2"
    assert table["cookies"]["findings"] == "0" and table["cookies"]["locations"] == ""
    assert table["(none)"]["undeclared_findings"] == "1"
    total = sum(int(r["findings"]) for r in table.values())
    assert total == json.loads((sample_run / "summary.json").read_text())["findings"]["total"]


def test_write_report_default_path_and_atomic(sample_run, policy, tmp_path):
    out = write_report(sample_run, policy=policy)
    assert out == sample_run / "report.html"
    assert parse(out.read_text(encoding="utf-8")).xpath('//*[@id="overview"]')
    assert not [p for p in sample_run.iterdir() if ".tmp" in p.name]
    other = write_report(sample_run, out=tmp_path / "elsewhere" / "r.html", policy=policy)
    assert other.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_write_report_replaces_a_planted_symlink_instead_of_following_it(
    sample_run, policy, tmp_path
):
    """The report goes through the one atomic write (scanner.inventory.atomic)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (sample_run / "report.html").symlink_to(victim)
    out = write_report(sample_run, policy=policy)
    assert not out.is_symlink() and out.read_text(encoding="utf-8").startswith("<!")
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_undeclared_rows_capped(tmp_path, make_run_dir):
    n = UNDECLARED_ROW_CAP + 3
    findings = [finding("big.log", "EMAIL_ADDRESS", "u***@example.com", f"e{i}", line=i)
                for i in range(1, n + 1)]  # fmt: skip
    run = make_run_dir(tmp_path, findings=findings, files=[file_row("big.log")])
    doc = parse(build_report(run, policy=POLICY))
    assert len(body_rows(doc, "undeclared-table")) == UNDECLARED_ROW_CAP
    note = text_of(doc, '//*[@id="undeclared-cap"]')
    assert f"{UNDECLARED_ROW_CAP:,}" in note and f"{n:,}" in note
    assert as_int(text_of(doc, '//*[@data-count="undeclared"]')) == n


def test_missing_files_give_clear_errors(tmp_path, sample_run, policy):
    with pytest.raises(ReportError, match="no such file or folder"):
        build_report(tmp_path / "nothing-here", policy=policy)
    (sample_run / "files.parquet").unlink()
    with pytest.raises(ReportError, match="has no files.parquet"):
        build_report(sample_run, policy=policy)
    (sample_run / "findings.parquet").unlink()
    with pytest.raises(ReportError, match=r"not a piimap run folder \(no findings.parquet\)"):
        build_report(sample_run, policy=policy)


def test_bad_parquet_gives_clear_error(sample_run, policy):
    (sample_run / "files.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(ReportError, match="files.parquet: cannot read parquet"):
        build_report(sample_run, policy=policy)


def test_summary_disagreeing_with_parquet_is_flagged(tmp_path, make_run_dir):
    findings, files = sample_findings(), sample_files()
    summary = summary_for(findings, files, "run-a")
    summary["findings"]["total"] += 7
    run = make_run_dir(tmp_path, findings=findings, files=files, summary=summary)
    html = build_report(run, policy=POLICY)
    assert "the run may be incomplete" in html


def test_policy_loaded_from_summary_path(tmp_path, make_run_dir, monkeypatch):
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("stand-in; the loader below is the policy module's\n")
    findings, files = sample_findings(), sample_files()
    summary = summary_for(findings, files, "run-a")
    summary["policy"]["path"] = str(policy_file)
    run = make_run_dir(tmp_path, findings=findings, files=files, summary=summary)
    loaded = []

    def load_policy(path):
        loaded.append(Path(path))
        return POLICY

    fake_module = types.SimpleNamespace(load_policy=load_policy)
    monkeypatch.setitem(sys.modules, "scanner.policy.model", fake_module)
    doc = parse(build_report(run))
    assert loaded == [policy_file]
    assert not doc.xpath('//*[@id="policy-note"]')
    assert doc.xpath('//ul[@id="unobserved-categories"]/li/@data-category') == ["cookies"]


def test_without_policy_the_page_says_so(sample_run):
    doc = parse(build_report(sample_run))  # summary names /nonexistent/policy.yaml
    note = text_of(doc, '//*[@id="policy-note"]')
    assert "/nonexistent/policy.yaml is not available" in note
    # still complete: every undeclared finding listed, with a derived reason
    assert len(body_rows(doc, "undeclared-table")) == 6
    assert "Coverage needs the policy file" in text_of(doc, '//*[@id="coverage"]')


def test_empty_run(tmp_path, make_run_dir):
    run = make_run_dir(tmp_path, findings=[], files=[file_row("empty.log")])
    doc = parse(build_report(run, policy=POLICY))
    assert as_int(text_of(doc, '//*[@data-count="findings"]')) == 0
    assert "every finding maps to a category" in text_of(doc, '//*[@id="undeclared-callout"]')
    assert not doc.xpath('//table[@id="undeclared-table"]')


def test_template_ships_as_package_data():
    template = resources.files("scanner.report").joinpath("templates", "report.html.j2")
    assert template.is_file()


def test_heat_map_columns_are_the_policys_source_kinds_in_its_order(sample_run, policy):
    """Source kinds are the policy's words: a policy with other kinds gets its own columns."""
    from scanner.policy.model import SourceKindRule
    from scanner.report.model import build_model

    renamed = replace(
        policy,
        source_kind_rules=(SourceKindRule("zeta-kind", "a kind only this policy has", ("z/**",)),),
        default_source_kind="zeta-kind",
    )
    columns = build_model(load_run(sample_run), renamed).heat_columns
    observed = sorted(set(load_run(sample_run).findings["source_kind"]))
    assert columns == ["zeta-kind", *observed]
    assert build_model(load_run(sample_run), policy).heat_columns[: len(policy.source_kinds())] == (
        policy.source_kinds()
    )
