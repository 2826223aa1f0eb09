"""Chinese and mixed numerals ("三千五", "两万多", "1.5万", "幺三八") to numbers.

Callers say numbers every way at once; amounts, time expressions and phone numbers all go
through here so that "一万二" means 12000 everywhere.
"""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "o": 0,
    "一": 1,
    "幺": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
for _d in "0123456789":
    DIGITS[_d] = int(_d)

SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

# Character class for regexes that want "a number said any way".
NUMBER_CHARS = "0-9零〇一二两三四五六七八九十百千万亿幺壹贰叁肆伍陆柒捌玖拾佰仟"
VAGUE = {"几": 3, "半": 0.5}


def _section(s: str) -> float | None:
    """Value of a run below 万 (e.g. "三千五百", "三千五", "十二", "305")."""
    if not s:
        return 0.0
    if all(c in "0123456789" for c in s):
        return float(s)
    total = 0.0
    digit: float | None = None
    last_unit = 0
    zero_after_unit = False
    for c in s:
        if c in DIGITS:
            if DIGITS[c] == 0 and last_unit:
                zero_after_unit = True
            digit = float(DIGITS[c]) if digit is None else digit * 10 + DIGITS[c]
        elif c in VAGUE:
            digit = float(VAGUE[c])
        elif c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            total += (digit if digit is not None else 1.0) * unit
            digit = None
            last_unit = unit
        else:
            return None
    if digit is not None:
        # "三千五" means 3500: a bare digit after a unit counts one place lower.
        shift = last_unit >= 100 and digit < 10 and not zero_after_unit
        total += digit * (last_unit / 10 if shift else 1)
    return total


def parse_number(s: str) -> float | None:
    """Parse "三千五百" → 3500, "两万多" → 20000, "1.5万" → 15000, "一万二" → 12000.

    Trailing 多/余/来 (approximate) are ignored; returns None when `s` is not a number.
    """
    s = s.strip().rstrip("多余来")
    if not s:
        return None
    if "." in s or "点" in s:
        sep = "." if "." in s else "点"
        head, _, tail = s.partition(sep)
        unit = 1
        while tail and tail[-1] in BIG_UNITS:
            unit *= BIG_UNITS[tail[-1]]
            tail = tail[:-1]
        whole = parse_number(head)
        if whole is None or not tail:
            return None
        frac_digits = "".join(str(DIGITS[c]) for c in tail if c in DIGITS)
        if len(frac_digits) != len(tail):
            return None
        return (whole + float("0." + frac_digits)) * unit
    total = 0.0
    rest = s
    for big in ("亿", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            value = _section(head) if head else 1.0
            if value is None:
                return None
            total += value * BIG_UNITS[big]
            if rest and len(rest) == 1 and rest in DIGITS and rest not in "0123456789":
                # "一万二" → 12000: one digit after 万 means thousands.
                return total + DIGITS[rest] * BIG_UNITS[big] / 10
    value = _section(rest)
    if value is None:
        return None
    return total + value


def digits_of(s: str) -> str:
    """Spoken digit strings to digits: "幺三八幺二三四五六七八" → "13812345678"."""
    return "".join(str(DIGITS[c]) for c in s if c in DIGITS)


def small_int(s: str) -> int | None:
    """A small count or clock number ("十二", "两", "几", "12"); None when unparsable."""
    value = parse_number(s)
    if value is None:
        return None
    return int(value)
