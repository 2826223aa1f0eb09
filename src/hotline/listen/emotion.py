"""Stage 1, emotion: does the caller sound angry, anxious, disappointed or calm, how strongly, and why.

Two readers are combined:

- the hotline lexicon (`data/emotion/lexicon.yaml`): how 12345 callers say it ("踢皮球",
  "打了四次电话", "算了不指望了"), with negation, degree words, counts of calls and days waited,
  punctuation and emoji. It finds the evidence spans and most of the intensity;
- a char n-gram linear classifier trained on Weibo emotion data (`models/emotion.json` + `.npy`,
  built by `emotion_train.py`), which covers general wording the lexicon does not list.

Lexicon weights are added to the classifier's log-probabilities, so one clear hotline cue outweighs
a classifier trained on another register, while texts without cues are left to the classifier.
Inference is plain Python + numpy (no sklearn import on the live path).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from hotline.analysis import EMOTIONS, Analysis, Emotion, Evidence
from hotline.errors import HotlineError

if TYPE_CHECKING:
    from hotline.pipeline import Context

MODEL_FORMAT = "hotline-emotion/1"
LEXICON_FILE = "emotion/lexicon.yaml"

# Clause boundaries: negation and degree words never reach across them.
_BOUNDARY = frozenset("，。！？；,.!?;\n…~～、：:")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_RHETORICAL = ("吗", "嘛", "是什么")


# ---------------------------------------------------------------------------------------------
# Classifier features (shared with emotion_train, so training and inference see the same grams)

_MENTION = re.compile(r"https?://\S+|//@[^:：\s]{1,30}[:：]?|@[^\s:：,，。@]{1,30}")
_DIGITS = re.compile(r"\d+")
_FULLWIDTH = str.maketrans(
    {"！": "!", "？": "?", "，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "\x00": " "}
)


def classifier_text(text: str) -> str:
    """Normalise text for the classifier: drop links and @mentions, unify punctuation and digits."""
    t = _MENTION.sub(" ", text).lower().translate(_FULLWIDTH)
    t = _DIGITS.sub("0", t)
    return " ".join(t.split())


def char_ngrams(text: str) -> list[str]:
    """Character 1-, 2- and 3-grams of already normalised text (the training features)."""
    n = len(text)
    return [*text, *[text[i : i + 2] for i in range(n - 1)], *[text[i : i + 3] for i in range(n - 2)]]


_B21, _B42 = np.uint64(21), np.uint64(42)


def gram_key(gram: str) -> int:
    """A 1–3-character gram as one integer: 21 bits per code point (NUL never occurs)."""
    key = 0
    for i, ch in enumerate(gram):
        key |= ord(ch) << (21 * i)
    return key


def gram_keys(text: str) -> np.ndarray:
    """`gram_key` of every gram of `char_ngrams(text)`, computed in numpy (no Python loop per gram)."""
    c = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    return np.concatenate((c, c[:-1] | (c[1:] << _B21), c[:-2] | (c[1:-1] << _B21) | (c[2:] << _B42)))


def _four(decision: np.ndarray, temperature: float, to_emotion: np.ndarray) -> np.ndarray:
    """Margins of the training classes → probabilities of our four emotions (dropped classes removed)."""
    z = decision * temperature
    p = np.exp(z - z.max())
    four = (p / p.sum()) @ to_emotion
    return np.asarray(four / four.sum())


@dataclass(frozen=True)
class _Model:
    keys: np.ndarray  # sorted gram keys of the vocabulary
    table: np.ndarray  # (features, 1 + classes) in `keys` order: idf, then one weight per training class
    intercept: np.ndarray
    temperature: float
    to_emotion: np.ndarray  # (classes, 4): which of our four emotions each training class counts for
    prior: np.ndarray  # probabilities for a text with no known n-gram

    def probabilities(self, text: str) -> np.ndarray:
        """Classifier probabilities in EMOTIONS order."""
        keys = gram_keys(classifier_text(text))
        pos = np.searchsorted(self.keys, keys)
        pos[pos == len(self.keys)] = 0
        pos = pos[self.keys[pos] == keys]  # grams outside the vocabulary are dropped
        if not len(pos):
            return self.prior
        ids, counts = np.unique(pos, return_counts=True)
        rows = self.table[ids]
        x = (1.0 + np.log(counts)) * rows[:, 0]
        norm = math.sqrt(float(x @ x)) or 1.0
        return _four((x @ rows[:, 1:]) / norm + self.intercept, self.temperature, self.to_emotion)


def _model_error(detail: str) -> HotlineError:
    return HotlineError(
        "emotion_model_invalid",
        f"情绪模型文件不可用（{detail}），请运行 hotline model train --only emotion 重新生成",
        status=500,
    )


def _vocab_keys(vocab: list[str]) -> np.ndarray:
    """`gram_key` of every vocabulary gram at once: pad to 3 characters with NUL (= 0 bits)."""
    if any(not 1 <= len(g) <= 3 for g in vocab):
        raise _model_error("词表中有长度不在 1–3 之间的项")
    padded = "".join(g.ljust(3, "\x00") for g in vocab)
    c = np.frombuffer(padded.encode("utf-32-le"), dtype="<u4").astype(np.uint64).reshape(-1, 3)
    return np.asarray(c[:, 0] | (c[:, 1] << _B21) | (c[:, 2] << _B42))


@lru_cache(maxsize=1)
def _model() -> _Model:
    folder = resources.files("hotline.models")
    try:
        meta = json.loads(folder.joinpath("emotion.json").read_text(encoding="utf-8"))
        with folder.joinpath("emotion.npy").open("rb") as fh:
            table = np.load(fh, allow_pickle=False).astype(np.float32)
    except (OSError, ValueError) as exc:
        raise _model_error(type(exc).__name__) from exc
    if meta.get("format") != MODEL_FORMAT:
        raise _model_error(f"格式应为 {MODEL_FORMAT}")
    classes: list[str] = meta["classes"]
    vocab: list[str] = meta["vocab"]
    if table.shape != (len(vocab), 1 + len(classes)):
        raise _model_error(f"权重形状 {table.shape} 与词表不符")
    to_emotion = np.zeros((len(classes), len(EMOTIONS)), dtype=np.float64)
    for i, name in enumerate(classes):
        target = meta["emotion_of"].get(name)
        if target is not None and target not in EMOTIONS:
            raise _model_error(f"类别 {name} 对应的情绪 {target} 无效")
        if target is not None:
            to_emotion[i, EMOTIONS.index(target)] = 1.0
    intercept = np.asarray(meta["intercept"], dtype=np.float64)
    temperature = float(meta["temperature"])
    keys = _vocab_keys(vocab)
    order = np.argsort(keys, kind="stable")
    return _Model(
        keys=keys[order],
        table=table[order],
        intercept=intercept,
        temperature=temperature,
        to_emotion=to_emotion,
        prior=_four(intercept, temperature, to_emotion),
    )


# ---------------------------------------------------------------------------------------------
# The hotline lexicon


@dataclass(frozen=True)
class _Cue:
    emotion: str
    weight: float
    feeling: bool  # a word for the feeling itself (生气, 担心): 别/不要 negate it as well
    name: str


@dataclass(frozen=True)
class _Rule:
    name: str
    kind: str  # "calls", "visits", "wait", or an emotion for plain patterns
    weight: float
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, _Cue]
    cue_re: re.Pattern[str]
    patterns: tuple[_Rule, ...]
    counts: tuple[_Rule, ...]
    neg_re: re.Pattern[str]
    degree: dict[str, float]
    degree_re: re.Pattern[str]
    suffix: dict[str, float]
    suffix_re: re.Pattern[str]
    emoji: dict[str, str]
    emoji_re: re.Pattern[str] | None
    rules: dict[str, Any]


def _trie_pattern(words: list[str]) -> str:
    """One regex for many literal words that always takes the longest word at a position."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        # The empty key marks the end of a shorter word: make the rest optional (greedy = longest).
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _bad(message: str) -> HotlineError:
    return HotlineError("lexicon_invalid", f"情绪词典 {LEXICON_FILE} 有误：{message}", status=500)


def _words(raw: Any, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise _bad(f"{where} 应为非空字符串列表")
    return [w.strip() for w in raw]


def _factors(raw: Any, where: str) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        raise _bad(f"{where} 应为「词: 倍数」的映射")
    out: dict[str, float] = {}
    for word, factor in raw.items():
        if not isinstance(word, str) or not isinstance(factor, int | float) or not 0 < factor <= 3:
            raise _bad(f"{where} 中「{word}」的倍数应在 (0, 3] 之间")
        out[word] = float(factor)
    return out


def _compile(regex: Any, where: str) -> re.Pattern[str]:
    if not isinstance(regex, str):
        raise _bad(f"{where} 缺少 regex")
    try:
        return re.compile(regex)
    except re.error as exc:
        raise _bad(f"{where} 的正则无法编译：{exc}") from exc


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def build_lexicon(data: Any) -> Lexicon:
    """Validate the parsed YAML and compile it; raises HotlineError with the faulty entry."""
    if not isinstance(data, dict):
        raise _bad("顶层应为映射")
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(
        isinstance(v, int | float) and 0 < v <= 3 for v in weights.values()
    ):
        raise _bad("weights 应为「档名: 权重」且权重在 (0, 3] 之间")
    feelings = set(_words(data.get("feelings"), "feelings"))
    cues: dict[str, _Cue] = {}
    raw_cues = data.get("cues")
    if not isinstance(raw_cues, dict) or set(raw_cues) != set(EMOTIONS):
        raise _bad(f"cues 应恰好包含 {', '.join(EMOTIONS)} 四类")
    for emotion, tiers in raw_cues.items():
        if not isinstance(tiers, dict):
            raise _bad(f"cues.{emotion} 应按强度档分组")
        for tier, words in tiers.items():
            if tier not in weights:
                raise _bad(f"cues.{emotion} 的强度档 {tier} 未在 weights 中定义")
            for word in _words(words, f"cues.{emotion}.{tier}"):
                if word in cues:
                    raise _bad(f"「{word}」重复出现（{cues[word].emotion} 与 {emotion}）")
                cues[word] = _Cue(emotion, float(weights[tier]), word in feelings, f"{emotion}:{word}")
    ignore = data.get("ignore") or []
    for word in _words(ignore, "ignore") if ignore else []:
        if word in cues:
            raise _bad(f"「{word}」既是线索又在 ignore 中")
        cues[word] = _Cue("", 0.0, False, f"ignore:{word}")
    unknown = feelings - set(cues)
    if unknown:
        raise _bad(f"feelings 中的词不在 cues 里：{'、'.join(sorted(unknown))}")

    patterns = []
    for i, item in enumerate(data.get("patterns") or []):
        where = f"patterns[{i}]"
        if not isinstance(item, dict) or item.get("emotion") not in EMOTIONS:
            raise _bad(f"{where} 的 emotion 应为 {'/'.join(EMOTIONS)} 之一")
        weight = item.get("weight")
        if not isinstance(weight, int | float) or not 0 < weight <= 3:
            raise _bad(f"{where} 的 weight 应在 (0, 3] 之间")
        name = str(item.get("name") or where)
        patterns.append(_Rule(name, item["emotion"], float(weight), _compile(item.get("regex"), where)))

    rules = data.get("rules")
    if not isinstance(rules, dict):
        raise _bad("缺少 rules")
    shares = rules.get("share")
    if not isinstance(shares, dict):
        raise _bad("rules.share 应为映射")
    counts = []
    for i, item in enumerate(data.get("counts") or []):
        where = f"counts[{i}]"
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in shares:
            raise _bad(f"{where} 的 kind 应为 {'/'.join(shares)} 之一")
        regex = _compile(item.get("regex"), where)
        if "n" not in regex.groupindex or (kind == "wait" and "unit" not in regex.groupindex):
            raise _bad(f"{where} 的正则需要命名分组 n（时长还需 unit）")
        counts.append(_Rule(str(item.get("name") or where), str(kind), 1.0, regex))
    needed = (
        *("lexicon_gain", "classifier_weight", "negated_penalty", "negated_feeling_calm", "class_cap"),
        *("negation_window", "degree_window", "count_base", "count_slope", "count_cap", "wait_slope"),
        *("exclaim", "punct_run", "ellipsis_disappointment", "emoji_weight", "punct_cap"),
        *("intensity_k", "classifier_arousal", "calm_intensity_cap"),
    )
    missing = [k for k in needed if not isinstance(rules.get(k), int | float)]
    if missing or not isinstance(rules.get("repeat_share"), dict):
        raise _bad(f"rules 缺少数值项：{'、'.join(missing or ['repeat_share'])}")
    prior = rules.get("classifier_prior")
    if not isinstance(prior, dict) or set(prior) != set(EMOTIONS):
        raise _bad("rules.classifier_prior 应为四类情绪各一个数值")

    not_neg = _words(data.get("not_negators"), "not_negators")
    neg = _words(data.get("negators"), "negators")
    imp = _words(data.get("imperative_negators"), "imperative_negators")
    neg_re = re.compile(
        f"(?P<x>{_alternation(not_neg)})|(?P<i>{_alternation(imp)})|(?P<n>{_alternation(neg)})"
    )
    degree = {
        **_factors(data.get("intensifiers"), "intensifiers"),
        **_factors(data.get("diminishers"), "diminishers"),
    }
    suffix = _factors(data.get("suffixes"), "suffixes")

    emoji: dict[str, str] = {}
    raw_emoji = data.get("emoji") or {}
    if not isinstance(raw_emoji, dict) or not set(raw_emoji) <= set(EMOTIONS):
        raise _bad("emoji 的键应为四类情绪")
    for emotion, marks in raw_emoji.items():
        for mark in _words(marks, f"emoji.{emotion}"):
            emoji[mark] = emotion
    rules = {**rules, "_prior": np.array([float(prior[e]) for e in EMOTIONS])}
    return Lexicon(
        cues=cues,
        cue_re=re.compile(_trie_pattern(sorted(cues))),
        patterns=tuple(patterns),
        counts=tuple(counts),
        neg_re=neg_re,
        degree=degree,
        degree_re=re.compile(f"(?:{_alternation(list(degree))})"),
        suffix=suffix,
        suffix_re=re.compile(f"(?:{_alternation(list(suffix))})"),
        emoji=emoji,
        emoji_re=re.compile(_trie_pattern(sorted(emoji))) if emoji else None,
        rules=rules,
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped hotline lexicon, parsed and validated once."""
    source = resources.files("hotline.data").joinpath(LEXICON_FILE)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _bad(f"无法读取（{exc}）") from exc
    return build_lexicon(data)


# ---------------------------------------------------------------------------------------------
# Reading one text

_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_VAGUE = {
    "好几": 4.0,
    "很多": 6.0,
    "无数": 10.0,
    "N多": 8.0,
    "n多": 8.0,
    "那么多": 6.0,
    "这么多": 6.0,
    "多少": 6.0,
}
_DAYS = {"月": 30.0, "年": 365.0, "天": 1.0, "周": 7.0, "星期": 7.0, "礼拜": 7.0, "小时": 1 / 24}


def _number(s: str) -> float:
    """'5' → 5, '七八' → 8, '十几' → 13, '二十' → 20, '半' → 0.5, '好几' → 4."""
    if s.isdigit():
        return float(s)
    if s in _CN_VAGUE:
        return _CN_VAGUE[s]
    total, cur, prev_digit = 0.0, 0.0, False
    for ch in s:
        if ch in _CN_DIGITS or ch == "几":
            d = 3.0 if ch == "几" else float(_CN_DIGITS[ch])
            cur = max(cur, d) if prev_digit else d  # 七八 → 8: a range, take its top
            prev_digit = True
        elif ch in "十百千":
            total += (cur or 1.0) * {"十": 10, "百": 100, "千": 1000}[ch]
            cur, prev_digit = 0.0, False
        elif ch == "半":
            cur, prev_digit = 0.5, False
    return total + cur


def _days(n: float, unit: str) -> float:
    for key, days in _DAYS.items():
        if key in unit:
            return n * days
    return n


@dataclass
class _Hit:
    emotion: str
    weight: float
    start: int
    end: int
    cue: str


def _clause_start(text: str, pos: int, limit: int) -> int:
    for k in range(pos - 1, max(-1, pos - 1 - limit), -1):
        if text[k] in _BOUNDARY:
            return k + 1
    return max(0, pos - limit)


def _negated(lex: Lexicon, text: str, start: int, end: int, feeling: bool) -> bool:
    """An odd number of negators right before the cue negates it ("不生气"; "不是不想" cancels)."""
    window = int(lex.rules["negation_window"])
    lo = _clause_start(text, start, window + 2)
    # Scan from a little further left so a not-negator such as 不知道 is seen whole.
    scan_from = max(0, lo - 2)
    count = 0
    for m in lex.neg_re.finditer(text, scan_from, start):
        if m.start() < lo or m.lastgroup == "x" or start - m.end() > window - 1:
            continue
        if m.lastgroup == "n" or feeling:
            count += 1
    if count % 2 == 0:
        return False
    # Rhetorical questions keep the cue: "你们不觉得过分吗", "这不是踢皮球是什么".
    tail = _SENTENCE_END.search(text, end)
    sentence_tail = text[end : tail.end() if tail else len(text)]
    return not any(mark in sentence_tail for mark in _RHETORICAL)


def _degree(lex: Lexicon, text: str, start: int, end: int) -> tuple[float, int, int]:
    """Degree factor from words just before (真的特别, 有点) and after (死了) the cue; widened span.

    Degree words chain leftwards ("真的特别担心" multiplies both) as long as each is at most
    `degree_window - 1` characters (的, 是, 让人…) away from what follows it, within the clause.
    """
    factor, lo, hi = 1.0, start, end
    gap = int(lex.rules["degree_window"]) - 1
    clause = _clause_start(text, start, 8)
    for m in reversed(list(lex.degree_re.finditer(text, clause, start))):
        if lo - m.end() > gap:
            break
        factor *= lex.degree[m.group()]
        lo = m.start()
    after = lex.suffix_re.match(text, end, min(len(text), end + 4))
    if after is not None:
        factor *= lex.suffix[after.group()]
        hi = after.end()
    return min(2.2, max(0.4, factor)), lo, hi


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _count_weight(rules: dict[str, Any], n: float) -> float:
    if n < 2:  # a first call or visit is no sign of frustration
        return 0.0
    return min(float(rules["count_cap"]), rules["count_base"] + rules["count_slope"] * math.log2(n))


# Enough cues to read any real call; more only make the overlap checks quadratic (a text of
# 5,000 "打了三次" took half a second and returned 5,000 pieces of evidence).
MAX_CUES = 200


def _read_lexicon(
    lex: Lexicon, text: str, hits: list[_Hit], negated: list[tuple[int, int]]
) -> tuple[dict[str, float], float]:
    """Fill `hits` with cue matches and `negated` with negated cue spans.

    Returns the per-emotion lexicon weights and the punctuation arousal.
    """
    rules = lex.rules
    weight: dict[str, float] = dict.fromkeys(EMOTIONS, 0.0)
    spans: list[tuple[int, int]] = []
    # Counts first: "反映过无数次" is a count of calls, not the cue inside it.
    for rule in lex.counts:
        for m in rule.regex.finditer(text):
            if len(spans) >= MAX_CUES:
                break
            if _overlaps(spans, *m.span()):
                continue
            spans.append(m.span())
            n = _number(m.group("n"))
            if rule.kind == "wait":
                w = min(
                    float(rules["count_cap"]),
                    rules["wait_slope"] * math.log2(1 + _days(n, m.group("unit")) / 3),
                )
            else:
                w = _count_weight(rules, n)
            if w <= 0:
                continue
            share: dict[str, float] = rules["share"][rule.kind]
            for emotion, part in share.items():
                weight[emotion] += w * part
            top = max(share, key=lambda e: share[e])
            hits.append(_Hit(top, w, m.start(), m.end(), f"{rule.kind}:{rule.name}"))

    count_spans = spans[:]  # cue matches never overlap each other, only counts
    for m in lex.cue_re.finditer(text):
        if len(spans) >= MAX_CUES:
            break
        cue = lex.cues[m.group()]
        start, end = m.span()
        if count_spans and _overlaps(count_spans, start, end):
            continue
        spans.append((start, end))
        if not cue.emotion:  # an ignore word: 哪怕 is not 怕
            continue
        if _negated(lex, text, start, end, cue.feeling):
            negated.append((start, end))
            if cue.feeling and cue.emotion != "calm":
                # "我不生气" says the caller is *not* angry: count against anger, towards calm.
                weight[cue.emotion] -= cue.weight * rules["negated_penalty"]
                w = float(rules["negated_feeling_calm"])
                weight["calm"] += w
                hits.append(_Hit("calm", w, _clause_start(text, start, 4), end, f"否定:{m.group()}"))
            continue
        factor, lo, hi = _degree(lex, text, start, end)
        w = cue.weight * factor
        weight[cue.emotion] += w
        hits.append(_Hit(cue.emotion, w, lo, hi, cue.name))
    for rule in lex.patterns:
        for m in rule.regex.finditer(text):
            if len(spans) >= MAX_CUES:
                break
            if not _overlaps(spans, *m.span()):
                spans.append(m.span())
                weight[rule.kind] += rule.weight
                hits.append(_Hit(rule.kind, rule.weight, m.start(), m.end(), f"{rule.kind}:{rule.name}"))
    arousal = 0.0
    exclaims = text.count("!") + text.count("！")
    arousal += rules["exclaim"] * min(exclaims, 4)
    for m in _PUNCT_RUN.finditer(text):
        if len(hits) >= 2 * MAX_CUES:
            break
        arousal += rules["punct_run"]
        hits.append(_Hit("anger", float(rules["punct_run"]), m.start(), m.end(), "标点:连续感叹/问号"))
    if lex.emoji_re is not None:
        for m in lex.emoji_re.finditer(text):
            if len(hits) >= 2 * MAX_CUES:
                break
            emotion = lex.emoji[m.group()]
            weight[emotion] += rules["emoji_weight"]
            if emotion != "calm":
                arousal += rules["emoji_weight"] / 2
            hits.append(_Hit(emotion, float(rules["emoji_weight"]), m.start(), m.end(), f"表情:{m.group()}"))
    ellipses = len(_ELLIPSIS.findall(text))
    if ellipses:
        weight["disappointment"] += min(2, ellipses) * rules["ellipsis_disappointment"]
    return weight, min(float(rules["punct_cap"]), arousal)


_PUNCT_RUN = re.compile(r"[!！?？]{2,}")
_ELLIPSIS = re.compile(r"…+|\.{3,}|。{2,}")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _rounded(scores: np.ndarray) -> dict[str, float]:
    """Scores rounded to 4 places that still sum to exactly 1."""
    vals = [round(float(v), 4) for v in scores]
    top = int(np.argmax(scores))
    vals[top] = round(1.0 - sum(v for i, v in enumerate(vals) if i != top), 4)
    return dict(zip(EMOTIONS, vals, strict=True))


def read(text: str, repeat_calls: int = 0) -> Emotion:
    """Read the emotion of one utterance; evidence offsets point into `text` as given.

    `repeat_calls` is how many earlier calls the caller made on the same matter: each raises
    anger and disappointment, and the intensity, the way "打了四次电话" in the text does.
    """
    if not text or not text.strip():
        return Emotion(primary="calm", intensity=0.0, scores=_rounded(np.array([0.0, 0.0, 0.0, 1.0])))
    lex = lexicon()
    rules = lex.rules
    hits: list[_Hit] = []
    negated: list[tuple[int, int]] = []
    weight, punct = _read_lexicon(lex, text, hits, negated)
    repeat = max(0, int(repeat_calls))
    repeat_arousal = 0.0
    if repeat:
        w = _count_weight(rules, repeat + 1)
        for emotion, part in rules["repeat_share"].items():
            weight[emotion] += w * part
        repeat_arousal = 0.5 * w
    # Exclamation marks say how strongly, not what: Weibo's happy posts shout as much as angry
    # ones. They amplify the cues already found and the intensity, never pick the class alone.
    if punct:
        for e in ("anger", "anxiety", "disappointment"):
            if weight[e] > 0:
                weight[e] *= 1 + 0.3 * punct
    cap = float(rules["class_cap"])
    lex_w = np.array([min(cap, weight[e]) for e in EMOTIONS])

    # The classifier cannot see negation ("不生气" holds the n-gram 生气), so it reads the text
    # with the negated cues blanked out; the lexicon has already counted them the right way.
    clf = _model().probabilities(_blank(text, negated) if negated else text)
    z = (
        float(rules["classifier_weight"]) * (np.log(np.maximum(clf, 1e-3)) + rules["_prior"])
        + float(rules["lexicon_gain"]) * lex_w
    )
    scores = np.exp(z - z.max())
    scores /= scores.sum()
    top = int(np.argmax(scores))
    primary = EMOTIONS[top]
    if primary == "calm":
        # Calm is primary only with calm ≥ 0.25, so this stays under the cap and still rises
        # with whatever anger, worry or disappointment is mixed in.
        intensity = float(rules["calm_intensity_cap"]) * (1.0 - float(scores[top])) / 0.75
    else:
        arousal = (
            max(0.0, lex_w[top])
            + 0.5 * punct
            + repeat_arousal
            + float(rules["classifier_arousal"]) * max(0.0, float(clf[top]) - 0.25)
        )
        intensity = 1.0 - math.exp(-float(rules["intensity_k"]) * arousal)
    hits.sort(key=lambda h: (h.start, h.end))
    evidence = [Evidence(text[h.start : h.end], h.start, h.end, h.cue, round(h.weight, 3)) for h in hits]
    return Emotion(primary=primary, intensity=round(intensity, 3), scores=_rounded(scores), evidence=evidence)


def read_emotion(a: Analysis, ctx: Context) -> None:
    """Pipeline component: reads `text` and `repeat_calls`, writes `emotion`."""
    a.emotion = read(a.text, a.repeat_calls)


def warm() -> None:
    """Load the lexicon and the model now, so the first call does not pay for it."""
    lexicon()
    _model()
