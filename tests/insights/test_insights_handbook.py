"""The handbook: chapters per category with pain points, cases, units, limits and wording that passes lint."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hotline.errors import InputError
from hotline.loop.insights.handbook import HandbookCase, build_handbook, recommended_wording, reply_units
from hotline.loop.insights.handbook_render import to_markdown, write_handbook
from hotline.warmth.lint import lint

T0 = datetime(2026, 3, 2, 9)
FUMES = [
    "A3区翠湖花园小区楼下烧烤店油烟扰民",
    "翠湖花园小区临街烧烤店每晚油烟呛人",
    "A3区翠湖花园烧烤摊油烟噪音扰民到凌晨",
]
WAGES = [
    "A5区宏达建设工地拖欠农民工工资三个月",
    "宏达建设公司拖欠我们农民工工资不给",
    "A5区宏达建设工地老板拖欠工资跑路",
]
REPLY = (
    "网友您好！经A3区城市管理局执法中队于3月5日现场核查，该烧烤店确有油烟直排情况。"
    "根据《A市餐饮油烟污染防治办法》第十二条，已责令其3月20日前加装油烟净化设施。感谢您的支持！"
)


def _cases() -> list[HandbookCase]:
    out = []
    for n, t in enumerate(FUMES):
        out.append(
            HandbookCase(
                id=f"f{n}",
                title=t,
                text=t + "，影响休息。",
                category="环境保护",
                created_at=T0 + timedelta(days=n * 20),
                reply=REPLY if n == 0 else "已转交相关单位。",
                replied_at=T0 + timedelta(days=n * 20 + 6),
            )
        )
    for n, t in enumerate(WAGES):
        out.append(
            HandbookCase(
                id=f"w{n}",
                title=t,
                text=t + "，请帮忙讨薪。",
                category="劳动和社会保障",
                created_at=T0 + timedelta(days=n),
                lead_unit="A5区人力资源和社会保障局",
            )
        )
    out.append(
        HandbookCase(
            id="x", title="咨询公积金提取", text="咨询公积金提取", category="城乡建设", created_at=T0
        )
    )
    return out


def _handbook():  # type: ignore[no-untyped-def]
    return build_handbook(_cases(), generated_at=datetime(2026, 11, 28, 9))


def test_one_chapter_per_category_largest_first_with_pain_points() -> None:
    hb = _handbook()
    assert [ch.category for ch in hb.chapters][:2] in (
        ["环境保护", "劳动和社会保障"],
        ["劳动和社会保障", "环境保护"],
    )
    assert hb.chapters[-1].category == "城乡建设" and hb.chapters[-1].pain_points == []
    fumes = next(ch for ch in hb.chapters if ch.category == "环境保护").pain_points[0]
    assert "翠湖花园" in fumes.label and fumes.messages == 3 and 0 < fumes.heat < 100
    assert fumes.trend in ("上升", "平稳", "下降")


def test_typical_cases_show_how_they_were_handled_best_reply_first() -> None:
    fumes = next(ch for ch in _handbook().chapters if ch.category == "环境保护").pain_points[0]
    best = fumes.cases[0]
    assert best.id == "f0" and "责令" in best.handled and "网友您好" not in best.handled
    assert best.reply_score is not None and best.reply_score >= 60
    assert "A3区城市管理局" in fumes.units[0]


def test_lead_units_from_tickets_and_a_time_limit_are_given() -> None:
    wages = next(ch for ch in _handbook().chapters if ch.category == "劳动和社会保障").pain_points[0]
    assert wages.units == ["A5区人力资源和社会保障局"]
    assert "工作日" in wages.time_limit or "小时" in wages.time_limit
    assert "A5区人力资源和社会保障局" in wages.wording.responsibility


def test_recommended_wording_passes_the_warmth_lint_and_names_the_pain_point() -> None:
    for ch in _handbook().chapters:
        for p in ch.pain_points:
            for step, sentence in (
                ("acceptance", p.wording.acceptance),
                ("responsibility", p.wording.responsibility),
                ("commitment", p.wording.commitment),
            ):
                result = lint(sentence)
                assert result.ok, (step, sentence)
                assert getattr(result.moves, step), (step, sentence)
            assert p.problem in p.wording.acceptance


@pytest.mark.parametrize("severity", [0.0, 0.5, 1.0])
def test_wording_matches_the_severity(severity: float) -> None:
    w = recommended_wording("A2区丽景新城", "搅拌站噪音", "A2区生态环境局", "15个工作日", severity)
    assert lint(w.acceptance).ok and "丽景新城" in w.acceptance
    assert "12点" in w.commitment and "15个工作日" in w.commitment


@pytest.mark.parametrize(
    ("reply", "unit"),
    [
        ("网友您好！该问题已于3月26日由A7县国土资源局调查处理。", "A7县国土资源局"),
        ("经A5区人防办、洞井街道调查核实，情况如下", "A5区人防办"),
        ("您反映的问题已转A市城市管理和综合执法局处理", "A市城市管理和综合执法局"),
    ],
)
def test_units_are_read_from_replies(reply: str, unit: str) -> None:
    assert reply_units(reply)[0] == unit


def test_an_empty_period_is_refused_in_chinese() -> None:
    with pytest.raises(InputError) as err:
        build_handbook(_cases(), generated_at=T0, start=datetime(2030, 1, 1))
    assert "没有工单" in err.value.message


def test_markdown_has_title_contents_and_a_chapter_per_category(tmp_path: Path) -> None:
    hb = _handbook()
    path = write_handbook(hb, tmp_path / "手册.md", "md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 热线诉求处置手册") and "## 目录" in text
    for ch in hb.chapters:
        assert f"{ch.category}" in text
    assert "情绪承接：" in text and "行动承诺：" in text
    assert (tmp_path / "手册_charts" / "overview.png").stat().st_size > 5000
    assert "](手册_charts/overview.png)" in to_markdown(hb)


def test_docx_sets_the_east_asian_font_and_embeds_charts(tmp_path: Path) -> None:
    path = write_handbook(_handbook(), tmp_path / "h.docx", "docx")
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert 'w:eastAsia="Noto Sans CJK SC"' in body
    assert "热线诉求处置手册" in body and "情绪承接" in body
    assert len(media) >= 2


def test_pdf_embeds_the_chinese_font(tmp_path: Path) -> None:
    path = write_handbook(_handbook(), tmp_path / "h.pdf", "pdf")
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) not installed")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK-SC" in line]
    assert cjk and all(" yes " in line for line in cjk)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        write_handbook(_handbook(), tmp_path / "h.txt", "txt")
    assert "md、docx、pdf" in err.value.message


def test_callers_phones_and_names_never_reach_the_printed_handbook() -> None:
    cases = [
        HandbookCase(
            id=f"p{n}",
            title=t,
            text=f"我叫张建国，电话1381234567{n}，{t}，希望尽快处理",
            category="环境保护",
            created_at=T0 + timedelta(days=n * 20),
            reply="经A3区城市管理局核查，已责令整改，已电话告知张建国先生。",
        )
        for n, t in enumerate(FUMES)
    ]
    markdown = to_markdown(build_handbook(cases, generated_at=datetime(2026, 11, 28, 9)))
    assert "1381234567" not in markdown
    assert "张建国" not in markdown
    assert "138****567" in markdown


def test_a_callers_vague_words_in_a_pain_point_do_not_break_the_wording() -> None:
    wording = recommended_wording("翠湖花园", "希望尽快修好路灯", "A3区城市管理局", "10个工作日", 0.5)
    for sentence in (wording.acceptance, wording.responsibility, wording.commitment):
        assert lint(sentence).ok, sentence
