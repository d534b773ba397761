"""Text encodings: UTF-8/16 and the Vietnamese legacy encodings (Windows-1258, TCVN3, VNI)."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

import khtool
from khtool.errors import EncodingError, InputError
from khtool.reading import legacy
from khtool.reading.text.codec import decode_text
from tests.conftest import FIXTURES, PLAN_2025

BAD = FIXTURES / "bad"
TONES = "\u0300\u0309\u0303\u0301\u0323"  # grave, hook above, tilde, acute, dot below


def vietnamese_letters() -> list[str]:
    """The 134 precomposed Vietnamese letters (67 lowercase, 67 capitals)."""
    lower = []
    for base in "aăâeêioôơuưy":
        if base in "ăâêôơư":
            lower.append(base)
        lower += [unicodedata.normalize("NFC", base + tone) for tone in TONES]
    lower.append("đ")
    return lower + [c.upper() for c in lower]


LETTERS = vietnamese_letters()


def test_there_are_134_letters() -> None:
    assert len(LETTERS) == len(set(LETTERS)) == 134
    assert all(len(c) == 1 and not c.isascii() for c in LETTERS)


@pytest.mark.parametrize("key", legacy.CANDIDATES)
@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips(key: str, letter: str) -> None:
    """Each letter inside a word and a line of its own case, and alone.

    TCVN3 stores a capital with a tone mark under the lowercase code; the decoder
    gives the capital back inside a word or line of capitals and at a sentence start,
    so a lowercase letter is checked mid-sentence and a capital at a line start.
    """
    if letter.islower():
        samples = [f"n{letter}n", f"ba n{letter}n ba", f"và {letter}"]
    else:
        samples = [f"N{letter}N", f"BA N{letter}N BA", letter, f"Hà Nội. {letter}"]
    for text in samples:
        assert legacy.decode(legacy.encode(text, key), key) == text


@pytest.mark.parametrize("key", [legacy.TCVN3, legacy.VNI])
def test_tables_cover_every_letter_once(key: str) -> None:
    table = legacy.codec(key)
    assert set(table.encode_map) == set(LETTERS)
    if key == legacy.VNI:  # every capital has codes of its own
        assert len({table.encode_map[c] for c in LETTERS}) == 134
    else:  # 60 toned capitals share the lowercase code; ă â ê ô ơ ư đ and capitals do not
        assert len(table.lost_case) == 60
        assert len({table.encode_map[c] for c in LETTERS}) == 74


def test_tcvn3_table_agrees_with_glibc_iconv() -> None:
    """Cross-check the hand-kept table against glibc's TCVN5712-1 (a superset of VN3)."""
    iconv = shutil.which("iconv")
    if iconv is None:
        pytest.skip("iconv not installed")
    table = legacy.codec(legacy.TCVN3)
    own = [c for c in LETTERS if c not in {x.upper() for x in table.lost_case}]
    assert len(own) == 74
    text = "".join(own)
    result = subprocess.run(
        [iconv, "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(), capture_output=True
    )
    if result.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    assert result.stdout == legacy.encode(text, legacy.TCVN3)


@pytest.mark.parametrize(
    ("key", "shown", "text"),
    [
        # as the bytes look when a legacy file is opened as Windows-1252
        (legacy.VNI, "Xin chaøo caùc baïn", "Xin chào các bạn"),
        (legacy.VNI, "UÛY BAN NHAÂN DAÂN THAØNH PHOÁ HAØ NOÄI", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
        (legacy.TCVN3, "B¶o Th¾ng", "Bảo Thắng"),
        (legacy.TCVN3, "B¸t X¸t", "Bát Xát"),
        (legacy.TCVN3, "Hµ Néi", "Hà Nội"),
        (legacy.TCVN3, "KÕ HO¹CH", "KẾ HOẠCH"),  # capital font: lowercase codes
        (legacy.TCVN3, "Sè: /KH-UBND", "Số: /KH-UBND"),
        (legacy.TCVN3, "Thùc hiÖn kÕ ho¹ch – n¨m 2025", "Thực hiện kế hoạch – năm 2025"),
    ],
)
def test_known_legacy_strings(key: str, shown: str, text: str) -> None:
    data = shown.encode("cp1252")
    assert legacy.decode(data, key) == text
    assert legacy.encode(text, key) == data


def test_vni_mark_in_the_other_case_still_reads() -> None:
    # a capital base with a lowercase mark byte (and the reverse), as mixed fonts leave it
    assert legacy.decode("Aø Haø NOäI".encode("cp1252"), legacy.VNI) == "À Hà NỘI"


def test_windows_1258_uses_combining_tone_marks_then_nfc() -> None:
    data = legacy.encode("Kế hoạch", legacy.WINDOWS_1258)
    assert data == b"K\xea\xec hoa\xf2ch"  # ê + combining acute, a + combining dot below
    assert legacy.decode(data, legacy.WINDOWS_1258) == "Kế hoạch"


REAL_TEXTS = [
    "plan-2020-96-KH-UBND.txt",
    "plan-2025-draft.txt",
    "press-2022-conference.txt",
    "press-2023-event.txt",
    "press-2024-263-KH-UBND.txt",
]


@pytest.mark.parametrize("fixture", REAL_TEXTS)
@pytest.mark.parametrize("key", legacy.CANDIDATES)
def test_real_texts_round_trip_and_are_detected(fixture: str, key: str) -> None:
    text = (FIXTURES / fixture).read_text("utf-8")
    data = legacy.encode(text, key)
    assert legacy.detect(data) == key
    assert legacy.decode(data, key) == text


def test_utf8_is_not_taken_for_a_legacy_encoding() -> None:
    data = Path(PLAN_2025).read_bytes()
    assert legacy.detect(data[:5000] + b"\xff" + data[5000:]) is None


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        ("Kế hoạch".encode(), None),
        (codecs.BOM_UTF8 + "Kế hoạch".encode(), None),
        ("Kế hoạch".encode("utf-16"), None),  # with BOM
        ("Kế hoạch năm 2025".encode("utf-16-le"), "text is UTF-16-LE without a byte-order mark"),
        (
            legacy.encode("Kế hoạch năm", "tcvn3"),
            "text was in the legacy TCVN3 (ABC, .VnTime fonts)",
        ),
        (legacy.encode("Kế hoạch năm", "vni"), "text was in the legacy VNI (VNI-Windows"),
        (legacy.encode("Kế hoạch năm", "cp1258"), "text was in the legacy Windows-1258 encoding"),
        (unicodedata.normalize("NFD", "Kế hoạch").encode(), "text was not in Unicode NFC"),
    ],
)
def test_decode_text(data: bytes, warning: str | None) -> None:
    text, warnings = decode_text(data, "x.txt")
    assert text.startswith("Kế hoạch")
    if warning is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warnings[0].startswith(warning)


def test_ambiguous_legacy_text_is_one_clear_error() -> None:
    # b"L\xea" reads as 'Lê' in Windows-1258 and VNI and as 'Lờ' in TCVN3
    with pytest.raises(EncodingError) as info:
        decode_text(b"L\xea", "x.txt")
    assert str(info.value).startswith("x.txt: cannot tell the text encoding (could be ")


def test_unknown_encoding_is_one_clear_error() -> None:
    with pytest.raises(EncodingError) as info:
        decode_text("Привет, мир! Это не план.".encode("cp1251"), "x.txt")
    assert str(info.value) == (
        "x.txt: unknown text encoding: not UTF-8, UTF-16, Windows-1258, TCVN3 (ABC) or VNI; "
        "save the file as UTF-8"
    )


def test_binary_data_is_refused() -> None:
    with pytest.raises(InputError, match="binary data, not a text document"):
        decode_text(bytes(range(256)) * 4, "x.txt")


@pytest.mark.parametrize("key", [legacy.TCVN3, legacy.VNI])
def test_legacy_plan_2025_parses_to_the_same_plan(key: str) -> None:
    """The corpus holds the 2025 plan re-encoded; it must read exactly as the Unicode file."""
    path = BAD / f"plan-2025-{key}.txt"
    assert path.read_bytes() == legacy.encode(Path(PLAN_2025).read_text("utf-8"), key)
    unicode_plan = khtool.parse(PLAN_2025).to_dict()
    legacy_plan = khtool.parse(path).to_dict()
    assert legacy_plan.pop("source")["format"] == unicode_plan.pop("source")["format"] == "txt"
    warnings = legacy_plan.pop("warnings")
    assert warnings[0] == (
        f"text was in the legacy {legacy.codec(key).name} encoding; converted to Unicode"
    )
    assert warnings[1:] == unicode_plan.pop("warnings")
    assert legacy_plan == unicode_plan
    assert len(khtool.parse(path).tasks()) == len(khtool.parse(PLAN_2025).tasks()) > 10
