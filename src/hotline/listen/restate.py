"""The read-back sentence (复述确认), built only from what the caller said.

The situation is the caller's own clause around the matter, turned to the second person
("我家电梯坏了" → "您家电梯坏了"); place and time are the caller's words; the wish comes
from the need. Openers and closers rotate by a hash of the text, so the same call always
gets the same sentence while different calls do not all sound alike.
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING

from hotline.listen.appeal_data import appeal_data
from hotline.listen.emergency import hazard_rule

if TYPE_CHECKING:
    from hotline.analysis import Address, Analysis
    from hotline.listen.timeexpr import TimeExpr

_CLAUSE = re.compile(r"[^，。！？；：,!?;:\n]+")
_LEAD = re.compile(
    r"^(?:然后|而且|但是|可是|就是|那个|这个|嗯|啊|呃|所以|结果|另外|还有|喂|哎|您好|你好|"
    r"我(?:想|要)?(?:反映|投诉|举报)(?:一下)?|(?:反映|投诉|举报)(?:一下)?|请问(?:一下)?|"
    r"我?想(?:咨询|问|了解)(?:一下|问|下)?|咨询(?:一下)?|问一下|了解一下|我?就是?(?:想)?问(?:一?下|问)|问下|问问)+"
)
_TAIL = re.compile(r"[啊呀呢吧哦啦嘛吗？?]+$")
_PERSON = re.compile(r"我们|咱们|我家|我|你们|您们")
_PERSON_MAP = {"我们": "你们", "咱们": "你们", "我家": "您家", "我": "您", "你们": "我们", "您们": "我们"}
_QUESTION = re.compile(
    r"请问|想问|咨询|怎么|如何|哪里|哪儿|什么|多少|多久|吗|是否|能不能|可不可以|可以|有没有|几(点|号|天|个|岁|年级|月)"
)
_SOMEONE_ELSE = re.compile(
    r"老公|丈夫|爱人|老婆|妻子|儿子|女儿|孩子|我妈|我爸|母亲|父亲|老人|奶奶|爷爷|外婆|外公|邻居|同事|朋友|同学|"
    r"室友|有人|有个人|一个人|一个男的|一个女的|他|她|对面|楼上|楼下|隔壁"
)
_ASK = re.compile(r"请问|想问|问一下|问下|问问|咨询|想了解|了解一下|打听")
_NO_QUESTION = re.compile(r"没(?:有)?(?:什么|啥)(?:问题|事)|没问题")
_INTRO = re.compile(r"我姓|我叫|我是|你好|您好|电话|手机|号码|喂|尊敬的|领导|听到|听得到|听见|听得见|信号")
# A clause about the hotline itself ("你们就是在踢皮球", "不指望你们了") is not the matter: read
# back in the second person it becomes the operator saying "我们就是在踢皮球".
_TO_US = re.compile(r"你们|您们")
_EFFECT = re.compile(r"吵得|弄得|搞得|害得|导致|使得|熏得|臭得|影响")
_MAX = 40
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PRONOUN = re.compile(r"(?:你们|您们|你|您|我们|大家)(?:了|啊|呀)?")
# The wishes used when the call names no matter at all (listen/appeal.py, _GENERIC fallbacks).
_UNSAID = frozenset(
    {"有关部门协助解决所反映的困难", "有关部门核实处理所反映的问题", "有关部门查处所反映的违法违规行为"}
)


def second_person(s: str) -> str:
    """Turn the caller's words to address them: 我→您, 我们→你们, 你们→我们."""
    return _PERSON.sub(lambda m: _PERSON_MAP[m.group(0)], s)


def _clean(s: str) -> str:
    s = _LEAD.sub("", s.strip())
    return _TAIL.sub("", s).strip()


def _clauses(text: str) -> list[re.Match[str]]:
    return list(_CLAUSE.finditer(text))


def question_clause(text: str) -> str | None:
    """The caller's question, without 请问/咨询一下 and the question mark ("公积金怎么提取").

    A clause that ends with a question mark comes first; then one with a question word.
    """
    clauses = _clauses(text)
    asked = [m for m in clauses if text[m.end() : m.end() + 1] in ("？", "?")]
    # "我就是问下物业费标准" says what is asked; "没有什么问题" only contains a question word.
    cued = [m for m in clauses if _ASK.search(m.group(0))]
    worded = [m for m in clauses if _QUESTION.search(m.group(0)) and not _NO_QUESTION.search(m.group(0))]
    for m in [*asked, *cued, *worded]:
        core = _clean(m.group(0))
        if 2 <= len(core) <= _MAX:
            return second_person(core)
    return None


def trimmed_clause(text: str, cue: re.Pattern[str]) -> str | None:
    """What follows a cue up to the end of its clause ("建议在路口加装红绿灯" → "在路口加装红绿灯")."""
    m = cue.search(text)
    if m is None:
        return None
    end = _CLAUSE.match(text, m.end())
    if end is None:
        return None
    core = _clean(end.group(0))
    # "谢谢你们，…": a pronoun alone names nobody ("表扬我们" is not a need).
    if 2 <= len(core) <= _MAX and not _PRONOUN.fullmatch(core):
        return second_person(core)
    return None


def _tells(m: re.Match[str], text: str) -> bool:
    """Whether a clause says something about the matter (not a greeting, name or addressee)."""
    words = m.group(0).strip()
    # "省人社厅：" and "尊敬的领导：" greet; they do not say what happened; nor does a bare "12345".
    return (
        len(words) >= 4
        and len(_HAN.findall(words)) >= 2
        and not _INTRO.search(words)
        and text[m.end() : m.end() + 1] not in ("：", ":")
    )


def situation(text: str, anchor: int | None) -> tuple[str, int, int] | None:
    """The caller's clause about the matter (anchored at the topic cue when known)."""
    clauses = _clauses(text)
    chosen = None
    if anchor is not None:
        chosen = next((m for m in clauses if m.start() <= anchor < m.end()), None)
    if chosen is None:
        chosen = next((m for m in clauses if _tells(m, text) and not _TO_US.search(m.group(0))), None)
    if chosen is not None and _TO_US.search(chosen.group(0)):
        # The nearest clause that tells what happened, or none at all.
        others = [m for m in clauses if _tells(m, text) and not _TO_US.search(m.group(0))]
        pivot = chosen.start()
        chosen = min(others, key=lambda m: abs(m.start() - pivot), default=None)
    if chosen is None:
        return None
    start, end = chosen.start(), chosen.end()
    core = _clean(chosen.group(0))
    if _EFFECT.match(core):
        # "吵得孩子睡不着" is the effect; the clause before it says what happens.
        before = next((m for m in reversed(clauses) if m.end() < start), None)
        if before is not None and not _INTRO.search(before.group(0)):
            joined = _clean(before.group(0)) + "，" + core
            if len(joined) <= _MAX:
                core, start = joined, before.start()
    if len(core) < 4:
        nxt = _CLAUSE.match(text, end + 1) if end + 1 < len(text) else None
        if nxt is not None:
            core = _clean(chosen.group(0) + "，" + nxt.group(0))
            end = nxt.end()
    if not 2 <= len(core) <= _MAX:
        return None
    return second_person(core), start, end


def place_words(addr: Address, home_city: str | None) -> str:
    parts = [addr.district, addr.street, addr.community, addr.detail]
    if addr.city and addr.city != home_city:
        parts.insert(0, addr.city if addr.city != addr.province else None)
        if addr.province and addr.province != addr.city:
            parts.insert(0, addr.province)
    return "".join(p for p in parts if p)


def _pick(options: tuple[str, ...], seed: int, salt: int) -> str:
    return options[(seed + salt) % len(options)]


def restate(
    a: Analysis, kind: str, core: str, anchor: int | None, when: TimeExpr | None, home_city: str | None = None
) -> str:
    """One sentence the operator reads back to confirm the need."""
    data = appeal_data()
    ph = data.phrasing
    seed = zlib.crc32(a.text.encode("utf-8"))
    opener, closer = _pick(ph["openers"], seed, 0), _pick(ph["closers"], seed, 1)
    text = a.text
    addr = a.details.address
    where = place_words(addr, home_city)
    if a.urgency == "emergency" and a.handover is not None:
        rule = hazard_rule(a.handover.hazard)
        hit = a.handover.evidence[0].start if a.handover.evidence else anchor
        # The gentle wording ("您现在心里特别难受") is for a caller at risk themselves; a wife calling
        # about her husband, or a passer-by about a stranger on a bridge, hears their words read back.
        about_someone_else = hit is not None and _SOMEONE_ELSE.search(text[max(0, hit - 16) : hit])
        if rule is not None and rule.restate and not about_someone_else:
            return rule.restate
        found = situation(text, hit)
        what = found[0] if found else core
        place = f"在{where}，" if where and where not in what else ""
        return _pick(ph["emergency"], seed, 2).format(place=place, situation=what, line=a.handover.name)
    if kind == "inquiry":
        return _pick(ph["inquiry"], seed, 2).format(opener=opener, want=core, closer=closer)
    if kind == "praise":
        return _pick(ph["praise"], seed, 2).format(opener=opener, want=core, closer=closer)
    found = situation(text, anchor)
    what, s_start, s_end = found if found else ("", -1, -1)
    place = ""
    if where and where not in what and (addr.text is None or addr.text not in what):
        lives = addr.text is not None and re.search(
            r"住|我家|家在", text[max(0, text.find(addr.text) - 4) : text.find(addr.text)]
        )
        place = _pick(ph["lives" if lives else "located"], seed, 3).format(place=where)
    time = ""
    # Say the time only when the caller said it before or in the situation, and it says more
    # than a bare "每天".
    said_early = when is not None and when.start < (s_end if s_end >= 0 else len(text))
    if (
        when is not None
        and said_early
        and when.when is not None
        and when.text not in what
        and not (s_start <= when.start < s_end)
    ):
        # A time that runs into the situation clause is said only up to where the clause starts.
        said = text[when.start : s_start] if when.start < s_start < when.end else when.text
        said = said.rstrip("，, ")
        if said:
            time = said + ("，" if what else "")
    if kind == "suggestion":
        return _pick(ph["suggestion"], seed, 2).format(opener=opener, context="", want=core, closer=closer)
    if not what and not where and core in _UNSAID:
        # Nothing the caller said names a matter or a place: reading back "您希望有关部门协助解决
        # 所反映的困难" would confirm a need nobody stated. Ask for it instead.
        return _pick(ph["unclear"], seed, 2)
    spec = data.kinds[kind]
    if not what:
        time = time.rstrip("，") + "，" if time else ""
    return _pick(ph["request" if what else "request_short"], seed, 2).format(
        opener=opener,
        place=place,
        time=time,
        situation=what,
        restate=_pick(spec.restate, seed, 4),
        want=core,
        closer=closer,
    )
