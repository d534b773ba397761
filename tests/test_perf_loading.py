"""Fast paths give the same results: plan files through libyaml with the safety checks
in one pass (same data, same refusals), the cached fold, and a CLI that imports only
what a command needs."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import given
from hypothesis import strategies as st

from khtool import io
from khtool.errors import PlanDataError
from khtool.io import load_data
from khtool.parsing.fields.numbers import parse_number
from khtool.vocab import fold

PLANS = sorted(Path("data/plans").glob("*.yaml"))


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every check runs with libyaml's loader and with the pure-Python fallback."""
    if request.param == "python":
        monkeypatch.setattr(io, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    yield request.param


def test_plan_files_load_through_libyaml_when_pyyaml_has_it() -> None:
    if hasattr(yaml, "CSafeLoader"):
        assert io._Loader is yaml.CSafeLoader


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_plans_load_to_the_same_data_as_pyyaml(path: Path, loader: str) -> None:
    text = path.read_text("utf-8")
    assert load_data(text) == yaml.safe_load(text)


def _refusal(text: str) -> str:
    with pytest.raises(PlanDataError) as info:
        load_data(text, "plan.yaml")
    return str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "plan.yaml: invalid YAML (line 3, column 1): duplicate key 'a'"),
        ("x:\n  1: a\n  0x1: b\n", "plan.yaml: invalid YAML (line 3, column 3): duplicate key 1"),
        (
            "? [a, b]\n: c\n",
            "plan.yaml: invalid YAML (line 1, column 3): a mapping key that is a list or a mapping",
        ),
        (
            "a: 1\nb: [x, !!python/object/apply:os.system [true]]\n",
            "plan.yaml: unsupported YAML tag !!python/object/apply:os.system (line 2, column 8): "
            "plan files hold plain data only",
        ),
        (
            "!!python/name:os.system\n",
            "plan.yaml: unsupported YAML tag !!python/name:os.system (line 1, column 1): "
            "plan files hold plain data only",
        ),
        (
            "a: &x {k: v}\nb:\n  <<: *x\n",
            "plan.yaml: unsupported YAML tag !!merge (line 3, column 3): "
            "plan files hold plain data only",
        ),
        ("issued_on: 2020-13-45\n", "plan.yaml: invalid YAML: month must be in 1..12"),
        (
            "funding: &loop [Ngân sách, *loop]\n",
            "plan.yaml: unsafe YAML (line 1, column 10): "
            "a recursive alias (a value that contains itself); refused",
        ),
        (
            "a: [" + "[" * 150 + "]" * 151 + "\n",
            "plan.yaml: unsafe YAML: nested more than 100 levels deep; refused",
        ),
    ],
)
def test_refusals_are_the_same_with_either_loader(text: str, message: str, loader: str) -> None:
    assert _refusal(text) == message


def test_an_alias_bomb_is_refused_without_expanding_it(loader: str) -> None:
    # 60 levels of two aliases each: 2**60 values once expanded; counted, not built
    lines = ["l0: &l0 [lol]"] + [f"l{k}: &l{k} [*l{k - 1}, *l{k - 1}]" for k in range(1, 61)]
    assert _refusal("\n".join(lines) + "\n").endswith(
        "aliases expand to more than 1,000,000 values (an alias bomb?); refused"
    )


def test_shared_aliases_within_the_limit_still_load(loader: str) -> None:
    text = "base: &b [x, y]\nuses: [*b, *b, *b]\n"
    assert load_data(text) == {"base": ["x", "y"], "uses": [["x", "y"]] * 3}


@pytest.mark.parametrize("levels", [101, 2000])
def test_deep_block_nesting_is_refused(levels: int, loader: str) -> None:
    message = _refusal("- " * levels + "x\n")
    assert "nested more than 100 levels deep; refused" in message
    assert "\n" not in message


def test_a_nesting_of_100_levels_loads(loader: str) -> None:
    data = load_data("- " * 99 + "x\n")
    for _ in range(99):
        data = data[0]
    assert data == "x"


def _old_fold(text: str) -> str:
    return regex.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


@given(st.text(alphabet=st.sampled_from("aĂđẠ ̀\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000")))
def test_fold_is_unchanged(text: str) -> None:
    assert fold(text) == _old_fold(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", 3.5),
        ("5.000", 5000),
        ("05", 5),
        (" 120 ", 120),
        ("1.234,5", 1234.5),
        ("5.00", None),
        ("x", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def _loaded_after(args: list[str]) -> list[str]:
    heavy = [
        "numpy",
        "scipy",
        "rapidfuzz",
        "pdfplumber",
        "docx",
        "lxml",
        "openpyxl",
        "jsonschema",
        "pydantic",
        "yaml",
    ]
    code = (
        "import sys\nfrom khtool.cli import main\n"
        f"main({args!r})\nprint(*sorted({{m.split('.')[0] for m in sys.modules}} & {set(heavy)!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()[-1].split()


def test_version_imports_no_library() -> None:
    assert _loaded_after(["--version"]) == []


def test_parsing_a_text_plan_imports_only_what_it_needs(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    loaded = _loaded_after(["parse", "tests/fixtures/plan-2025-draft.txt", "-o", str(out)])
    assert loaded == ["pydantic", "yaml"]  # no diff engine, no PDF/Word/Excel/HTML readers
    first, second = out.read_text("utf-8").splitlines()[:2]
    assert first.startswith("# yaml-language-server: $schema=")
    assert second.startswith("schema_version:")


def test_a_diff_of_two_plans_of_usual_size_loads_no_numpy_or_scipy() -> None:
    loaded = _loaded_after(["diff", "2020", "2025", "--format", "json"])
    assert "numpy" not in loaded and "scipy" not in loaded
    assert "rapidfuzz" in loaded  # the tasks were compared
