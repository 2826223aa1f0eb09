"""A readable Chinese report of one lint result: the text with its problems marked, then the fixes."""

from __future__ import annotations

from hotline.warmth.lint import MOVE_ZH, MOVES, LintResult, PhraseHit, VagueHit

# Brackets that cannot be confused with the 〔…〕 placeholders used in suggestions.
MARKS = {"vague": ("【", "】"), "buck_passing": ("〖", "〗"), "impatience": ("「", "」")}
TITLES = {"vague": "模糊用语", "buck_passing": "推诿", "impatience": "不耐烦"}


def mark_text(text: str, result: LintResult) -> str:
    """The text with every finding wrapped in its category's brackets."""
    events: list[tuple[int, int, str]] = []  # (position, order, mark): closes sort before opens
    for kind in ("buck_passing", "impatience", "vague"):
        opening, closing = MARKS[kind]
        hits: list[VagueHit] | list[PhraseHit] = getattr(result, kind)
        for hit in hits:
            events.append((hit.start, 1, opening))
            events.append((hit.end, 0, closing))
    out: list[str] = []
    last = 0
    for pos, _order, mark in sorted(events, key=lambda e: (e[0], e[1])):
        out.append(text[last:pos])
        out.append(mark)
        last = pos
    out.append(text[last:])
    return "".join(out)


def render_lint(text: str, result: LintResult) -> str:
    lines = [f"原文：{mark_text(text, result)}"]
    legend = "　".join(f"{o}{TITLES[k]}{c}" for k, (o, c) in MARKS.items())
    lines.append(f"标记：{legend}")
    lines.append("")
    for kind in ("vague", "buck_passing", "impatience"):
        hits = getattr(result, kind)
        if not hits:
            lines.append(f"{TITLES[kind]}：无")
            continue
        lines.append(f"{TITLES[kind]}（{len(hits)} 处）：")
        for n, hit in enumerate(hits, start=1):
            if isinstance(hit, VagueHit):
                lines.append(f"  {n}. “{hit.word}”（{hit.label}，第 {hit.start + 1} 字起）")
                lines.append(f"     改为：{hit.suggestion}")
                if hit.suggestion != hit.advice:
                    lines.append(f"     说明：{hit.advice}")
            else:
                lines.append(f"  {n}. “{hit.text}”（第 {hit.start + 1} 字起）")
                lines.append(f"     改为：{hit.suggestion}")
    lines.append("")
    moves = "　".join(f"{MOVE_ZH[m]} {'✓' if getattr(result.moves, m) else '✗'}" for m in MOVES)
    lines.append(f"四步动作：{moves}")
    verdict = "可以使用" if result.ok else "需要修改"
    lines.append(f"结论：{verdict}（得分 {result.score}/100）")
    return "\n".join(lines)
