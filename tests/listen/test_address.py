"""Addresses split into levels, with bare names resolved in the centre's home city first."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from hotline.errors import HotlineError
from hotline.listen.address import parse_address
from hotline.listen.gazetteer import gazetteer

HOME = gazetteer("浙江省", "杭州市")


def levels(text: str) -> tuple[str | None, ...]:
    a = parse_address(text, HOME)
    return (a.province, a.city, a.district, a.street, a.community, a.detail)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "我住在西湖区文新街道嘉绿苑小区3幢2单元501，电梯坏了",
            ("浙江省", "杭州市", "西湖区", "文新街道", "嘉绿苑小区", "3幢2单元501"),
        ),
        ("我家在文新街道", ("浙江省", "杭州市", "西湖区", "文新街道", None, None)),
        ("我是文新的，楼下很吵", ("浙江省", "杭州市", "西湖区", "文新街道", None, None)),
        ("杭州市上城区采荷街道芙蓉社区", ("浙江省", "杭州市", "上城区", "采荷街道", "芙蓉社区", None)),
        ("拱墅区朝晖九区", ("浙江省", "杭州市", "拱墅区", "朝晖街道", "朝晖九区社区", None)),
        ("翠苑一区12幢", ("浙江省", "杭州市", "西湖区", "翠苑街道", "翠苑一区社区", "12幢")),
        ("住在临平塘栖镇", ("浙江省", "杭州市", "临平区", "塘栖镇", None, None)),
        ("萧山区瓜沥镇东恩村", ("浙江省", "杭州市", "萧山区", "瓜沥镇", "东恩村", None)),
        ("桐庐县分水镇", ("浙江省", "杭州市", "桐庐县", "分水镇", None, None)),
        ("钱塘区下沙街道", ("浙江省", "杭州市", "钱塘区", "下沙街道", None, None)),
        ("住在嘉绿苑3-2-501", (None, None, None, None, "嘉绿苑", "3-2-501")),
        ("我在文三路478号开了个店", (None, None, None, None, None, "文三路478号")),
        ("我在中山路上", (None, None, None, None, None, "中山路")),  # a road, not the city of 中山
    ],
)
def test_home_city_addresses(text: str, expected: tuple[str | None, ...]) -> None:
    assert levels(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("南昌市西湖区", ("江西省", "南昌市", "西湖区", None, None, None)),
        (
            "我在北京市朝阳区望京街道望京西园三区",
            ("北京市", "北京市", "朝阳区", "望京街道", "望京西园三区", None),
        ),
        (
            "朝阳区这边",
            ("北京市", "北京市", "朝阳区", None, None, None),
        ),  # the municipality is the likelier reading
        ("江苏省南京市玄武区", ("江苏省", "南京市", "玄武区", None, None, None)),
    ],
)
def test_places_elsewhere_resolve_through_the_national_list(
    text: str, expected: tuple[str | None, ...]
) -> None:
    assert levels(text) == expected


def test_the_most_specific_consistent_place_wins() -> None:
    assert levels("老家安徽的，现在住西湖区文新街道")[:4] == ("浙江省", "杭州市", "西湖区", "文新街道")


def test_a_former_district_name_still_finds_the_current_street() -> None:
    # 江干区 was merged in 2021; 九堡 is now a street of 上城区.
    assert levels("江干区九堡")[2:4] == ("上城区", "九堡街道")


@pytest.mark.parametrize(
    "text",
    [
        "隔壁小区天天施工",
        "马路上有个坑",
        "我们这条街上都是烧烤摊",
        "手机号138-1234-5678",
        "西湖边的路灯不亮了吗",
    ],
)
def test_words_that_are_not_addresses(text: str) -> None:
    a = parse_address(text, HOME)
    assert (a.community, a.detail, a.street) == (None, None, None)


def test_address_text_is_the_span_the_caller_said() -> None:
    text = "您好，我家在西湖区文新街道嘉绿苑小区3幢，电梯坏了"
    a = parse_address(text, HOME)
    assert a.text == "西湖区文新街道嘉绿苑小区3幢"
    assert a.text in text


def test_gazetteer_of_the_demonstration_city() -> None:
    raw = resources.files("hotline.data").joinpath("places/hangzhou.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(raw)
    names = [d["name"] for d in doc["districts"]]
    assert names == [
        "上城区",
        "拱墅区",
        "西湖区",
        "滨江区",
        "萧山区",
        "余杭区",
        "富阳区",
        "临安区",
        "临平区",
        "钱塘区",
        "桐庐县",
        "淳安县",
        "建德市",
    ]
    assert all(d["code"].startswith("3301") and d["streets"] for d in doc["districts"])
    streets = [s["name"] for d in doc["districts"] for s in d["streets"]]
    assert len(streets) == len(set(streets)) > 180
    assert "江干区" not in names and "下城区" not in names


def test_a_centre_replaces_the_gazetteer_with_its_own(tmp_path: Path) -> None:
    places = tmp_path / "places"
    places.mkdir()
    (places / "ningbo.yaml").write_text(
        yaml.safe_dump(
            {
                "province": "浙江省",
                "city": "宁波市",
                "source": "测试",
                "districts": [
                    {
                        "name": "海曙区",
                        "code": "330203",
                        "aliases": ["海曙"],
                        "streets": [{"name": "月湖街道", "aliases": ["月湖"]}],
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    ningbo = gazetteer("浙江省", "宁波市", tmp_path)
    a = parse_address("我住在月湖那边", ningbo)
    assert (a.city, a.district, a.street) == ("宁波市", "海曙区", "月湖街道")
    # 西湖区 is no longer the home one: it is ambiguous across the country and keeps only its name.
    assert parse_address("西湖区", ningbo).district == "西湖区"


def test_a_broken_gazetteer_is_refused_in_chinese(tmp_path: Path) -> None:
    places = tmp_path / "places"
    places.mkdir()
    (places / "x.yaml").write_text("province: 浙江省\ncity: 温州市\ndistricts: []\n", encoding="utf-8")
    with pytest.raises(HotlineError, match="districts"):
        gazetteer("浙江省", "温州市", tmp_path)
