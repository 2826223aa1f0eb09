"""The knowledge base: BM25 finds the article an operator can read out, and never a stale one."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hotline.act.kb import default_kb, load_kb, parse_article
from hotline.cli.main import app
from hotline.errors import HotlineError

runner = CliRunner()
TODAY = date(2026, 5, 6)

TOPICS = [
    ("公积金提取要什么材料", "gjj-withdraw"),
    ("社保关系转移怎么弄", "social-transfer"),
    ("医保异地备案", "medical-remote"),
    ("居住证怎么办理", "residence-permit"),
    ("新生儿落户", "newborn-hukou"),
    ("小学入学报名时间", "school-enrolment"),
    ("不动产登记过户", "property-registration"),
    ("燃气开户", "gas-account"),
    ("水管爆裂怎么报修", "water-repair"),
    ("电梯坏了谁负责维修", "elevator-duty"),
    ("物业费纠纷怎么调解", "property-fee"),
    ("噪音扰民投诉流程", "noise-complaint"),
    ("被拖欠工资怎么维权", "wage-arrears"),
    ("劳动仲裁怎么申请", "labour-arbitration"),
    ("买到假货怎么投诉12315", "consumer-12315"),
    ("车被违章停车堵住了", "illegal-parking"),
    ("公交线路调整了", "bus-route"),
    ("垃圾分类怎么分", "waste-sorting"),
    ("犬只登记", "dog-registration"),
    ("高龄津贴怎么申请", "old-age-allowance"),
    ("残疾人补贴怎么申请", "disability-subsidy"),
    ("出租车绕路投诉", "taxi-complaint"),
    ("网约车多收费", "ride-hailing"),
]


@pytest.mark.parametrize(("query", "article"), TOPICS)
def test_common_hotline_questions_find_their_article(query: str, article: str) -> None:
    hits = default_kb().search(query, at=TODAY)
    assert hits and hits[0].article.id == article
    assert hits[0].confident


def test_the_passage_is_the_paragraph_that_answers_and_never_the_sample_notice() -> None:
    hit = default_kb().search("医保异地备案在哪里办理", at=TODAY)[0]
    assert "办理渠道" in hit.passage
    assert "样例内容" not in hit.passage


def test_an_unrelated_question_finds_nothing_confident() -> None:
    hits = default_kb().search("今天天气怎么样，明天会不会下雨", at=TODAY)
    assert not any(h.confident for h in hits)


def test_the_expired_seasonal_notice_is_not_offered_after_its_end() -> None:
    kb = default_kb()
    assert [h.article.id for h in kb.search("高温补贴 户外作业", at=date(2025, 7, 15))][:1] == [
        "hot-summer-2025"
    ]
    assert "hot-summer-2025" not in [h.article.id for h in kb.search("高温补贴 户外作业", at=TODAY)]


def test_an_article_not_yet_in_force_is_not_offered(tmp_path: Path) -> None:
    (tmp_path / "future.md").write_text(
        "---\ntitle: 新政策\ncategory: 城乡建设\nkeywords: [新政策]\nvalid_from: 2027-01-01\n"
        "source: 测试\nsample: true\n---\n新政策的内容。\n",
        encoding="utf-8",
    )
    kb = load_kb(tmp_path)
    assert kb.search("新政策", at=datetime(2026, 12, 31, 9)) == []
    assert kb.search("新政策", at=datetime(2027, 1, 1, 9))


def test_the_sample_knowledge_base_is_sizeable_and_marked_as_sample() -> None:
    articles = default_kb().articles
    assert 25 <= len(articles) <= 40
    for a in articles:
        assert a.sample is True, a.id
        assert "样例内容" in a.body and "不是官方政策" in a.body, a.id
        assert a.keywords and a.source and a.valid_from is not None


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("title: 缺分类\nkeywords: [甲乙]\nsource: 测试\n", 2, "category"),
        (
            "title: 坏日期\ncategory: 城乡建设\nkeywords: [甲乙]\nvalid_to: 明年\nsource: 测试\n",
            5,
            "valid_to",
        ),
        ("title: 关键词\ncategory: 城乡建设\nkeywords: 甲乙\nsource: 测试\n", 4, "keywords"),
        ("title: 未知分类\ncategory: 星际旅行\nkeywords: [甲乙]\nsource: 测试\n", 3, "星际旅行"),
    ],
)
def test_a_bad_front_matter_names_the_file_and_line(front: str, line: int, message: str) -> None:
    with pytest.raises(HotlineError) as err:
        parse_article(
            f"---\n{front}---\n正文。\n", name="kb/bad.md", article_id="bad", categories={"城乡建设"}
        )
    assert f"kb/bad.md 第 {line} 行" in err.value.message
    assert message in err.value.message


def test_an_article_without_front_matter_is_refused() -> None:
    with pytest.raises(HotlineError) as err:
        parse_article("# 标题\n正文\n", name="kb/plain.md", article_id="plain")
    assert "kb/plain.md 第 1 行" in err.value.message


def test_kb_search_command_prints_the_article_and_passage() -> None:
    result = runner.invoke(app, ["kb", "search", "公积金提取", "--at", "2026-05-06"])
    assert result.exit_code == 0, result.output
    assert "《住房公积金提取怎么办理》" in result.output
    assert "可直接答复" in result.output and "样例内容" in result.output


def test_kb_search_json_lists_hits_with_their_ids() -> None:
    result = runner.invoke(app, ["kb", "search", "高温补贴", "--json", "--at", "2026-05-06"])
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert all({"id", "title", "passage", "score", "confident", "sample"} <= set(h) for h in hits)
    assert "hot-summer-2025" not in [h["id"] for h in hits]


def test_kb_search_with_an_empty_query_is_a_clear_error() -> None:
    result = runner.invoke(app, ["kb", "search", "  "])
    assert result.exit_code == 2
    assert "检索词为空" in result.output
