"""Hotspot mining: messages about one problem at one place become one hot problem with a clear title."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hotline.errors import InputError
from hotline.loop.insights.hotspots import mine
from hotline.loop.insights.places import extract
from hotline.loop.insights.records import Message, read_messages_csv

T0 = datetime(2026, 3, 2, 9, 0)

SMOKE = [
    "A3区翠湖花园小区楼下烧烤店油烟扰民",
    "翠湖花园小区临街烧烤店每晚油烟呛人",
    "投诉A3区翠湖花园烧烤摊油烟噪音扰民到凌晨",
    "A3区翠湖花园小区底商烧烤油烟直排，窗户都不敢开",
    "翠湖花园小区烧烤店油烟问题反映多次没人管",
]
MIXER = [
    "A2区丽景新城附近搅拌站噪音扰民",
    "丽景新城小区旁边建搅拌站，粉尘太大",
    "举报A2区丽景新城附近非法搅拌站彻夜施工",
    "A2区丽景新城搅拌站灰尘噪音严重影响孩子睡觉",
]
OTHERS = [
    "咨询A市公积金贷款额度怎么计算",
    "A5区幸福里小区电梯经常停运",
    "A7县春晖镇金塘村道路破损严重",
    "建议A市增加夜间公交线路",
    "A1区星光小学门口上下学时段交通拥堵",
    "A4区锦绣家园小区垃圾清运不及时",
]


def _messages() -> list[Message]:
    out = []
    for n, title in enumerate(SMOKE + MIXER + OTHERS):
        out.append(
            Message(
                id=f"m{n}",
                title=title,
                detail=title + "，请相关部门尽快处理。",
                time=T0 + timedelta(hours=7 * n),
                likes=n % 3,
                caller=f"u{n}",
            )
        )
    return out


def test_messages_about_one_problem_at_one_place_form_one_hotspot() -> None:
    report = mine(_messages())
    groups = [set(h.message_ids) for h in report.hotspots]
    assert {f"m{i}" for i in range(5)} in groups
    assert {f"m{i}" for i in range(5, 9)} in groups
    assert len(report.hotspots) == 2


def test_hotspot_titles_name_the_place_and_the_problem() -> None:
    report = mine(_messages())
    smoke = next(h for h in report.hotspots if "m0" in h.message_ids)
    assert "翠湖花园" in smoke.place and "A3区" in smoke.place
    assert "油烟" in smoke.problem or "烧烤" in smoke.problem
    mixer = next(h for h in report.hotspots if "m5" in h.message_ids)
    assert "丽景新城" in mixer.label and "搅拌站" in mixer.label


def test_the_bigger_problem_with_more_callers_is_hotter_and_ranked_first() -> None:
    report = mine(_messages())
    first, second = report.hotspots
    assert first.callers == 5 and second.callers == 4
    assert first.heat > second.heat and first.rank == 1
    assert 0 < second.heat < 100
    assert len(first.cases) == 3 and first.cases[0].id in first.message_ids


def test_one_caller_posting_the_same_complaint_many_times_is_not_a_hotspot() -> None:
    msgs = [
        Message(
            id=f"r{n}", title="A6区阳光小区门口路灯坏了没人修", time=T0 + timedelta(days=n), caller="same"
        )
        for n in range(6)
    ]
    assert mine(msgs).hotspots == []


def test_same_problem_at_two_different_estates_stays_two_problems() -> None:
    titles = [
        "A3区翠湖花园小区夜间施工噪音扰民",
        "翠湖花园小区旁工地夜间施工太吵",
        "A3区翠湖花园工地凌晨还在施工",
        "A5区金桂苑小区夜间施工噪音扰民",
        "金桂苑小区旁工地夜间施工太吵",
        "A5区金桂苑工地凌晨还在施工",
    ]
    msgs = [
        Message(id=f"n{i}", title=t, time=T0 + timedelta(hours=i), caller=f"c{i}")
        for i, t in enumerate(titles)
    ]
    groups = sorted(sorted(h.message_ids) for h in mine(msgs).hotspots)
    assert groups == [["n0", "n1", "n2"], ["n3", "n4", "n5"]]


def test_period_filter_keeps_only_messages_inside_it() -> None:
    msgs = _messages()
    report = mine(msgs, start=T0, end=T0 + timedelta(hours=7 * 4))
    assert report.total_messages == 5
    assert report.hotspots
    assert all(set(h.message_ids) <= {f"m{i}" for i in range(5)} for h in report.hotspots)
    with pytest.raises(InputError) as err:
        mine(msgs, start=datetime(2030, 1, 1))
    assert "没有留言" in err.value.message


@pytest.mark.parametrize(
    ("title", "district", "names"),
    [
        ("A市A5区魅力之城小区临街餐饮油烟噪音扰民", "A5区", ["魅力之城小区"]),
        ("投诉A2区丽发新城附近建搅拌站噪音扰民", "A2区", ["丽发新城"]),
        ("A7县星沙街道凉塘路旧城改造什么时候可以进行", "A7县", ["星沙街道", "凉塘路"]),
        ("A3区西湖街道茶场村五组何时启动拆迁", "A3区", ["西湖街道", "茶场村"]),
        ("A6区第二中学有偿补课", "A6区", ["第二中学"]),
    ],
)
def test_place_names_are_read_from_anonymised_titles(title: str, district: str, names: list[str]) -> None:
    found = extract(title)
    assert found.district == district
    got = [p.name for p in found.named]
    for name in names:
        assert name in got


def test_words_that_only_look_like_places_are_not_places() -> None:
    names = [p.name for p in extract("A市58车贷老板跑路美国，城市道路很多").named]
    assert not any(n.endswith(("跑路", "道路")) for n in names)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "messages.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_the_documented_columns_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "message_id,title,detail,time,likes\n1,A2区丽景新城搅拌站扰民,夜里很吵,2019-11-02 10:00:00,3\n",
    )
    (msg,) = read_messages_csv(path)
    assert msg.id == "1" and msg.likes == 3 and msg.time == datetime(2019, 11, 2, 10)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("message_id,title,time,likes\n1,标题,2019-11-02 10:00:00,1\n", ["缺少列", "detail"]),
        ("message_id,title,detail,time,likes\n1,标题,详情,昨天,1\n", ["第 2 行", "time"]),
        ("message_id,title,detail,time,likes\n1,标题,详情,2019-11-02 10:00:00,很多\n", ["第 2 行", "likes"]),
        (
            "message_id,title,detail,time,likes\n1,甲,乙,2019-11-02 10:00:00,1\n1,丙,丁,2019-11-02 10:00:00,1\n",
            ["第 3 行", "重复"],
        ),
        ("message_id,title,detail,time,likes\n1,标题,详情\n", ["第 2 行", "列数"]),
        ("message_id,title,detail,time,likes\n", ["没有留言"]),
    ],
)
def test_bad_csv_gets_a_chinese_error_naming_the_line(tmp_path: Path, body: str, words: list[str]) -> None:
    with pytest.raises(InputError) as err:
        read_messages_csv(_write(tmp_path, body))
    for word in words:
        assert word in err.value.message


def test_csv_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(b"message_id,title,detail,time,likes\n1," + "标题".encode("gbk") + b",x,,0\n")
    with pytest.raises(InputError) as err:
        read_messages_csv(path)
    assert "第 2 行" in err.value.message and "UTF-8" in err.value.message


SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "tipdm2020c_hotspot" / "dev.csv"


@pytest.mark.skipif(not SHARED.exists(), reason="shared data not present")
def test_real_messages_give_ranked_hotspots_with_places() -> None:
    report = mine(read_messages_csv(SHARED), top=10)
    assert len(report.hotspots) == 10
    heats = [h.heat for h in report.hotspots]
    assert heats == sorted(heats, reverse=True)
    assert sum(1 for h in report.hotspots if h.place) >= 7
