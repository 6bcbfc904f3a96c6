"""``make bench``: speed and accuracy of piimap against vanilla Presidio and ripgrep.

Steps (each engine in its own child process, see ``bench.engines``):

1. Generate the labeled corpus (seed 7) into ``bench/corpus``.
2. piimap: ``logs`` profile on ``logs/`` and ``contracts`` profile on ``contracts/``, with one
   worker and with every core. MB/s is bytes of extracted text over the scan's wall seconds,
   after the one-time set-up (recognizers, spaCy load) that a long scan pays once; the set-up
   is reported separately. The N-worker runs include starting their workers.
3. A fixed subset (the first ``--presidio-kb`` of the log files' text, cut at line ends, plus
   the first few contracts) scanned by piimap and by vanilla Presidio, scored the same way.
4. ripgrep with piimap's shapes (``bench.rg_baseline``), when ``rg`` is installed.
5. An incremental re-scan of the unchanged corpus, when ``piimap scan`` has ``--incremental``.
6. The real LogHub logs in ``../shared/realdata/loghub`` (evaluation only), when present:
   IP addresses found, and every SG identifier, phone or card finding listed by file and
   masked value (the logs hold none, so each is a false positive).
7. A Spark row, when ``bench/spark_bench.py`` exists.

Writes ``bench/out/results.json`` and ``bench/out/results.md`` and prints the same tables.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from bench import startup
from bench.engines import REPO_ROOT, EngineRun, run_child, run_piimap
from bench.engines import speed_row as _speed_row
from bench.generate import HARD_NEGATIVES_FILE, LABELS_FILE, MANIFEST_FILE, generate_corpus
from bench.loghub_truth import ip_scores, loghub_ip_line
from bench.realistic_bench import realistic_markdown, realistic_result
from bench.score import Score, score, score_summary

BENCH_DIR = REPO_ROOT / "bench"
DEFAULT_SCALE = 0.1
LOGHUB_DIR = REPO_ROOT.parent / "shared" / "realdata" / "loghub"
LOGHUB_NOT_EXPECTED = ("SG_NRIC_FIN", "SG_UEN", "PHONE_NUMBER", "CREDIT_CARD")
SCORED_FOR_COMPARISON = (
    "SG_NRIC_FIN",
    "SG_UEN",
    "EMAIL_ADDRESS",
    "CREDIT_CARD",
    "PHONE_NUMBER",
    "IP_ADDRESS",
    "PERSON",
    "ORGANIZATION",
)
MB = 1_000_000


# -- machine and text size ----------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count() or 1,
        "cpu": cpu or "unknown",
        "ram_gb": round(ram_gb, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def extracted_bytes_of(path: Path) -> int:
    """UTF-8 bytes of the text piimap's extractors produce for one file (0 if unreadable)."""
    from scanner.extract import ExtractError, UnsupportedFile, extract

    try:
        with open(path, "rb") as stream:
            return sum(len(seg.text.encode("utf-8")) for seg in extract(path.name, stream))
    except (ExtractError, UnsupportedFile):
        return 0


def extracted_bytes(folder: Path) -> int:
    """UTF-8 bytes of the text piimap's extractors produce for every file under ``folder``."""
    from scanner.extract import ExtractError, UnsupportedFile, extract

    total = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            with open(path, "rb") as stream:
                total += sum(
                    len(seg.text.encode("utf-8"))
                    for seg in extract(path.relative_to(folder).as_posix(), stream)
                )
        except (ExtractError, UnsupportedFile):
            continue
    return total


# -- the Presidio subset --------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build_subset(
    corpus: Path, subset: Path, *, log_chars: int, contracts: int, copies: int = 1
) -> dict[str, Any]:
    """A small corpus: each log file's first ``log_chars // files`` characters (cut at a line
    end, labels kept where they end before the cut) and the first ``contracts`` contracts,
    each written ``copies`` times (``001-agreement.c2.txt``, labels copied along), so a small
    corpus still gives enough contract text to time."""
    if subset.exists():
        shutil.rmtree(subset)
    manifest = json.loads((corpus / MANIFEST_FILE).read_text("utf-8"))
    log_files = [f["path"] for f in manifest["files"] if f["path"].startswith("logs/")]
    contract_files = [f["path"] for f in manifest["files"] if f["path"].startswith("contracts/")][
        :contracts
    ]
    per_file = max(1000, log_chars // max(1, len(log_files)))
    cut: dict[str, int] = {}
    for rel in log_files:
        raw = (corpus / rel).read_bytes()
        text = (gzip.decompress(raw) if rel.endswith(".gz") else raw).decode("utf-8")
        end = len(text)
        if end > per_file:
            newline = text.rfind("\n", 0, per_file)
            end = newline + 1 if newline > 0 else per_file
        cut[rel] = end
        data = text[:end].encode("utf-8")
        target = subset / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(gzip.compress(data, mtime=0) if rel.endswith(".gz") else data)
    renamed: dict[str, list[str]] = {}
    for rel in contract_files:
        (subset / rel).parent.mkdir(parents=True, exist_ok=True)
        stem, dot, ext = rel.rpartition(".")
        renamed[rel] = [rel] + [f"{stem}.c{k}{dot}{ext}" for k in range(2, copies + 1)]
        for copy in renamed[rel]:
            shutil.copyfile(corpus / rel, subset / copy)
            cut[copy] = sys.maxsize
    for name in (LABELS_FILE, HARD_NEGATIVES_FILE):
        rows = [r for r in _read_jsonl(corpus / name) if r["end"] <= cut.get(r["file"], -1)]
        rows += [{**r, "file": copy} for r in rows for copy in renamed.get(r["file"], [])[1:]]
        with open(subset / name, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    files = [{"path": rel} for rel in cut]
    (subset / MANIFEST_FILE).write_text(json.dumps({"files": files}), encoding="utf-8")
    return {"log_files": len(log_files), "contracts": contract_files}


# -- engines ----------------------------------------------------------------------------------


def _piimap_run(source: Path, profile: str, workers: int, out: Path, tag: str) -> EngineRun:
    predictions = out / f"{tag}.predictions.jsonl"
    run = run_piimap(source, predictions, out / f"{tag}.json", profile=profile, workers=workers)
    if run.returncode != 0 or not run.result:
        raise RuntimeError(f"piimap {tag} failed ({run.returncode}): {run.stderr_tail}")
    return run


def _predictions(path: Path, prefix: str) -> list[dict[str, Any]]:
    rows = _read_jsonl(path)
    for row in rows:
        row["path"] = f"{prefix}/{row['path']}" if prefix else row["path"]
    return rows


def _incremental_supported() -> bool:
    piimap = Path(sys.executable).with_name("piimap")
    if not piimap.exists():
        return False
    proc = subprocess.run(
        [str(piimap), "scan", "--help"], capture_output=True, text=True, check=False
    )
    return "--incremental" in proc.stdout


def _incremental(corpus: Path, out: Path) -> dict[str, Any]:
    """A full scan of ``logs/``, then ``--incremental`` into a sibling run directory: it finds
    the first run in the same parent folder and nothing changed."""
    piimap = str(Path(sys.executable).with_name("piimap"))
    parent = out / "incremental"
    shutil.rmtree(parent, ignore_errors=True)
    times = []
    for name, extra in (("full", []), ("rescan", ["--incremental"])):
        start = time.perf_counter()
        proc = subprocess.run(
            [
                piimap,
                "scan",
                str(corpus / "logs"),
                "--out",
                str(parent / name),
                "--profile",
                "logs",
                "-q",
                *extra,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1, 3):
            return {"error": proc.stderr.strip()[-300:]}
    return {"first_seconds": times[0], "rescan_seconds": times[1]}


def _spark(corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    try:
        from bench import spark_bench  # type: ignore[attr-defined]
    except ImportError:
        return {"skipped": "bench/spark_bench.py not present"}
    fn = getattr(spark_bench, "time_spark_scan", None)
    if fn is None:
        return {"skipped": "bench/spark_bench.py has no time_spark_scan()"}
    shutil.rmtree(out / "spark", ignore_errors=True)
    try:
        return dict(fn(corpus / "logs", out / "spark", profile="logs", master=f"local[{workers}]"))
    except Exception as exc:  # noqa: BLE001 - the row reports any failure instead of aborting
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


# -- scoring and reports ----------------------------------------------------------------------


def _score_dict(result: Score) -> dict[str, Any]:
    return {
        **score_summary(result),
        "other_types": dict(result.other_types),
        "confusions": {f"{p}->{lab}": n for (p, lab), n in result.confusions.items()},
    }


def _loghub(out: Path, workers: int) -> dict[str, Any]:
    run = _piimap_run(LOGHUB_DIR, "logs", workers, out, "loghub")
    rows = _read_jsonl(out / "loghub.predictions.jsonl")
    by_type = Counter(r["entity_type"] for r in rows)
    unexpected: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        if r["entity_type"] in LOGHUB_NOT_EXPECTED:
            unexpected[r["entity_type"]].append(f"{r['path']}: {r['masked_value']}")
    text_bytes = extracted_bytes(LOGHUB_DIR)
    seconds = run.result["scan_seconds"]
    return {
        "text_bytes": text_bytes,
        "seconds": seconds,
        "mb_per_s": text_bytes / MB / seconds,
        "workers": workers,
        "by_type": dict(sorted(by_type.items())),
        "ip_addresses": by_type.get("IP_ADDRESS", 0),
        "ip_reference": ip_scores(LOGHUB_DIR, rows),
        "unexpected": {t: unexpected.get(t, []) for t in LOGHUB_NOT_EXPECTED},
    }


def _whole_process_row(logs: Path, text_bytes: int, out: Path) -> dict[str, Any]:
    """The issue's own measure: ``piimap scan --profile logs --workers 1`` as a user runs it,
    start-up, imports and writing the run included (the rows above time the scan after
    set-up). ``cpu_seconds`` is the process's user + system time."""
    from bench.scale import piimap_cli

    run_dir = out / "whole-process-run"
    args = ["scan", str(logs), "--profile", "logs", "--workers", "1", "--quiet", "--force"]
    code, seconds, rss, cpu = piimap_cli([*args, "--out", str(run_dir)])
    if code != 0:
        raise RuntimeError(f"piimap scan (whole process) exited {code}; see {run_dir}")
    return _speed_row(
        "piimap CLI, whole process",
        "logs",
        "logs",
        1,
        text_bytes,
        seconds,
        rss,
        cpu_seconds=cpu,
        mb_per_cpu_s=text_bytes / MB / cpu if cpu else None,
    )


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def render_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Measured {results['date']} on {m['nproc']} cores ({m['cpu']}), "
        f"{m['ram_gb']} GB RAM, Python {m['python']}; corpus seed {results['seed']}, "
        f"scale {results['scale']}.",
        "",
        "| engine | profile | data | workers | text MB | seconds | MB/s | × Presidio "
        "| × ripgrep | peak RSS MB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["speed"]:
        lines.append(
            f"| {row['engine']} | {row['profile']} | {row['data']} | {row['workers']} | "
            f"{_fmt(row['text_mb'], 3)} | {_fmt(row['seconds'])} | {_fmt(row['mb_per_s'])} | "
            f"{_fmt(row.get('x_presidio'), 1)} | {_fmt(row.get('x_rg'), 3)} | "
            f"{_fmt(row.get('peak_rss_mb'), 0)} |"
        )
    for note in results["notes"]:
        lines.append(f"\n_{note}_")
    lines += startup.markdown(results.get("startup"))
    if results.get("ocr"):
        from bench.ocr_bench import ocr_rows

        lines += ["", *ocr_rows(results["ocr"])]
    acc = results["accuracy"]
    engines = [k for k in ("piimap_full", "piimap_subset", "presidio_subset") if k in acc]
    types = sorted({t for k in engines for t in acc[k]["per_entity"]})
    lines += [
        "",
        "| entity | " + " | ".join(f"{k} P / R / F1" for k in engines) + " |",
        "|---|" + "---|" * len(engines),
    ]
    for t in [*types, "micro"]:
        cells = []
        for k in engines:
            s = acc[k]["micro"] if t == "micro" else acc[k]["per_entity"].get(t)
            cells.append(
                "—" if s is None else f"{s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f}"
            )
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    kinds = sorted({k for e in engines for k in acc[e]["hard_negatives"]})
    if kinds:
        lines += [
            "",
            "| hard negative | " + " | ".join(f"{e} hit / total" for e in engines) + " |",
            "|---|" + "---:|" * len(engines),
        ]
        for kind in kinds:
            cells = []
            for e in engines:
                neg = acc[e]["hard_negatives"].get(kind)
                cells.append(f"{neg['hit']} / {neg['total']}" if neg else "—")
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    if results.get("office"):  # xlsx/eml seconds per MB (bench/office_bench.py)
        from bench.office_bench import render_office

        lines += render_office(results["office"])
    lh = results.get("loghub")
    if lh and "skipped" not in lh:
        lines += [
            "",
            f"LogHub (real logs, {_fmt(lh['text_bytes'] / MB)} MB, "
            f"{_fmt(lh['mb_per_s'])} MB/s with {lh['workers']} workers): "
            f"{lh['ip_addresses']:,} IP_ADDRESS findings (the data's README counts "
            "about 8,300 real addresses); "
            + ", ".join(f"{t} {len(v)}" for t, v in lh["unexpected"].items())
            + " (expected 0).",
        ]
        if "ip_reference" in lh:
            lines.append(loghub_ip_line(lh["ip_reference"]))
        for t, items in lh["unexpected"].items():
            for item in items[:20]:
                lines.append(f"- {t} {item}")
            if len(items) > 20:
                lines.append(f"- {t}: {len(items) - 20} more in results.json")
    return "\n".join(lines) + "\n"


@click.command()
@click.option(
    "--scale",
    type=float,
    default=lambda: float(os.environ.get("BENCH_SCALE", DEFAULT_SCALE)),
    show_default=f"{DEFAULT_SCALE} (or BENCH_SCALE)",
    help="Corpus size factor passed to bench.generate.",
)
@click.option(
    "--corpus", type=click.Path(path_type=Path), default=BENCH_DIR / "corpus", show_default=True
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=BENCH_DIR / "out", show_default=True
)
@click.option(
    "--workers",
    type=int,
    default=lambda: os.cpu_count() or 1,
    help="The 'all cores' worker count.  [default: nproc]",
)
@click.option(
    "--presidio-kb",
    type=int,
    default=400,
    show_default=True,
    help="Log text (KB) in the Presidio subset; 0 skips Presidio.",
)
@click.option(
    "--presidio-contracts",
    type=int,
    default=6,
    show_default=True,
    help="Contracts in the subset (each copied until there is --contract-kb).",
)
@click.option(
    "--contract-kb",
    type=int,
    default=120,
    show_default=True,
    help="Contract text (KB) to time both engines on.",
)
@click.option("--loghub/--no-loghub", default=True, show_default=True)
@click.option("--spark/--no-spark", default=True, show_default=True)
@click.option("--incremental/--no-incremental", default=True, show_default=True)
@click.option(
    "--office-mb",
    type=float,
    default=0.5,
    show_default=True,
    help="Size of the generated xlsx and eml files timed; 0 skips them.",
)
@click.option(
    "--scale-rows/--no-scale-rows",
    default=True,
    show_default=True,
    help="Big log, 10k small files, contracts sets, Spark local[1] (bench.scale).",
)
def main(
    scale: float,
    corpus: Path,
    out: Path,
    workers: int,
    presidio_kb: int,
    presidio_contracts: int,
    contract_kb: int,
    loghub: bool,
    spark: bool,
    incremental: bool,
    office_mb: float,
    scale_rows: bool,
) -> None:
    """Benchmark piimap against Presidio and ripgrep; write bench/out/results.{json,md}."""
    os.environ.setdefault("PIIMAP_HASH_KEY", "63afa3ee34f4372775fff8670b779ea729c612069f2ff3b1")
    out.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    click.echo(f"generating corpus (seed 7, scale {scale}) into {corpus} ...")
    info = generate_corpus(corpus, seed=7, scale=scale)
    text = {d: extracted_bytes(corpus / d) for d in ("logs", "contracts")}
    notes: list[str] = []
    speed: list[dict[str, Any]] = []
    accuracy: dict[str, Any] = {}
    runs: dict[str, EngineRun] = {}

    profiles = {"logs": "logs", "contracts": "contracts"}
    worker_counts = sorted({1, max(1, workers)})
    for data, profile in profiles.items():
        for w in worker_counts:
            tag = f"piimap-{profile}-{w}w"
            click.echo(f"piimap {profile} profile on {data}/, {w} worker(s) ...")
            run = _piimap_run(corpus / data, profile, w, out, tag)
            runs[tag] = run
            speed.append(
                _speed_row(
                    "piimap",
                    profile,
                    data,
                    w,
                    text[data],
                    run.result["scan_seconds"],
                    run.peak_rss_mb,
                    setup_seconds=run.result["setup_seconds"],
                    findings=run.result["findings"],
                    statuses=run.result["statuses"],
                )
            )
    click.echo("piimap scan --profile logs --workers 1, whole process ...")
    whole = _whole_process_row(corpus / "logs", text["logs"], out)
    speed.append(whole)
    notes.append(
        f"Whole process (`piimap scan --profile logs --workers 1`, start-up and writing the run "
        f"included): {_fmt(whole['seconds'])} s wall, {_fmt(whole['cpu_seconds'])} s CPU = "
        f"{_fmt(whole['mb_per_cpu_s'])} MB per CPU-second (the issue's target: 10)."
    )
    full = _predictions(out / "piimap-logs-1w.predictions.jsonl", "logs") + _predictions(
        out / "piimap-contracts-1w.predictions.jsonl", "contracts"
    )
    full_score_table = score(full, corpus)
    accuracy["piimap_full"] = _score_dict(full_score_table)

    presidio_rows: dict[str, float] = {}
    if presidio_kb > 0:
        subset = out / "subset"
        contract_files = [p for p in sorted((corpus / "contracts").iterdir())][:presidio_contracts]
        contract_text = sum(extracted_bytes_of(p) for p in contract_files) or 1
        copies = max(1, -(-contract_kb * 1000 // contract_text))
        build_subset(
            corpus,
            subset,
            log_chars=presidio_kb * 1000,
            contracts=presidio_contracts,
            copies=copies,
        )
        click.echo("vanilla Presidio on the subset ...")
        spec = {"subset": str(subset), "predictions": str(out / "presidio.predictions.jsonl")}
        run = run_child(
            ["-m", "bench.engines", "presidio", json.dumps(spec), str(out / "presidio.json")],
            out / "presidio.json",
        )
        if run.returncode != 0 or not run.result:
            notes.append(f"Presidio failed: {run.stderr_tail[-300:]}")
        else:
            for data, t in run.result["timing"].items():
                presidio_rows[data] = t["text_bytes"] / MB / t["seconds"] if t["seconds"] else 0
                speed.append(
                    _speed_row(
                        "presidio",
                        "default",
                        f"subset {data}/",
                        1,
                        t["text_bytes"],
                        t["seconds"],
                        run.peak_rss_mb,
                        setup_seconds=run.result["setup_seconds"],
                    )
                )
            accuracy["presidio_subset"] = _score_dict(
                score(_read_jsonl(out / "presidio.predictions.jsonl"), subset)
            )
            sub = []
            for data, profile in profiles.items():
                tag = f"piimap-subset-{profile}"
                sub_run = _piimap_run(subset / data, profile, 1, out, tag)
                sub += _predictions(out / f"{tag}.predictions.jsonl", data)
                speed.append(
                    _speed_row(
                        "piimap",
                        profile,
                        f"subset {data}/",
                        1,
                        run.result["timing"][data]["text_bytes"],
                        sub_run.result["scan_seconds"],
                        sub_run.peak_rss_mb,
                        setup_seconds=sub_run.result["setup_seconds"],
                        findings=sub_run.result["findings"],
                        statuses=sub_run.result["statuses"],
                    )
                )
            accuracy["piimap_subset"] = _score_dict(score(sub, subset))
            notes.append(
                f"Subset: {_fmt(run.result['timing']['logs']['text_bytes'] / MB)} MB of "
                f"log text and {len(contract_files)} contracts x {copies} copies "
                f"({_fmt(run.result['timing']['contracts']['text_bytes'] / MB, 3)} MB); "
                "Presidio's recognizers: " + ", ".join(run.result["recognizers"]) + "."
            )
    for row in speed:  # each piimap row against Presidio on the same kind of text
        data = row["data"].removeprefix("subset ").rstrip("/")
        if row["engine"] == "piimap" and data in presidio_rows and row["mb_per_s"]:
            row["x_presidio"] = row["mb_per_s"] / presidio_rows[data]

    from bench.rg_baseline import rg_path, run_rg

    if rg_path():
        for threads in worker_counts:
            rg = run_rg(corpus / "logs", threads=threads)
            assert rg is not None
            speed.append(
                _speed_row(
                    "ripgrep",
                    "same shapes",
                    "logs",
                    threads,
                    text["logs"],
                    rg.seconds,
                    None,
                    matches=rg.matches,
                    version=rg.version,
                )
            )
        rg_speed = {r["workers"]: r["mb_per_s"] for r in speed if r["engine"] == "ripgrep"}
        for row in speed:
            if row["engine"] == "piimap" and row["data"] == "logs":
                row["x_rg"] = row["mb_per_s"] / rg_speed.get(row["workers"], rg_speed[1])
    else:
        notes.append("ripgrep not installed (`apt-get install ripgrep`): no ripgrep row.")

    if not incremental:
        notes.append("incremental re-scan not run (--no-incremental).")
    elif _incremental_supported():
        click.echo("incremental re-scan ...")
        inc = _incremental(corpus, out)
        if "rescan_seconds" in inc:
            speed.append(
                _speed_row(
                    "piimap --incremental",
                    "logs",
                    "logs (unchanged)",
                    workers,
                    text["logs"],
                    inc["rescan_seconds"],
                    None,
                    first_seconds=inc["first_seconds"],
                )
            )
        else:
            notes.append(f"incremental re-scan failed: {inc.get('error')}")
    else:
        notes.append("`piimap scan --incremental` not available: no re-scan row.")

    if spark:
        click.echo("piimap on Spark (if bench/spark_bench.py is present) ...")
    spark_result = _spark(corpus, out, max(1, workers)) if spark else {"skipped": "--no-spark"}
    if "seconds" in spark_result:
        speed.append(
            _speed_row(
                "piimap on Spark",
                "logs",
                "logs",
                spark_result.get("workers", "local"),
                text["logs"],
                spark_result["seconds"],
                None,
                setup_seconds=spark_result.get("startup_seconds"),
            )
        )
    else:
        notes.append(f"Spark: {spark_result.get('skipped') or spark_result.get('error')}")

    click.echo("OCR on generated scans (bench.ocr_bench) ...")
    from bench.ocr_bench import run_ocr_bench

    ocr_result = run_ocr_bench()

    if scale_rows:
        from bench.scale import scale_rows as _scale_rows

        click.echo("scale rows (bench.scale) ...")
        more_rows, more_notes = _scale_rows(corpus, out, workers=max(1, workers), spark=spark)
        speed += more_rows
        notes += more_notes

    loghub_result: dict[str, Any] = {"skipped": "no ../shared/realdata/loghub"}
    if loghub and LOGHUB_DIR.is_dir():
        click.echo("piimap on the real LogHub logs ...")
        loghub_result = _loghub(out, max(1, workers))

    office: dict[str, Any] = {}
    if office_mb > 0:
        from bench.office_bench import run_office_bench

        click.echo("piimap on generated xlsx and eml files ...")
        office = run_office_bench(out, megabytes=office_mb)

    results_realistic = realistic_result(out, scale)
    notes.append(
        "MB/s = UTF-8 bytes of extracted text / scan wall seconds. piimap rows exclude "
        "the one-time set-up (recognizers, spaCy load: see results.json "
        "setup_seconds); N-worker rows include starting the workers. Presidio rows time "
        "AnalyzerEngine.analyze only. ripgrep rows run `rg -z -j N` with the same "
        "shapes and no validation."
    )
    click.echo("start-up of piimap --help / --version / policy show / check ...")
    startup_rows = startup.measure()
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "seed": 7,
        "scale": scale,
        "corpus": {
            "files": len(info.files),
            "bytes": info.total_bytes,
            "labels": info.labels,
            "text_bytes": text,
        },
        "speed": speed,
        "accuracy": accuracy,
        "loghub": loghub_result,
        "spark": spark_result,
        "office": office,
        "ocr": ocr_result,
        "realistic": results_realistic,
        "notes": notes,
        "total_seconds": time.perf_counter() - t_start,
        "startup": startup_rows,
    }
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    markdown = render_markdown(results) + realistic_markdown(results.get("realistic"))
    (out / "results.md").write_text(markdown, encoding="utf-8")
    click.echo("")
    click.echo(markdown)
    from bench.score import format_score_table

    click.echo("piimap on the full corpus (logs + contracts, 1 worker):")
    click.echo(format_score_table(full_score_table))
    click.echo(
        f"\nwrote {out / 'results.json'} and {out / 'results.md'} "
        f"in {time.perf_counter() - t_start:.0f} s"
    )


if __name__ == "__main__":
    main()
