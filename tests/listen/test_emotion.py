"""Emotion: what an operator sees about how the caller feels, how strongly, and which words show it."""

from __future__ import annotations

import copy
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from hotline.analysis import EMOTIONS, Analysis
from hotline.config import get_settings
from hotline.errors import HotlineError
from hotline.listen import emotion
from hotline.listen.emotion import build_lexicon, read, read_emotion
from hotline.pipeline import Context

REPO = Path(__file__).resolve().parents[2]

ANGER = [
    "我已经打了四次电话了，你们就是在踢皮球，太气人了！",
    "物业说找社区，社区说找房管局，房管局又让我找物业，推来推去到底谁管？",
    "这个事情拖了半年没人管，你们到底是干什么吃的？",
    "再不处理我就找媒体曝光，让大家评评理！",
    "你把你们领导叫来，我不跟你说。",
    "隔壁饭店天天半夜搬货，吵得全楼没法睡觉，说了多少遍都不听，简直无法无天！",
    "凭什么外地车可以随便停，我们本小区业主停一下就被贴条？",
    "城管收了摊贩的钱就睁一只眼闭一只眼，这不是官官相护吗？",
    "我交了三年物业费，电梯三天两头坏，物业一点作为都没有，太不像话了！",
    "老板欠薪跑了，劳动局说去法院，法院说先仲裁，这么推诿扯皮，我真是气炸了",
    "你们窗口的工作人员态度极差，我问一句她就翻白眼",
    "暖气公司收钱的时候积极得很，修暖气的时候人影都不见，太欺负人了",
    "我第三次打电话了，上次你们答应三天内给答复，结果呢？",
    "小区门口的违建举报了一年都没人拆，你们是不是收了好处？",
    "开发商延期交房两年，一分钱违约金不赔，还有没有天理？",
    "学校强制学生买指定校服，一套八百，这不是抢钱吗？",
    "出租车司机拒载还骂人，车牌我都记下来了，必须严惩！",
    "医院收了红包才给安排床位，这种黑心医院必须查！",
    "跑了七八趟社保局，每次都让我补材料，耍我玩呢？",
    "你们这个热线就是摆设，打了也是白打，官老爷作风！",
    "我要投诉你们这个接线员，什么态度啊😡",
    "快递柜天天超时收费，找客服没人理，我受够了！！！",
    "你们简直离谱，下水道堵了一个月，臭得家里没法待",
    "等了三个月了，一个人都没来过，你们是不是根本不管？",
]
ANXIETY = [
    "我孩子高烧三十九度五，社区医院关门了，现在该去哪里啊？",
    "明天就要交社保材料了，单位的证明还没盖章，这可怎么办？",
    "我妈一个人在家，电话一直没人接，我好担心她出事。",
    "房子漏水把楼下都泡了，我在外地回不去，急死我了。",
    "公积金贷款今天下午就截止了，系统一直卡着进不去，来不及了！",
    "我儿子放学到现在还没到家，平时早就回来了，我很害怕。",
    "家里老人摔了一跤起不来，救护车还没到，我们该怎么办？",
    "工资一直没发，下个月房租交不上了，我都睡不着觉了。",
    "我刚才给一个自称公安的人转了五万块，现在想想不对劲，好慌啊",
    "小区后面的山体这两天一直往下掉石头，万一塌了怎么办？",
    "孩子下周就要高考，楼下工地天天夜里施工，孩子根本睡不着，求求你们管一管",
    "我的居住证后天就到期了，续办一直没通过，会不会影响孩子入学？",
    "天这么冷，家里暖气突然不热了，老人和孩子都冻感冒了，能不能尽快派人？",
    "我在医院等着交押金，医保卡却显示异常，医生说不交钱不能做手术，我真的急了",
    "我闻到楼道里有一股煤气味，不知道是谁家的，有点害怕",
    "我家孩子被狗咬了，打狂犬疫苗的地方都下班了，该去哪儿打？",
    "刚毕业找不到工作，档案不知道放哪里，担心以后影响落户",
    "我老伴走丢了，他有阿尔茨海默症，身上没带手机",
    "婚礼定在下个月，酒店突然说倒闭了，定金还能退吗？好着急",
    "刚买的房子交房时发现墙面裂缝，担心是结构问题，住进去安全吗？",
    "我怀着孕，单位说要把我辞退，我以后怎么办？",
    "外面水都淹到膝盖了，我们一楼马上就要进水了，能不能派人来？",
]
DISAPPOINTMENT = [
    "算了算了，说了也没用，你们就记一下吧。",
    "我反映了这么多次，每次都是老样子，已经不抱希望了。",
    "上个月打过一次，说一周内回复，到现在也没有下文。",
    "原本以为打12345能解决，结果还是白打了。",
    "一次次失望，我都不知道该相信谁了。",
    "这种事情我见多了，最后还不是不了了之。",
    "我一个老太太，跑了这么多地方，实在跑不动了，唉。",
    "你们的答复我看了，跟没答复一样，真让人寒心。",
    "修了好几次还是漏，我也不想再折腾了，就这样吧。",
    "本来对新来的物业抱有期待，现在看来也是一样，挺失望的。",
    "投诉了那么多回，石沉大海，我也认了。",
    "你们说会协调，协调了半年，什么都没变。",
    "我已经麻木了，反正找谁都没用。",
    "说好的年底前解决，又拖到明年了，心累。",
    "我都习惯了，你们也就是走走形式。",
    "问题提了三年，还是没解决，我对这个事情已经不指望了。",
    "我知道你们也难，只是觉得有点心寒……",
    "以前还愿意打电话反映，现在觉得没什么意义了。",
    "孩子上学的事求了一圈人，都说没办法，只能这样了。",
    "当时答应给补偿，到现在一分钱没见着，我也不想再争了。",
]
CALM = [
    "你好，我想咨询一下居住证怎么办理？",
    "请问二手房过户需要带哪些材料？",
    "我想了解一下今年的高龄津贴标准。",
    "麻烦帮我查一下上周提交的诉求进度，谢谢。",
    "我们小区路口的指示牌被风吹歪了，麻烦安排人扶正一下。",
    "我要表扬一下派出所的李警官，帮我找回了丢失的钱包，非常感谢。",
    "建议地铁站多设几个共享单车停放点。",
    "请问新能源车的补贴政策还有吗？",
    "我不着急，你们按程序办就行，有消息通知我。",
    "我没有生气，就是想把情况说清楚。",
    "想问一下，灵活就业人员怎么交医保？",
    "你好，咨询一下孩子办身份证需要本人到场吗？",
    "上次的问题已经处理好了，打电话来说声谢谢。",
    "我家门口的路面有个小坑，不着急，有空的时候修一下就行。",
    "请问办理营业执照可以网上办吗？",
    "您好，我想反映一个情况，公园的健身器材有一个螺丝松了。",
    "我想问下老年卡在哪里办理？",
    "麻烦登记一下，我们这片的路灯晚上没亮。",
    "好的，谢谢你，我等你们的电话。",
    "想咨询下公租房排队现在排到多少号了？",
]


@pytest.mark.parametrize("text", ANGER)
def test_angry_callers_read_as_anger(text: str) -> None:
    assert read(text).primary == "anger"


@pytest.mark.parametrize("text", ANXIETY)
def test_anxious_callers_read_as_anxiety(text: str) -> None:
    assert read(text).primary == "anxiety"


@pytest.mark.parametrize("text", DISAPPOINTMENT)
def test_disappointed_callers_read_as_disappointment(text: str) -> None:
    assert read(text).primary == "disappointment"


@pytest.mark.parametrize("text", CALM)
def test_calm_callers_read_as_calm(text: str) -> None:
    assert read(text).primary == "calm"


@pytest.mark.parametrize("text", ANGER[:6] + ANXIETY[:6] + DISAPPOINTMENT[:6] + CALM[:6] + ["", "   ", "OK"])
def test_scores_cover_four_emotions_and_sum_to_one(text: str) -> None:
    e = read(text)
    assert set(e.scores) == set(EMOTIONS)
    assert sum(e.scores.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(0.0 <= v <= 1.0 for v in e.scores.values())
    assert 0.0 <= e.intensity <= 1.0
    assert e.primary == max(e.scores, key=lambda k: e.scores[k])


# --- negation, double negation, rhetorical questions


@pytest.mark.parametrize(
    "text",
    [
        "我不生气，就是想问问这个事归谁管。",
        "我并没有生气，你们慢慢查。",
        "我一点也不害怕，就是提醒你们一下。",
        "我不担心，就是问一下进度。",
        "我没有失望，你们已经尽力了。",
    ],
)
def test_a_negated_feeling_is_not_that_feeling(text: str) -> None:
    e = read(text)
    assert e.primary == "calm"
    assert any(ev.cue.startswith("否定:") for ev in e.evidence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我不是不着急，是真的等不起了，孩子明天就要报到。", "anxiety"),
        ("这不是踢皮球吗？", "anger"),
        ("你们这不是推诿是什么！", "anger"),
        ("你们不觉得这样太过分了吗？", "anger"),
        ("我不知道该怎么办，老人一个人在家。", "anxiety"),
        ("最后还不是不了了之。", "disappointment"),
    ],
)
def test_double_negation_and_rhetorical_questions_keep_the_feeling(text: str, expected: str) -> None:
    assert read(text).primary == expected


def test_an_operator_saying_dont_worry_is_not_anxious() -> None:
    e = read("您别着急，也别担心，我马上帮您登记。")
    assert e.primary == "calm"
    assert e.scores["anxiety"] < 0.3


def test_how_to_apply_is_not_what_do_i_do() -> None:
    # "怎么办理" is a calm question; "怎么办啊" is worry.
    assert read("请问居住证怎么办理？").primary == "calm"
    assert read("居住证下周就过期了，怎么办啊？").primary == "anxiety"


@pytest.mark.parametrize(
    "text",
    [
        "小区的垃圾桶满了两天没人清运，麻烦安排一下。",
        "请问装修垃圾应该堆放在哪里？",
        "我们楼下新设的垃圾分类站位置不太合适，建议挪一挪。",
    ],
)
def test_garbage_as_a_topic_is_not_an_insult(text: str) -> None:
    e = read(text)
    assert e.primary != "anger"
    assert not [ev for ev in e.evidence if ev.cue == "anger:垃圾"]


@pytest.mark.parametrize("text", ["你们是不是根本不管？", "物业到底管不管这个事？", "你们有没有人管啊？"])
def test_a_not_a_questions_are_not_negation(text: str) -> None:
    assert read(text).primary == "anger"


def test_ignore_words_do_not_trigger_their_fragment() -> None:
    e = read("哪怕晚一点也没关系，我就是想了解一下流程。")
    assert e.primary == "calm"
    assert not [ev for ev in e.evidence if ev.cue.startswith("anxiety:")]


# --- intensity


@pytest.mark.parametrize(
    "ladder",
    [
        ["我有点生气。", "我很生气。", "我非常生气。", "我非常生气！！！"],
        ["我有点担心。", "我很担心。", "我真的特别担心。"],
        ["有点失望。", "挺失望的。", "太失望了。"],
        [
            "我打了两次电话了，你们管不管？",
            "我打了五次电话了，你们管不管？",
            "我打了十几次电话了，你们管不管？",
        ],
        ["等了三天了还没人来，你们管不管？", "等了三个月了还没人来，你们管不管？"],
        ["跑了两趟了还没办好，太过分了。", "跑了七八趟了还没办好，太过分了。"],
    ],
)
def test_stronger_wording_gives_higher_intensity(ladder: list[str]) -> None:
    values = [read(t).intensity for t in ladder]
    assert values == sorted(values) and len(set(values)) == len(values), list(
        zip(ladder, values, strict=True)
    )


def test_furious_caller_reaches_the_escalation_threshold() -> None:
    e = read("我打了五次电话了，你们就是踢皮球，再不解决我就找媒体曝光！！")
    assert e.primary == "anger"
    assert e.intensity >= get_settings().anger_escalation


def test_mild_complaint_stays_below_the_escalation_threshold() -> None:
    e = read("你们处理得有点慢，我有点不满意。")
    assert e.intensity < get_settings().anger_escalation


def test_calm_callers_have_low_intensity() -> None:
    assert all(read(t).intensity <= 0.3 for t in CALM)


# --- repeat calls


def test_repeat_calls_raise_anger_and_intensity() -> None:
    text = "楼下的烧烤摊晚上油烟太大了，希望你们管一管。"
    readings = [read(text, repeat_calls=n) for n in (0, 1, 3, 6)]
    intensities = [r.intensity for r in readings]
    anger = [r.scores["anger"] + r.scores["disappointment"] for r in readings]
    assert intensities == sorted(intensities) and intensities[0] < intensities[-1]
    assert anger == sorted(anger) and anger[0] < anger[-1]
    assert readings[-1].primary in {"anger", "disappointment"}


def test_repeat_calls_come_from_the_analysis_record() -> None:
    text = "小区门口的路灯还是不亮，麻烦尽快修一下。"
    first = Analysis(text=text, received_at=datetime(2026, 5, 6, 9, 30))
    fourth = Analysis(text=text, received_at=datetime(2026, 5, 6, 9, 30), repeat_calls=3)
    for a in (first, fourth):
        read_emotion(a, Context(settings=get_settings(), text=text))
    assert fourth.emotion.intensity > first.emotion.intensity
    assert fourth.emotion.scores["anger"] > first.emotion.scores["anger"]


# --- evidence


def test_evidence_spans_point_at_the_words() -> None:
    text = "我已经打了四次电话，你们还在踢皮球，真的太过分了！"
    e = read(text)
    for ev in e.evidence:
        assert text[ev.start : ev.end] == ev.text
        assert ev.weight > 0
    shown = {ev.text: ev.cue for ev in e.evidence}
    assert shown["踢皮球"] == "anger:踢皮球"
    assert shown["打了四次"].startswith("calls:")
    assert any("太过分" in ev.text for ev in e.evidence)


def test_evidence_includes_the_degree_word_and_suffix() -> None:
    e = read("物业的态度让人非常生气，急死了")
    texts = [ev.text for ev in e.evidence]
    assert "非常生气" in texts
    assert "急死了" in texts


def test_evidence_of_emoji_and_punctuation() -> None:
    text = "你们到底管不管😡？？"
    e = read(text)
    assert e.primary == "anger"
    cues = {ev.cue for ev in e.evidence}
    assert "表情:😡" in cues
    assert any(c.startswith("标点") for c in cues)
    for ev in e.evidence:
        assert text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    ("text", "count_text"),
    [
        ("这已经是我第三次打电话反映了", "第三次打"),
        ("前前后后跑了七八趟", "跑了七八趟"),
        ("我等了三个月了", "等了三个月"),
        ("反映过无数次了", "反映过无数次"),
        ("打了10次电话都没人接", "打了10次"),
    ],
)
def test_counts_of_calls_visits_and_waiting_are_evidence(text: str, count_text: str) -> None:
    assert count_text in [ev.text for ev in read(text).evidence]


def test_evidence_offsets_survive_the_pipeline_text() -> None:
    a = Analysis(text="您好，我姓王。物业一直踢皮球，我很生气！", received_at=datetime(2026, 5, 6, 9, 30))
    read_emotion(a, Context(settings=get_settings(), text=a.text))
    assert a.emotion.primary == "anger"
    for ev in a.emotion.evidence:
        assert a.text[ev.start : ev.end] == ev.text


# --- odd input


@pytest.mark.parametrize(
    "text", ["", "   ", "12345", "hello, I need help", "😊😊", "！！！？？？", "a" * 5000]
)
def test_odd_input_gives_a_sensible_result(text: str) -> None:
    e = read(text)
    assert e.primary in EMOTIONS
    assert sum(e.scores.values()) == pytest.approx(1.0, abs=1e-9)


def test_smiling_emoji_reads_calm_and_angry_emoji_reads_anger() -> None:
    assert read("谢谢你们😊").primary == "calm"
    assert read("😡😡😡").primary == "anger"


# --- the lexicon file is validated


def _shipped_lexicon() -> dict:
    path = REPO / "src" / "hotline" / "data" / "emotion" / "lexicon.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda d: d["cues"].pop("calm"), "四类"),
        (lambda d: d["cues"]["anger"]["strong"].append("请问"), "重复"),
        (lambda d: d["cues"]["anger"].update({"huge": ["某词"]}), "huge"),
        (
            lambda d: d["patterns"].append({"name": "坏", "emotion": "anger", "weight": 1, "regex": "(["}),
            "正则",
        ),
        (
            lambda d: d["patterns"].append({"name": "坏", "emotion": "joy", "weight": 1, "regex": "x"}),
            "emotion",
        ),
        (lambda d: d["intensifiers"].update({"超超": 9}), "倍数"),
        (lambda d: d["feelings"].append("不存在的词"), "feelings"),
        (lambda d: d["rules"].pop("lexicon_gain"), "lexicon_gain"),
        (lambda d: d["counts"][0].update({"regex": "打了(\\d+)次"}), "命名分组"),
    ],
)
def test_a_broken_lexicon_is_refused_with_a_chinese_message(breakage, message: str) -> None:
    data = copy.deepcopy(_shipped_lexicon())
    breakage(data)
    with pytest.raises(HotlineError) as err:
        build_lexicon(data)
    assert err.value.code == "lexicon_invalid"
    assert message in err.value.message


def test_the_shipped_lexicon_loads() -> None:
    lex = build_lexicon(_shipped_lexicon())
    assert len(lex.cues) > 400
    assert {c.emotion for c in lex.cues.values()} >= set(EMOTIONS)


# --- the live path sees exactly the features the trainer saw


@pytest.mark.parametrize(
    "text", ["", "急", "踢皮球", "我打了4次电话😡！！", "hello 世界 12345", ANGER[1] + CALM[2]]
)
def test_numpy_gram_keys_are_the_training_ngrams(text: str) -> None:
    normalised = emotion.classifier_text(text)
    expected = sorted(emotion.gram_key(g) for g in emotion.char_ngrams(normalised))
    assert sorted(int(k) for k in emotion.gram_keys(normalised)) == expected


# --- speed


def test_model_loads_quickly_and_reading_stays_under_a_millisecond() -> None:
    emotion._model.cache_clear()
    emotion.lexicon.cache_clear()
    started = time.perf_counter()
    emotion.warm()
    assert time.perf_counter() - started < 1.0  # target 0.5 s; margin for a busy CI machine
    text = (ANGER[1] + ANXIETY[2] + DISAPPOINTMENT[3] + CALM[4]) * 3
    text = text[:300]
    for _ in range(20):
        read(text)
    timings = []
    for _ in range(200):
        t0 = time.perf_counter()
        read(text)
        timings.append(time.perf_counter() - t0)
    timings.sort()
    assert timings[len(timings) // 2] < 0.002  # target 0.6 ms p50; loose bound against noisy neighbours
