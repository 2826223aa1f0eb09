"""QA: the matter of a call is the one the caller describes, on calls written by hand.

- "公司三个月没发工资了" was not a wage matter (need: "协助解决所反映的困难");
- a neighbour's drilling before a child's 高考 became "咨询子女入学的相关政策和办理流程";
- rats in a restaurant kitchen and expired meat became "及时清理垃圾、改善环境卫生";
- a taxi refusing a fare became a bus complaint asking for the 公交线路;
- "地铁2号线早高峰太挤了，能不能加车" was a complaint, not a suggestion.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.services import analyze_call

AT = datetime(2026, 9, 29, 16, 30)


@pytest.mark.parametrize(
    ("text", "kind", "need_has", "need_lacks"),
    [
        ("我在拱墅区上班，公司三个月没发工资了，老板电话也不接", "help", "工资", "所反映的困难"),
        ("楼上邻居装修每天早上七点就开始打电钻，周末也不停，我家孩子要高考了", "complaint", "噪音", "入学"),
        ("我要举报一家餐馆，后厨老鼠到处跑，还用过期的肉", "report", "食品安全", "垃圾"),
        ("出租车司机拒载，我在东站等了半小时，车牌浙A·D12345", "complaint", "浙AD12345", "公交"),
        ("地铁2号线早高峰太挤了，能不能加车", "suggestion", "加车", "核实处理"),
    ],
)
def test_the_need_names_the_matter_described(text: str, kind: str, need_has: str, need_lacks: str) -> None:
    a = analyze_call(text, received_at=AT)
    assert a.appeal_kind == kind
    assert need_has in a.need and need_lacks not in a.need, a.need


def test_a_taxi_complaint_asks_for_the_plate_and_the_trip_not_a_bus_line() -> None:
    a = analyze_call("出租车司机拒载，我在东站等了半小时，叫了三辆都不走", received_at=AT)
    assert "公交线路" not in a.missing
    assert "车牌号" in a.missing
