"""Write the handbook as Markdown, Word (docx) or PDF, with its charts.

Markdown keeps its charts in a `<name>_charts/` folder beside the file; docx and pdf embed them.
PDF goes through WeasyPrint (HTML + print CSS, Noto Sans CJK SC, page numbers, contents with
page references); docx through python-docx with the East Asian font set on every run so Word and
LibreOffice pick a Chinese face.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hotline.errors import HotlineError, InputError
from hotline.loop.insights.charts import bar_chart, trend_chart
from hotline.loop.insights.handbook import Handbook

FORMATS = ("md", "docx", "pdf")
CJK_FONT = "Noto Sans CJK SC"


@lru_cache(maxsize=1)
def _templates() -> Any:
    import jinja2

    base = resources.files("hotline.data.insights").joinpath("templates")
    sources = {
        name: base.joinpath(name).read_text(encoding="utf-8")
        for name in ("handbook.md.j2", "handbook.html.j2")
    }
    return jinja2.Environment(
        loader=jinja2.DictLoader(sources), autoescape=jinja2.select_autoescape(["html.j2"])
    )


def render_charts(hb: Handbook, folder: Path) -> None:
    """Draw the overview and per-chapter charts into `folder`; paths are stored relative to it."""
    folder.mkdir(parents=True, exist_ok=True)
    if hb.categories:
        labels = [c for c, _ in hb.categories]
        bar_chart(
            labels,
            [n for _, n in hb.categories],
            title="各分类工单量",
            xlabel="件数",
            path=folder / "overview.png",
        )
        hb.charts["overview"] = f"{folder.name}/overview.png"
    for i, ch in enumerate(hb.chapters, start=1):
        if ch.pain_points:
            bar_chart(
                [p.label for p in ch.pain_points],
                [p.heat for p in ch.pain_points],
                title=f"{ch.category}：痛点热度",
                xlabel="热度（0–100）",
                path=folder / f"ch{i}_heat.png",
            )
            ch.charts["heat"] = f"{folder.name}/ch{i}_heat.png"
        if len(ch.monthly) >= 2:
            trend_chart(ch.monthly, title=f"{ch.category}：每月工单量", path=folder / f"ch{i}_trend.png")
            ch.charts["trend"] = f"{folder.name}/ch{i}_trend.png"


def to_markdown(hb: Handbook) -> str:
    return str(_templates().get_template("handbook.md.j2").render(hb=hb))


def to_html(hb: Handbook) -> str:
    return str(_templates().get_template("handbook.html.j2").render(hb=hb))


def write_handbook(hb: Handbook, path: str | Path, fmt: str) -> Path:
    """Write the handbook to `path` in `fmt` (md, docx or pdf) and return the path."""
    path = Path(path)
    if fmt not in FORMATS:
        raise InputError("bad_format", f"不支持的格式 {fmt!r}，可选：md、docx、pdf")
    if not path.parent.exists():
        raise InputError("no_folder", f"输出目录不存在：{path.parent}")
    if fmt == "md":
        folder = path.parent / f"{path.stem}_charts"
        render_charts(hb, folder)
        path.write_text(to_markdown(hb), encoding="utf-8")
        return path
    with tempfile.TemporaryDirectory(prefix="hotline-handbook-") as tmp:
        folder = Path(tmp) / "charts"
        render_charts(hb, folder)
        if fmt == "pdf":
            _write_pdf(hb, path, Path(tmp))
        else:
            _write_docx(hb, path, Path(tmp))
    return path


def _write_pdf(hb: Handbook, path: Path, base: Path) -> None:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise HotlineError("pdf_unavailable", f"无法生成 PDF：WeasyPrint 不可用（{exc}）") from exc
    HTML(string=to_html(hb), base_url=str(base)).write_pdf(str(path))


def _font(run: Any, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = CJK_FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), CJK_FONT)
    fonts.set(qn("w:ascii"), CJK_FONT)
    fonts.set(qn("w:hAnsi"), CJK_FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _para(doc: Any, text: str, *, size: float = 10.5, bold: bool = False, style: str | None = None) -> Any:
    p = doc.add_paragraph(style=style)
    _font(p.add_run(text), size, bold)
    return p


def _heading(doc: Any, text: str, level: int) -> None:
    h = doc.add_heading(level=level)
    _font(h.add_run(text), {0: 26, 1: 18, 2: 13}.get(level, 12), True)


def _write_docx(hb: Handbook, path: Path, base: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc = Document()
    styles = doc.styles
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "List Number", "List Bullet"):
        if name in [s.name for s in styles]:
            st = styles[name]
            st.font.name = CJK_FONT
            st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    # Title page.
    for _ in range(8):
        doc.add_paragraph()
    for text, size, bold in (
        (hb.title, 28, True),
        (hb.subtitle, 15, False),
        ("", 12, False),
        (f"统计时段：{hb.period[0]} 至 {hb.period[1]}", 12, False),
        (f"工单 {hb.total_cases} 件 · {len(hb.chapters)} 个分类", 12, False),
        (f"编制时间：{hb.generated_at}", 12, False),
    ):
        p = _para(doc, text, size=size, bold=bold)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    # Contents (a plain list: a Word TOC field would stay empty until someone updates it).
    _heading(doc, "目录", 1)
    for i, ch in enumerate(hb.chapters, start=1):
        _para(doc, f"{i}　{ch.category}（{ch.cases} 件，痛点 {len(ch.pain_points)} 个）", size=12)
    _para(doc, hb.intro, size=10.5)
    if "overview" in hb.charts:
        doc.add_picture(str(base / hb.charts["overview"]), width=Cm(15.5))
    for i, ch in enumerate(hb.chapters, start=1):
        doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, f"{i}　{ch.category}", 1)
        units = "、".join(f"{u}（{n} 件）" for u, n in ch.units)
        _para(
            doc,
            f"本类工单 {ch.cases} 件，占全部的 {ch.share * 100:.1f}%。"
            + (f"主要承办单位：{units}。" if units else ""),
        )
        for key in ("heat", "trend"):
            if key in ch.charts:
                doc.add_picture(str(base / ch.charts[key]), width=Cm(15.5))
        if not ch.pain_points:
            _para(doc, "本期本类没有形成集中的痛点。")
        for j, p in enumerate(ch.pain_points, start=1):
            _heading(doc, f"{i}.{j}　{p.label}", 2)
            table = doc.add_table(rows=2, cols=7)
            table.style = "Table Grid"
            head = ("热度", "趋势", "件数", "来电人", "时间", "主办单位", "办理时限")
            row = (
                f"{p.heat}",
                p.trend,
                str(p.messages),
                str(p.callers),
                f"{p.first} 至 {p.last}",
                "、".join(p.units) or "按权责清单确定",
                p.time_limit,
            )
            for k, (h, v) in enumerate(zip(head, row, strict=True)):
                for r, text in ((0, h), (1, v)):
                    cell = table.rows[r].cells[k]
                    cell.text = ""
                    _font(cell.paragraphs[0].add_run(text), 9, r == 0)
            _para(doc, "推荐话术", bold=True)
            for label, text in (
                ("情绪承接", p.wording.acceptance),
                ("责任表态", p.wording.responsibility),
                ("行动承诺", p.wording.commitment),
            ):
                para = doc.add_paragraph()
                _font(para.add_run(f"{label}："), 10.5, True)
                _font(para.add_run(text), 10.5)
            _para(doc, "典型案例", bold=True)
            for n, c in enumerate(p.cases, start=1):
                para = doc.add_paragraph()
                _font(para.add_run(f"案例 {n}：{c.title}"), 10, True)
                _font(para.add_run(f"（{c.created_at or '时间未知'}，编号 {c.id}）"), 9)
                _para(doc, f"诉求：{c.excerpt}", size=9.5)
                score = f"（答复质量 {c.reply_score} 分）" if c.reply_score is not None else ""
                _para(doc, f"办理：{c.handled}{score}", size=9.5)
            if p.kb:
                _para(doc, "知识库：" + "；".join(f"《{k.title}》（{k.id}）" for k in p.kb), size=9)
    doc.save(str(path))
