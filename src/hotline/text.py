"""Input guard for caller and operator text: refuse what cannot be analysed, normalise the rest.

Normalisation keeps every character at its offset (evidence spans point into the text the
operator typed), so conversions are done character by character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import zhconv
import zhconv.zhconv as _zhconv_impl

from hotline.errors import InputError

# zhconv's own loader leaves its dictionary file open; load it once with a closed handle.
_zhconv_impl.loaddict(str(Path(_zhconv_impl.__file__).with_name("zhcdict.json")))

MAX_CHARS = 20000


@dataclass
class PreparedText:
    original: str
    text: str  # same length as `original`: simplified, half-width digits and letters
    notes: list[str] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """Decode bytes as UTF-8, or say where the broken byte is."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "invalid_encoding",
            f"文本不是有效的 UTF-8 编码（第 {exc.start + 1} 个字节无法解码），请以 UTF-8 重新保存后再提交",
            position=exc.start,
        ) from exc


def _halfwidth(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and not (
        "\uff08" <= ch <= "\uff09" or ch in "\uff0c\uff1a\uff1b\uff01\uff1f"
    ):
        return chr(code - 0xFEE0)
    if ch == "\u3000":
        return " "
    return ch


def _simplify(text: str) -> str:
    converted = zhconv.convert(text, "zh-cn")
    if len(converted) == len(text):
        return converted
    # Phrase-level conversion changed the length; fall back to one character at a time.
    return "".join(c if len(s := zhconv.convert(c, "zh-cn")) != 1 else s for c in text)


def prepare(text: str | None, *, max_chars: int = MAX_CHARS) -> PreparedText:
    """Check and normalise one text; raise InputError with a Chinese message when unusable."""
    if text is None:
        raise InputError("empty_text", "文本为空：请输入来电人所说的内容")
    if not isinstance(text, str):
        raise InputError("not_text", "文本必须是字符串")
    if "\ufffd" in text:
        raise InputError("invalid_encoding", "文本中含有无法识别的乱码字符（�），请检查原文编码")
    if not text.strip():
        raise InputError("empty_text", "文本为空：请输入来电人所说的内容")
    if len(text) > max_chars:
        raise InputError(
            "text_too_long",
            f"文本过长：{len(text)} 字，单条上限 {max_chars} 字，请分段提交",
            length=len(text),
            limit=max_chars,
        )
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text)
    norm = "".join(_halfwidth(c) for c in cleaned)
    simplified = _simplify(norm)
    notes: list[str] = []
    if simplified != norm:
        notes.append("原文含繁体字，已按简体分析")
    han = sum(1 for c in simplified if "\u4e00" <= c <= "\u9fff")
    letters = sum(1 for c in simplified if c.isascii() and c.isalpha())
    if han == 0:
        notes.append("原文没有中文，分析结果仅供参考，请人工确认")
    elif letters > han:
        notes.append("原文以外文为主，分析结果仅供参考")
    return PreparedText(original=text, text=simplified, notes=notes)
