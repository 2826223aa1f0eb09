"""`hotline model train` builds the shipped models; `hotline eval …` measures them on labelled CSV files.

Trainers are listed by name as "module:function" strings and imported only when asked for, so
a trainer that is not written yet (or a heavy training dependency) never slows other commands.
Each trainer has the signature `train(data_dir: Path, out_dir: Path) -> dict` and returns metrics.

To add an evaluation, write `@eval_app.command("name")` that reads its file with
`read_labelled()`, scores it with `hotline.listen.emotion_train.scores()` and prints `report()`:
every `hotline eval` command prints the same report and ends with `macro_f1=0.NNN`.
"""

from __future__ import annotations

import csv
import importlib
import json
import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from hotline.cli.common import fail, guarded
from hotline.errors import HotlineError, InputError

TRAINERS: dict[str, str] = {
    "emotion": "hotline.listen.emotion_train:train",
    "route": "hotline.act.route_train:train",
}

SHARED_DATA_ENV = "HOTLINE_SHARED_DATA"

model_app = typer.Typer(help="训练随软件发布的模型。", no_args_is_help=True)
eval_app = typer.Typer(help="在带标注的 CSV 文件上评估模型。", no_args_is_help=True)


def default_data_dir() -> Path:
    """$HOTLINE_SHARED_DATA, else ../shared/data next to the repository."""
    env = os.environ.get(SHARED_DATA_ENV)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "data"


def default_out_dir() -> Path:
    import hotline.models

    return Path(hotline.models.__file__).resolve().parent


Trainer = Callable[[Path, Path], dict[str, Any]]


def load_trainer(spec: str) -> Trainer | None:
    """Import "module:function"; None when the module itself does not exist (yet)."""
    module_name, _, func_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only a missing trainer module is "not available"; a missing dependency inside it is a bug.
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    fn = getattr(module, func_name, None)
    if not callable(fn):
        raise HotlineError("trainer_invalid", f"训练模块 {module_name} 中没有函数 {func_name}", status=500)
    trainer: Trainer = fn
    return trainer


def format_metrics(name: str, metrics: dict[str, Any]) -> str:
    lines = [f"{name} 模型训练完成："]
    for key, value in metrics.items():
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
        lines.append(f"  {key}: {shown}")
    return "\n".join(lines)


def _run_trainer(trainer: Trainer, data_dir: Path, out_dir: Path) -> dict[str, Any]:
    try:
        return trainer(data_dir, out_dir)
    except OSError as exc:
        where = exc.filename or out_dir
        raise InputError(
            "io_error", f"无法读写 {where}：{exc.strerror or exc}，请检查 --data 和 --out"
        ) from exc


@model_app.command("train")
def train_cmd(
    only: Annotated[
        str | None, typer.Option("--only", help=f"只训练其中一个：{' | '.join(TRAINERS)}")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help=f"共享数据目录，默认为 ${SHARED_DATA_ENV} 或仓库旁的 ../shared/data"),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="模型输出目录，默认为软件包的 models 目录")
    ] = None,
) -> None:
    """训练模型并打印各自的评估指标。"""
    if only is not None and only not in TRAINERS:
        fail(InputError("unknown_model", f"没有名为 {only} 的模型，可选：{'、'.join(TRAINERS)}"))
    data_dir = data or default_data_dir()
    if not data_dir.is_dir():
        fail(
            InputError(
                "data_dir_missing",
                f"找不到训练数据目录 {data_dir}：请用 --data 指定，或设置环境变量 {SHARED_DATA_ENV}",
            )
        )
    out_dir = out or default_out_dir()
    # Check where the model goes before a training run of tens of seconds, not after it (and
    # without creating anything: a run that fails on its data leaves no empty directory behind).
    if out_dir.exists() and not out_dir.is_dir():
        fail(InputError("bad_out_dir", f"输出位置 {out_dir} 已存在且不是目录，请用 --out 指定一个目录"))
    existing = next((p for p in (out_dir, *out_dir.absolute().parents) if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK):
        fail(InputError("bad_out_dir", f"无法在 {out_dir} 写入模型：上级路径不是可写的目录，请换一个 --out"))
    skipped = 0
    for name in [only] if only else list(TRAINERS):
        spec = TRAINERS[name]
        trainer = load_trainer(spec)
        if trainer is None:
            typer.echo(f"{name}：训练模块 {spec.partition(':')[0]} 尚未提供，已跳过。", err=True)
            skipped += 1
            continue
        typer.echo(f"正在训练 {name} 模型（数据：{data_dir}，输出：{out_dir}）…")
        metrics = guarded(partial(_run_trainer, trainer, data_dir, out_dir))
        typer.echo(format_metrics(name, metrics))
    if only and skipped:
        raise typer.Exit(1)


def read_labelled(path: Path, labels: Sequence[str]) -> list[tuple[str, str]]:
    """Rows (text, label) of a UTF-8 CSV with columns text,label; labels must be among `labels`."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
                raise InputError("bad_csv", f"{path} 应有表头 text,label")
            rows: list[tuple[str, str]] = []
            for lineno, row in enumerate(reader, start=2):
                text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
                if not text:
                    raise InputError("bad_csv", f"{path} 第 {lineno} 行的 text 为空", line=lineno)
                if label not in labels:
                    raise InputError(
                        "bad_label",
                        f"{path} 第 {lineno} 行的标签 {label!r} 不在 {'/'.join(labels)} 之中",
                        line=lineno,
                    )
                rows.append((text, label))
    except FileNotFoundError as exc:
        raise InputError("file_not_found", f"找不到文件 {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError("invalid_encoding", f"{path} 不是有效的 UTF-8 文件") from exc
    if not rows:
        raise InputError("bad_csv", f"{path} 没有数据行")
    return rows


def report(result: dict[str, Any]) -> str:
    """Accuracy, per-class P/R/F1, macro-F1 and the confusion matrix; the last line is macro_f1=…"""
    labels: list[str] = result["labels"]
    width = max(14, *(len(label) + 2 for label in labels))
    lines = [f"样本数 {result['n']}，准确率 accuracy={result['accuracy']:.3f}", ""]
    lines.append(f"{'class':<{width}}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
    for label in labels:
        c = result["per_class"][label]
        lines.append(
            f"{label:<{width}}{c['precision']:>10.3f}{c['recall']:>10.3f}{c['f1']:>10.3f}{c['support']:>10d}"
        )
    lines += ["", "混淆矩阵（行为标注，列为预测）："]
    lines.append(" " * width + "".join(f"{label[:12]:>14}" for label in labels))
    for label, row in zip(labels, result["confusion"], strict=True):
        lines.append(f"{label:<{width}}" + "".join(f"{v:>14d}" for v in row))
    lines += ["", f"macro_f1={result['macro_f1']:.3f}"]
    return "\n".join(lines)


@eval_app.command("emotion")
def eval_emotion(
    data: Annotated[
        Path, typer.Option("--data", help="CSV 文件，列为 text,label（anger/anxiety/disappointment/calm）")
    ],
    errors: Annotated[bool, typer.Option("--errors", help="同时列出判错的句子")] = False,
) -> None:
    """评估情绪识别：准确率、各类 P/R/F1、宏平均 F1 与混淆矩阵。"""
    from hotline.analysis import EMOTIONS
    from hotline.listen.emotion import read
    from hotline.listen.emotion_train import scores

    rows = guarded(lambda: read_labelled(data, EMOTIONS))
    predicted = [read(text).primary for text, _ in rows]
    if errors:
        for (text, gold), pred in zip(rows, predicted, strict=True):
            if gold != pred:
                typer.echo(f"[{gold} → {pred}] {text}")
        typer.echo("")
    typer.echo(report(scores([g for _, g in rows], predicted, EMOTIONS)))


@eval_app.command("route")
def eval_route(
    data: Annotated[
        Path,
        typer.Option("--data", help="CSV 文件：列为 text,label，或 title,detail（detail_clean）,label"),
    ],
    model: Annotated[
        Path | None,
        typer.Option("--model", help="模型目录（含 route.json/route.npy），默认用随软件发布的模型"),
    ] = None,
    errors: Annotated[bool, typer.Option("--errors", help="同时列出判错的文本")] = False,
) -> None:
    """评估派单分类（一级分类）：准确率、各类 P/R/F1、宏平均 F1 与混淆矩阵。"""
    from hotline.act.classifier import CategoryClassifier, default_classifier
    from hotline.act.route_train import CLASSES, read_labelled_messages
    from hotline.listen.emotion_train import scores

    rows = guarded(lambda: read_labelled_messages(data))
    classifier = guarded(lambda: CategoryClassifier.load(model) if model else default_classifier())
    predicted = [classifier.predict(text).category for text, _ in rows]
    if errors:
        for (text, gold), pred in zip(rows, predicted, strict=True):
            if gold != pred:
                typer.echo(f"[{gold} → {pred}] {text[:80]}")
        typer.echo("")
    typer.echo(report(scores([g for _, g in rows], predicted, CLASSES)))


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")
    app.add_typer(eval_app, name="eval")
