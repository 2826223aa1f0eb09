"""Concrete rewrites for a clause that holds vague words: drop the hedge, bound the estimate, pin the time.

The result is a suggestion the operator can read out after filling the 〔…〕 placeholders, e.g.
"应该明天能回复您" → "明天（〔具体日期〕）〔具体时间〕前回复您".
"""

from __future__ import annotations

import re

from hotline.warmth.lexicon import VagueEntry

TIME_SLOT = "〔具体时间〕"
DATE_SLOT = "〔具体日期〕"
WHEN_SLOT = f"在{DATE_SLOT}{TIME_SLOT}前"

# After a duration ("三天左右") the bound is "内"; after a point in time ("十点左右") it is "前".
_DURATION_END = set("天日周月年时钟期拜")  # 期, 拜: "一个星期左右", "两个礼拜左右"
_POINT_END = set("点号底初分")

# A relative day with no clock time after it gets the date and time placeholders.
_RELATIVE_DAY = re.compile(
    r"(?P<day>今天|明天|后天|(?:下|本|这)(?:周|星期|礼拜)[一二三四五六日天]?|(?:周|星期|礼拜)[一二三四五六日天])"
    r"(?P<part>上午|下午|中午|晚上)?"
    r"(?![（(\d一二三四五六七八九十])"
    r"(?:就|之)?(?:能|可以|前|之前|以前)?"
)
# "大约20分钟到达" → "20分钟内到达": a duration that loses its "about" becomes an upper bound.
_UNBOUNDED_DURATION = re.compile(
    r"(?:\d+|[一二两三四五六七八九十半]+)个?(?:分钟|小时|钟头|工作日|天|周|星期|个月)(?![内前以之左上])"
)
_HAS_CLOCK = re.compile(r"\d{1,2}[:：点]|[一二三四五六七八九十]{1,3}点(?:半|钟)?|〔具体时间〕")
_DOUBLED = re.compile(r"(会|在|就|再)\1+")
_TRAILING_PARTICLE = re.compile(r"[吧吗啊呀吧嘛]+$")


def _bound(clause: str, start: int) -> str:
    before = clause[start - 1] if start > 0 else ""
    if before in _DURATION_END:
        return "内"
    if before in _POINT_END:
        return "前"
    return ""


def _replacement(entry: VagueEntry, clause: str, start: int) -> str:
    if entry.rewrite == "drop":
        return ""
    if entry.rewrite == "time":
        return WHEN_SLOT
    if entry.rewrite == "bound":
        return _bound(clause, start)
    return entry.rewrite


def _pin_day(match: re.Match[str]) -> str:
    day, part = match.group("day"), match.group("part") or ""
    date = "" if day == "今天" else f"（{DATE_SLOT}）"
    return f"{day}{date}{part}{TIME_SLOT}前"


def rewrite_clause(clause: str, hits: list[tuple[int, int, VagueEntry]]) -> str:
    """Rewrite one clause given its vague hits (offsets relative to the clause)."""
    out = clause
    dropped = False
    for start, end, entry in sorted(hits, key=lambda h: -h[0]):
        repl = _replacement(entry, clause, start)
        dropped = dropped or entry.type == "hedge"
        rest = out[end:]
        if entry.type == "hedge" and not repl:
            m = _UNBOUNDED_DURATION.match(rest)
            if m is not None:
                rest = rest[: m.end()] + "内" + rest[m.end() :]
        out = out[:start] + repl + rest
    if not _HAS_CLOCK.search(out):
        out = _RELATIVE_DAY.sub(_pin_day, out, count=1)
    out = _DOUBLED.sub(r"\1", out)
    if dropped:
        # "应该没问题吧" → "没问题": the particle only softened the guess.
        out = _TRAILING_PARTICLE.sub("", out)
    return out.strip(" ，,")
