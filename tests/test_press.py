"""The press-report reader: the 2024 plan (263/KH-UBND) known only from a press report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import khtool
from khtool.errors import KhtoolError, NotAPlanError
from khtool.model import Direction
from khtool.parsing.press import parse_press

PRESS_2024 = "tests/fixtures/press-2024-263-KH-UBND.txt"


@pytest.fixture(scope="module")
def plan():
    return parse_press(PRESS_2024)


def test_header_from_the_citation_and_the_announcing_sentence(plan) -> None:
    d = plan.document
    assert d.number == "263/KH-UBND"
    assert d.issued_on == dt.date(2023, 11, 6)
    assert d.plan_year == 2024
    assert d.issuer == "UBND Thành phố Hà Nội"
    assert d.title == (
        "thực hiện Chương trình hành động quốc gia về Sản xuất và tiêu dùng bền vững "
        "năm 2024 trên địa bàn Thủ đô"
    )
    assert d.draft is False


def test_marked_partial_with_what_a_press_report_lacks(plan) -> None:
    assert plan.partial is True
    assert plan.missing == ["funding", "organization", "appendix"]
    assert plan.appendix is None and plan.funding == [] and plan.organization == []
    assert plan.source.format == "press"
    assert any("press report" in w for w in plan.warnings)


def test_five_content_areas_from_thu_nhat_to_thu_nam(plan) -> None:
    assert [c.id for c in plan.content] == ["1", "2", "3", "4", "5"]
    titles = [c.title for c in plan.content]
    assert titles[0] == "Hà Nội sẽ đẩy mạnh truyền thông về sản xuất và tiêu dùng bền vững"
    assert titles[2] == "Hà Nội phát triển hệ thống phân phối bền vững, xuất nhập khẩu bền vững"
    # ';' before any ':' ends the title; the rest of the sentence is the first bullet
    assert titles[3] == (
        "Hà Nội tăng cường quan hệ hợp tác quốc tế trọng lĩnh vực sản xuất và tiêu dùng bền vững"
    )
    assert plan.content[3].bullets[0].startswith("hỗ trợ doanh nghiệp của thành phố Hà Nội")
    # a ';' after ':' separates list items and stays in the title
    assert titles[4].startswith("Hà Nội thực hiện lồng ghép")
    assert titles[4].endswith("đảm bảo hoàn thành các chỉ tiêu giai đoạn 2021-2025 đề ra")
    assert plan.content[4].bullets == []
    # area 1: its second sentence and the two paragraphs after the photo
    assert len(plan.content[0].bullets) == 3
    assert plan.content[0].bullets[1].startswith("Tổ chức tuyên truyền, tập huấn")
    assert len(plan.content[1].bullets) == 6


def test_photos_and_captions_do_not_leak(plan) -> None:
    texts = [c.title for c in plan.content] + [b for c in plan.content for b in c.bullets]
    texts += [g.text for g in plan.goals]
    joined = "\n".join(texts)
    for leak in (".jpg", "Ảnh minh họa", "Doanh nghiệp dệt may Hà Nội kết nối", "ký kết Biên bản"):
        assert leak not in joined
    # the first caption paraphrases area 1 ('Hà Nội sẽ tổ chức …'); it is dropped
    assert joined.count("Hà Nội sẽ tổ chức phổ biến hướng dẫn và nhân rộng") == 0
    # byline and source line are not goals
    assert "Quỳnh Chi" not in joined and "nguoihanoi.vn" not in joined


def test_targets_from_the_last_paragraphs(plan) -> None:
    targets = [(g.id, t) for g in plan.goals for t in g.targets]
    got = [(gid, t.value, t.min, t.max, t.direction) for gid, t in targets]
    assert got == [
        ("p5", None, 3.5, 4.5, Direction.decrease),
        ("p6", 80, None, None, Direction.reach),
        ("p7", 85, None, None, Direction.reach),
        ("p7", 60, None, None, Direction.reach),
        ("p8", None, 60, 70, Direction.reach),
        ("p8", 100, None, None, Direction.reach),
    ]
    subjects = [t.subject for _, t in targets]
    assert subjects[1].startswith("Tỷ lệ các quận, huyện, thị xã tổ chức tuyên truyền")
    assert subjects[2] == "các khu, cụm công nghiệp"
    assert subjects[3].startswith("các làng nghề")
    assert subjects[4] == "các chợ truyền thống"
    assert subjects[5].startswith("các siêu thị, trung tâm thương mại")


def test_purposes_are_goals_without_targets_and_ids_are_synthetic(plan) -> None:
    assert [g.id for g in plan.goals] == [f"p{n}" for n in range(1, 9)]
    purposes = [g for g in plan.goals if not g.targets]
    assert [g.id for g in purposes] == ["p1", "p2", "p3", "p4"]
    # '… việc ban hành Kế hoạch … nhằm triển khai …' keeps the purpose clause only
    assert purposes[0].text.startswith("triển khai đồng bộ các hoạt động sản xuất")
    # the sentence after the last target continues that goal
    assert plan.goals[-1].text.endswith("dùng một lần, khó phân hủy.")


def test_round_trips_through_yaml(plan) -> None:
    assert khtool.Plan.from_yaml(plan.to_yaml()) == plan


def test_the_committed_2024_plan_is_this_reading(plan) -> None:
    committed = Path("data/plans/hanoi-2024-263-KH-UBND.yaml").read_text("utf-8")
    assert plan.to_yaml() == committed


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("tests/fixtures/press-2022-conference.txt", "no plan citation"),
        ("tests/fixtures/press-2023-event.txt", "no content areas"),
        # a plan cites other plans (Kế hoạch số 228/KH-UBND …) but has no 'Thứ nhất, …'
        ("tests/fixtures/plan-2025-draft.txt", "no content areas"),
    ],
)
def test_other_documents_are_refused(fixture: str, message: str) -> None:
    with pytest.raises(NotAPlanError) as err:
        parse_press(fixture)
    assert message in str(err.value)
    assert str(err.value).startswith(f"{fixture}: ")


def test_a_press_report_is_never_read_as_a_plan() -> None:
    with pytest.raises(NotAPlanError, match="not a plan"):
        khtool.parse(PRESS_2024)


def test_image_and_caption_with_other_extensions(tmp_path: Path) -> None:
    text = (
        "UBND tỉnh X vừa ban hành Kế hoạch thực hiện Chương trình năm 2026 "
        "(Kế hoạch số 12/KH-UBND ngày 3/1/2026).\n\n"
        "Thứ nhất, tuyên truyền. Làm A.\n\n"
        "anh-1.PNG\nChú thích của ảnh.\n\n"
        "Làm B.\n\n"
        "Thứ hai: đào tạo.\n\n"
        "Một đoạn kết (Ảnh: Phóng viên).\n\n"
        "Theo Kế hoạch, tỉnh phấn đấu đạt 90% các xã.\n"
    )
    path = tmp_path / "press.txt"
    path.write_text(text, "utf-8")
    plan = parse_press(path)
    assert plan.document.number == "12/KH-UBND"
    assert plan.document.issued_on == dt.date(2026, 1, 3)
    assert plan.document.plan_year == 2026
    assert plan.document.issuer == "UBND tỉnh X"
    assert [(c.title, c.bullets) for c in plan.content] == [
        ("tuyên truyền", ["Làm A.", "Làm B."]),
        ("đào tạo", []),
    ]
    assert [(g.id, [t.value for t in g.targets]) for g in plan.goals] == [("p1", [90])]


_TEXT = st.text(
    alphabet=st.sampled_from(list("Thứ nhất, hai ba Kế hoạch 263/KH-UBND ngày 6/11/2023 % .\n")),
    max_size=300,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT)
def test_never_raises_anything_but_a_khtool_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "random.txt"
    path.write_text(text, "utf-8")
    try:
        plan = parse_press(path)
    except KhtoolError:
        return
    assert plan.partial and plan.content


def test_cli_parse_press_prints_the_partial_plan(capsys) -> None:
    from khtool.cli import main

    assert main(["parse", "--press", PRESS_2024, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == parse_press(PRESS_2024).to_dict()
    assert data["partial"] is True and data["document"]["number"] == "263/KH-UBND"


def test_cli_parse_press_refuses_other_documents_in_one_line(capsys) -> None:
    from khtool.cli import main

    assert main(["parse", "--press", "tests/fixtures/press-2023-event.txt"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "khtool: tests/fixtures/press-2023-event.txt: not a press report retelling a plan: "
        "no content areas introduced by 'Thứ nhất, …' found"
    )


def test_cli_parse_press_takes_one_file(capsys) -> None:
    from khtool.cli import main

    assert main(["parse", "--press", PRESS_2024, PRESS_2024]) == 2
    assert "--press reads one press report at a time" in capsys.readouterr().err
