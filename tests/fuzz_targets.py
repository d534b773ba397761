"""Fuzz targets shared by tests/test_fuzz.py (short run) and scripts/fuzz.py (long run).

Each target draws inputs — random bytes, or the real fixtures mutated (truncated,
bytes flipped, lines shuffled, the appendix dropped, table cells deleted, XML
elements removed, [Content_Types].xml damaged, counts that size a loop set huge,
HTML bombs, plan-file values that do not load or only look hostile) — and runs them
through one reader and the whole pipeline, through validate / diff / export, or
through a batch over a folder of hostile file names. The contract under test: the
only exception that may escape the library is :class:`khtool.errors.KhtoolError`.
"""

from __future__ import annotations

import io
import logging
import re
import signal
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PLANS = ROOT / "data" / "plans"

Draw = Callable[..., object]
Op = Callable[[st.DrawFn, bytes], bytes]


# -- byte-level mutations ----------------------------------------------------------


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _flip(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 16))):
        i = draw(st.integers(0, len(out) - 1))
        out[i] ^= draw(st.integers(1, 255))
    return bytes(out)


def _insert(draw: st.DrawFn, data: bytes) -> bytes:
    i = draw(st.integers(0, len(data)))
    return data[:i] + draw(st.binary(min_size=1, max_size=64)) + data[i:]


def _delete(draw: st.DrawFn, data: bytes) -> bytes:
    i = draw(st.integers(0, len(data)))
    return data[:i] + data[i + draw(st.integers(1, 4096)) :]


def _duplicate(draw: st.DrawFn, data: bytes) -> bytes:
    i = draw(st.integers(0, len(data)))
    j = min(len(data), i + draw(st.integers(1, 2048)))
    k = draw(st.integers(0, len(data)))
    return data[:k] + data[i:j] + data[k:]


BYTE_OPS: list[Op] = [_truncate, _flip, _insert, _delete, _duplicate]


# -- text-level mutations (lines and table cells) ----------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _shuffle_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    draw(st.randoms(use_true_random=False)).shuffle(lines)
    return b"\n".join(lines)


def _swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def _drop_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(st.integers(0, len(lines)))
    return b"\n".join(lines[:i] + lines[i + draw(st.integers(1, 40)) :])


def _window(draw: st.DrawFn, data: bytes) -> bytes:
    """A run of lines: keeps the examples small and fast."""
    lines = _lines(data)
    i = draw(st.integers(0, len(lines)))
    return b"\n".join(lines[i : i + draw(st.integers(1, 120))])


_APPENDIX = re.compile(rb"PH\xe1\xbb\xa4 L\xe1\xbb\xa4C|^TT\s*[\t|]", re.MULTILINE)


def _drop_appendix(draw: st.DrawFn, data: bytes) -> bytes:
    m = _APPENDIX.search(data)
    return data[: m.start()] if m else data


def _delete_cells(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    rows = [i for i, line in enumerate(lines) if b"\t" in line or line.count(b"|") > 1]
    for _ in range(draw(st.integers(1, 5))):
        if not rows:
            break
        i = draw(st.sampled_from(rows))
        sep = b"\t" if b"\t" in lines[i] else b"|"
        cells = lines[i].split(sep)
        del cells[draw(st.integers(0, len(cells) - 1))]
        lines[i] = sep.join(cells)
    return b"\n".join(lines)


TEXT_OPS: list[Op] = [
    _shuffle_lines,
    _swap_lines,
    _drop_lines,
    _window,
    _window,
    _drop_appendix,
    _delete_cells,
    _delete_cells,
]


# -- XML (docx) mutations -----------------------------------------------------------

_ELEMENT = re.compile(rb"<w:(p|tc|tr|r|tbl)\b[^>]*>.*?</w:\1>", re.DOTALL)


def _delete_elements(draw: st.DrawFn, xml: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 6))):
        found = list(_ELEMENT.finditer(xml))
        if not found:
            break
        m = draw(st.sampled_from(found))
        xml = xml[: m.start()] + xml[m.end() :]
    return xml


def _docx_xml(draw: st.DrawFn, data: bytes) -> bytes:
    """Mutate word/document.xml (or another part) inside the zip and zip it again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:  # a broken zip (zlib, struct, …): mutate its bytes instead
        return _flip(draw, data)
    xml_names = sorted(n for n in parts if n.endswith(".xml") or n.endswith(".rels"))
    if not xml_names:
        return data
    name = "word/document.xml" if "word/document.xml" in parts else xml_names[0]
    if draw(st.booleans()):
        name = draw(st.sampled_from(xml_names))
    op = draw(st.sampled_from([_delete_elements, _delete_elements, *BYTE_OPS]))
    parts[name] = op(draw, parts[name])
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, content in parts.items():
            zf.writestr(part, content)
    return buf.getvalue()


def _docx_parts(data: bytes) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:  # a broken zip: the other operations mutate its bytes
        return None


_CONTENT_TYPE = re.compile(rb"<(Default|Override)\b[^>]*/>")


def _content_types(draw: st.DrawFn, data: bytes) -> bytes:
    """Damage [Content_Types].xml: lose a chunk or an entry, or lose the part."""
    parts = _docx_parts(data)
    name = "[Content_Types].xml"
    if parts is None or name not in parts:
        return _flip(draw, data)
    xml = parts[name]
    how = draw(st.sampled_from(["chunk", "entry", "drop", "bytes"]))
    if how == "chunk":
        i = draw(st.integers(0, len(xml)))
        parts[name] = xml[:i] + xml[i + draw(st.integers(1, 200)) :]
    elif how == "entry":
        found = list(_CONTENT_TYPE.finditer(xml))
        if found:
            m = draw(st.sampled_from(found))
            parts[name] = xml[: m.start()] + xml[m.end() :]
    elif how == "drop":
        del parts[name]
    else:
        parts[name] = draw(st.sampled_from(BYTE_OPS))(draw, xml)
    return _zip(parts)


HUGE = ["0", "-1", "100000", "1000000000", "1000000000000", str(2**63), "1e9", "x"]
_COUNT_ATTRIBUTE = re.compile(
    rb'(<w:(?:gridSpan|gridBefore|gridAfter|start|ilvl)\b[^>]*w:val=")[^"]*"'
)
_DOCX_BOMBS = [
    b'<w:tcPr><w:gridSpan w:val="{n}"/></w:tcPr>',
    b'<w:trPr><w:gridBefore w:val="{n}"/></w:trPr>',
    b'<w:r><w:sym w:font="Symbol" w:char="{n}"/></w:r>',
]


def _docx_bombs(draw: st.DrawFn, data: bytes) -> bytes:
    """Resource bombs: a count that sizes a loop (gridSpan, gridBefore, a list start)
    set to a huge or broken value, or such an element inserted."""
    parts = _docx_parts(data)
    if parts is None:
        return _flip(draw, data)
    n = draw(st.sampled_from([*HUGE, "FFFFFFFF", "110000"])).encode()
    names = [k for k in ("word/document.xml", "word/numbering.xml") if k in parts]
    if not names:
        return data
    name = draw(st.sampled_from(names))
    xml = parts[name]
    found = list(_COUNT_ATTRIBUTE.finditer(xml))
    if found and draw(st.booleans()):
        m = draw(st.sampled_from(found))
        xml = xml[: m.start()] + m.group(1) + n + b'"' + xml[m.end() :]
    else:
        anchors = [m.end() for m in re.finditer(rb"<w:tc>|<w:tr>|<w:p>", xml)]
        if anchors:
            i = draw(st.sampled_from(anchors))
            xml = xml[:i] + draw(st.sampled_from(_DOCX_BOMBS)).replace(b"{n}", n) + xml[i:]
    parts[name] = xml
    return _zip(parts)


# -- HTML resource bombs and odd declarations --------------------------------------------

_HTML_BOMBS = [
    b"<table><tr><td colspan={n}>TT</td><td colspan={n}>x</td></tr></table>",
    b"<table><tr><td rowspan={n}>TT</td></tr></table>",
    b"<ol start={n} type=a><li>x</li><li>y</li></ol>",
    b"<ol start={n} type=I><li>x</li></ol>",
    b'<meta charset="{charset}">',
    b"<div>" * 300 + b"x" + b"</div>" * 300,
]
CHARSETS = [b"base64", b"rot13", b"zlib", b"hex", b"utf-7", b"x-unknown", b"utf-32"]


def _html_bombs(draw: st.DrawFn, data: bytes) -> bytes:
    if draw(st.integers(0, 5)) == 0:  # an element with many attributes
        count = draw(st.sampled_from([999, 1000, 1001, 3000]))
        attrs = b" ".join(b"a%d=x" % i for i in range(count))
        piece = b"<p " + attrs + b">x</p>"
    else:
        piece = draw(st.sampled_from(_HTML_BOMBS))
        piece = piece.replace(b"{n}", draw(st.sampled_from(HUGE)).encode())
        piece = piece.replace(b"{charset}", draw(st.sampled_from(CHARSETS)))
    i = draw(st.integers(0, len(data)))
    return data[:i] + piece + data[i:]


# -- YAML plan files: values that do not load, and values that only look hostile ---------

_VALUE = re.compile(rb"^(\s*(?:- )?[A-Za-z_]+: )(.+)$", re.MULTILINE)
YAML_VALUES = [
    b"!!bool maybe",
    b"9" * 5000,
    b"-" + b"9" * 400,
    b"2025-02-31",
    b"0000-01-01",
    b"!!timestamp 2025-13-01",
    b"1e999",
    b".nan",
    b"!!int x",
    b"!!float 1.2.3",
    b"*nowhere",
    b"&a x",
    b"!!python/object/apply:os.system [true]",
    b"!!binary AAAA",
    b"[" * 200 + b"]" * 200,
    b"{a: " * 100 + b"1" + b"}" * 100,
    b"\"=cmd|' /C calc'!A0\"",
    b'"\\t=1+2"',
    b'"\\r@SUM(A1)"',
    b'"+1; -1"',
    b'"\\u202eevil\\u001b[31m"',
]


def _yaml_values(draw: st.DrawFn, data: bytes) -> bytes:
    """Replace one scalar value with a hostile or out-of-range one."""
    found = list(_VALUE.finditer(data))
    if not found:
        return _flip(draw, data)
    for _ in range(draw(st.integers(1, 3))):
        m = draw(st.sampled_from(found))
        value = draw(st.sampled_from(YAML_VALUES))
        data = data[: m.start(2)] + value + data[m.end(2) :]
        found = list(_VALUE.finditer(data))
        if not found:
            break
    return data


def _yaml_anchors(draw: st.DrawFn, data: bytes) -> bytes:
    """Many anchors and aliases (a small billion-laughs) before the plan's keys."""
    levels = draw(st.integers(2, 9))
    width = draw(st.integers(2, 10))
    lines = [b"x0: &a0 [lol]"]
    for level in range(1, levels):
        refs = b", ".join([b"*a%d" % (level - 1)] * width)
        lines.append(b"x%d: &a%d [%s]" % (level, level, refs))
    return b"\n".join(lines) + b"\n" + data


YAML_OPS: list[Op] = [_yaml_values, _yaml_values, _yaml_anchors]


# -- strategies -----------------------------------------------------------------------


def mutations(seeds: list[bytes], ops: list[Op], max_ops: int = 3) -> st.SearchStrategy[bytes]:
    @st.composite
    def strategy(draw: st.DrawFn) -> bytes:
        data = draw(st.sampled_from(seeds))
        for _ in range(draw(st.integers(1, max_ops))):
            data = draw(st.sampled_from(ops))(draw, data)
        return data

    return strategy()


def inputs(seeds: list[bytes], ops: list[Op]) -> st.SearchStrategy[bytes]:
    """Mostly mutated fixtures, sometimes random bytes, sometimes a fixture as is."""
    return st.one_of(
        mutations(seeds, ops),
        mutations(seeds, ops),
        mutations(seeds, ops),
        st.binary(max_size=4096),
        st.sampled_from(seeds),
    )


@cache
def text_seeds() -> list[bytes]:
    from khtool.reading import legacy

    names = ["plan-2025-draft.txt", "plan-2020-96-KH-UBND.txt", "press-2023-event.txt"]
    seeds = [(FIXTURES / n).read_bytes() for n in names]
    plan = seeds[0].decode()
    seeds += [legacy.encode(plan, key) for key in ("tcvn3", "vni")]
    return seeds


@cache
def docx_seeds() -> list[bytes]:
    return [p.read_bytes() for p in sorted(FIXTURES.glob("*.docx"))]


@cache
def html_seeds() -> list[bytes]:
    return [p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))]


@cache
def pdf_seeds() -> list[bytes]:
    """One-page PDFs cut from the real plans (a whole plan takes seconds to read)."""
    import pypdfium2 as pdfium

    seeds = []
    for path in sorted(FIXTURES.glob("*.pdf")):
        source = pdfium.PdfDocument(path)
        for index in sorted({0, len(source) // 2, len(source) - 1}):
            page = pdfium.PdfDocument.new()
            page.import_pages(source, [index])
            buf = io.BytesIO()
            page.save(buf)
            seeds.append(buf.getvalue())
    bad = FIXTURES / "bad"
    seeds += [(bad / n).read_bytes() for n in ("encrypted.pdf", "scanned.pdf")]
    return seeds


@cache
def yaml_seeds() -> list[bytes]:
    return [p.read_bytes() for p in sorted(PLANS.glob("*.yaml"))]


# -- running one input ------------------------------------------------------------------


class Hang(Exception):
    """An example ran longer than the per-example timeout."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` after ``seconds`` (SIGALRM; main thread only)."""

    def _alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_WORK = Path(tempfile.mkdtemp(prefix="khtool-fuzz-"))


def _write(data: bytes, suffix: str) -> Path:
    path = _WORK / f"input{suffix}"
    path.write_bytes(data)
    return path


ROUND_TRIP_MAX = 12_000  # bytes of input: the pure-Python YAML round trip is slow


def parse_document(data: bytes, suffix: str) -> None:
    """The whole pipeline on a file, then the Plan's JSON (and, if small, YAML) round trip."""
    import json

    import khtool
    from khtool.model import load_plan

    plan = khtool.parse(_write(data, suffix))
    if len(data) <= ROUND_TRIP_MAX:
        assert load_plan(plan.to_yaml()) == plan
    else:
        assert khtool.Plan.model_validate(json.loads(plan.to_json())) == plan


def validate_yaml(data: bytes) -> None:
    from rich.console import Console

    from khtool.validating.output import render_github, render_json, render_text
    from khtool.validating.validation import validate

    report = validate(_write(data, ".yaml"))
    render_text([report], [], Console(file=io.StringIO(), width=100))
    render_json([report], [], "error")
    render_github([report], [])


def export_yaml(data: bytes) -> None:
    """A mutated plan file exported to CSV, Excel and JSON: all or nothing."""
    from khtool.export import export

    plan = _write(data, ".yaml")
    out = _WORK / "export"
    out.mkdir(exist_ok=True)
    for name in ("t.csv", "t.xlsx", "t.json"):
        export([plan], out / name)


NAME_BYTES = bytes(b for b in range(1, 256) if b != ord("/"))


@st.composite
def batch_inputs(draw: st.DrawFn) -> bytes:
    """A folder of 1–3 files with hostile names (control characters, bytes that are not
    UTF-8, dot and lock-file prefixes), packed as NAME\\0CONTENT\\0… for replay."""
    seeds = [*text_seeds()[:1], b"", b"junk \xff\xfe", b"I. M\xe1\xbb\xa4C TI\xc3\x8aU\n"]
    prefixes = [b"", b".", b"~$", b"_report", b"-"]
    suffixes = [b".txt", b".TXT", b".html", b".docx", b".pdf", b".md", b""]
    files: list[bytes] = []
    for _ in range(draw(st.integers(1, 3))):
        middle = draw(
            st.binary(min_size=1, max_size=40).map(lambda b: bytes(NAME_BYTES[x % 254] for x in b))
        )
        name = draw(st.sampled_from(prefixes)) + middle + draw(st.sampled_from(suffixes))
        files += [name[:250], draw(st.sampled_from(seeds))]
    return b"\0".join(files)


def batch_names(data: bytes) -> None:
    """A batch over a folder of hostile names, run twice (the second reads the report):
    every file is in the report, and nothing but KhtoolError escapes."""
    import json
    import os
    import shutil

    from khtool.batch.runner import parse_many

    folder = _WORK / "batch"
    shutil.rmtree(folder, ignore_errors=True)
    src, out = folder / "in", folder / "out"
    src.mkdir(parents=True)
    parts = data.split(b"\0")
    names = set()
    for name, content in zip(parts[::2], parts[1::2], strict=False):
        if name in (b".", b"..") or not name:
            continue
        names.add(name)
        with open(os.fsencode(src) + b"/" + name, "wb") as fh:
            fh.write(content)
    for _ in range(2):
        report = parse_many([src], jobs=1, out_dir=out)
        listed = json.loads((out / "_report.json").read_text("utf-8"))["files"]
        assert len(listed) == len(report.files)


def diff_yaml(data: bytes) -> None:
    import khtool
    from khtool.diffing.report import render_markdown, render_text

    other = PLANS / "hanoi-2025-draft.yaml"
    mutated = _write(data, ".yaml")
    for result in (khtool.diff(mutated, other), khtool.diff(other, mutated)):
        render_text(result)
        render_markdown(result)
        result.to_json()


@dataclass(frozen=True)
class Target:
    name: str
    strategy: Callable[[], st.SearchStrategy[bytes]]
    run: Callable[[bytes], None]
    suffix: str


TARGETS: dict[str, Target] = {
    "txt": Target(
        "txt",
        lambda: inputs(text_seeds(), BYTE_OPS + TEXT_OPS),
        lambda data: parse_document(data, ".txt"),
        ".txt",
    ),
    "docx": Target(
        "docx",
        lambda: inputs(
            docx_seeds(),
            [*BYTE_OPS, _docx_xml, _docx_xml, _docx_xml, _content_types, _docx_bombs],
        ),
        lambda data: parse_document(data, ".docx"),
        ".docx",
    ),
    "html": Target(
        "html",
        lambda: inputs(html_seeds(), [*BYTE_OPS, *TEXT_OPS, _html_bombs, _html_bombs]),
        lambda data: parse_document(data, ".html"),
        ".html",
    ),
    "pdf": Target(
        "pdf",
        lambda: inputs(pdf_seeds(), BYTE_OPS),
        lambda data: parse_document(data, ".pdf"),
        ".pdf",
    ),
    "validate": Target(
        "validate",
        lambda: inputs(yaml_seeds(), BYTE_OPS + TEXT_OPS + YAML_OPS),
        validate_yaml,
        ".yaml",
    ),
    "diff": Target(
        "diff", lambda: inputs(yaml_seeds(), BYTE_OPS + TEXT_OPS + YAML_OPS), diff_yaml, ".yaml"
    ),
    "batch": Target("batch", batch_inputs, batch_names, ".bin"),
    "export": Target(
        "export", lambda: inputs(yaml_seeds(), BYTE_OPS + TEXT_OPS + YAML_OPS), export_yaml, ".yaml"
    ),
}


def quiet() -> None:
    """pdfminer logs every oddity of a broken file; the fuzz run reports outcomes itself."""
    for name in ("pdfminer", "pdfplumber", "PIL"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
