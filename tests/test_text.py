"""Input guard: every kind of bad text gets a clear Chinese error, the rest is normalised in place."""

import pytest

from hotline.errors import InputError
from hotline.text import decode, prepare


@pytest.mark.parametrize("bad", ["", "   ", "\n\t ", None])
def test_empty_text_is_refused_with_a_reason(bad: str | None) -> None:
    with pytest.raises(InputError) as err:
        prepare(bad)
    assert err.value.code == "empty_text"
    assert "为空" in err.value.message


def test_over_long_text_names_its_length_and_the_limit() -> None:
    with pytest.raises(InputError) as err:
        prepare("噪" * 20001)
    assert err.value.code == "text_too_long"
    assert "20001" in err.value.message and "20000" in err.value.message


def test_text_at_the_limit_is_accepted() -> None:
    assert len(prepare("噪" * 20000).text) == 20000


def test_broken_utf8_reports_the_byte_position() -> None:
    raw = "我要投诉".encode() + b"\xff\xfe" + "物业".encode()
    with pytest.raises(InputError) as err:
        decode(raw)
    assert err.value.code == "invalid_encoding"
    assert "第 13 个字节" in err.value.message


def test_traditional_text_is_simplified_without_moving_offsets() -> None:
    original = "樓下燒烤攤油煙很大，鄰居們都受不了"
    prepared = prepare(original)
    assert prepared.text == "楼下烧烤摊油烟很大，邻居们都受不了"
    assert len(prepared.text) == len(original)
    assert any("繁体" in n for n in prepared.notes)


def test_fullwidth_digits_become_ascii_but_chinese_punctuation_stays() -> None:
    prepared = prepare("电话１３８１２３４５６７８，谢谢！")
    assert prepared.text == "电话13812345678，谢谢！"


def test_english_only_text_is_analysed_with_a_warning() -> None:
    prepared = prepare("There is a gas leak in my kitchen")
    assert any("没有中文" in n for n in prepared.notes)


def test_emoji_are_kept() -> None:
    assert prepare("气死我了😡😡").text == "气死我了😡😡"
