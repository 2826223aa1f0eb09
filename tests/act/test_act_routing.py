"""Routing: the right lead unit, by category, keywords and place, and the right handling path."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.act.catalogue import CLASSIFIER_CATEGORIES, default_catalogue
from hotline.act.routing import GivenCategory, Route, route
from hotline.analysis import Address, Analysis, AppealKind, Details, Handover, Urgency

WHEN = datetime(2026, 5, 6, 10, 30)


def call(
    text: str,
    kind: AppealKind = "complaint",
    *,
    urgency: Urgency = "normal",
    address: Address | None = None,
    handover: Handover | None = None,
) -> Analysis:
    a = Analysis(text=text, received_at=WHEN, appeal_kind=kind, urgency=urgency, handover=handover)
    a.details = Details(address=address or Address())
    return a


def go(a: Analysis, category: str = "城乡建设", confidence: float = 0.9) -> Route:
    return route(a, prediction=GivenCategory(category, confidence))


# ---------------------------------------------------------------- every category routes somewhere real


@pytest.mark.parametrize("rule_id", [r.id for r in default_catalogue().rules if r.keywords])
def test_every_keyword_rule_routes_to_a_real_unit(rule_id: str) -> None:
    cat = default_catalogue()
    rule = next(r for r in cat.rules if r.id == rule_id)
    keyword = max(rule.keywords, key=len)
    r = route(call(f"我要反映一下{keyword}的事情"), category=rule.level1)
    assert r.rule == rule.id
    assert r.lead.code in cat.units and r.lead.name == cat.units[r.lead.code].name
    assert all(u.code in cat.units for u in r.co)
    assert r.category == rule.level1 and r.subcategory == rule.subcategory


@pytest.mark.parametrize("level1", CLASSIFIER_CATEGORIES)
def test_a_category_without_keywords_uses_its_fallback_rule(level1: str) -> None:
    r = route(call("我有个情况想反映一下，麻烦你们帮忙看看"), category=level1)
    cat = default_catalogue()
    assert r.rule == cat.defaults[level1].id
    assert r.lead.code in cat.units
    assert r.subcategory is None
    assert "兜底规则" in r.explanation


# ---------------------------------------------------------------- jurisdiction (属地)


def test_street_vending_in_wenxin_goes_to_the_street_office_with_city_management_assisting() -> None:
    r = go(call("西湖区文新街道某小区门口占道经营，天天晚上摆摊，路都堵了"))
    assert r.lead.name == "文新街道办事处"
    assert r.lead.code == "330106.文新街道"
    assert [u.name for u in r.co] == ["市城市管理局"]
    assert r.level == "street"
    assert r.subcategory == "城市建设和市政管理/城管执法"
    assert "「西湖区文新街道」" in r.explanation and "urban.street_vending" in r.explanation
    assert "「占道经营」" in r.explanation


@pytest.mark.parametrize(
    ("text", "lead", "co"),
    [
        ("我住在拱墅区朝晖街道，楼下烧烤店油烟太大了", "朝晖街道办事处", ["市城市管理局", "市生态环境局"]),
        ("余杭区良渚街道有人违章搭建阳光房", "良渚街道办事处", ["市城市管理局", "市规划和自然资源局"]),
        ("钱塘区下沙街道小区的物业不管事", "下沙街道办事处", ["市住房保障和房产管理局"]),
        ("三墩这边小区垃圾好几天没人清运", "三墩镇人民政府", ["市城市管理局"]),
        ("桐庐县分水镇有家饭店油烟直排", "分水镇人民政府", ["市城市管理局", "市生态环境局"]),
    ],
)
def test_street_level_matters_go_to_the_local_street_or_township(text: str, lead: str, co: list[str]) -> None:
    r = go(call(text), category="环境保护" if "油烟" in text else "城乡建设")
    assert r.lead.name == lead
    assert [u.name for u in r.co] == co


def test_the_address_from_the_details_reader_decides_the_street() -> None:
    a = call("小区门口天天有人摆摊卖菜", address=Address(city="杭州市", district="上城区", street="湖滨街道"))
    r = go(a)
    assert r.lead.name == "湖滨街道办事处"
    assert r.place.district == "上城区" and r.place.street == "湖滨街道"


def test_only_the_district_known_goes_to_the_district_government() -> None:
    r = go(call("滨江区有个工地晚上施工，噪音特别大"), category="环境保护")
    assert r.lead.name == "滨江区人民政府"
    assert r.level == "district"
    assert "市城市管理局" in [u.name for u in r.co]


def test_district_level_rules_go_to_the_district_even_when_the_street_is_known() -> None:
    r = go(call("萧山区北干街道的公司拖欠工资两个月了"), category="劳动和社会保障")
    assert r.lead.name == "萧山区人民政府"
    assert [u.name for u in r.co] == ["市人力资源和社会保障局"]


def test_city_level_matters_ignore_the_place() -> None:
    r = go(call("西湖区文新街道这边的出租车拒载"), category="交通运输")
    assert r.lead.name == "市交通运输局"
    assert r.level == "city"


def test_without_a_place_the_city_department_leads_and_the_operator_is_asked_for_the_address() -> None:
    r = go(call("小区门口有人占道经营"))
    assert r.lead.name == "市城市管理局"
    assert r.co == []
    assert "确认具体地址" in r.explanation


def test_an_address_in_another_city_is_not_given_to_a_local_street() -> None:
    a = call("文新街道附近有人摆摊", address=Address(province="浙江省", city="宁波市", district="海曙区"))
    r = go(a)
    assert r.lead.name == "市城市管理局"
    assert "宁波市" in r.explanation and "不属本市" in r.explanation


# ---------------------------------------------------------------- keywords vs the classifier


def test_keywords_of_a_category_the_model_does_not_know_still_route() -> None:
    r = route(
        call("我父亲九十岁了，高龄津贴一直没有发", "complaint"),
        prediction=GivenCategory("劳动和社会保障", 0.6),
    )
    assert r.category == "民政"
    assert r.lead.name == "市民政局"
    assert "与关键词指向的民政不一致" not in r.explanation  # a given category is not "the model"


def test_a_stray_word_does_not_override_a_confident_category() -> None:
    # "户口" alone is weak evidence against a confident labour category.
    r = go(call("公司不给我交社保，说我户口不在本地"), category="劳动和社会保障", confidence=0.95)
    assert r.category == "劳动和社会保障"
    assert r.lead.name == "市人力资源和社会保障局"


def test_two_keywords_beat_one() -> None:
    r = go(call("小区电梯坏了，电梯维保公司一直不来修"), category="城乡建设", confidence=0.5)
    assert r.rule == "trade.elevator"
    assert r.lead.name == "市市场监督管理局"
    assert [u.name for u in r.co] == ["市住房保障和房产管理局"]


# ---------------------------------------------------------------- paths


def test_an_emergency_is_handed_over_at_once_and_says_where() -> None:
    handover = Handover(line="119", name="消防救援", reason="燃气泄漏有爆炸危险", hazard="gas_leak")
    a = call("楼道里燃气味道很重，好像漏气了", "help", urgency="emergency", handover=handover)
    r = go(a)
    assert r.path == "emergency_handover"
    assert "119" in r.explanation and "消防救援" in r.explanation
    assert r.lead.name == "杭州市燃气集团"  # the follow-up ticket still has its unit


@pytest.mark.parametrize(
    ("text", "channel", "unit"),
    [
        ("我跟物业的官司法院已经判决了，物业一直不执行", "litigation", None),
        ("我想去法院起诉这个开发商延期交房", "litigation", None),
        ("劳动仲裁委已经裁决了，公司还是不给钱", "arbitration", "市劳动人事争议仲裁院"),
        ("我要举报我们镇上有个干部收红包，吃拿卡要", "discipline", "市纪委市监委"),
        ("对区里的拆迁补偿决定不服，我要申请行政复议", "review", "市司法局"),
        ("这个事我已经信访了，信访局说在处理", "petition", "市信访局"),
        ("我要申请信息公开，想看小区旁边那个项目的审批文件", "disclosure", "市人民政府办公厅"),
    ],
)
def test_matters_for_a_legal_channel_are_told_their_channel(
    text: str, channel: str, unit: str | None
) -> None:
    r = go(call(text))
    assert r.path == "legal_channel"
    assert r.legal is not None and r.legal.channel.id == channel
    assert r.legal.channel.tell
    assert "热线不派单" in r.explanation
    if unit:
        assert r.lead.name == unit and r.co == []


def test_asking_how_to_apply_for_arbitration_is_answered_not_turned_away() -> None:
    r = go(call("请问劳动仲裁怎么申请，要准备什么材料", "inquiry"), category="劳动和社会保障")
    assert r.path == "direct_answer"
    assert r.answer is not None and r.answer.article.id == "labour-arbitration"


@pytest.mark.parametrize(
    ("text", "article"),
    [
        ("你好，我想问一下公积金怎么提取", "gjj-withdraw"),
        ("我在外地住院，医保异地就医备案怎么办理", "medical-remote"),
        ("孩子明年上一年级，入学报名要准备什么材料", "school-enrolment"),
        ("请问新生儿怎么落户", "newborn-hukou"),
        ("居住证办理需要什么材料", "residence-permit"),
        ("我想办个狗证，养狗要怎么登记", "dog-registration"),
        ("我奶奶八十五了，高龄津贴怎么申请", "old-age-allowance"),
        ("社保转移怎么办，我从外省来杭州工作", "social-transfer"),
        ("新房子燃气开户怎么弄", "gas-account"),
        ("垃圾分类到底怎么分", "waste-sorting"),
    ],
)
def test_an_inquiry_the_knowledge_base_answers_is_answered_directly(text: str, article: str) -> None:
    r = go(call(text, "inquiry"))
    assert r.path == "direct_answer"
    assert r.answer is not None and r.answer.article.id == article
    assert r.answer.passage and r.answer.passage in r.answer.article.passages
    assert "直接答复" in r.explanation and r.answer.article.title in r.explanation


def test_a_complaint_with_the_same_words_is_dispatched() -> None:
    r = go(call("公积金提取申请了一个月还没到账，打电话也没人接", "complaint"))
    assert r.path == "dispatch"
    assert r.lead.name == "杭州住房公积金管理中心"


def test_an_inquiry_the_knowledge_base_cannot_answer_is_dispatched() -> None:
    r = go(call("请问我们小区旁边那块空地以后规划建什么", "inquiry"))
    assert r.path == "dispatch"
    assert r.answer is None


def test_low_confidence_goes_to_expert_review_instead_of_a_blind_dispatch() -> None:
    unsure = GivenCategory("城乡建设", 0.3, scores={"城乡建设": 0.3, "环境保护": 0.25, "商贸旅游": 0.2})
    r = route(call("我要反映一个情况，这个事情很久了一直没解决"), prediction=unsure)
    assert r.path == "dispatch"
    assert r.expert_review is True
    assert r.confidence < 0.55
    assert "业务专家复核" in r.explanation


def test_confident_routes_are_not_queued_for_review() -> None:
    r = go(call("西湖区文新街道某小区门口占道经营"))
    assert r.expert_review is False


def test_route_json_has_the_contract_fields() -> None:
    d = go(call("西湖区文新街道某小区门口占道经营")).to_dict()
    assert {"lead", "co", "confidence", "path", "explanation"} <= set(d)
    assert d["lead"] == {"code": "330106.文新街道", "name": "文新街道办事处"}
    assert d["co"] == [{"code": "city.cgj", "name": "市城市管理局"}]
