"""Realistic calls through the real category classifier: the unit a dispatcher would pick."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.act.routing import route
from hotline.analysis import Analysis, AppealKind

WHEN = datetime(2026, 5, 6, 10, 30)


def call(text: str, kind: AppealKind = "complaint") -> Analysis:
    return Analysis(text=text, received_at=WHEN, appeal_kind=kind)


@pytest.mark.parametrize(
    ("text", "lead", "co"),
    [
        ("西湖区文新街道某小区门口占道经营，每天晚上都有人摆摊卖东西", "文新街道办事处", ["市城市管理局"]),
        (
            "我家住拱墅区朝晖街道，楼下新开的烧烤店油烟直接往我家窗户里灌",
            "朝晖街道办事处",
            ["市城市管理局", "市生态环境局"],
        ),
        (
            "萧山区宁围街道有人在绿化带上违章搭建了一个棚子",
            "宁围街道办事处",
            ["市城市管理局", "市规划和自然资源局"],
        ),
        ("上城区湖滨街道我们小区的物业收了物业费什么都不管", "湖滨街道办事处", ["市住房保障和房产管理局"]),
        ("我们公司已经三个月没发工资了，老板也联系不上", "市人力资源和社会保障局", []),
        ("出租车司机故意绕路，多收了我四十块钱", "市交通运输局", []),
        ("家里停水一整天了，也没看到停水通知", "杭州市水务集团", ["市城市管理局"]),
        ("在超市买到过期食品，商家不肯退款", "市市场监督管理局", []),
        ("孩子在培训机构报的课，机构突然关门不退费", "市教育局", ["市市场监督管理局"]),
        ("河道里有工厂偷排污水，河水又黑又臭", "市生态环境局", ["市林业水利局"]),
        ("快递被快递员弄丢了，快递公司不赔", "市邮政管理局", []),
        ("医院挂号排了三个小时，医生看病两分钟就打发了", "市卫生健康委员会", []),
    ],
)
def test_a_dispatcher_would_send_it_to_the_same_unit(text: str, lead: str, co: list[str]) -> None:
    r = route(call(text))
    assert r.lead.name == lead, r.explanation
    assert [u.name for u in r.co] == co
    assert r.path == "dispatch"
    assert not r.expert_review, r.explanation


def test_the_explanation_shows_what_the_model_read() -> None:
    r = route(call("小区电梯三天两头坏，维保单位一直拖着不修"))
    assert "分类模型判为" in r.explanation
    assert r.lead.name == "市市场监督管理局"


def test_specific_words_outweigh_a_model_that_read_the_hospital_stay() -> None:
    r = route(call("我在外地住院，医保异地就医备案怎么办理", "inquiry"))
    assert r.category == "劳动和社会保障"
    assert r.subcategory == "医疗保障/异地就医"
    assert r.path == "direct_answer"


@pytest.mark.parametrize(
    ("text", "category", "lead"),
    [
        ("我妈今年八十五岁了，高龄津贴怎么一直没到账", "民政", "市民政局"),
        ("想给孩子报户口，新生儿落户要去哪里", "政法", "市公安局"),
        ("邻居养的大型犬不拴绳，把我家孩子吓哭了", "政法", "市公安局"),
        ("我想给我妈申请低保，她一个人没有收入", "民政", "市民政局"),
    ],
)
def test_categories_the_model_never_predicts_are_reached_by_their_words(
    text: str, category: str, lead: str
) -> None:
    r = route(call(text, "help"))
    assert r.category == category
    assert r.lead.name == lead


def test_a_text_with_nothing_to_go_on_is_queued_for_an_expert() -> None:
    r = route(call("喂，你好，我想说个事情"))
    assert r.expert_review is True
    assert r.confidence < 0.55


def test_praise_for_a_bus_driver_goes_to_the_bus_company() -> None:
    r = route(call("我想表扬一下58路公交车的司机师傅，我母亲在车上不舒服，司机马上停车帮忙", "praise"))
    assert r.lead.name == "杭州公交集团"
    assert r.subcategory == "城市建设和市政管理/公共汽车"
