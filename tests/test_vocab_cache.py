"""The compiled vocabulary cache: used only when made from the same bytes, written
atomically, never in the way (read-only folders, broken entries, no writing allowed)."""

from __future__ import annotations

import marshal
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from khtool import vocab_cache
from khtool.vocab_cache import cache_path, load_cached

VOCAB = "units:\n  Sở Tài chính: [STC]\n  Sở Y tế: []\n"


def _parse_counting(calls: list[bytes]) -> Any:
    def parse(raw: bytes) -> Any:
        calls.append(raw)
        return yaml.safe_load(raw.decode("utf-8"))

    return parse


@pytest.fixture(autouse=True)
def _writing_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)


def _source(tmp_path: Path, text: str = VOCAB) -> Path:
    source = tmp_path / "units.yaml"
    source.write_text(text, "utf-8")
    return source


def test_first_load_writes_the_entry_the_second_uses(tmp_path: Path) -> None:
    source = _source(tmp_path)
    calls: list[bytes] = []
    first = load_cached(source, _parse_counting(calls))
    assert first == {"units": {"Sở Tài chính": ["STC"], "Sở Y tế": []}}
    entry = cache_path(source)
    assert entry == tmp_path / "__pycache__" / "units.vocab"
    assert entry.exists() and oct(entry.stat().st_mode & 0o777) == "0o644"
    assert [p.name for p in entry.parent.iterdir()] == ["units.vocab"]  # no temporary left
    assert load_cached(source, _parse_counting(calls)) == first
    assert len(calls) == 1  # the second load did not parse


def test_an_edited_file_is_read_again_never_the_stale_entry(tmp_path: Path) -> None:
    source = _source(tmp_path)
    calls: list[bytes] = []
    load_cached(source, _parse_counting(calls))
    source.write_text(VOCAB.replace("[STC]", "[STC, Sở TC]"), "utf-8")
    again = load_cached(source, _parse_counting(calls))
    assert again["units"]["Sở Tài chính"] == ["STC", "Sở TC"]
    assert len(calls) == 2
    assert load_cached(source, _parse_counting(calls)) == again  # the new entry
    assert len(calls) == 2


def test_an_entry_is_trusted_only_with_the_hash_of_the_bytes(tmp_path: Path) -> None:
    source = _source(tmp_path)
    load_cached(source, _parse_counting([]))
    entry = cache_path(source)
    header = entry.read_bytes().split(b"\n", 3)
    forged = b"\n".join([*header[:2], b"0" * 64, marshal.dumps({"units": {"forged": []}})])
    entry.write_bytes(forged)
    assert load_cached(source, _parse_counting([])) == yaml.safe_load(VOCAB)


@pytest.mark.parametrize("blob", [b"", b"khtool-vocab-1\n", b"\x00" * 40, b"garbage\n" * 9])
def test_a_broken_entry_is_ignored_and_replaced(tmp_path: Path, blob: bytes) -> None:
    source = _source(tmp_path)
    entry = cache_path(source)
    entry.parent.mkdir()
    entry.write_bytes(blob)
    calls: list[bytes] = []
    assert load_cached(source, _parse_counting(calls)) == yaml.safe_load(VOCAB)
    assert calls and entry.read_bytes() != blob


def test_a_truncated_valid_entry_is_ignored(tmp_path: Path) -> None:
    source = _source(tmp_path)
    load_cached(source, _parse_counting([]))
    entry = cache_path(source)
    entry.write_bytes(entry.read_bytes()[:-5])
    assert load_cached(source, _parse_counting([])) == yaml.safe_load(VOCAB)


def test_no_cache_where_it_cannot_be_written(tmp_path: Path) -> None:
    source = _source(tmp_path)
    (tmp_path / "__pycache__").write_text("a file where the folder would be", "utf-8")
    calls: list[bytes] = []
    assert load_cached(source, _parse_counting(calls)) == yaml.safe_load(VOCAB)
    assert load_cached(source, _parse_counting(calls)) == yaml.safe_load(VOCAB)
    assert len(calls) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["__pycache__", "units.yaml"]


def test_nothing_written_under_dont_write_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    source = _source(tmp_path)
    assert load_cached(source, _parse_counting([])) == yaml.safe_load(VOCAB)
    assert not (tmp_path / "__pycache__").exists()


def test_the_entry_follows_pycache_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = tmp_path / "prefix"
    monkeypatch.setattr(sys, "pycache_prefix", str(prefix))
    data = tmp_path / "data"
    data.mkdir()
    source = _source(data)
    load_cached(source, _parse_counting([]))
    entry = cache_path(source)
    assert entry.is_relative_to(prefix) and entry.exists()
    assert not (source.parent / "__pycache__").exists()


def test_a_write_that_fails_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vocab_cache.os, "replace", refuse)
    source = _source(tmp_path)
    assert load_cached(source, _parse_counting([])) == yaml.safe_load(VOCAB)
    assert list((tmp_path / "__pycache__").iterdir()) == []


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name[:-5] for p in resources.files("khtool.data").iterdir() if p.name.endswith(".yaml")
    ),
)
def test_every_shipped_vocabulary_file_round_trips(tmp_path: Path, name: str) -> None:
    text = resources.files("khtool.data").joinpath(f"{name}.yaml").read_text("utf-8")
    source = _source(tmp_path, text)
    want = yaml.safe_load(text)
    assert load_cached(source, _parse_counting([])) == want
    calls: list[bytes] = []
    assert load_cached(source, _parse_counting(calls)) == want
    assert calls == []  # from the entry
