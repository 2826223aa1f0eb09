"""The knowledge base: policy and service articles operators answer from (直接答复).

Articles are Markdown files with YAML front matter (title, category, keywords, valid_from,
valid_to, source, sample). They are searched with BM25 over jieba tokens; the index is built
once per folder and cached. An article outside its validity window at the call time is never
offered: a stale answer read to a caller is worse than none.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hotline.act.yamlmarks import MarkedDict, MarkedList, Problem, fail_on, load_text
from hotline.errors import HotlineError

# A hit is confident enough to read to the caller when it scores at least this and the query
# names one of the article's own keywords (BM25 alone rewards long shared boilerplate).
DIRECT_MIN_SCORE = 6.0
_K1 = 1.4
_B = 0.75
_TITLE_WEIGHT = 3
_KEYWORD_WEIGHT = 3

# Function words and call-centre politeness that say nothing about the matter.
_STOP_WORDS = (
    "的 了 是 我 你 他 她 它 们 我们 你们 他们 在 有 和 与 及 或 就 都 也 还 又 吗 呢 吧 啊 呀 哦 嗯 么 "
    "这 那 这个 那个 这样 那样 怎么 怎么办 怎样 如何 什么 哪里 哪儿 哪些 为什么 能 能不能 可以 可不可以 "
    "请问 想 想要 要 需要 一下 一个 一些 个 把 被 给 让 对 从 到 向 为 以 于 之 等 各 每 该 其 "
    "如果 但是 但 而且 因为 所以 已经 没有 不 没 很 太 非常 比较 还是 就是 现在 今天 时候 办法 "
    "您 好 您好 你好 谢谢 麻烦 问 问一下 知道 告诉 一直 上 下 里 中 后 前 时"
)
_STOP = frozenset(_STOP_WORDS.split())
_PUNCT = re.compile(r"^[\W_]+$")


def terms(tokens: list[str]) -> list[str]:
    """Index terms: content words, plus the two-character pieces of longer words.

    jieba keeps "拖欠工资" whole; the pieces let a caller's "工资" still find it.
    """
    out: list[str] = []
    for tok in tokens:
        tok = tok.strip()
        if not tok or tok in _STOP or _PUNCT.match(tok) or tok.isdigit():
            continue
        out.append(tok)
        if len(tok) >= 3:
            out.extend(tok[i : i + 2] for i in range(len(tok) - 1))
    return out


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    category: str
    keywords: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    source: str
    sample: bool
    body: str
    passages: tuple[str, ...]
    file: str = ""

    def valid_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float
    passage: str
    matched: tuple[str, ...]  # the article's keywords that the query names

    @property
    def confident(self) -> bool:
        return bool(self.matched) and self.score >= DIRECT_MIN_SCORE

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "category": a.category,
            "passage": self.passage,
            "score": round(self.score, 2),
            "confident": self.confident,
            "matched": list(self.matched),
            "source": a.source,
            "sample": a.sample,
            "valid_to": a.valid_to.isoformat() if a.valid_to else None,
        }


# ---------------------------------------------------------------- parsing


def _split_front_matter(text: str, name: str) -> tuple[str, str]:
    if not text.startswith("---"):
        raise HotlineError(
            "kb_invalid", f"{name} 第 1 行：文章应以 --- 开头的 YAML 头信息开始", file=name, line=1
        )
    end = text.find("\n---", 3)
    if end < 0:
        raise HotlineError("kb_invalid", f"{name}：YAML 头信息缺少结束的 ---", file=name, line=1)
    return text[3:end], text[end + 4 :].lstrip("\n")


def _passages(body: str) -> tuple[str, ...]:
    """Paragraphs a operator can read out: Markdown marks removed, the sample notice skipped."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", body):
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        if not lines or all(ln.startswith(">") for ln in lines):
            continue  # the "样例内容" notice is a blockquote, never read to a caller
        parts = []
        for ln in lines:
            heading = ln.startswith("#")
            ln = re.sub(r"^(#+|[-*]|\d+[.、])\s*", "", ln)
            parts.append(f"{ln}：" if heading and not ln.endswith(("：", ":")) else ln)
        text = "".join(p if p.endswith("：") else p + " " for p in parts).strip()
        text = text.replace("**", "")
        if text:
            out.append(text)
    return tuple(out)


def _as_date(value: Any, key: str, fm: MarkedDict, name: str, problems: list[Problem]) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(Problem(name, fm.line_of(key), f"{key} 应为日期，如 2026-01-01"))
    return None


def parse_article(text: str, *, name: str, article_id: str, categories: set[str] | None = None) -> Article:
    """One article from its file text; raises with the file and line when the front matter is wrong."""
    head, body = _split_front_matter(text, name)
    # `head` keeps the newline after the opening ---, so its line numbers are the file's.
    fm = load_text(head, name=name)
    problems: list[Problem] = []
    if not isinstance(fm, MarkedDict):
        raise HotlineError("kb_invalid", f"{name} 第 2 行：头信息应为 YAML 映射", file=name, line=2)
    for key in ("title", "category", "source"):
        if not isinstance(fm.get(key), str) or not fm[key].strip():
            problems.append(Problem(name, fm.line_of(key), f"缺少或无效的字段 {key}（应为非空文本）"))
    keywords = fm.get("keywords") or []
    if not isinstance(keywords, MarkedList) or not all(
        isinstance(k, str | int) and not isinstance(k, bool) and str(k).strip() for k in keywords
    ):
        problems.append(Problem(name, fm.line_of("keywords"), "keywords 应为关键词列表"))
        keywords = []
    sample = fm.get("sample", False)
    if not isinstance(sample, bool):
        problems.append(Problem(name, fm.line_of("sample"), "sample 应为 true 或 false"))
    valid_from = _as_date(fm.get("valid_from"), "valid_from", fm, name, problems)
    valid_to = _as_date(fm.get("valid_to"), "valid_to", fm, name, problems)
    if valid_from and valid_to and valid_to < valid_from:
        problems.append(Problem(name, fm.line_of("valid_to"), "valid_to 早于 valid_from"))
    category = str(fm.get("category") or "").strip()
    if categories is not None and category and category.split("/")[0] not in categories:
        problems.append(Problem(name, fm.line_of("category"), f"分类 {category} 的一级分类不在派单目录中"))
    passages = _passages(body)
    if not passages:
        problems.append(Problem(name, 1, "正文为空"))
    fail_on(problems, code="kb_invalid")
    return Article(
        id=article_id,
        title=str(fm["title"]).strip(),
        category=category,
        keywords=tuple(str(k).strip() for k in keywords),
        valid_from=valid_from,
        valid_to=valid_to,
        source=str(fm["source"]).strip(),
        sample=bool(sample),
        body=body,
        passages=passages,
        file=name,
    )


# ---------------------------------------------------------------- index


def _names(keyword: str, query: str, query_terms: set[str]) -> bool:
    """Whether the query names a keyword, as written or as two of its words ("新生儿…落户")."""
    if keyword in query:
        return True
    return any(keyword[:i] in query_terms and keyword[i:] in query_terms for i in range(2, len(keyword) - 1))


@dataclass
class KnowledgeBase:
    """BM25 over the articles of one folder."""

    articles: list[Article]
    _postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # term -> [(doc, tf)]
    _lengths: list[int] = field(default_factory=list)
    _avg: float = 1.0
    _idf: dict[str, float] = field(default_factory=dict)
    _passage_terms: list[list[frozenset[str]]] = field(default_factory=list)

    @classmethod
    def build(cls, articles: list[Article]) -> KnowledgeBase:
        from hotline.listen.segment import cut

        kb = cls(articles=articles)
        for i, a in enumerate(articles):
            doc = terms(cut(a.title)) * _TITLE_WEIGHT
            doc += terms([t for k in a.keywords for t in cut(k)]) * _KEYWORD_WEIGHT
            passage_terms = [frozenset(terms(cut(p))) for p in a.passages]
            kb._passage_terms.append(passage_terms)
            doc += terms(cut("\n".join(a.passages)))
            kb._lengths.append(len(doc))
            for term, tf in Counter(doc).items():
                kb._postings.setdefault(term, []).append((i, tf))
        n = max(1, len(articles))
        kb._avg = sum(kb._lengths) / n if kb._lengths else 1.0
        for term, posting in kb._postings.items():
            df = len(posting)
            kb._idf[term] = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return kb

    def _scores(self, query_terms: list[str]) -> dict[int, float]:
        scores: dict[int, float] = {}
        for term, qtf in Counter(query_terms).items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            idf = self._idf[term]
            # Repeating a word in a long complaint should not swamp the rest: damp query tf.
            qweight = 1.0 + math.log(qtf)
            for doc, tf in posting:
                norm = _K1 * (1 - _B + _B * self._lengths[doc] / self._avg)
                scores[doc] = scores.get(doc, 0.0) + qweight * idf * tf * (_K1 + 1) / (tf + norm)
        return scores

    def _best_passage(self, doc: int, query_terms: set[str]) -> str:
        passages = self.articles[doc].passages
        best, best_score = passages[0], 0.0
        for passage, pterms in zip(passages, self._passage_terms[doc], strict=True):
            score = sum(self._idf.get(t, 0.0) for t in pterms & query_terms)
            if score > best_score:
                best, best_score = passage, score
        return best

    def search(
        self,
        query: str,
        *,
        at: date | datetime,
        limit: int = 5,
        tokens: list[str] | None = None,
    ) -> list[Hit]:
        """Articles valid on `at` that best match the query, best first."""
        if tokens is None:
            from hotline.listen.segment import cut

            tokens = cut(query)
        day = at.date() if isinstance(at, datetime) else at
        qterms = terms(tokens)
        ranked = sorted(self._scores(qterms).items(), key=lambda kv: (-kv[1], kv[0]))
        hits: list[Hit] = []
        qset = set(qterms)
        for doc, score in ranked:
            article = self.articles[doc]
            if not article.valid_on(day):
                continue
            matched = tuple(k for k in article.keywords if _names(k, query, qset))
            hits.append(Hit(article, score, self._best_passage(doc, qset), matched))
            if len(hits) >= limit:
                break
        return hits

    def get(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)


def _category_names() -> set[str] | None:
    try:
        from hotline.act.catalogue import default_catalogue

        return set(default_catalogue().categories)
    except HotlineError:
        return None


def load_kb(path: Path | None = None) -> KnowledgeBase:
    """Read and index every `*.md` article in `path` (or the built-in sample knowledge base)."""
    categories = _category_names()
    articles: list[Article] = []
    if path is None:
        base = resources.files("hotline.data").joinpath("kb")
        entries = sorted((e for e in base.iterdir() if e.name.endswith(".md")), key=lambda e: e.name)
        for e in entries:
            text = e.read_text(encoding="utf-8")
            articles.append(
                parse_article(text, name=f"kb/{e.name}", article_id=e.name[:-3], categories=categories)
            )
    else:
        if not path.is_dir():
            raise HotlineError("not_found", f"找不到知识库目录：{path}", status=404)
        for f in sorted(path.glob("*.md")):
            text = f.read_text(encoding="utf-8")
            articles.append(parse_article(text, name=str(f), article_id=f.stem, categories=categories))
    if not articles:
        raise HotlineError("kb_invalid", "知识库中没有任何文章（*.md）")
    return KnowledgeBase.build(articles)


@lru_cache(maxsize=4)
def _cached(path: str | None) -> KnowledgeBase:
    return load_kb(Path(path) if path else None)


def default_kb(path: Path | None = None) -> KnowledgeBase:
    """The knowledge base routing uses (cached): `settings.kb_dir` when set, else the built-in sample."""
    return _cached(str(path) if path else None)


def search(query: str, *, at: date | datetime, limit: int = 5, path: Path | None = None) -> list[Hit]:
    """Search the (cached) knowledge base; see `KnowledgeBase.search`."""
    return default_kb(path).search(query, at=at, limit=limit)
