"""Limits that bound time and memory (issue 14): inputs past a limit are refused while
they are read, in one line naming the limit's flag; inputs within it are read.

Each case is built at test time and run in a child with a memory cap and a timeout
(the timeout only guards against a hang; no test asserts a duration).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml

from khtool.errors import LimitExceededError, PlanDataError
from khtool.io import load_data, plan_limits
from khtool.limits import Limits
from khtool.reading import legacy
from khtool.reading.text.reader import check_line_count, split_lines
from tests.conftest import FIXTURES, ROOT
from tests.test_hardening_support import khtool, one_line, page_with

DOCX = FIXTURES / "plan-2025-draft.docx"
HTML = FIXTURES / "plan-2025-draft.html"
PLAN = ROOT / "data/plans/hanoi-2025-draft.yaml"


def _refused(result: object, path: Path, message: str, folder: Path) -> None:
    """Exit 2, the one line, no traceback, and nothing new written in ``folder``."""
    before = sorted(folder.iterdir())
    assert result.returncode == 2  # type: ignore[attr-defined]
    assert one_line(result) == f"khtool: {path}: {message}"  # type: ignore[arg-type]
    assert sorted(folder.iterdir()) == before


def _parse_refused(tmp_path: Path, path: Path, message: str, *flags: str) -> None:
    out = tmp_path / "out.yaml"
    result = khtool("parse", path, "-o", out, *flags)
    _refused(result, path, message, tmp_path)
    assert not out.exists()


# -- text: lines and characters --------------------------------------------------------

LINES = "the document has more than {n} lines of text, over the limit (raise it with --max-lines)"


def test_a_text_of_one_letter_lines_is_refused_before_it_is_split(tmp_path: Path) -> None:
    path = tmp_path / "letters.txt"
    path.write_bytes(b"a\n" * 5_000_000)  # 10 MB; 40 MB once took minutes
    _parse_refused(tmp_path, path, LINES.format(n="50,000"))


def test_the_line_limit_has_a_flag(tmp_path: Path) -> None:
    path = tmp_path / "letters.txt"
    path.write_bytes(b"a\n" * 600)
    _parse_refused(tmp_path, path, LINES.format(n="500"), "--max-lines", "500")


def test_blank_lines_do_not_count(tmp_path: Path) -> None:
    assert check_line_count(b"a\n\n  \n\r\nb\n" * 100, 200, "x.txt") is None
    with pytest.raises(LimitExceededError, match="more than 199 lines"):
        check_line_count(b"a\n\n  \n\r\nb\n" * 100, 199, "x.txt")


def test_the_text_count_sees_every_line_break_splitlines_sees() -> None:
    text = "a\u2028b\x85c\x1cd\ve\ff"  # six lines for str.splitlines()
    assert len(split_lines(text, 6)) == 6
    with pytest.raises(LimitExceededError, match="more than 5 lines"):
        split_lines(text, 5)


def test_a_utf16_text_is_counted_once_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(("x\n" * 700).encode("utf-16"))
    _parse_refused(tmp_path, path, LINES.format(n="600"), "--max-lines", "600")


def test_a_long_tcvn3_text_is_refused_before_it_is_converted(tmp_path: Path) -> None:
    line = "Kế hoạch triển khai nhiệm vụ phát triển kinh tế xã hội của tỉnh năm 2025 " * 30
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(legacy.encode(line + "\n", legacy.TCVN3) * 300)  # 300 lines, 660 KB
    message = (
        "the text has more than 500,000 characters, over the limit (raise it with --max-chars)"
    )
    _parse_refused(tmp_path, path, message, "--max-chars", "500000")


def test_a_utf8_text_over_the_character_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("Nội dung kế hoạch. " * 2000 + "\n", "utf-8")
    message = "the text has more than 30,000 characters, over the limit (raise it with --max-chars)"
    _parse_refused(tmp_path, path, message, "--max-chars", "30000")


def test_restoring_tcvn3_capitals_reads_a_long_line_as_its_repeats() -> None:
    # the capitals depend on the word and the few characters before it, so a line of
    # 400 repeats reads as the line of two repeats does, continued
    words = "đề án ĐỀ ÁN Đề án: tổ chức. ấn định – “ấn” 1) ấn"
    two = legacy.decode(legacy.encode(f"{words} {words}", legacy.TCVN3), legacy.TCVN3)
    first, second = two[: len(words)], two[len(words) + 1 :]
    assert first == "đề án Đề ÁN Đề án: tổ chức. Ấn định – “ấn” 1) ấn"
    many = legacy.decode(legacy.encode(" ".join([words] * 400), legacy.TCVN3), legacy.TCVN3)
    assert many == first + f" {second}" * 399


# -- .docx: inflated size, elements, lines ---------------------------------------------


def _docx(tmp_path: Path, body: str) -> Path:
    """The 2025 .docx with ``body`` inserted at the start of word/document.xml's body."""
    source = zipfile.ZipFile(DOCX)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body.encode(), 1)
            out.writestr(info.filename, data)
    path = tmp_path / "plan.docx"
    path.write_bytes(buffer.getvalue())
    return path


def test_a_docx_inflating_past_the_default_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _docx(tmp_path, "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 3_000_000)  # 105 MB
    inflated = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    message = (
        f"the .docx would inflate to {inflated / 1e6:.0f} MB, over the 100 MB limit "
        "(zip bomb?; raise it with --max-inflated)"
    )
    _parse_refused(tmp_path, path, message)


def test_a_docx_with_too_many_elements(tmp_path: Path) -> None:
    path = _docx(tmp_path, "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 20_000)
    message = (
        "the .docx has more than 50,000 XML elements, over the limit (raise it with --max-elements)"
    )
    _parse_refused(tmp_path, path, message, "--max-elements", "50000")


def test_a_docx_with_too_many_paragraphs(tmp_path: Path) -> None:
    path = _docx(tmp_path, "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 60_000)
    message = (
        "the document has more than 50,000 paragraphs and table rows, over the limit "
        "(raise it with --max-lines)"
    )
    _parse_refused(tmp_path, path, message)


def test_the_column_limit_has_a_flag(tmp_path: Path) -> None:
    row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>" * 30 + "</w:tr>"
    path = _docx(tmp_path, f"<w:tbl>{row}</w:tbl>")
    message = (
        "a table row spans 30 columns (gridSpan, gridBefore or colspan), over the limit of "
        "20 columns; refused (raise it with --max-columns)"
    )
    _parse_refused(tmp_path, path, message, "--max-columns", "20")
    assert khtool("parse", path, "--max-columns", "30").returncode == 0


# -- HTML: elements, lines, attributes -------------------------------------------------


def _page(tmp_path: Path, inserted: str) -> Path:
    return page_with(HTML, tmp_path, inserted)


def test_a_45_mb_page_is_refused_before_parsing(tmp_path: Path) -> None:
    path = _page(tmp_path, "<p>a</p>\n" * 5_000_000)
    message = (
        "the page has more than 5,000,000 characters, over the limit (raise it with --max-chars)"
    )
    _parse_refused(tmp_path, path, message)


def test_a_page_with_too_many_elements(tmp_path: Path) -> None:
    path = _page(tmp_path, "<i>" * 1_100_000)  # 3.3 MB
    message = (
        "the page has more than 1,000,000 elements, over the limit (raise it with --max-elements)"
    )
    _parse_refused(tmp_path, path, message)
    path = _page(tmp_path, "<i>" * 2_000)
    message = "the page has more than 1,000 elements, over the limit (raise it with --max-elements)"
    _parse_refused(tmp_path, path, message, "--max-elements", "1000")


def test_a_page_with_too_many_paragraphs(tmp_path: Path) -> None:
    path = _page(tmp_path, "<p>a</p>\n" * 60_000)
    message = (
        "the document has more than 50,000 paragraphs and table rows, over the limit "
        "(raise it with --max-lines)"
    )
    _parse_refused(tmp_path, path, message)


def test_a_page_over_the_character_limit(tmp_path: Path) -> None:
    path = _page(tmp_path, "<p>" + "Nội dung kế hoạch " * 300_000 + "</p>")  # 48 MB once
    message = (
        "the page has more than 5,000,000 characters, over the limit (raise it with --max-chars)"
    )
    _parse_refused(tmp_path, path, message)


def test_a_docx_over_the_character_limit(tmp_path: Path) -> None:
    path = _docx(tmp_path, "<w:p><w:r><w:t>" + "Nội dung kế hoạch " * 2_000 + "</w:t></w:r></w:p>")
    message = (
        "the document has more than 20,000 characters, over the limit (raise it with --max-chars)"
    )
    _parse_refused(tmp_path, path, message, "--max-chars", "20000")


def test_the_attribute_limit_has_a_flag(tmp_path: Path) -> None:
    attributes = " ".join(f'a{i}="x"' for i in range(60))
    path = _page(tmp_path, f"<p {attributes}>x</p>")
    line = path.read_text("utf-8")[: path.read_text("utf-8").index("<p a0")].count("\n") + 1
    message = (
        f"an element (line {line}) has 60 attributes, over the limit of 50; refused "
        "(raise it with --max-attributes)"
    )
    _parse_refused(tmp_path, path, message, "--max-attributes", "50")
    assert khtool("parse", path, "--max-attributes", "60").returncode == 0


# -- plan files: size, tasks, values, anchors ------------------------------------------


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def _plan_with_tasks(tmp_path: Path, count: int) -> Path:
    """The 2025 plan with one group of ``count`` copies of its first task, each written
    out in full (no anchors)."""
    data = yaml.safe_load(PLAN.read_text("utf-8"))
    group = data["appendix"]["groups"][0]
    task = group["tasks"][0]
    group["tasks"] = [dict(task, tt=str(i + 1)) for i in range(count)]
    data["appendix"]["groups"] = [group]
    path = tmp_path / "big.yaml"
    text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    path.write_text(text, "utf-8")
    return path


def _task_line(path: Path, number: int) -> int:
    """The line of the ``number``-th task (1-based) of the single task list."""
    lines = path.read_text("utf-8").splitlines()
    starts = [i for i, line in enumerate(lines, 1) if line.lstrip().startswith("- tt:")]
    return starts[number - 1]


@pytest.mark.parametrize("command", ["validate", "export", "diff"])
def test_a_plan_with_too_many_tasks(tmp_path: Path, command: str) -> None:
    path = _plan_with_tasks(tmp_path, 1_200)
    line = _task_line(path, 1_001)
    column = path.read_text("utf-8").splitlines()[line - 1].index("tt:") + 1  # the mapping
    args = {
        "validate": ["validate", path],
        "export": ["export", path, "--to", tmp_path / "x.csv"],
        "diff": ["diff", path, PLAN],
    }[command]
    result = khtool(*args)
    message = (
        f"more than 1,000 tasks (line {line}, column {column}), over the limit "
        "(raise it with --max-tasks)"
    )
    _refused(result, path, message, tmp_path)


def test_the_task_limit_has_a_flag(tmp_path: Path) -> None:
    path = _plan_with_tasks(tmp_path, 30)
    result = khtool("validate", path, "--max-tasks", "20")
    assert result.returncode == 2
    assert one_line(result).endswith("over the limit (raise it with --max-tasks)")
    assert khtool("validate", path, "--max-tasks", "30").returncode in (0, 1)


def test_a_plan_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("funding:\n" + "- Ngân sách\n" * 1_000_000, "utf-8")  # 13 MB
    result = khtool("validate", path)
    message = "plan file is over the 10 MB limit (raise it with --max-plan-size)"
    _refused(result, path, message, tmp_path)


def test_a_plans_dir_file_over_the_size_limit(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    big = folder / "big.yaml"
    big.write_text("document:\n  plan_year: 2024\n" + "# padding\n" * 1_100_000, "utf-8")
    result = khtool("diff", "2024", PLAN, "--plans-dir", folder)
    _refused(
        result, big, "plan file is over the 10 MB limit (raise it with --max-plan-size)", folder
    )


def test_values_are_counted_before_the_nodes_are_composed(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("funding:\n" + "- x\n" * 120_000, "utf-8")
    message = (
        "unsafe YAML (line 99999, column 3): more than 100,000 values (a plan has about "
        "2,000); refused (raise it with --max-tasks)"
    )
    _refused(khtool("validate", path), path, message, tmp_path)


def test_half_a_million_anchors_do_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    anchors = "".join(f"- &a{i} x\n" for i in range(500_000))
    path.write_text("funding:\n" + anchors + "notes: [*a1, *a2]\n", "utf-8")
    result = khtool("validate", path)
    assert result.returncode == 2
    assert one_line(result).endswith(
        "more than 100,000 values (a plan has about 2,000); refused (raise it with --max-tasks)"
    )


def test_anchors_within_the_limit_still_load() -> None:
    text = "".join(f"a{i}: &a{i} [x]\n" for i in range(2_000)) + "b: [*a1, *a1999]\n"
    data = load_data(text)
    assert data["b"] == [["x"], ["x"]] and len(data) == 2_001


def test_the_alias_bomb_is_still_named_at_its_node() -> None:
    lines = ["l0: &l0 [lol]"] + [f"l{k}: &l{k} [*l{k - 1}, *l{k - 1}]" for k in range(1, 30)]
    with pytest.raises(PlanDataError) as info:
        load_data("\n".join(lines) + "\n", "plan.yaml")
    assert str(info.value) == (
        "plan.yaml: unsafe YAML (line 20, column 6): aliases expand to more than "
        "1,000,000 values (an alias bomb?); refused"
    )


def test_plan_limits_apply_to_what_is_loaded_inside_them() -> None:
    text = "appendix:\n  groups:\n  - tasks:\n" + "    - {tt: '1'}\n" * 5
    assert len(load_data(text)["appendix"]["groups"][0]["tasks"]) == 5
    with plan_limits(Limits(max_tasks=4)), pytest.raises(LimitExceededError) as info:
        load_data(text, "p.yaml")
    assert str(info.value) == (
        "p.yaml: more than 4 tasks (line 8, column 7), over the limit (raise it with --max-tasks)"
    )
    assert len(load_data(text, limits=Limits(max_tasks=5))["appendix"]["groups"][0]["tasks"]) == 5


def test_a_plan_over_the_task_limit_reads_once_the_limit_is_raised(tmp_path: Path) -> None:
    """--max-tasks raises the count of values allowed too (100 a task), not only tasks."""
    data = yaml.safe_load((ROOT / "data" / "plans" / "hanoi-2025-draft.yaml").read_text("utf-8"))
    group = data["appendix"]["groups"][0]
    group["tasks"] = [
        dict(group["tasks"][i % len(group["tasks"])], tt=str(i + 1))
        for i in range(3000)  # > 100,000 values
    ]
    path = tmp_path / "big.yaml"

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:
            return True

    path.write_text(yaml.dump(data, Dumper=NoAliases, allow_unicode=True), "utf-8")
    refused = khtool("validate", path)
    assert refused.returncode == 2
    assert "more than 1,000 tasks" in refused.stderr.decode()
    raised = khtool("validate", path, "--max-tasks", "4000")
    assert raised.returncode in (0, 1), raised.stderr.decode()
    assert b"Traceback" not in raised.stderr


def test_an_export_over_the_row_limit_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "tasks.xlsx"
    plans = ROOT / "data" / "plans"
    result = khtool("export", plans, "--to", out, "--max-rows", "20")
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {plans / 'hanoi-2024-263-KH-UBND.yaml'}: the export would have more than 20 "
        "rows (tasks and targets of all plans), over the limit (raise it with --max-rows)"
    )
    assert list(tmp_path.iterdir()) == []
    assert khtool("export", plans, "--to", out).returncode == 0
