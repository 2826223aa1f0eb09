"""`hotline route`, `hotline kb search`, `hotline units check`: stage 3 from the command line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from hotline.cli.common import dump, echo_jsonl, guarded, parse_when, text_argument
from hotline.errors import InputError

kb_app = typer.Typer(
    help="知识库：检索政策和办事文章（样例知识库）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
units_app = typer.Typer(
    help="承办单位与权责清单：检查派单目录。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _int_field(obj: dict[str, Any], key: str, lineno: int) -> int:
    value = obj.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputError(f"bad_{key}", f"第 {lineno} 行的 {key} 应为非负整数", line=lineno)
    return value


def _route_one(
    text: str, *, when: datetime, repeat_calls: int = 0, returns: int = 0, category: str | None = None
) -> dict[str, Any]:
    from hotline.act.step import act_on
    from hotline.services import analyze_call

    a = analyze_call(text, received_at=when, repeat_calls=repeat_calls)
    return act_on(a, returns=returns, category=category).to_dict()


def _route_record(obj: dict[str, Any], lineno: int) -> dict[str, Any]:
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("missing_text", f"第 {lineno} 行缺少字符串字段 text", line=lineno)
    received = obj.get("received_at")
    when = parse_when(received, name="received_at") if isinstance(received, str) else _now()
    assert when is not None
    category = obj.get("category")
    if category is not None and not isinstance(category, str):
        raise InputError("bad_category", f"第 {lineno} 行的 category 应为文本", line=lineno)
    return _route_one(
        text,
        when=when,
        repeat_calls=_int_field(obj, "repeat_calls", lineno),
        returns=_int_field(obj, "returns", lineno),
        category=category,
    )


def render_route(result: dict[str, Any]) -> str:
    """A shift leader's reading of one routing result."""
    from hotline.act.routing import PATH_ZH

    r = result["route"]
    esc = result["escalation"]
    category = " › ".join([r["category"], *(r["subcategory"] or "").split("/")]).rstrip(" ›")
    lines = [
        f"分类：{category}",
        f"处置路径：{PATH_ZH[r['path']]}" + ("（先转业务专家复核）" if r["expert_review"] else ""),
        f"主办单位：{r['lead']['name']}",
    ]
    if r["co"]:
        lines.append("协办单位：" + "、".join(u["name"] for u in r["co"]))
    lines.append(f"置信度：{r['confidence']:.2f}")
    if r["legal"]:
        lines.append(f"告知来电人：{r['legal']['tell']}")
    if r["answer"]:
        ans = r["answer"]
        tag = "（样例内容，非官方政策）" if ans["sample"] else ""
        lines.append(f"直接答复：《{ans['title']}》{tag}")
        lines.append(f"  {ans['passage']}")
    lines.append(f"响应级别：{esc['level_zh']}")
    lines.extend(f"  · {reason}" for reason in esc["reasons"])
    lines.append(f"说明：{r['explanation']}")
    others = [k for k in result["knowledge"] if not r["answer"] or k["id"] != r["answer"]["id"]]
    if others:
        lines.append("相关知识：" + "；".join(f"《{k['title']}》" for k in others))
    if result["options"]:
        lines.append("可选办法：")
        for opt in result["options"]:
            needs = "、".join(opt["needs"]) or "无"
            lines.append(f"  · [{opt['way_zh']}] {opt['title']}；需要：{needs}；用时：{opt['takes']}")
    return "\n".join(lines)


def render_hits(hits: list[dict[str, Any]], query: str) -> str:
    if not hits:
        return f"知识库中没有与「{query}」相关的有效文章。"
    lines = []
    for i, h in enumerate(hits, start=1):
        mark = "可直接答复" if h["confident"] else "仅供参考"
        sample = "，样例内容" if h["sample"] else ""
        lines.append(f"{i}. 《{h['title']}》（{h['id']}，得分 {h['score']:.1f}，{mark}{sample}）")
        lines.append(f"   {h['passage']}")
        lines.append(f"   来源：{h['source']}")
    return "\n".join(lines)


def render_check(report: Any) -> str:
    s = report.catalogue.summary()
    kinds = "，".join(f"{k} {v}" for k, v in s["unit_kinds"].items())
    return "\n".join(
        [
            "派单目录检查通过。",
            f"承办单位 {s['units']} 个（{kinds}）",
            f"一级分类 {s['categories']} 个，二级分类 {s['subcategories']} 个",
            f"派单规则 {s['rules']} 条，关键词 {s['keywords']} 个",
            f"属地：区县 {s['districts']} 个，街道/乡镇 {s['streets']} 个",
            "来源：" + "、".join(s["sources"]),
        ]
    )


def register(app: typer.Typer) -> None:
    @app.command("route")
    def route_cmd(
        text: Annotated[
            str | None, typer.Argument(help="来电人所说的话；省略或为 - 时从标准输入读取")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
        jsonl: Annotated[
            bool, typer.Option("--jsonl", help="从标准输入逐行读取 JSON（id、text …），逐行输出派单结果")
        ] = False,
        received_at: Annotated[str | None, typer.Option("--at", help="来电时间，默认为现在")] = None,
        repeat_calls: Annotated[int, typer.Option("--repeat", min=0, help="此前就同一事项来电次数")] = 0,
        returns: Annotated[int, typer.Option("--returns", min=0, help="工单已被退回的次数")] = 0,
        category: Annotated[
            str | None, typer.Option("--category", help="人工指定一级分类（不用分类模型）")
        ] = None,
    ) -> None:
        """派单：分类、主办与协办单位、处置路径、三级响应、知识库与可选办法。"""
        if jsonl:
            echo_jsonl(_route_record)
            return

        def run() -> dict[str, Any]:
            when = parse_when(received_at, name="来电时间") or _now()
            return _route_one(
                text_argument(text), when=when, repeat_calls=repeat_calls, returns=returns, category=category
            )

        result = guarded(run, as_json=as_json)
        typer.echo(dump(result) if as_json else render_route(result))

    @kb_app.command("search")
    def kb_search(
        query: Annotated[str, typer.Argument(help="检索词，如「公积金提取」")],
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON 列表")] = False,
        at: Annotated[str | None, typer.Option("--at", help="按此日期判断文章是否有效，默认为今天")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=20, help="最多返回几篇")] = 5,
    ) -> None:
        """按 BM25 检索知识库；已过有效期的文章不会出现。"""

        def run() -> list[dict[str, Any]]:
            from hotline.act.kb import default_kb
            from hotline.config import get_settings

            if not query.strip():
                raise InputError("empty_query", "检索词为空：请输入要查的事项，如「公积金提取」")
            when = parse_when(at, name="日期") or _now()
            hits = default_kb(get_settings().kb_dir).search(query, at=when, limit=limit)
            return [h.to_dict() for h in hits]

        hits = guarded(run, as_json=as_json)
        typer.echo(dump(hits) if as_json else render_hits(hits, query))

    @units_app.command("check")
    def units_check(
        path: Annotated[Path, typer.Argument(help="派单目录文件夹，或单个 YAML 文件")],
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    ) -> None:
        """检查派单目录：单位代码重复、上下级循环、引用不存在的单位、未知分类等，逐条指出文件和行号。"""
        from hotline.act.catalogue import check_catalogue

        report = guarded(lambda: check_catalogue(path), as_json=as_json)
        if as_json:
            payload: dict[str, Any] = {"ok": report.ok, "problems": [str(p) for p in report.problems]}
            if report.ok:
                payload["summary"] = report.catalogue.summary()
            typer.echo(dump(payload))
        elif report.ok:
            typer.echo(render_check(report))
        else:
            typer.echo(f"派单目录有 {len(report.problems)} 处问题：", err=True)
            for problem in report.problems:
                typer.echo(f"  {problem}", err=True)
        if not report.ok:
            raise typer.Exit(1)

    app.add_typer(kb_app, name="kb")
    app.add_typer(units_app, name="units")
