from hypothesis import given
from hypothesis import strategies as st

from annotator.ui.offsets import OffsetMap, block_starts


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_bmp_text_is_the_identity() -> None:
    offsets = OffsetMap("Gantz 会见了 Reznikov")
    assert offsets.is_identity
    assert offsets.to_qt(6) == 6
    assert offsets.from_qt(9) == 9


def test_emoji_count_two_qt_units() -> None:
    text = "😀a🇺🇦b"  # one astral emoji, then a flag made of two astral regional indicators
    offsets = OffsetMap(text)
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == [0, 2, 3, 5, 7, 8]
    assert offsets.qt_length == utf16_len(text)
    # a position in the middle of a surrogate pair rounds down to the character
    assert [offsets.from_qt(p) for p in range(9)] == [0, 0, 1, 2, 2, 3, 3, 4, 5]


@given(st.text())
def test_round_trip_and_agreement_with_utf16(text: str) -> None:
    offsets = OffsetMap(text)
    for index in range(len(text) + 1):
        qt = offsets.to_qt(index)
        assert qt == utf16_len(text[:index])
        assert offsets.from_qt(qt) == index


def test_blocks_start_after_newlines_and_paragraph_separators() -> None:
    assert block_starts("ab\ncd\u2029e\u2028f") == [0, 3, 6]
