"""The responsibility catalogue: the demonstration city is complete, and broken catalogues are refused
with the file and line an editor has to open."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from hotline.act.catalogue import CLASSIFIER_CATEGORIES, check_catalogue, default_catalogue, load_catalogue
from hotline.act.places import home_gazetteer
from hotline.act.unitgen import local_unit_name, render_local_units
from hotline.cli.main import app
from hotline.errors import HotlineError

runner = CliRunner()
BUILTIN = Path(__file__).resolve().parents[2] / "src" / "hotline" / "data" / "catalogue"

CITY_DEPARTMENTS = [
    "市住房和城乡建设局",
    "市城市管理局",
    "市生态环境局",
    "市市场监督管理局",
    "市人力资源和社会保障局",
    "市医疗保障局",
    "市卫生健康委员会",
    "市教育局",
    "市交通运输局",
    "市公安局交通警察支队",
    "市规划和自然资源局",
    "市商务局",
    "市文化广电旅游局",
    "市民政局",
    "杭州市水务集团",
    "国网杭州供电公司",
    "杭州市燃气集团",
    "杭州公交集团",
    "杭州地铁集团",
]


def test_the_demonstration_catalogue_has_the_city_departments_and_utilities() -> None:
    names = {u.name for u in default_catalogue().units.values()}
    assert set(CITY_DEPARTMENTS) <= names


def test_thirteen_district_governments_under_the_city() -> None:
    cat = default_catalogue()
    districts = [u for u in cat.units.values() if u.kind == "district"]
    assert len(districts) == 13
    assert all(u.parent == "hz" and u.name.endswith("人民政府") for u in districts)
    assert {"西湖区人民政府", "临平区人民政府", "钱塘区人民政府", "建德市人民政府"} <= {
        u.name for u in districts
    }


def test_every_street_of_the_gazetteer_has_its_local_government_unit() -> None:
    cat = default_catalogue()
    gz = home_gazetteer("杭州市")
    assert gz is not None
    for district, streets in gz.streets.items():
        for street in streets:
            unit = cat.local_unit(district, street)
            assert unit is not None, f"{district}{street} 没有属地单位"
            assert unit.kind == "street"
            assert unit.name == local_unit_name(street)
            assert cat.units[unit.parent or ""].district == district


def test_the_local_units_file_is_in_step_with_the_gazetteer() -> None:
    gz = home_gazetteer("杭州市")
    assert gz is not None
    on_disk = (BUILTIN / "units-local.yaml").read_text(encoding="utf-8")
    assert on_disk == render_local_units(gz), "行政区划已变更：请运行 python -m hotline.act.unitgen 重新生成"


@pytest.mark.parametrize(
    ("street", "unit"),
    [("文新街道", "文新街道办事处"), ("三墩镇", "三墩镇人民政府"), ("新桐乡", "新桐乡人民政府")],
)
def test_street_offices_and_township_governments_are_named_as_people_know_them(
    street: str, unit: str
) -> None:
    assert local_unit_name(street) == unit


def test_every_rule_points_at_real_units_and_known_categories() -> None:
    cat = default_catalogue()
    for rule in cat.rules:
        assert rule.lead in cat.units, rule.id
        assert all(c in cat.units for c in rule.co), rule.id
        assert cat.has_category(rule.category), rule.id
        assert cat.units[rule.lead].kind != "street", rule.id


@pytest.mark.parametrize("level1", CLASSIFIER_CATEGORIES)
def test_every_classifier_category_has_a_fallback_rule(level1: str) -> None:
    rule = default_catalogue().defaults[level1]
    assert not rule.keywords and rule.level1 == level1


def test_units_check_passes_the_builtin_catalogue_with_a_summary() -> None:
    result = runner.invoke(app, ["units", "check", str(BUILTIN)])
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output
    assert "街道/乡镇 191" in result.output


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _copy_builtin(folder: Path) -> None:
    for src in BUILTIN.glob("*.yaml"):
        (folder / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")


BROKEN = {
    "dangling_lead": (
        "rules:\n  - id: x.lead\n    category: 城乡建设/住房保障与房地产/物业服务\n"
        "    keywords: [物业]\n    lead: city.nowhere\n",
        5,
        "主办单位代码 city.nowhere 不存在",
    ),
    "dangling_co": (
        "rules:\n  - id: x.co\n    category: 环境保护\n    keywords: [噪音]\n    lead: city.sthjj\n"
        "    co:\n      - city.cgj\n      - city.ghost\n",
        8,
        "协办单位代码 city.ghost 不存在",
    ),
    "dangling_parent": (
        "units:\n  - {code: x.a, name: 甲局, kind: department, parent: hz}\n"
        "  - {code: x.b, name: 乙局, kind: department, parent: x.missing}\n",
        3,
        "上级单位代码 x.missing 不存在",
    ),
    "cycle": (
        "units:\n  - {code: x.a, name: 甲局, kind: department, parent: x.c}\n"
        "  - {code: x.b, name: 乙局, kind: department, parent: x.a}\n"
        "  - {code: x.c, name: 丙局, kind: department, parent: x.b}\n",
        2,
        "循环",
    ),
    "duplicate": (
        "units:\n  - {code: x.dup, name: 甲局, kind: department, parent: hz}\n"
        "  - {code: city.cgj, name: 又一个城管局, kind: department, parent: hz}\n",
        3,
        "单位代码 city.cgj 重复",
    ),
    "unknown_category": (
        "rules:\n  - id: x.cat\n    category: 城乡建设/飞碟管理\n    keywords: [飞碟]\n    lead: city.cgj\n",
        3,
        "城乡建设/飞碟管理 不在分类树中",
    ),
    "bad_kind": (
        "units:\n  - {code: x.k, name: 某局, kind: ministry, parent: hz}\n",
        2,
        "类别 ministry 无效",
    ),
    "short_keyword": (
        "rules:\n  - id: x.kw\n    category: 环境保护\n    keywords:\n      - 吵\n    lead: city.sthjj\n",
        5,
        "太短",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_units_check_names_file_and_line_of_each_problem(case: str, tmp_path: Path) -> None:
    text, line, message = BROKEN[case]
    _copy_builtin(tmp_path)
    _write(tmp_path, "zz-extra.yaml", text)
    result = runner.invoke(app, ["units", "check", str(tmp_path)])
    assert result.exit_code == 1
    expected = f"zz-extra.yaml 第 {line} 行"
    lines = [ln for ln in result.output.splitlines() if message in ln]
    assert lines, result.output
    assert expected in lines[0], lines[0]


def test_a_duplicate_code_names_both_places(tmp_path: Path) -> None:
    _copy_builtin(tmp_path)
    _write(tmp_path, "zz-extra.yaml", BROKEN["duplicate"][0])
    report = check_catalogue(tmp_path)
    (problem,) = [p for p in report.problems if "重复" in p.message]
    assert "units-city.yaml" in problem.message


def test_a_single_rules_file_is_checked_against_the_builtin_units(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "rules.yaml",
        "rules:\n  - id: my.rule\n    category: 城乡建设/城市建设和市政管理/城管执法\n"
        "    keywords: [占道]\n    lead: city.cgj\n    level: street\n",
    )
    result = runner.invoke(app, ["units", "check", str(path)])
    # The built-in fallback rules are not there, so the check says which categories lack one.
    assert result.exit_code == 1
    assert "缺少一级分类" in result.output
    assert "city.cgj" not in result.output


def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    _copy_builtin(tmp_path)
    _write(tmp_path, "zz-extra.yaml", "rules:\n  - id: x\n    category: [城乡建设\n")
    result = runner.invoke(app, ["units", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "zz-extra.yaml 第 4 行：YAML 格式错误" in result.output


def test_units_check_json_lists_problems(tmp_path: Path) -> None:
    import json

    _copy_builtin(tmp_path)
    _write(tmp_path, "zz-extra.yaml", BROKEN["cycle"][0])
    result = runner.invoke(app, ["units", "check", str(tmp_path), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["ok"] is False and any("循环" in p for p in payload["problems"])


def test_units_check_of_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["units", "check", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "找不到" in result.output


def test_loading_an_invalid_catalogue_raises_with_the_line(tmp_path: Path) -> None:
    _copy_builtin(tmp_path)
    _write(tmp_path, "zz-extra.yaml", BROKEN["dangling_lead"][0])
    with pytest.raises(HotlineError) as err:
        load_catalogue(tmp_path)
    assert err.value.code == "catalogue_invalid"
    assert "zz-extra.yaml 第 5 行" in err.value.message


def test_the_builtin_yaml_files_are_plain_yaml() -> None:
    for path in BUILTIN.glob("*.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8")), path.name
