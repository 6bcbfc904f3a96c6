"""Generate a folder of hostile inputs for piimap, with the per-file status each must get.

Usage: ``python tests/hostile/make_hostile.py DIR`` or ``make_hostile(dir) -> {name: status}``.
Nothing here is committed as a binary fixture: every file is built on the fly (the 5 GB file is
sparse and costs no disk; the 200 MB line is opt-in with ``long_line=True``).

Planted values are synthetic (valid check letters, reserved example domains).
"""

from __future__ import annotations

import bz2
import gzip
import io
import os
import stat
import sys
import zipfile
from pathlib import Path

# Synthetic identifiers with valid check letters (bench/identifiers.py computes the same ones).
NRIC_TRUNCATED_GZ = "S8412345E"
NRIC_PDF_GOOD_PAGE = "T0312457B"
NRIC_LATIN1 = "F9123456N"
NRIC_UTF16 = "G5123987W"
NRIC_INVALID_UTF8 = "S1234567D"
NRIC_ZIPSLIP = "M2424771J"
NRIC_LONG_LINE = "S7654321E"  # overwritten below with a computed valid one
EMAIL_PLANTED = "hostile.user@example.com"

LONG_LINE_BYTES = 200 * 1024 * 1024
SPARSE_BYTES = 5 * 2**30


def _nric(prefix: str, digits: str) -> str:
    weights = (2, 7, 6, 5, 4, 3, 2)
    offset = {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}[prefix]
    table = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK",
             "M": "XWUTRQPNJLK"}[prefix]  # fmt: skip
    r = (offset + sum(int(d) * w for d, w in zip(digits, weights, strict=True))) % 11
    return f"{prefix}{digits}{table[r]}"


NRIC_TRUNCATED_GZ = _nric("S", "8412345")
NRIC_PDF_GOOD_PAGE = _nric("T", "0312457")
NRIC_LATIN1 = _nric("F", "9123456")
NRIC_UTF16 = _nric("G", "5123987")
NRIC_INVALID_UTF8 = _nric("S", "1234567")
NRIC_ZIPSLIP = _nric("M", "2424771")
NRIC_LONG_LINE = _nric("S", "7654321")
NRIC_DOCX = _nric("T", "1234567")
NRIC_PARQUET = _nric("S", "2345678")

# name -> the NRIC that must still be found in it (readable parts of broken files included).
PLANTED: dict[str, str] = {
    "compressed/truncated.log.gz": NRIC_TRUNCATED_GZ,
    "documents/one-broken-page.pdf": NRIC_PDF_GOOD_PAGE,
    "encodings/latin1.txt": NRIC_LATIN1,
    "encodings/utf16-bom.txt": NRIC_UTF16,
    "encodings/invalid-utf8.log": NRIC_INVALID_UTF8,
    "archives/zip-slip.zip": NRIC_ZIPSLIP,
}


def _pdf(pages: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 10, text)
    return bytes(pdf.output())


def _pdf_with_broken_page() -> bytes:
    """Three pages; page 2's content stream has a /Length pointing past the end of the file."""
    data = _pdf(
        [
            f"Service agreement. Customer NRIC {NRIC_PDF_GOOD_PAGE}, signed in Singapore.",
            "Page two: BROKENPAGEMARKER terms and conditions.",
            "Page three: governing law.",
        ]
    )
    marker = data.index(b"BROKENPAGEMARKER")
    start = data.rindex(b"stream", 0, marker)
    obj = data.rindex(b" obj", 0, start)
    head = data[:obj]
    body = data[obj:start]
    # Replace the page's content stream by a non-decodable FlateDecode stream of the same size.
    end = data.index(b"endstream", marker)
    content = data[start + len(b"stream\n") : end]
    garbage = b"\x00\xff" * (len(content) // 2) + b"\x00" * (len(content) % 2)
    body = body.replace(b"<<", b"<</Filter /FlateDecode ", 1)
    return head + body + b"stream\n" + garbage + data[end:]


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _parquet() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"nric": [NRIC_PARQUET] * 1000, "note": ["x" * 50] * 1000})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A ZIP archive of ``members`` (name -> bytes or text), written by ``zipfile``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _log_lines(n: int, planted: str = "") -> bytes:
    lines = [f"2026-01-02T10:00:{i % 60:02d} INFO request {i} ok" for i in range(n)]
    if planted:
        lines[1] = f"2026-01-02T10:00:01 INFO login nric={planted}"
    return ("\n".join(lines) + "\n").encode()


def make_long_line(path: Path, size: int = LONG_LINE_BYTES) -> None:
    """One line of ``size`` bytes (no newline) with an NRIC planted near its end."""
    word = b"lorem ipsum dolor sit amet consectetur "
    tail = f" customer nric {NRIC_LONG_LINE} end".encode()
    block = word * (1 << 20 // len(word) + 1)
    remaining = size - len(tail) - 1000
    with open(path, "wb") as fh:
        while remaining > 0:
            piece = block[: min(len(block), remaining)]
            fh.write(piece)
            remaining -= len(piece)
        fh.write(tail)
        fh.write(b" padding" * 125)


def make_hostile(
    root: Path | str,
    *,
    long_line: bool = False,
    sparse: bool = True,
    permissions: bool = True,
) -> dict[str, str]:
    """Write the hostile files below ``root``; return ``{relative path: expected status}``.

    ``permissions`` adds an unreadable file and folder (chmod 000); they are only denied to a
    process that is not root, so scan them as another user when running as root.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, status: str) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = status
        return path

    # -- documents --------------------------------------------------------------------------
    good_pdf = _pdf([f"Agreement with NRIC {NRIC_PDF_GOOD_PAGE} " * 3] * 4)
    put("documents/truncated.pdf", good_pdf[: len(good_pdf) // 3], "error")
    put("documents/not-a-pdf.pdf", b"%PDF-1.7\n" + os.urandom(2000), "error")
    put("documents/one-broken-page.pdf", _pdf_with_broken_page(), "error")
    good_docx = _docx(f"Employee record NRIC {NRIC_DOCX}")
    put("documents/truncated.docx", good_docx[: len(good_docx) // 2], "error")
    put("documents/not-a-docx.docx", make_zip({"hello.txt": b"no word/document.xml here"}), "error")
    put(
        "documents/bad-xml.docx",
        make_zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document><<<"}),
        "error",
    )

    # -- tabular ----------------------------------------------------------------------------
    parquet = _parquet()
    put("tables/truncated.parquet", parquet[: len(parquet) // 2], "error")
    put("tables/garbage.parquet", b"PAR1" + os.urandom(3000) + b"PAR1", "error")

    # -- compressed and archives ------------------------------------------------------------
    gz = gzip.compress(_log_lines(20000, NRIC_TRUNCATED_GZ))
    put("compressed/truncated.log.gz", gz[: len(gz) // 2], "error")
    put("compressed/corrupt.log.gz", b"\x1f\x8b\x08\x00" + os.urandom(500), "error")
    bz = bz2.compress(_log_lines(5000))
    put("compressed/truncated.log.bz2", bz[: len(bz) // 2], "error")
    zipped = make_zip({f"logs/app{i}.log": _log_lines(500) for i in range(5)})
    put("archives/truncated.zip", zipped[: len(zipped) // 2], "error")
    put(
        "archives/ratio-bomb.zip",
        make_zip({"zeros.log": b"\x00" * (64 << 20), "ok.log": _log_lines(10)}),
        "error",
    )
    nested = _log_lines(5)
    name = "level.log"
    for level in range(6):
        nested = make_zip({name: nested})
        name = f"level{level}.zip"
    put("archives/nested-6-deep.zip", nested, "error")
    put(
        "archives/zip-slip.zip",
        make_zip(
            {
                "../../../../tmp/piimap-zip-slip.txt": f"nric {NRIC_ZIPSLIP}\n".encode(),
                "/etc/piimap-abs.txt": b"absolute member name\n",
                "ok/readme.txt": b"fine\n",
            }
        ),
        "scanned",
    )

    # -- encodings and binary ---------------------------------------------------------------
    put(
        "encodings/latin1.txt",
        f"Cliente: José Müller, Straße 5, NRIC {NRIC_LATIN1}\n".encode("latin-1"),
        "scanned",
    )
    put(
        "encodings/utf16-bom.txt",
        f"Name: Tan Ah Kow\nNRIC: {NRIC_UTF16}\n".encode("utf-16"),
        "scanned",
    )
    put(
        "encodings/invalid-utf8.log",
        b"2026-01-02T10:00:00 INFO ok \xff\xfe\xc3\x28 broken\n"
        + f"2026-01-02T10:00:01 INFO nric={NRIC_INVALID_UTF8}\n".encode()
        + "2026-01-02T10:00:02 INFO caf\u00e9 ok\n".encode(),
        "scanned",
    )
    put("binary/nul-laden.dat", os.urandom(4096).replace(b"\x01", b"\x00") + b"\x00" * 4096,
        "skipped")  # fmt: skip
    put("binary/nul-laden.log", b"\x00" * 8192 + b"2026-01-02 INFO x\n", "skipped")
    if sparse:
        for sparse_name in ("binary/sparse-5g.img", "binary/sparse-5g.log"):
            path = root / sparse_name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.truncate(SPARSE_BYTES)
            expected[sparse_name] = "skipped"

    if long_line:
        path = root / "huge/one-200mb-line.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        make_long_line(path)
        expected["huge/one-200mb-line.txt"] = "scanned"

    # -- file-system oddities ---------------------------------------------------------------
    links = root / "links"
    links.mkdir(exist_ok=True)
    os.symlink(".", links / "loop")
    expected["links/loop"] = "error"
    os.symlink("/dev/zero", links / "dev-zero")
    expected["links/dev-zero"] = "error"
    os.symlink("does-not-exist.txt", links / "dangling.txt")
    expected["links/dangling.txt"] = "error"
    os.mkfifo(links / "a-fifo")
    expected["links/a-fifo"] = "error"
    os.symlink("a-fifo", links / "to-fifo.log")
    expected["links/to-fifo.log"] = "error"

    if permissions:
        secret = put("denied/unreadable.txt", b"secret\n", "error")
        os.chmod(secret, 0)
        closed = root / "denied/closed-folder"
        closed.mkdir()
        (closed / "inside.txt").write_text("hidden\n")
        os.chmod(closed, 0)
        expected["denied/closed-folder"] = "error"

    put("ok/plain.log", _log_lines(50, NRIC_TRUNCATED_GZ), "scanned")
    return expected


def cleanup_permissions(root: Path | str) -> None:
    """Give back permissions so a temp folder can be deleted."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                mode = os.lstat(path).st_mode
                if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
                    os.chmod(path, 0o755 if stat.S_ISDIR(mode) else 0o644)
    for dirpath, dirnames, _ in os.walk(root):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    for case, status in sorted(make_hostile(target).items()):
        print(f"{status:8} {case}")


def shared_stream_pdf(pages: int, stream_chars: int, line: str = "Ltd Ltd Ltd Ltd ") -> bytes:
    """A PDF whose ``pages`` pages all draw ONE Flate-compressed content stream of about
    ``stream_chars`` characters of text: a few KB of file, ``pages * stream_chars`` of text."""
    import zlib

    ops = [b"BT /F1 10 Tf 72 720 Td 12 TL"]
    per_line = f"({line}) '".encode()
    ops.extend([per_line] * (stream_chars // len(line)))
    ops.append(b"ET")
    content = zlib.compress(b"\n".join(ops), 9)
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
