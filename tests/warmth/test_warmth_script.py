"""The three-step warmth script: matched to the call, varied across calls, and always lint-clean."""

from __future__ import annotations

import copy
import itertools
from datetime import datetime

import pytest

from hotline.analysis import Analysis, Deadline, Details, Emotion, Handover
from hotline.config import Settings
from hotline.errors import HotlineError
from hotline.pipeline import Context
from hotline.warmth.lexicon import read_yaml
from hotline.warmth.lint import lint
from hotline.warmth.script import compose_script
from hotline.warmth.templates import templates, validate

CALL_TIME = datetime(2026, 11, 27, 16, 30)  # a Friday afternoon
FIVE_DAYS = Deadline(
    working_days=5, due="2026-12-04T23:59:59", feedback_by="2026-12-01T12:00:00", rule="help"
)
TWO_HOURS = Deadline(hours=2, due="2026-11-27T18:30:00", feedback_by="2026-11-27T18:30:00", rule="emergency")
TEXTS = [
    "小区电梯坏了三天了，物业一直不修，老人上不了楼。",
    "楼下烧烤摊油烟太大，晚上十二点还在营业。",
    "我家门口的路灯坏了一个多月了，晚上走路很危险。",
    "单位拖欠我三个月工资不发，找老板也找不到人。",
    "隔壁工地凌晨两点还在施工，吵得孩子睡不着。",
    "公交28路经常不按时发车，一等就是四十分钟。",
    "小区垃圾好几天没人清运，臭得不行。",
    "我想问一下新生儿医保在哪里办理。",
]


def make(
    text: str = TEXTS[0],
    *,
    emotion: str = "calm",
    intensity: float = 0.0,
    kind: str = "help",
    urgency: str = "normal",
    handover: Handover | None = None,
    repeat: int = 0,
    deadline: Deadline | None = None,
    name: str | None = None,
    unit: str | None = None,
) -> Analysis:
    a = Analysis(text=text, received_at=CALL_TIME)
    a.emotion = Emotion(primary=emotion, intensity=intensity)  # type: ignore[arg-type]
    a.appeal_kind = kind  # type: ignore[assignment]
    a.urgency = urgency  # type: ignore[assignment]
    a.handover = handover
    a.repeat_calls = repeat
    a.deadline = copy.deepcopy(deadline) if deadline is not None else Deadline()
    a.details = Details(name=name)
    compose_script(a, Context(settings=Settings(), text=text, unit_name=unit))
    return a


def variants(slot: str, key: str) -> tuple[str, ...]:
    return templates()[slot][key]


# ---------------------------------------------------------------- matched to the call


@pytest.mark.parametrize(
    ("emotion", "intensity", "key"),
    [
        ("anger", 0.9, "anger_high"),
        ("anger", 0.3, "anger"),
        ("anxiety", 0.8, "anxiety_high"),
        ("anxiety", 0.2, "anxiety"),
        ("disappointment", 0.7, "disappointment_high"),
        ("disappointment", 0.4, "disappointment"),
        ("calm", 0.0, "calm"),
    ],
)
def test_acceptance_follows_the_emotion_and_its_strength(emotion: str, intensity: float, key: str) -> None:
    for text in TEXTS[:6]:
        a = make(text, emotion=emotion, intensity=intensity, kind="complaint")
        assert a.script.acceptance in variants("acceptance", key)
        assert lint(a.script.acceptance).moves.acceptance


@pytest.mark.parametrize(("kind", "key"), [("inquiry", "calm_inquiry"), ("report", "calm_report")])
def test_calm_callers_are_met_according_to_what_they_came_for(kind: str, key: str) -> None:
    assert make(kind=kind).script.acceptance in variants("acceptance", key)


def test_informants_are_told_their_identity_is_kept_secret() -> None:
    assert "保密" in make("我要举报小区里有人开黑诊所", kind="report").script.acceptance


def test_acceptance_reads_differently_across_emotions() -> None:
    seen = {
        make(text, emotion=e, intensity=i, kind="complaint").script.acceptance
        for text in TEXTS[:3]
        for e, i in [("anger", 0.9), ("anxiety", 0.8), ("disappointment", 0.7), ("calm", 0.0)]
    }
    assert len(seen) >= 3


def test_different_calls_with_the_same_feeling_get_different_wording() -> None:
    scripts = [
        make(t, emotion="anger", intensity=0.9, kind="complaint", deadline=FIVE_DAYS).script for t in TEXTS
    ]
    assert len({s.acceptance for s in scripts}) >= 2
    assert len({s.responsibility for s in scripts}) >= 2
    assert len({s.commitment for s in scripts}) >= 2


def test_the_same_call_always_gets_the_same_script() -> None:
    first = make(TEXTS[1], emotion="anger", intensity=0.9, deadline=FIVE_DAYS).script
    for _ in range(3):
        assert make(TEXTS[1], emotion="anger", intensity=0.9, deadline=FIVE_DAYS).script == first


def test_an_honorific_name_is_used_to_address_the_caller() -> None:
    assert make(name="王先生").script.acceptance.startswith("王先生，")
    assert make(name="王建国").script.acceptance[:3] != "王建国"


# ---------------------------------------------------------------- situations


GAS = Handover(line="119", name="消防救援队", reason="燃气泄漏有爆炸危险", hazard="gas_leak")
COLLAPSE = Handover(line="120", name="急救中心", reason="有人晕倒需要急救", hazard="medical")


@pytest.mark.parametrize("handover", [GAS, COLLAPSE])
def test_an_emergency_is_transferred_now_and_the_operator_stays_on_the_line(handover: Handover) -> None:
    a = make(
        "厨房燃气味很重，我婆婆晕倒在地上了",
        emotion="anxiety",
        intensity=0.95,
        urgency="emergency",
        handover=handover,
        deadline=TWO_HOURS,
    )
    s = a.script
    assert handover.line in s.responsibility and "转" in s.responsibility
    assert any(w in s.acceptance + s.responsibility for w in ("不挂断", "一直在线", "别挂机", "别挂电话"))
    assert handover.name in s.commitment
    assert "18:30" in s.commitment or "2小时" in s.commitment


@pytest.mark.parametrize(("repeat", "calls"), [(1, 2), (3, 4)])
def test_a_repeat_caller_hears_that_they_had_to_call_again(repeat: int, calls: int) -> None:
    a = make(emotion="anger", intensity=0.9, kind="complaint", repeat=repeat, deadline=FIVE_DAYS)
    assert f"{calls}次" in a.script.acceptance
    assert "重复来电" in a.script.responsibility or "多次来电" in a.script.responsibility


def test_praise_is_thanked_and_passed_on_to_the_unit() -> None:
    a = make("我要表扬西湖区城管的王师傅，帮我把摊位的事解决了", kind="praise", unit="西湖区城管局")
    assert any(w in a.script.acceptance for w in ("谢谢", "感谢"))
    assert "西湖区城管局" in a.script.responsibility
    assert "转" in a.script.responsibility


def test_an_inquiry_without_a_dispatch_is_answered_not_handed_off() -> None:
    a = make(TEXTS[-1], kind="inquiry", deadline=Deadline(working_days=2, due="2026-12-01T23:59:59"))
    assert "解答" in a.script.responsibility
    assert "承办单位" not in a.script.responsibility


def test_a_hazard_short_of_an_emergency_is_dispatched_as_urgent() -> None:
    a = make("路边电线杆歪了快倒了", urgency="urgent", deadline=TWO_HOURS)
    assert "紧急件" in a.script.responsibility


def test_responsibility_names_the_unit_when_routing_gave_one() -> None:
    a = make(unit="拱墅区综合行政执法局", kind="complaint", emotion="anger", intensity=0.5)
    assert "拱墅区综合行政执法局" in a.script.responsibility


def test_without_a_unit_the_matter_is_assigned_and_tracked_by_the_operator() -> None:
    r = make(kind="complaint").script.responsibility
    assert "承办单位" in r or "主管" in r
    assert "跟" in r  # 跟踪 / 跟进


def test_commitment_states_the_limit_and_a_concrete_feedback_time() -> None:
    c = make(deadline=FIVE_DAYS).script.commitment
    assert "5个工作日" in c
    assert "12月4日（周五）24:00" in c
    assert "12月1日（周二）12:00" in c
    assert lint(c).moves.commitment


@pytest.mark.parametrize(
    "deadline",
    [
        Deadline(),
        Deadline(working_days=5),
        Deadline(hours=24),
        Deadline(working_days=5, due="不是日期"),
        Deadline(due="2026-12-04"),
    ],
)
def test_a_missing_or_partial_deadline_gives_a_commitment_without_errors(deadline: Deadline) -> None:
    c = make(deadline=deadline).script.commitment
    assert c and lint(c).ok


def test_no_deadline_record_at_all_still_gives_a_full_script() -> None:
    a = Analysis(text=TEXTS[0], received_at=CALL_TIME)
    a.deadline = None  # type: ignore[assignment]
    a.emotion = Emotion(primary="surprise", intensity=0.9)  # type: ignore[arg-type]
    compose_script(a, Context(settings=Settings(), text=a.text))
    assert a.script.acceptance and a.script.responsibility and a.script.commitment
    assert lint(a.script.acceptance + a.script.responsibility + a.script.commitment).ok


def test_a_bare_due_date_reads_as_the_end_of_that_day() -> None:
    assert "12月4日（周五）24:00" in make(deadline=Deadline(due="2026-12-04")).script.commitment


# ---------------------------------------------------------------- everything passes the lint

EMOTIONS = [
    ("anger", 0.9),
    ("anger", 0.3),
    ("anxiety", 0.8),
    ("anxiety", 0.2),
    ("disappointment", 0.7),
    ("calm", 0),
]
KINDS = ["inquiry", "help", "complaint", "report", "suggestion", "praise"]
DEADLINES = [FIVE_DAYS, TWO_HOURS, Deadline(working_days=15, due="2026-12-18T23:59:59"), Deadline()]


def test_every_generated_script_passes_the_lint_and_makes_its_moves() -> None:
    checked = 0
    for (emotion, intensity), kind, deadline, repeat, unit, text in itertools.product(
        EMOTIONS, KINDS, DEADLINES, [0, 2], [None, "西湖区住房和城乡建设局"], TEXTS[:4]
    ):
        a = make(
            text, emotion=emotion, intensity=intensity, kind=kind, deadline=deadline, repeat=repeat, unit=unit
        )
        s = a.script
        whole = lint(s.acceptance + s.responsibility + s.commitment)
        assert whole.ok, (s, whole.to_dict())
        assert lint(s.acceptance).moves.acceptance, s.acceptance
        assert lint(s.responsibility).moves.responsibility, s.responsibility
        if deadline.due:
            assert lint(s.commitment).moves.commitment, s.commitment
        checked += 1
    assert checked == 6 * 6 * 4 * 2 * 2 * 4


@pytest.mark.parametrize(
    "handover", [GAS, COLLAPSE, Handover(line="96345", name="燃气抢修", reason="", hazard="gas")]
)
def test_emergency_scripts_pass_the_lint(handover: Handover) -> None:
    for text in TEXTS:
        s = make(text, urgency="emergency", handover=handover, deadline=TWO_HOURS, emotion="anxiety").script
        assert lint(s.acceptance + s.responsibility + s.commitment).ok, s


def test_every_template_variant_passes_the_lint() -> None:
    values = {
        "calls": 3,
        "unit": "西湖区城市管理局",
        "line": "119",
        "line_name": "消防救援队",
        "working_days": 5,
        "hours": 2,
        "due": "12月4日（周五）24:00",
        "feedback": "12月1日（周二）12:00",
    }
    for slot, keys in templates().items():
        for key, texts in keys.items():
            for template in texts:
                result = lint(template.format_map(values))
                assert result.ok, (slot, key, template, result.to_dict())


# ---------------------------------------------------------------- template validation


def _doc() -> dict[str, dict[str, list[str]]]:
    return copy.deepcopy(read_yaml("script.yaml"))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["responsibility"]["unit"].append("这件事由{unti}负责。"), "{unti}"),
        (lambda d: d["responsibility"]["unit"].append("这件事我来跟进。"), "{unit}"),
        (lambda d: d["commitment"]["days_due"].append("{working_days}个工作日内答复。"), "{due}"),
        (lambda d: d["acceptance"].pop("anger_high"), "anger_high"),
        (lambda d: d["acceptance"].update({"angry": ["您别急。"]}), "angry"),
        (lambda d: d["commitment"]["feedback"].append("{feedback:>10}前回电。"), "{名称}"),
        (lambda d: d["commitment"]["feedback"].append("{feedback前回电。"), "花括号"),
    ],
)
def test_a_broken_template_stops_loading_with_a_chinese_reason(edit: object, message: str) -> None:
    doc = _doc()
    edit(doc)  # type: ignore[operator]
    with pytest.raises(HotlineError) as err:
        validate(doc)
    assert message in err.value.message
    assert "script.yaml" in err.value.message
