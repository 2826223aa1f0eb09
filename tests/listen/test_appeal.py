"""Appeal kind, the one-line need, details still to ask for, and the read-back sentence."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from hotline.analysis import Analysis
from hotline.config import Settings
from hotline.errors import HotlineError
from hotline.listen.appeal import read_appeal
from hotline.listen.appeal_data import build_appeal_data
from hotline.listen.details import read_details
from hotline.listen.emergency import read_urgency
from hotline.pipeline import Context

CALL_TIME = datetime(2026, 3, 11, 15, 20)


def listen(text: str) -> Analysis:
    a = Analysis(text=text, received_at=CALL_TIME)
    ctx = Context(settings=Settings(), text=text)
    read_urgency(a, ctx)
    read_details(a, ctx)
    read_appeal(a, ctx)
    return a


KINDS = [
    # a how-to question about sorting rubbish is an inquiry the knowledge base answers, not a complaint
    ("垃圾分类到底怎么分啊", "inquiry"),
    ("这个表格怎么填呀", "inquiry"),
    # 咨询
    ("请问公积金怎么提取？", "inquiry"),
    ("我想咨询一下小孩上小学需要准备什么材料", "inquiry"),
    ("社保断缴了有什么影响吗？", "inquiry"),
    ("想问一下居住证在哪里办", "inquiry"),
    ("医保异地报销需要哪些手续", "inquiry"),
    ("燃气费怎么交？", "inquiry"),
    ("明天我们小区是不是要停水？", "inquiry"),
    ("退休金什么时候发放？", "inquiry"),
    ("我想问一下新生儿落户需要什么材料", "inquiry"),
    ("公租房申请的条件是什么？", "inquiry"),
    ("电动车上牌去哪里办？", "inquiry"),
    # 投诉
    ("我要投诉28路公交车司机态度很差，还骂人", "complaint"),
    ("楼下烧烤店每天吵到凌晨两点，根本睡不着", "complaint"),
    ("物业乱收停车费，一个月涨了两百", "complaint"),
    ("打了四次电话了都没人管，你们就是在踢皮球", "complaint"),
    ("办事大厅的工作人员态度恶劣，让我跑了好几趟", "complaint"),
    ("充值的会员卡，健身房跑路了，不给退钱", "complaint"),
    ("出租车司机绕路多收车费，车牌浙A12345", "complaint"),
    ("楼上漏水把我家天花板泡坏了，找他们也不理", "complaint"),
    ("我要投诉小区物业，垃圾三天没人收", "complaint"),
    ("外卖店的油烟直接排到我家窗户，熏得受不了", "complaint"),
    ("快递员把我的包裹弄丢了还不赔", "complaint"),
    # 举报
    ("我要举报小区里有人违章搭建", "report"),
    ("隔壁有家黑作坊，天天往河里偷排污水", "report"),
    ("菜市场有人卖注水肉", "report"),
    ("小区里有一户群租，住了二十多个人", "report"),
    ("有家药店无证经营，还卖过期药品", "report"),
    ("举报一下，有人在小区里开设赌场", "report"),
    ("工地晚上偷偷倒渣土，倒在河边", "report"),
    ("我发现有人冒领已经去世老人的养老金", "report"),
    # 建议
    ("建议在文三路和学院路路口增设一个红绿灯", "suggestion"),
    ("希望能增加一下19路公交车的班次，早高峰太挤了", "suggestion"),
    ("我提个建议，地铁站出口能不能多设几个共享单车停放点", "suggestion"),
    ("能不能在小区门口加装一个减速带", "suggestion"),
    ("建议地铁末班车延长到晚上十二点", "suggestion"),
    ("小区旁边的公园能不能多安装几盏路灯", "suggestion"),
    # 表扬
    ("我要表扬28路公交车的王师傅，他帮我捡到了钱包", "praise"),
    ("非常感谢社区的网格员小张，帮我们老人办好了医保", "praise"),
    ("想给派出所的民警送面锦旗，他们帮我找回了电动车", "praise"),
    ("上次反映的路灯问题已经修好了，为你们点赞", "praise"),
    ("感谢12345，上次反映的问题很快就解决了，服务很好", "praise"),
    ("表扬一下急救中心的医生，抢救很及时", "praise"),
    # 求助
    ("家里停水两天了，老人孩子都没水用，帮帮忙", "help"),
    ("电梯坏了，我妈腿脚不好下不了楼，麻烦你们帮忙协调一下", "help"),
    ("老板拖欠了我三个月工资，我该怎么办", "help"),
    ("下水道堵了，污水都漫到家门口了，请尽快派人处理", "help"),
    ("我的狗走丢了，能不能帮忙发个寻狗启事", "help"),
    ("路边有个井盖丢了", "help"),
    ("我家厨房着火了", "help"),
    ("我是残疾人，家里困难，想申请救助不知道找谁", "help"),
    ("家门口的路灯坏了一个月了，晚上黑漆漆的", "help"),
    # held-out round
    ("我想了解一下老旧小区加装电梯有没有补贴", "inquiry"),
    ("请问孩子的疫苗在哪里打", "inquiry"),
    ("我们村的自来水一直是黄的，喝了拉肚子，麻烦你们派人来看看", "help"),
    ("我家房子漏雨，我一个人带着孩子，不知道该找谁修", "help"),
    ("超市卖给我的鸡蛋是坏的，找他们退还不给退", "complaint"),
    ("驾校收了钱一直不给安排考试", "complaint"),
    ("我要举报一家餐馆用地沟油", "report"),
    ("有个工地晚上偷偷往河里排泥浆", "report"),
    ("建议在学校门口设置一个接送孩子的临时停车区", "suggestion"),
    ("希望公园能多放几个垃圾桶", "suggestion"),
    ("我要谢谢消防员，昨天帮我们家开锁救了我奶奶", "praise"),
    ("社区医院的李医生特别耐心，想表扬她", "praise"),
    ("物业把小区绿地改成停车位收费，我们业主都不同意", "complaint"),
    ("请问办理港澳通行证要多久", "inquiry"),
    ("我被人拉进一个投资群，转了五万块钱，现在群解散了", "report"),
]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_appeal_kind(text: str, kind: str) -> None:
    a = listen(text)
    assert a.appeal_kind == kind
    assert set(a.appeal_kind_scores) == {"inquiry", "help", "complaint", "report", "suggestion", "praise"}
    assert abs(sum(a.appeal_kind_scores.values()) - 1) < 0.01
    assert max(a.appeal_kind_scores, key=lambda k: a.appeal_kind_scores[k]) == kind


@pytest.mark.parametrize(
    ("text", "need"),
    [
        (
            "我住在西湖区文新街道嘉绿苑小区3幢，电梯从昨天下午起一直停运",
            "请求物业尽快修复嘉绿苑小区停运的电梯",
        ),
        ("楼下老王烧烤店天天晚上吵到两点，我要投诉", "要求有关部门制止老王烧烤店噪音扰民"),
        (
            "杭州某某建筑劳务有限公司欠了我三千五百元工资，马上过年了",
            "请求有关部门督促杭州某某建筑劳务有限公司支付拖欠的工资",
        ),
        ("请问公积金怎么提取？", "咨询公积金怎么提取"),
        ("建议在文三路和学院路路口增设一个红绿灯", "建议在文三路和学院路路口增设一个红绿灯"),
        ("我要表扬28路公交车的王师傅", "表扬28路公交车的王师傅"),
        ("小区楼顶有人违章搭建阳光房，我要举报", "举报违章搭建，要求有关部门查处"),
        ("我家厨房着火了", "立即转接消防救援119处置火情"),
        ("楼道里煤气味很重", "立即转接燃气抢修热线（杭州燃气96777）处置燃气泄漏"),
        ("人行道上的井盖丢了，在莫干山路上", "请求管养单位尽快补装或修复莫干山路的井盖"),
    ],
)
def test_one_line_need(text: str, need: str) -> None:
    assert listen(text).need == need


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("楼上天天晚上吵", ["具体地址", "来电人联系电话"]),  # source (楼上) and time (天天晚上) were said
        ("太吵了，我要投诉", ["具体地址", "发生时间", "噪音来源", "来电人联系电话"]),
        ("我住在西湖区文新街道，隔壁工地每天晚上施工到半夜，电话13812345678", []),
        ("我住在西湖区文新街道，隔壁工地白天扬尘很大，电话13812345678", ["施工单位名称"]),
        ("老板拖欠工资不给，过年都回不了家", ["务工地点", "用人单位名称", "欠薪金额", "来电人联系电话"]),
        (
            "我在萧山区瓜沥镇的工地干活，杭州某某建筑劳务有限公司欠了我三千五百元工资，电话13812345678",
            [],
        ),
        ("请问公积金怎么提取？", []),
        ("我家着火了！", ["事发具体位置", "来电人联系电话"]),
        ("上城区采荷街道芙蓉社区2幢着火了，电话13812345678", []),
        ("我想投诉出租车司机绕路", ["上下车地点", "车牌号", "发生时间", "来电人联系电话"]),
        ("我要表扬一下社区的网格员", ["来电人联系电话"]),
    ],
)
def test_missing_details_for_this_kind_of_appeal(text: str, missing: list[str]) -> None:
    assert listen(text).missing == missing


READ_BACK = [
    "我住在西湖区文新街道嘉绿苑小区3幢，电梯从昨天下午起一直停运，物业也不管",
    "我姓王，男的，从上个月开始，每天晚上十点以后楼下的老王烧烤店就很吵，我要投诉，电话13812345678",
    "我叫张建国，在萧山区瓜沥镇的工地干活，杭州某某建筑劳务有限公司欠了我三千五百元工资",
    "请问公积金怎么提取？",
    "我要举报我们小区楼顶有人违章搭建阳光房，在拱墅区朝晖街道朝晖九区5幢",
    "建议在文三路和学院路路口增设一个红绿灯，现在过马路太危险了",
    "我要表扬28路公交车的王师傅，他帮我捡到了钱包还送回来了",
    "我家厨房着火了，在上城区采荷街道芙蓉社区2幢",
    "楼下的超市卖过期牛奶，我花了35块钱买的",
    "小区消防通道被电动车堵死了好几天了，物业不管",
    "你好，我反映个事情，马路上有个井盖丢了，在莫干山路上，晚上很危险",
    "我姓李，女的，住在滨江区西兴街道，隔壁工地天天晚上施工到凌晨两点，吵得孩子睡不着",
    "家里停水两天了，老人孩子都没水用，帮帮忙",
    "出租车司机绕路多收车费，车牌浙A12345",
    "我想咨询一下小孩上小学需要准备什么材料",
]


@pytest.mark.parametrize("text", READ_BACK)
def test_restatement_is_one_question_built_from_the_callers_words(text: str) -> None:
    a = listen(text)
    r = a.restatement
    assert r and r[-1] in "？。"
    assert r == listen(text).restatement  # the same call always reads back the same way
    allowed = text + (a.handover.line if a.handover else "")
    for number in re.findall(r"\d+", r):
        assert number in allowed, f"复述中的 {number} 不是来电人说的"
    addr = a.details.address
    for place in (addr.district, addr.street, addr.detail):
        if place and place in r:
            assert place in text or (addr.text and addr.text in text)


def test_restatement_reads_back_place_time_and_wish() -> None:
    r = listen("我住在西湖区文新街道嘉绿苑小区3幢，电梯从昨天下午起一直停运，物业也不管").restatement
    assert "西湖区文新街道嘉绿苑小区3幢" in r
    assert "电梯从昨天下午起一直停运" in r
    assert "物业尽快修复" in r and "电梯" in r


def test_restatement_turns_the_callers_words_to_you() -> None:
    r = listen("我家门口的路灯坏了一个月了，晚上黑漆漆的").restatement
    assert "您家门口的路灯坏了一个月了" in r
    assert "我家" not in r


def test_restatement_wording_varies_between_calls() -> None:
    openers = {listen(t).restatement[:6] for t in READ_BACK}
    assert len(openers) >= 3


def test_suicide_risk_is_not_read_back_word_for_word() -> None:
    a = listen("我真的不想活了，活着没意思")
    assert "不想活" not in a.restatement
    assert "不要挂电话" in a.handover.reason if a.handover else False
    assert a.missing[0] == "事发具体位置"


def test_emergency_read_back_names_the_line() -> None:
    a = listen("我家厨房着火了，在上城区采荷街道芙蓉社区2幢")
    assert "消防救援119" in a.restatement and "厨房着火了" in a.restatement


def _docs() -> tuple[dict[str, Any], ...]:
    from importlib import resources

    import yaml

    folder = resources.files("hotline.data").joinpath("appeal")
    names = ("kinds.yaml", "checks.yaml", "topics.yaml", "restatement.yaml")
    return tuple(yaml.safe_load(folder.joinpath(n).read_text(encoding="utf-8")) for n in names)


def test_shipped_appeal_data_is_valid() -> None:
    data = build_appeal_data(*_docs())
    assert set(data.kinds) == {"inquiry", "help", "complaint", "report", "suggestion", "praise"}


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (
            lambda k, c, t, p: t["topics"][0].__setitem__("ask", ["不存在的标签"]),
            "没有在 appeal/checks.yaml 中定义",
        ),
        (
            lambda k, c, t, p: t["topics"][0]["need"].__setitem__("default", ["{nobody}做点什么"]),
            "未知的占位符",
        ),
        (lambda k, c, t, p: k["kinds"].pop("praise"), "缺少诉求类型 praise"),
        (lambda k, c, t, p: k["kinds"]["help"]["cues"].append(["帮(忙", 1.0]), "正则写错了"),
        (lambda k, c, t, p: p.pop("closers"), "缺少 closers"),
    ],
)
def test_broken_appeal_data_is_refused_in_chinese(breakage: Callable[..., object], message: str) -> None:
    docs = copy.deepcopy(_docs())
    breakage(*docs)
    with pytest.raises(HotlineError, match=message):
        build_appeal_data(*docs)
