"""The time-limit catalogue: which limit applies, when each step falls due, and bad catalogue files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hotline.calendar.timelimits import TimeLimitCatalogue
from hotline.calendar.timelimits_load import parse_catalogue
from hotline.calendar.workdays import WorkCalendar
from hotline.errors import InputError

CAT = TimeLimitCatalogue.load()
CAL = WorkCalendar()
DOCS = (Path(__file__).resolve().parents[2] / "docs" / "time-limits.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "urgency", "text", "rule", "days", "hours"),
    [
        ("inquiry", "normal", "请问社保卡丢了在哪里补办，需要带什么材料", "inquiry", 2, None),
        ("help", "normal", "楼道里的灯坏了一个多月，老人晚上上楼看不见，请帮忙修一下", "help", 10, None),
        (
            "suggestion",
            "normal",
            "建议在学校门口加装一个红绿灯，早上孩子过马路太危险",
            "suggestion",
            10,
            None,
        ),
        ("complaint", "normal", "楼下烧烤店天天开到凌晨两点，油烟和噪音让人没法睡觉", "complaint", 15, None),
        ("report", "normal", "举报隔壁小区有人私拉电线给电动车充电", "report", 15, None),
        ("praise", "normal", "我要表扬社区的王书记，帮我们解决了漏水的问题", "praise", 10, None),
        ("help", "normal", "我们小区从昨天晚上开始停水，到现在还没来水", "utilities_outage", None, 24),
        (
            "complaint",
            "normal",
            "这个冬天暖气不热，屋里才十二度，找物业也没人管",
            "utilities_outage",
            None,
            24,
        ),
        (
            "inquiry",
            "normal",
            "请问我们这片什么时候恢复供电，已经停电三个小时了",
            "utilities_outage",
            None,
            24,
        ),
        ("suggestion", "normal", "建议供电公司停电前提前三天发短信通知", "suggestion", 10, None),
        ("complaint", "urgent", "小区门口井盖丢了好几天，晚上有人差点掉下去", "urgent", None, 2),
        ("complaint", "urgent", "停电了，电梯里好像有人被困，物业电话打不通", "urgent", None, 2),
        ("help", "emergency", "厨房燃气泄漏味道很大，家里还有老人", "emergency", None, 2),
        ("inquiry", "emergency", "", "emergency", None, 2),
    ],
)
def test_the_default_profile_picks_the_expected_limit(
    kind: str, urgency: str, text: str, rule: str, days: int | None, hours: int | None
) -> None:
    limit = CAT.limit_for(kind, urgency, text=text)
    assert (limit.rule, limit.working_days, limit.hours) == (rule, days, hours)
    assert limit.source


def test_every_number_in_the_default_profile_has_a_source() -> None:
    for rule in CAT.rules:
        limit = rule.limit
        for span in (limit.accept, limit.reply, limit.return_window, limit.extension_max, limit.visit):
            assert span.source and span.source_id in CAT.sources, (limit.rule, span)
        assert limit.feedback.source and limit.feedback.source_id in CAT.sources


def test_the_documentation_describes_every_rule_and_source_of_the_default_profile() -> None:
    for rule in CAT.rules:
        assert f"`{rule.limit.rule}`" in DOCS, rule.limit.rule
    for sid in CAT.sources:
        assert f"`{sid}`" in DOCS, sid


# --- steps of a ticket -------------------------------------------------------------------


def test_steps_of_a_complaint_received_the_day_before_national_day() -> None:
    limit = CAT.limit_for("complaint")
    due = CAT.steps_due(limit, datetime(2026, 9, 30, 15, 0), CAL)
    assert due["accept_by"] == datetime(2026, 10, 8, 23, 59, 59)  # 签收: 1 working day
    assert due["return_by"] == datetime(2026, 10, 9, 23, 59, 59)  # 退单: 2 working days
    assert due["feedback_by"] == datetime(2026, 10, 9, 12, 0)  # noon of the 2nd working day
    assert due["reply_by"] == datetime(2026, 10, 27, 23, 59, 59)  # 15 working days
    assert due["visit_by"] == datetime(2026, 10, 30, 23, 59, 59)  # 回访 3 working days after
    assert due["provisional"] is False


def test_steps_of_an_outage_run_on_the_clock_through_the_holiday() -> None:
    limit = CAT.limit_for("help", text="整栋楼停电了")
    due = CAT.steps_due(limit, datetime(2026, 10, 1, 20, 30), CAL)
    assert due["accept_by"] == datetime(2026, 10, 1, 21, 0)  # 30 minutes, holiday or not
    assert due["reply_by"] == datetime(2026, 10, 2, 20, 30)
    assert due["feedback_by"] == due["reply_by"]
    assert due["return_by"] == datetime(2026, 10, 1, 21, 30)


def test_the_feedback_hour_setting_moves_the_promised_time() -> None:
    due = CAT.steps_due(CAT.limit_for("help"), datetime(2026, 3, 9, 9), CAL, feedback_hour=17)
    assert due["feedback_by"] == datetime(2026, 3, 11, 17, 0)


def test_a_deadline_into_2027_is_marked_provisional() -> None:
    due = CAT.steps_due(CAT.limit_for("complaint"), datetime(2026, 12, 20, 10), CAL)
    assert due["provisional"] is True
    assert due["reply_by"] == datetime(2027, 1, 11, 23, 59, 59)


# --- a local catalogue with category and district rules ----------------------------------

LOCAL = """\
profile: 示范区
sources:
  city: 示范市12345热线工单办理规定（测试用）
  district: 西湖区接诉即办实施办法（测试用）
defaults:
  accept: {working_days: 1, source: city}
  return_window: {working_days: 2, source: city}
  extension_max: {working_days: 10, source: city}
  feedback: {working_day: 2, hour: 12, source: city}
  visit: {working_days: 3, source: city}
rules:
  - {id: any_kind, when: {}, reply: {working_days: 15, source: city}}
  - {id: inquiry, when: {appeal_kind: inquiry}, reply: {working_days: 2, source: city}}
  - id: property_help
    when: {appeal_kind: help, category: 城乡建设/物业管理}
    reply: {working_days: 5, source: city}
  - id: xihu_complaint
    when: {appeal_kind: complaint, district: 西湖区}
    reply: {working_days: 1, source: district}
  - id: heating
    when: {keywords: [暖气不热, 停暖]}
    reply: {hours: 24, source: city}
    feedback: {hours: 4, source: city}
  - id: urgent
    when: {urgency: [urgent, emergency]}
    accept: {minutes: 15, source: city}
    reply: {hours: 2, source: city}
    feedback: {hours: 2, source: city}
"""


@pytest.fixture(scope="module")
def local() -> TimeLimitCatalogue:
    return parse_catalogue(LOCAL, name="local.yaml")


@pytest.mark.parametrize(
    ("kind", "urgency", "category", "district", "text", "rule"),
    [
        ("help", "normal", None, None, "路灯不亮", "any_kind"),
        ("help", "normal", "城乡建设/物业管理", None, "电梯坏了", "property_help"),
        ("help", "normal", "城乡建设 › 物业管理 › 电梯", None, "电梯坏了", "property_help"),
        ("help", "normal", "城乡建设", None, "路面塌陷", "any_kind"),  # the parent is not enough
        ("complaint", "normal", "城乡建设/物业管理", "西湖区", "物业不作为", "xihu_complaint"),
        ("complaint", "normal", None, "上城区", "物业不作为", "any_kind"),
        ("complaint", "normal", None, "西湖区", "家里暖气不热", "heating"),  # keywords beat the district
        ("complaint", "urgent", None, "西湖区", "暖气管爆了热水往外冒", "urgent"),  # urgency beats all
        ("inquiry", "normal", None, "西湖区", "停暖通知在哪看", "heating"),
    ],
)
def test_the_most_specific_rule_wins(
    local: TimeLimitCatalogue,
    kind: str,
    urgency: str,
    category: str | None,
    district: str | None,
    text: str,
    rule: str,
) -> None:
    assert local.limit_for(kind, urgency, category=category, district=district, text=text).rule == rule


def test_feedback_is_never_later_than_the_reply_deadline(local: TimeLimitCatalogue) -> None:
    limit = local.limit_for("complaint", district="西湖区")  # reply in 1 working day, feedback "day 2"
    due = local.steps_due(limit, datetime(2026, 9, 30, 15), CAL)
    assert due["reply_by"] == datetime(2026, 10, 8, 23, 59, 59)
    assert due["feedback_by"] == datetime(2026, 10, 8, 12, 0)
    assert due["feedback_by"] <= due["reply_by"]


def test_the_time_limits_setting_selects_a_custom_file(tmp_path: Path) -> None:
    from hotline.calendar.timelimits import default_catalogue
    from hotline.config import Settings

    path = tmp_path / "local.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    cat = default_catalogue(Settings(time_limits=path, data_dir=tmp_path))
    assert cat.profile == "示范区"
    assert cat.limit_for("complaint", district="西湖区").working_days == 1


BASE = """\
sources:
  s: 测试来源
defaults:
  accept: {working_days: 1, source: s}
  return_window: {working_days: 2, source: s}
  extension_max: {working_days: 10, source: s}
  feedback: {working_day: 2, source: s}
  visit: {working_days: 3, source: s}
rules:
  - {id: all, reply: {working_days: 10, source: s}}
"""

BAD_CATALOGUES = [
    (
        BASE + "  - {id: x, when: {appeal_kind: complaint}, reply: {working_days: 5}}\n",
        "第 11 行",
        "每个时限都要写明来源",
    ),
    (
        BASE + "  - {id: x, when: {appeal_kind: complaint}, reply: {working_days: 5, source: gd}}\n",
        "来源 gd 未在 sources 中定义",
        "",
    ),
    (
        BASE + "  - {id: x, when: {appeal_kind: complaint}, reply: {minutes: 30, source: s}}\n",
        "reply.minutes",
        "不认识的字段",
    ),
    (
        BASE + "  - {id: x, when: {appeal_kind: complaint}, reply: {working_days: -3, source: s}}\n",
        "应为不小于 1 的整数",
        "",
    ),
    (
        BASE + "  - {id: x, when: {appeal_kind: complaint}, reply: {hours: 2, source: s}}\n",
        "反馈也应以小时计",
        "",
    ),
    (
        BASE + "  - {id: x, when: {appeal_kind: complain}, reply: {working_days: 5, source: s}}\n",
        "complain 不是可用的取值",
        "",
    ),
    (
        BASE + "  - {id: x, when: {category: 市容环卫}, reply: {working_days: 5, source: s}}\n",
        "一级分类应为 城乡建设",
        "",
    ),
    (
        BASE + "  - {id: all, when: {appeal_kind: help}, reply: {working_days: 5, source: s}}\n",
        "规则 id all 与第 10 行重复",
        "",
    ),
    (BASE + "  - {id: x, reply: {working_days: 5, source: s}}\n", "适用条件与规则 all 完全相同", ""),
    (
        BASE + "  - {id: x, when: {urgent: true}, reply: {working_days: 5, source: s}}\n",
        "when.urgent",
        "不认识的字段",
    ),
    (
        BASE.replace("  - {id: all, reply", "  - {id: all, when: {urgency: normal}, reply"),
        "没有兜底规则",
        "咨询/紧急",
    ),
    (BASE.replace("  visit: {working_days: 3, source: s}\n", ""), "缺少回访时限 visit", ""),
    (BASE.replace("rules:", "rule:"), "rule：不认识的字段", ""),
    (BASE + "  - {id: Bad-Id, reply: {working_days: 5, source: s}}\n", "规则 id 应为小写英文", ""),
    (BASE + "  - id: x\n    when: {appeal_kind: [help\n", "不是合法的 YAML：第", ""),
]


@pytest.mark.parametrize(("text", "part1", "part2"), BAD_CATALOGUES)
def test_a_broken_catalogue_gets_a_chinese_error_naming_the_place(text: str, part1: str, part2: str) -> None:
    with pytest.raises(InputError) as err:
        parse_catalogue(text, name="bad.yaml")
    assert part1 in err.value.message
    assert part2 in err.value.message
    assert err.value.message.startswith("bad.yaml")


def test_a_missing_catalogue_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="HOTLINE_TIME_LIMITS"):
        TimeLimitCatalogue.load(tmp_path / "none.yaml")
