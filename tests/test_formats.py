"""One Plan whatever the format: .docx, .pdf, .html and UTF-16 text versions of both
real plans parse to the Plan of their text fixture, field by field.

The renderings are made by ``scripts/make_format_fixtures.py`` (``make fixtures``).
Only the fields listed in ``EXCLUDED`` may differ; each says why.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

import khtool
from tests.conftest import FIXTURES, ROOT
from tests.test_golden import _flatten

PLANS = ["plan-2020-96-KH-UBND", "plan-2025-draft"]
FORMATS = ["docx", "pdf", "html"]

# Fields that may differ between renderings of one plan, and why. Nothing else may.
EXCLUDED: dict[str, str] = {
    r"source\.path": "the file name is the rendering's own",
    r"source\.format": "the format read (asserted separately below)",
    r"source\.sha256": "the hash of the rendering's bytes",
    r"source\.pages": "only a PDF has pages (asserted separately below)",
    r"document\.issuer_lines(\.__len__|\[\d+\])": (
        "the issuer's lines as written: the renderings' header table has the full issuer "
        "(THÀNH PHỐ HÀ NỘI), which the text fixtures lost (asserted separately below)"
    ),
    r"appendix\.groups\[\d+\]\.tasks\[\d+\]\.source\.(page|line)": (
        "provenance: a line of the text file, a page and line of the PDF, a line of the "
        "HTML source, a block number of the Word body"
    ),
}
_EXCLUDED = re.compile("|".join(f"(?:{pattern})" for pattern in EXCLUDED))


@cache
def parsed(path: str) -> khtool.Plan:
    return khtool.parse(path)


def _fields(plan: khtool.Plan) -> dict[str, object]:
    return {
        key: value
        for key, value in _flatten(plan.to_dict()).items()
        if not _EXCLUDED.fullmatch(key)
    }


def _differences(want: dict[str, object], got: dict[str, object]) -> list[str]:
    keys = sorted(set(want) | set(got))
    return [
        f"{key}: {want.get(key, '<missing>')!r} -> {got.get(key, '<missing>')!r}"
        for key in keys
        if want.get(key, "<missing>") != got.get(key, "<missing>")
    ]


CASES = [(name, fmt) for name in PLANS for fmt in FORMATS] + [
    ("plan-2025-draft", "utf16-txt"),
]


def _path(name: str, fmt: str) -> str:
    if fmt == "utf16-txt":
        return f"tests/fixtures/utf16-{name}.txt"
    return f"tests/fixtures/{name}.{fmt}"


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_same_plan_as_the_text_fixture(name: str, fmt: str) -> None:
    want = _fields(parsed(f"tests/fixtures/{name}.txt"))
    got = _fields(parsed(_path(name, fmt)))
    diffs = _differences(want, got)
    assert not diffs, f"{len(diffs)} fields differ:\n" + "\n".join(diffs[:40])


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_source_names_the_format(name: str, fmt: str) -> None:
    plan = parsed(_path(name, fmt))
    assert plan.source.path == _path(name, fmt)
    assert plan.source.format == ("txt" if fmt == "utf16-txt" else fmt)
    if fmt == "pdf":
        import pdfplumber

        with pdfplumber.open(ROOT / _path(name, fmt)) as pdf:
            assert plan.source.pages == len(pdf.pages)
    else:
        assert plan.source.pages is None


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_issuer_lines_as_the_rendering_writes_them(name: str, fmt: str) -> None:
    text = parsed(f"tests/fixtures/{name}.txt").document
    got = parsed(_path(name, fmt)).document
    if fmt == "utf16-txt":
        assert got.issuer_lines == text.issuer_lines
    else:
        assert got.issuer_lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
        # the text fixture has at most the first of them
        assert got.issuer_lines[: len(text.issuer_lines)] == text.issuer_lines
    assert got.issuer == text.issuer == "UBND thành phố Hà Nội"


@pytest.mark.parametrize("name", PLANS)
def test_the_comparison_sees_real_content(name: str) -> None:
    """The compared field set is the whole plan: tasks, targets, units, notes."""
    fields = _fields(parsed(f"tests/fixtures/{name}.txt"))
    assert len(fields) > 300
    assert any(key.endswith(".lead[0]") for key in fields)
    assert any(".quantities[" in key for key in fields)
    assert any(key.startswith("appendix.notes[") for key in fields)


@pytest.mark.parametrize("name", PLANS)
@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
def test_task_provenance_points_into_the_rendering(name: str, fmt: str) -> None:
    tasks = parsed(_path(name, fmt)).tasks()
    places = [(t.source.page or 0, t.source.line) for t in tasks]
    assert all(line is not None and line > 0 for _, line in places)
    assert places == sorted(places), "tasks are in reading order"
    if fmt == "pdf":
        pages = parsed(_path(name, fmt)).source.pages
        assert all(1 < page <= (pages or 0) for page, _ in places)
    else:
        assert all(page == 0 for page, _ in places)


def test_html_lines_are_lines_of_the_page() -> None:
    """Task 6 of the 2025 plan: its line in the HTML source holds its row."""
    plan = parsed("tests/fixtures/plan-2025-draft.html")
    task = next(t for t in plan.tasks() if t.tt == "6")
    lines = (FIXTURES / "plan-2025-draft.html").read_text("utf-8").splitlines()
    assert task.source.line is not None
    assert "Tổ chức Hội chợ triển lãm quốc tế" in lines[task.source.line - 1]


def test_fixtures_exist_for_every_plan() -> None:
    for name in PLANS:
        for fmt in FORMATS:
            assert Path(ROOT, _path(name, fmt)).stat().st_size > 10_000
