"""Options within policy: the ways a caller may choose, with what each needs and how long it takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotline.act.options import WAYS_ZH, default_options, options_for, parse_options
from hotline.act.yamlmarks import load_text
from hotline.errors import HotlineError


def test_a_fund_withdrawal_can_be_done_online_at_a_window_or_by_phone() -> None:
    opts = options_for(text="公积金怎么提取", category_path=None, kb_ids=["gjj-withdraw"])
    ways = [o["way"] for o in opts]
    assert ways[:2] == ["online", "window"]
    assert all(o["needs"] and o["takes"] for o in opts)
    assert opts[0]["because"] == "知识库文章 gjj-withdraw"


def test_a_property_dispute_offers_mediation() -> None:
    opts = options_for(text="物业费太贵", category_path="城乡建设/住房保障与房地产/物业服务")
    assert "mediation" in [o["way"] for o in opts]
    assert opts[0]["because"] == "分类 城乡建设/住房保障与房地产/物业服务"


def test_unpaid_wages_offer_inspection_arbitration_and_mediation() -> None:
    opts = options_for(text="公司欠薪", category_path="劳动和社会保障/工资福利/工资发放")
    assert {"phone", "legal", "mediation"} <= {o["way"] for o in opts}
    assert any("仲裁" in o["title"] for o in opts)


def test_a_matter_without_options_gets_none() -> None:
    assert options_for(text="今天天气不错", category_path="城乡建设") == []


def test_every_option_names_its_way_in_chinese() -> None:
    for entry in default_options():
        for option in entry.ways:
            assert option.way in WAYS_ZH and option.takes


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("options:\n  - when: {kb: x}\n    ways:\n      - {way: fax, title: 传真, takes: 一天}\n", 4, "fax"),
        ("options:\n  - ways:\n      - {way: online, title: 网办, takes: 一天}\n", 2, "when"),
        ("options:\n  - when: {kb: x}\n    ways:\n      - {way: online, title: 网办}\n", 4, "takes"),
    ],
)
def test_a_bad_options_file_names_the_line(text: str, line: int, message: str, tmp_path: Path) -> None:
    with pytest.raises(HotlineError) as err:
        parse_options(load_text(text, name="options.yaml"), name="options.yaml")
    assert f"options.yaml 第 {line} 行" in err.value.message
    assert message in err.value.message
