"""Charts for the handbook: matplotlib PNGs with a Chinese font (Noto Sans CJK SC or WenQuanYi)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hotline.errors import HotlineError

FONTS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans CJK JP"]
_COLOR = "#2f6f9f"
_ACCENT = "#d9822b"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    installed = {f.name for f in font_manager.fontManager.ttflist}
    usable = [f for f in FONTS if f in installed]
    if not usable:
        raise HotlineError(
            "font_missing",
            "没有找到中文字体（Noto Sans CJK SC 或 WenQuanYi Micro Hei），请安装 fonts-noto-cjk 或 fonts-wqy-microhei",
        )
    plt.rcParams["font.sans-serif"] = [*usable, "DejaVu Sans"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def bar_chart(labels: list[str], values: list[float], *, title: str, xlabel: str, path: Path) -> Path:
    """Horizontal bars, largest on top; long labels are shortened to keep the chart readable."""
    plt = _pyplot()
    shown = [lab if len(lab) <= 22 else lab[:21] + "…" for lab in labels]
    height = max(2.2, 0.45 * len(labels) + 1.0)
    fig, ax = plt.subplots(figsize=(7.2, height), dpi=150)
    ax.barh(range(len(values))[::-1], values, color=_COLOR)
    ax.set_yticks(range(len(values))[::-1], shown, fontsize=9)
    for y, v in zip(range(len(values))[::-1], values, strict=True):
        ax.text(v, y, f" {v:g}", va="center", fontsize=8)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def trend_chart(monthly: dict[str, int], *, title: str, path: Path) -> Path:
    """Cases per month as a line with points."""
    plt = _pyplot()
    months = list(monthly)
    fig, ax = plt.subplots(figsize=(7.2, 2.6), dpi=150)
    ax.plot(
        range(len(months)), list(monthly.values()), marker="o", color=_ACCENT, linewidth=1.6, markersize=3
    )
    step = max(1, len(months) // 8)
    ax.set_xticks(range(0, len(months), step), [months[i] for i in range(0, len(months), step)], fontsize=8)
    ax.set_ylabel("件数", fontsize=9)
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
