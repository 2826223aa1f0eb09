"""Who is calling and how to call them back: name or surname, phone numbers.

"我姓王" gives the surname only; "王先生/王女士" is written only when the caller says the
gender. Service numbers (400…, 95xxx, 12345) and numbers said to belong to someone else
("物业电话是…") are objects of the matter, not the caller's phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from hotline.analysis import DetailObject
from hotline.errors import HotlineError
from hotline.listen.numerals import digits_of

_CN_DIGITS = "零〇一二两三四五六七八九幺"
_PHONE = re.compile(
    r"(?P<mobile>(?<![\d])(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d){8}(?![\d]))"
    r"|(?P<land>(?<![\d])[(（]?0\d{2,3}[)）]?[-\s]?[2-9]\d{6,7}(?![\d]))"
    r"|(?P<service>(?<![\dA-Za-z])(?:[48]00[-\s]?\d{3}[-\s]?\d{4}|9[56]\d{3,4}|123\d{2}|11[09]|12[02])(?![\d]))"
    r"|(?P<local>(?<![\d])[2-8]\d{7}(?![\d]))"
    rf"|(?P<spoken>[{_CN_DIGITS}]{{7,12}})"
)
_PHONE_CUE = re.compile(r"电话|号码|手机|座机|打|联系|拨|号是")
_OTHER_PARTY = re.compile(
    r"(物业|公司|老板|店|商家|对方|他的|她的|他们的|客服|前台|中介|房东|经理|师傅|司机|学校|老师|医院)[^，。！？]{0,6}$"
)
_GENDER_MALE = re.compile(r"我是男的|本人男|男士|男同志|我是一位父亲|老大爷|我是个男的")
_GENDER_FEMALE = re.compile(r"我是女的|本人女|女士|女同志|我是一位母亲|老太太|我是个女的|我一个女人")
_HONORIFIC_MALE = ("先生", "大爷", "大伯", "师傅", "老爷子", "爷爷", "叔叔", "大哥")
_HONORIFIC_FEMALE = ("女士", "小姐", "阿姨", "大妈", "奶奶", "婆婆", "大姐", "姐姐")
# A third character after these is not part of the name: "我叫王芳住在…".
_NAME_STOP = set("，。！？,.!? 的是住在家我今昨从电手联打反投要想就也呢啊吧了和跟给")
# "我是…" introduces a name only if it does not end like a description ("杭州人", "业主").
_NOT_NAME_END = set("人民区市县省州村镇户主员工生师长家的方里边")


@dataclass
class Contact:
    name: str | None = None
    surname: str | None = None
    phones: list[str] = field(default_factory=list)
    others: list[DetailObject] = field(default_factory=list)


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, two-character surnames) from data/details/surnames.txt."""
    raw = resources.files("hotline.data").joinpath("details/surnames.txt").read_text(encoding="utf-8")
    words = [w for line in raw.splitlines() if not line.startswith("#") for w in line.split()]
    single = frozenset(w for w in words if len(w) == 1)
    double = frozenset(w for w in words if len(w) == 2)
    if len(single) < 50:
        raise HotlineError("bad_surnames", "姓氏表 details/surnames.txt 内容过少或已损坏")
    return single, double


def _surname_of(s: str) -> str | None:
    single, double = surnames()
    if s[:2] in double:
        return s[:2]
    if s[:1] in single:
        return s[:1]
    return None


_SURNAME_SAID = re.compile(
    r"(?:我|本人|免贵)姓(?P<s>[\u4e00-\u9fa5]{1,2})(?:[，,\s]?(?:是个?|是一位)?(?P<g>男的|女的|先生|女士|男士))?"
)
_NAME_SAID = re.compile(r"(?:我叫|我的名字叫|我的名字是|本人叫|我名叫|我是)(?P<n>[\u4e00-\u9fa5]{2,4})")
_HONORIFIC_SAID = re.compile(
    r"(?:我是|我姓|本人是|这里是|我这边是)(?P<s>[\u4e00-\u9fa5]{1,2}?)(?P<h>先生|女士|小姐|阿姨|大妈|奶奶|婆婆|大姐|大爷|大伯|师傅|叔叔|大哥)"
)


def _gender(text: str) -> str | None:
    if _GENDER_FEMALE.search(text):
        return "女士"
    if _GENDER_MALE.search(text):
        return "先生"
    return None


def find_name(text: str) -> tuple[str | None, str | None]:
    """(name, surname) the caller gives for themselves."""
    m = _HONORIFIC_SAID.search(text)
    if m and _surname_of(m.group("s")) == m.group("s"):
        polite = "先生" if m.group("h") in _HONORIFIC_MALE else "女士"
        return m.group("s") + polite, m.group("s")
    m = _NAME_SAID.search(text)
    if m:
        candidate = m.group("n")
        surname = _surname_of(candidate)
        if surname is not None:
            given = candidate[len(surname) :]
            # Keep at most two given-name characters and stop at function words.
            kept = ""
            for ch in given[:2]:
                if ch in _NAME_STOP:
                    break
                kept += ch
            if kept:
                full = surname + kept
                if m.group(0).startswith("我是"):
                    # "我是张建国，…" counts only when the name ends the clause.
                    end = m.start("n") + len(full)
                    if (end < len(text) and text[end] not in "，。！？,.!? ") or full[-1] in _NOT_NAME_END:
                        full = ""
                if full:
                    return full, surname
    m = _SURNAME_SAID.search(text)
    if m:
        surname = _surname_of(m.group("s"))
        if surname is not None:
            said = m.group("g")
            gender = ("女士" if said in ("女的", "女士") else "先生") if said else _gender(text)
            return (surname + gender if gender else None), surname
    return None, None


def find_phones(text: str) -> tuple[list[str], list[DetailObject]]:
    """(caller phone numbers as digits, other numbers as objects) in order of appearance."""
    phones: list[str] = []
    others: list[DetailObject] = []
    for m in _PHONE.finditer(text):
        kind = m.lastgroup or ""
        raw = m.group(0)
        before = text[max(0, m.start() - 10) : m.start()]
        if kind == "service":
            others.append(DetailObject("service_number", raw, m.start(), m.end()))
            continue
        if kind == "local" and not _PHONE_CUE.search(before):
            continue  # a bare 8-digit number may be an amount or an order number
        if kind == "spoken":
            digits = digits_of(raw)
            if not (len(digits) == 11 and digits[:2] in {f"1{d}" for d in "3456789"}) and not (
                7 <= len(digits) <= 12 and _PHONE_CUE.search(before)
            ):
                continue
        else:
            digits = re.sub(r"\D", "", raw)
            if kind == "mobile" and digits.startswith("86") and len(digits) == 13:
                digits = digits[2:]
        if _OTHER_PARTY.search(before):
            others.append(DetailObject("phone", digits, m.start(), m.end()))
        elif digits not in phones:
            phones.append(digits)
    return phones, others


def read_contact(text: str) -> Contact:
    name, surname = find_name(text)
    phones, others = find_phones(text)
    return Contact(name=name, surname=surname, phones=phones, others=others)
