"""Key details read from the caller's words: name, phones, address, time, objects, amounts."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.analysis import Analysis, Details
from hotline.config import Settings
from hotline.listen.details import read_details
from hotline.listen.numerals import parse_number
from hotline.pipeline import Context

CALL_TIME = datetime(2026, 3, 11, 15, 20)  # a Wednesday afternoon


def details_of(text: str) -> Details:
    a = Analysis(text=text, received_at=CALL_TIME)
    read_details(a, Context(settings=Settings(), text=text))
    return a.details


@pytest.mark.parametrize(
    ("text", "name", "surname"),
    [
        ("我姓王，家里电梯坏了", None, "王"),  # gender not said: no 王先生
        ("我姓王，男的，反映个事", "王先生", "王"),
        ("免贵姓欧阳，是女士", "欧阳女士", "欧阳"),
        ("我叫张建国，在工地干活", "张建国", "张"),
        ("我叫王芳住在翠苑", "王芳", "王"),
        ("我是陈先生，家住拱墅区", "陈先生", "陈"),
        ("我是李阿姨，楼下的", "李女士", "李"),
        ("我是张建国，想问个事", "张建国", "张"),
        ("我是杭州人，想问个事", None, None),
        ("我是业主，物业不管事", None, None),
        ("本人姓陈", None, "陈"),
    ],
)
def test_caller_name_and_surname(text: str, name: str | None, surname: str | None) -> None:
    d = details_of(text)
    assert (d.name, d.surname) == (name, surname)


@pytest.mark.parametrize(
    ("text", "phones", "other"),
    [
        ("我的电话是138 1234 5678", ["13812345678"], []),
        ("手机号138-1234-5678", ["13812345678"], []),
        ("座机号码0571-88776655", ["057188776655"], []),
        ("我的电话是幺三九零五七幺二三四五", ["13905712345"], []),
        ("在塘栖，电话88123456", ["88123456"], []),
        ("物业电话0571-87654321打不通，我电话13812340000", ["13812340000"], ["phone"]),
        ("打了12345好多次，也打过96777", [], ["service_number", "service_number"]),
        ("身份证330106199001011234", [], []),
        ("车牌浙A12345", [], []),
        ("欠了12345678元", [], []),  # an 8-digit amount is not a phone without a phone cue
    ],
)
def test_phone_numbers_are_the_callers_own(text: str, phones: list[str], other: list[str]) -> None:
    d = details_of(text)
    assert d.phones == phones
    assert d.phone == (phones[0] if phones else None)
    assert [o.kind for o in d.objects if o.kind in ("phone", "service_number")] == other


@pytest.mark.parametrize(
    ("text", "when", "said"),
    [
        ("昨晚十点楼上开始装修", "2026-03-10T22:00", "昨晚十点"),
        ("前天下午三点半在地铁上丢了钱包", "2026-03-09T15:30", "前天下午三点半"),
        ("上周三我去办事大厅办社保", "2026-03-04", "上周三"),
        ("三天前物业把车位锁了", "2026-03-08", "三天前"),
        ("从上个月开始一直停水", "2026-02-01", "从上个月开始"),
        ("5月3日在超市买的奶粉过期了", "2025-05-03", "5月3日"),
        ("今天上午10点左右在文三路上被撞了", "2026-03-11T10:00", "今天上午10点左右"),
        ("去年12月5号在医院看的病", "2025-12-05", "去年12月5号"),
        ("每天晚上十点以后广场舞的音响特别吵", "2026-03-10T22:00", "每天晚上十点以后"),
        ("电梯坏了三天了", "2026-03-08", "三天了"),
        ("希望明天之前修好", None, None),  # a wish, not when it happened
        ("楼道里很黑，晚上很危险", None, None),  # a bare 晚上 says when it is risky
    ],
)
def test_event_time_is_resolved_against_the_call_time(text: str, when: str | None, said: str | None) -> None:
    d = details_of(text)
    assert (d.event_time, d.event_time_text) == (when, said)


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        ("浙A12345这辆车天天占消防通道", [("plate", "浙A12345")]),
        ("新能源车浙AD12345停在人行道上", [("plate", "浙AD12345")]),
        ("有辆苏e·12345d乱停", [("plate", "苏E12345D")]),
        ("坐28路公交车的时候司机骂人", [("bus_line", "28路")]),
        ("乘K155路到武林门", [("bus_line", "K155路")]),
        ("地铁2号线凤起路站电梯坏了", [("metro_line", "地铁2号线"), ("road", "凤起路")]),
        ("杭州某某科技有限公司拖欠工资", [("company", "杭州某某科技有限公司")]),
        ("桐庐县分水镇有个化工厂偷排", [("company", "化工厂")]),
        ("楼下的华联超市卖过期面包", [("shop", "华联超市")]),
        ("老王烧烤店天天吵到半夜", [("restaurant", "老王烧烤店")]),
        ("文新小学门口有人摆摊", [("school", "文新小学")]),
        ("去年在西湖区人民医院看的病", [("hospital", "西湖区人民医院")]),
        ("每天晚上广场舞太吵", []),
        ("我们一块去的，马路上全是坑", []),
    ],
)
def test_objects_of_the_matter(text: str, objects: list[tuple[str, str]]) -> None:
    assert [(o.kind, o.text) for o in details_of(text).objects] == objects


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("拖欠工资三千五百元", [3500.0]),
        ("一共欠了我们两万多块钱工资", [20000.0]),
        ("充值了3500块的会员卡，店关门了", [3500.0]),
        ("房东扣了我1.5万元押金不退", [15000.0]),
        ("他还欠我工资两万多", [20000.0]),
        ("一万二的工钱到现在没给", [12000.0]),
        ("买了3块地砖", []),  # 块 as a measure word
        ("小区里住了两万多人", []),  # no money in sight
    ],
)
def test_amounts_of_money(text: str, amounts: list[float]) -> None:
    assert [m.value for m in details_of(text).amounts] == amounts


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("三千五百", 3500),
        ("三千五", 3500),
        ("两万多", 20000),
        ("1.5万", 15000),
        ("一万二", 12000),
        ("一百零五", 105),
    ],
)
def test_chinese_numerals(said: str, value: float) -> None:
    assert parse_number(said) == value


def test_details_are_assembled_in_one_pass() -> None:
    d = details_of(
        "我姓王，男的，住在西湖区文新街道嘉绿苑小区3幢2单元501，从上个月开始，每天晚上十点以后"
        "楼下的老王烧烤店就很吵，电话13812345678"
    )
    assert d.name == "王先生"
    assert d.phone == "13812345678"
    assert (d.address.district, d.address.street, d.address.community, d.address.detail) == (
        "西湖区",
        "文新街道",
        "嘉绿苑小区",
        "3幢2单元501",
    )
    assert d.event_time == "2026-02-01"
    assert d.event_time_text == "从上个月开始，每天晚上十点以后"
    assert ("restaurant", "老王烧烤店") in [(o.kind, o.text) for o in d.objects]


@pytest.mark.parametrize(
    ("text", "recurring"),
    [("每天晚上十点以后广场舞的音响特别吵", True), ("昨天晚上十点有人在楼下砸车", False)],
)
def test_a_problem_that_keeps_happening_is_marked_recurring(text: str, recurring: bool) -> None:
    from hotline.services import analyze_call

    a = analyze_call(text, received_at=datetime(2026, 3, 10, 9, 0))
    assert a.details.event_recurring is recurring
