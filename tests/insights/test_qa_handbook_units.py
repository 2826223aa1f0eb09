"""QA: the handbook's "主要承办单位" names real units, not fragments of the reply.

Read from replies (the --csv path), the handbook listed "通运输局", "警大队", "管服务中心",
"认真落实市委", "待环保工业园周边路网格局" and "以书面报告至村委" as the units that handled cases:
the left edge was cut at any 交/经/对 (also the first character of 交通, 交警, 经信) and verbs such as
落实/根据/报告至 were kept, while 格局/布局 counted as a 局.
"""

from __future__ import annotations

import pytest

from hotline.loop.insights.handbook import reply_units


@pytest.mark.parametrize(
    ("reply", "unit"),
    [
        ("您好！您反映的问题已交市交通运输局核实处理。", "市交通运输局"),
        ("经西湖区交警大队现场查看，该路段已增设隔离栏。", "西湖区交警大队"),
        ("请本人持身份证到柳叶湖交管服务中心办理。", "柳叶湖交管服务中心"),
        ("经市经信局调查，该企业已停产整改。", "市经信局"),
        ("我们认真落实市委市政府部署，由翠苑街道办事处牵头整治。", "翠苑街道办事处"),
        ("根据国家发改委有关规定，收费标准由物价局核定。", "国家发改委"),
        ("今年4月份县公路局与设计单位到现场踏勘。", "县公路局"),
        ("已以书面报告至洞井街道，由街道会同社区处理。", "洞井街道"),
    ],
)
def test_the_unit_named_in_a_reply_is_read_whole(reply: str, unit: str) -> None:
    assert reply_units(reply)[0] == unit


@pytest.mark.parametrize(
    "reply",
    [
        "规划将优化环保工业园周边路网格局，引导产业合理布局。",
        "您的申请须依法办，也可依程序办。",
    ],
)
def test_words_that_only_end_like_a_unit_are_not_units(reply: str) -> None:
    assert reply_units(reply) == []
