"""Earlier calls the caller mentions ("这是第四次打了", "反映过好几次"), as a repeat-call count.

The ticket store counts repeat calls it can see (same phone, same matter); callers also say
so themselves, often from another phone. The larger of the two feeds the script (which then
acknowledges the trouble of calling again) and escalation.
"""

from __future__ import annotations

import re

from hotline.analysis import Analysis
from hotline.listen.numerals import small_int
from hotline.pipeline import Context

_NUM = r"[0-9]{1,2}|[一二两三四五六七八九十]{1,3}"
_CALL = r"(打|拨|来电|致电|反映|投诉|找|联系|打电话|打过来|打进来|打来)"
# "第四次打", "第4次来电": this call is the Nth, so N-1 came before.
_NTH = re.compile(rf"第({_NUM})次{_CALL}|{_CALL}[^，。！？]{{0,6}}第({_NUM})次")
# "打了四次", "反映过三次", "已经投诉五次": N earlier calls.
_DONE = re.compile(rf"{_CALL}(了|过|了有)?({_NUM})(次|回|遍)")
# "打了好几次", "反映过无数次", "多次反映": at least two earlier calls.
_MANY = re.compile(
    rf"{_CALL}(了|过)?(好几|无数|很多|多少|N|n)(次|回|遍)|(多次|屡次|一再|反复)(打|反映|投诉|来电|致电)"
)


def said_repeat_calls(text: str) -> int:
    """How many earlier calls on this matter the caller says they made (0 when not said)."""
    best = 0
    for m in _NTH.finditer(text):
        n = small_int(m.group(1) or m.group(4) or "")
        if n:
            best = max(best, n - 1)
    for m in _DONE.finditer(text):
        n = small_int(m.group(3))
        if n:
            best = max(best, n)
    if _MANY.search(text):
        best = max(best, 2)
    return min(best, 99)


def read_repeat(a: Analysis, ctx: Context) -> None:
    a.repeat_calls = max(a.repeat_calls, said_repeat_calls(a.text))
