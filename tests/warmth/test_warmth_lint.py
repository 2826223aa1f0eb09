"""Lint of operator replies: vague words, buck-passing, impatience, the four moves, and speed."""

from __future__ import annotations

import copy
import timeit

import pytest

from hotline.errors import HotlineError, InputError
from hotline.warmth.lexicon import FILES, build, read_yaml
from hotline.warmth.lint import lint

# ---------------------------------------------------------------- vague words


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        ("应该明天能回复您", ["应该"]),
        ("这个问题可能要等一段时间，有消息再通知您。", ["可能", "一段时间", "有消息再"]),
        ("我们会尽快处理，大概三天左右会有结果。", ["尽快", "大概", "左右"]),
        ("也许下周就能修好，您再等等。", ["也许"]),
        ("估计物业那边这两天会派人过去看看。", ["估计", "这两天"]),
        ("维修差不多要一个星期。", ["差不多"]),
        ("我们尽量帮您协调，争取本周五前给您答复。", ["尽量", "争取"]),
        ("或许是线路老化，我们会安排人员检查。", ["或许"]),
        ("好像是施工方的问题，具体我也说不准。", ["好像", "说不准"]),
        ("这个要看情况，说不定下个月就开通了。", ["看情况", "说不定"]),
        ("一般来说五个工作日内会有答复。", ["一般来说"]),
        ("一般三个工作日内会有回复。", ["一般"]),
        ("原则上是可以补办的，理论上也不收费。", ["原则上", "理论上"]),
        ("不出意外的话月底前能通水。", ["不出意外"]),
        ("基本上没什么问题，您放心。", ["基本上"]),
        ("这个事情基本能解决。", ["基本"]),
        ("我们近期会安排人员上门。", ["近期"]),
        ("过几天给您回复。", ["过几天"]),
        ("回头我再给您打电话。", ["回头"]),
        ("稍后会有工作人员联系您。", ["稍后"]),
        ("我们会及时向您反馈处理结果。", ["及时"]),
        ("处理结果出来了第一时间通知您。", ["第一时间"]),
        ("我已经转给相关部门处理了。", ["相关部门"]),
        ("这件事我们会反映给有关单位。", ["有关单位"]),
        ("这个情况我会向上级部门反映。", ["上级部门"]),
        ("大约需要两三天时间。", ["大约", "两三天"]),
        ("修好恐怕要到十点左右。", ["恐怕", "左右"]),
        ("这个不一定，要等审批结果。", ["不一定"]),
        ("办下来需要几个工作日。", ["几个工作日"]),
        ("您先回去等通知吧。", ["等通知"]),
        ("这个以后再说吧。", ["以后再说"]),
        ("我们会尽力而为。", ["尽力而为"]),
        ("我帮您看看能不能加急。", ["看看能不能"]),
        ("一会儿会有短信发到您手机上。", ["一会儿"]),
        ("等会儿我再打给您。", ["等会儿"]),
    ],
)
def test_vague_words_are_found_where_they_are(reply: str, words: list[str]) -> None:
    result = lint(reply)
    assert [v.word for v in result.vague] == words
    for hit in result.vague:
        assert reply[hit.start : hit.end] == hit.word
        assert hit.suggestion and hit.advice
    assert not result.ok


@pytest.mark.parametrize(
    "reply",
    [
        "这是我们应该做的，不客气。",
        "不客气，应该的。",
        "让您等了这么久，真不应该，我向您道歉。",
        "您应该先带上身份证和户口本，到区政务服务中心一楼办理。",
        "我们夹在中间也左右为难，但这件事由街道负责，我现在就转办。",
        "工作人员前后左右都检查过了，没有发现漏水点。",
        "我们会上门排查，排除安全隐患的可能性。",
        "这种做法可能造成安全事故，我们会通知执法队。",
        "回访时您可以选满意、基本满意或不满意。",
        "请您尽快把材料交到窗口，明天中午12点前我给您回电。",
        "建议您第一时间拨打110报警。",
        "这个项目正在做评估计划。",
        "这几天雨水多，施工暂停了，11月30日恢复施工。",
        "您等了好几天，确实让人着急。",
        "街道正在积极争取资金。",
        "您说的这段时间，我们已经调取了监控。",
        "遇到这种事情，请及时拨打报警电话。",
        "我们尽快，在明天上午10点前给您答复。",
        "按规定5个工作日内办结，11月30日（周一）12:00前我给您回电。",
    ],
)
def test_ordinary_words_that_look_vague_are_left_alone(reply: str) -> None:
    assert lint(reply).vague == []


@pytest.mark.parametrize(
    ("reply", "must_contain", "must_not_contain"),
    [
        ("应该明天能回复您", ["明天", "〔具体时间〕前", "回复您"], ["应该"]),
        ("我们会尽快处理", ["〔具体日期〕", "前处理"], ["尽快"]),
        ("大概三天左右会有结果", ["三天内"], ["大概", "左右"]),
        ("维修师傅十点左右到", ["十点前"], ["左右"]),
        ("我们尽量帮您协调", ["我们会帮您协调"], ["尽量"]),
        ("已经转给相关部门处理", ["〔承办单位名称〕"], ["相关部门"]),
        ("可能要等一段时间", ["到〔具体日期〕"], ["可能", "一段时间"]),
        ("估计下周三能修好", ["下周三（〔具体日期〕）〔具体时间〕前"], ["估计"]),
        ("抢修人员大约20分钟到达", ["20分钟内到达"], ["大约"]),
        ("等会儿我再打给您", ["〔N〕分钟内我再打给您"], ["等会儿"]),
    ],
)
def test_suggestions_rewrite_the_clause_concretely(
    reply: str, must_contain: list[str], must_not_contain: list[str]
) -> None:
    suggestion = lint(reply).vague[0].suggestion
    for part in must_contain:
        assert part in suggestion
    for part in must_not_contain:
        assert part not in suggestion


VAGUE_REPLIES = [
    "您好，您说的问题我们已经记录了，应该这两天会有人联系您，请您耐心等待。",
    "这个我们会尽快转给相关部门处理，大概一周左右会有结果，有消息再通知您。",
    "可能是供水管道检修，估计下午就能恢复，也许要到晚上。",
    "原则上是可以退的，我们尽量帮您争取，不过不一定能成功。",
    "物业那边好像已经在处理了，过几天应该就好了。",
    "这个要看情况，一般来说三五个工作日，差不多下周能办完。",
]


@pytest.mark.parametrize("reply", VAGUE_REPLIES)
def test_rewrites_no_longer_hold_the_vague_words_they_replace(reply: str) -> None:
    result = lint(reply)
    assert len(result.vague) >= 2
    for hit in result.vague:
        if hit.suggestion == hit.advice:
            continue
        assert hit.word not in lint(hit.suggestion).to_dict()["vague"]
        assert [v.word for v in lint(hit.suggestion).vague] == []


def test_a_reply_full_of_vague_words_is_flagged_word_by_word() -> None:
    reply = "这个应该可能大概也许估计差不多三天左右就尽量处理好，或许好像说不定。"
    words = [v.word for v in lint(reply).vague]
    assert words == [
        "应该",
        "可能",
        "大概",
        "也许",
        "估计",
        "差不多",
        "左右",
        "尽量",
        "或许",
        "好像",
        "说不定",
    ]


# ---------------------------------------------------------------- buck-passing


@pytest.mark.parametrize(
    "reply",
    [
        "这个不归我们管。",
        "这事不归我们负责，您打错了。",
        "这不是我们的事，你找别人吧。",
        "这个跟我们没关系。",
        "我们管不了这个。",
        "你去找物业吧。",
        "您还是去问街道办吧。",
        "你自己去问问社区。",
        "您得找派出所。",
        "你找城管去吧！",
        "这个你得去找住建局。",
        "您去找别的部门问问。",
        "您打别的电话试试。",
        "这是物业的事。",
        "这归城管管。",
        "我只是个接电话的，做不了主。",
        "这不在我们的受理范围。",
        "该问题不属于我局职能范围，建议您联系市房产局。",
        "爱找谁找谁。",
    ],
)
def test_buck_passing_is_caught(reply: str) -> None:
    result = lint(reply)
    assert result.buck_passing, reply
    for hit in result.buck_passing:
        assert reply[hit.start : hit.end] == hit.text
        assert "我" in hit.suggestion and ("负责" in hit.suggestion or "转" in hit.suggestion)
    assert not result.ok


@pytest.mark.parametrize(
    "reply",
    [
        "您可以携带身份证到区政务服务中心办理。",
        "这件事由西湖区城管局负责，我现在就为您转办，并跟踪办理进度。",
        "这归住建局负责，我现在就为您转办，11月30日前给您回电。",
        "这是我们应该做的。",
        "这件事我来跟进，您放心。",
        "您可以拨打96345燃气抢修电话，我也同步给燃气公司派单。",
        "尿毒症不属于我区医疗救助规定病种，我把具体规定发短信给您。",
    ],
)
def test_taking_responsibility_is_not_buck_passing(reply: str) -> None:
    assert lint(reply).buck_passing == []


@pytest.mark.parametrize(
    ("reply", "unit"),
    [("你去找物业吧。", "物业"), ("您还是去问街道办吧", "街道办"), ("这是社区的事", "社区")],
)
def test_buck_passing_rewrite_names_the_unit_the_operator_pushed_to(reply: str, unit: str) -> None:
    suggestion = lint(reply).buck_passing[0].suggestion
    assert f"由{unit}负责" in suggestion and "我现在就为您转办" in suggestion


def test_buck_passing_rewrite_without_a_named_unit_still_takes_it_on() -> None:
    suggestion = lint("您去找别的部门问问").buck_passing[0].suggestion
    assert "别的部门" not in suggestion
    assert "我来为您登记" in suggestion and "跟踪" in suggestion


# ---------------------------------------------------------------- impatience


@pytest.mark.parametrize(
    ("reply", "rule"),
    [
        ("你听我说完！", "let_me_finish"),
        ("我已经说过了，这个办不了。", "already_said"),
        ("我都跟你说了三遍了。", "already_said"),
        ("不是跟你说了吗？", "didnt_i_say"),
        ("你到底想怎样？", "what_do_you_want"),
        ("就这样吧，我挂了。", "thats_it"),
        ("您别激动，先听我讲。", "calm_down"),
        ("你冷静一点。", "calm_down"),
        ("随便你，你想怎么样就怎么样。", "whatever"),
        ("反正就这样，没别的办法。", "anyway"),
        ("我们也没办法。", "no_way"),
        ("有完没完？", "no_end"),
        ("跟你说不清楚。", "unreasonable"),
        ("你怎么还不明白？", "dont_you_understand"),
        ("我们这边很忙。", "too_busy"),
        ("你催也没用。", "no_use"),
        ("那你去投诉吧。", "go_complain"),
        ("还有别的事吗？", "anything_else"),
    ],
)
def test_impatience_is_caught(reply: str, rule: str) -> None:
    result = lint(reply)
    assert rule in [hit.rule for hit in result.impatience]
    assert all(hit.suggestion for hit in result.impatience)


@pytest.mark.parametrize(
    "reply",
    [
        "您别着急，我来帮您查一下。",
        "您慢慢说，我都记着。",
        "请问还有什么需要我帮您的吗？",
        "我们暂时没办法联系上施工单位，今天17:00前我再打一次，结果告诉您。",
        "这样吧，我先帮您登记，再联系社区。",
    ],
)
def test_patient_phrasing_is_not_impatience(reply: str) -> None:
    assert lint(reply).impatience == []


# ---------------------------------------------------------------- the four moves

GOOD_REPLY = (
    "理解您的心情，换成是我也会着急。您反映的是文三路128号小区电梯停运三天的问题，对吗？"
    "这件事由西湖区市场监管局负责，我现在就为您转办，并跟踪办理进度。"
    "按规定5个工作日内办结，11月30日（周一）12:00前我会给您回电。"
)


def test_a_complete_reply_makes_all_four_moves_and_scores_full_marks() -> None:
    result = lint(GOOD_REPLY)
    assert result.moves.present() == ["restatement", "acceptance", "responsibility", "commitment"]
    assert result.ok and result.score == 100


@pytest.mark.parametrize(
    ("reply", "moves"),
    [
        ("我跟您确认一下，您家楼下的路灯坏了一个星期，是吗？", {"restatement"}),
        ("您是说物业收了钱一直不开发票，对吗？", {"restatement"}),
        ("您的诉求是尽快恢复供暖。我记录得对不对？", {"restatement"}),
        ("让您久等了，给您添麻烦了。", {"acceptance"}),
        ("不好意思，让您跑了好几趟。", {"acceptance"}),
        ("遇到这种事谁都会生气，您的心情我完全理解。", {"acceptance"}),
        ("听得出来您很着急。", {"acceptance"}),
        ("这件事由拱墅区综合行政执法局负责。", {"responsibility"}),
        ("我们会转交给社区，并跟踪办理情况。", {"responsibility"}),
        ("这件事我来跟进。", {"responsibility"}),
        ("11月30日中午12点前给您回电。", {"commitment"}),
        ("3个工作日内给您答复。", {"commitment"}),
        ("明天上午派人上门维修。", {"commitment"}),
        ("好的，再见。", set()),
    ],
)
def test_each_move_is_recognised(reply: str, moves: set[str]) -> None:
    assert set(lint(reply).moves.present()) == moves


@pytest.mark.parametrize(
    "reply",
    [
        "应该明天给您回电。",  # hedged: not a commitment
        "我们会尽快给您回电。",  # no time
        "明天天气不错。",  # a time, but no action
        "大概三天左右给您答复。",  # an estimate, not a time limit
        "我马上帮您登记。",  # acting now is responsibility, not a promise of when the caller hears back
    ],
)
def test_a_commitment_needs_a_firm_time_and_an_action(reply: str) -> None:
    assert lint(reply).moves.commitment is False


def test_score_drops_with_each_problem_and_never_goes_below_zero() -> None:
    assert lint("理解您的心情。").score == 25
    assert lint("理解您的心情，应该明天能好。").score == 10
    assert lint("这不归我们管，你去找物业，就这样吧。").score == 0


# ---------------------------------------------------------------- input handling


def test_traditional_text_is_linted_with_offsets_into_the_original() -> None:
    reply = "我們應該明天能回覆您"
    hit = lint(reply).vague[0]
    assert hit.word == "应该" and (hit.start, hit.end) == (2, 4)
    assert any("繁体" in n for n in lint(reply).notes)


def test_english_text_is_checked_with_a_warning() -> None:
    result = lint("We will probably call you back soon")
    assert result.notes and result.vague == []


@pytest.mark.parametrize("bad", ["", "   ", "\n"])
def test_empty_reply_is_refused_in_chinese(bad: str) -> None:
    with pytest.raises(InputError) as err:
        lint(bad)
    assert err.value.code == "empty_text" and "坐席答复" in err.value.message


def test_to_dict_has_the_contract_fields() -> None:
    out = lint("应该明天能回复您，你去找物业吧，就这样吧。").to_dict()
    assert set(out) >= {"vague", "buck_passing", "impatience", "moves", "ok", "score"}
    assert set(out["vague"][0]) >= {"word", "start", "end", "suggestion"}
    assert set(out["buck_passing"][0]) >= {"text", "start", "end", "suggestion"}
    assert set(out["impatience"][0]) >= {"text", "start", "end", "suggestion"}
    assert set(out["moves"]) == {"restatement", "acceptance", "responsibility", "commitment"}


# ---------------------------------------------------------------- data validation


def _docs() -> dict[str, object]:
    return {name: copy.deepcopy(read_yaml(name)) for name in FILES}


def test_a_vague_entry_with_a_broken_regex_stops_loading_with_its_name() -> None:
    docs = _docs()
    docs["vague.yaml"]["entries"][0]["pattern"] = "应该(?!"  # type: ignore[index]
    with pytest.raises(HotlineError) as err:
        build(docs)
    assert "vague.yaml" in err.value.message and "应该" in err.value.message


def test_an_exclusion_that_cannot_apply_is_refused() -> None:
    docs = _docs()
    docs["vague.yaml"]["entries"][1]["exclude"] = ["不相干"]  # type: ignore[index]
    with pytest.raises(HotlineError) as err:
        build(docs)
    assert "不相干" in err.value.message


def test_a_capturing_group_in_an_impatience_pattern_is_refused() -> None:
    docs = _docs()
    docs["impatience.yaml"]["entries"][0]["pattern"] = "(你)听我说完"  # type: ignore[index]
    with pytest.raises(HotlineError) as err:
        build(docs)
    assert "非捕获组" in err.value.message


def test_every_suggestion_in_the_lexicons_is_itself_clean() -> None:
    docs = _docs()
    texts = [e["suggestion"] for e in docs["impatience.yaml"]["entries"]]  # type: ignore[index]
    texts.append(docs["buck_passing.yaml"]["with_unit"].format(unit="西湖区城管局"))  # type: ignore[index]
    texts.append(docs["buck_passing.yaml"]["without_unit"])  # type: ignore[index]
    for text in texts:
        result = lint(text)
        assert result.ok, (text, result.to_dict())


# ---------------------------------------------------------------- speed


def test_a_200_character_reply_is_linted_in_under_a_third_of_a_millisecond() -> None:
    flawed = (
        "您好，您说的问题我们已经记录了。这个不归我们管，但我们会转给物业，"
        "应该这两天会有人联系您，大概三天左右会有结果，请您耐心等待。"
    )
    replies = [(GOOD_REPLY * 2)[:200], (flawed * 3)[:200]]
    for reply in replies:
        lint(reply)  # warm-up: lexicons load once
    per_call = []
    for reply in replies:
        best = min(timeit.repeat(lambda r=reply: lint(r), number=200, repeat=5)) / 200  # type: ignore[misc]
        per_call.append(best)
    assert sum(per_call) / len(per_call) < 0.0003, per_call
