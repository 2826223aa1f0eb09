"""Matters the hotline does not accept but must point to their legal channel.

Litigation, arbitration, 纪检监察, 行政复议, matters already in 信访 and 政府信息公开 requests are
told their channel (国办发〔2020〕53号; 国办函〔2025〕66号 分类处理). Cues live in
`catalogue/legal.yaml` so a centre can adjust them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from hotline.act.matcher import PhraseMatcher
from hotline.act.yamlmarks import MarkedDict, MarkedList, Problem, fail_on, load_file, load_text

FILE = "legal.yaml"


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    tell: str
    unit: str | None
    cues: tuple[str, ...]


@dataclass(frozen=True)
class LegalMatch:
    channel: Channel
    said: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.channel.id,
            "name": self.channel.name,
            "tell": self.channel.tell,
            "said": list(self.said),
        }


class LegalChannels:
    def __init__(self, channels: list[Channel]) -> None:
        self.channels = channels
        self._by_cue = {cue: ch for ch in channels for cue in ch.cues}
        self._matcher = PhraseMatcher(self._by_cue)

    def find(self, text: str) -> LegalMatch | None:
        """The channel whose cues the text uses most (first named wins a tie)."""
        said: dict[str, list[str]] = {}
        for cue in self._matcher.phrases_in(text):
            said.setdefault(self._by_cue[cue].id, []).append(cue)
        if not said:
            return None
        best = max(said, key=lambda cid: len(said[cid]))
        channel = next(ch for ch in self.channels if ch.id == best)
        return LegalMatch(channel, tuple(said[best]))


def parse_channels(data: Any, *, name: str) -> list[Channel]:
    problems: list[Problem] = []
    items = data.get("legal_channels") if isinstance(data, MarkedDict) else None
    if not isinstance(items, MarkedList):
        fail_on([Problem(name, 1, "文件应包含 legal_channels 列表")], code="catalogue_invalid")
        return []
    channels: list[Channel] = []
    for i, item in enumerate(items):
        line = items.line_at(i)
        if not isinstance(item, MarkedDict):
            problems.append(Problem(name, line, "每一项应为映射"))
            continue
        missing = [k for k in ("id", "name", "tell", "cues") if not item.get(k)]
        if missing:
            problems.append(Problem(name, line, f"缺少字段 {'、'.join(missing)}"))
            continue
        cues = tuple(str(c) for c in item["cues"])
        short = [c for c in cues if len(c) < 2]
        if short:
            problems.append(
                Problem(name, item.line_of("cues"), f"说法太短（至少两个字）：{'、'.join(short)}")
            )
            continue
        unit = item.get("unit")
        channels.append(
            Channel(str(item["id"]), str(item["name"]), str(item["tell"]), unit and str(unit), cues)
        )
    fail_on(problems, code="catalogue_invalid")
    return channels


@lru_cache(maxsize=4)
def legal_channels(catalogue_dir: str | None = None) -> LegalChannels:
    """The legal channels of a catalogue folder (falls back to the built-in file)."""
    if catalogue_dir and (Path(catalogue_dir) / FILE).is_file():
        path = Path(catalogue_dir) / FILE
        return LegalChannels(parse_channels(load_file(path), name=str(path)))
    name = f"catalogue/{FILE}"
    text = resources.files("hotline.data").joinpath(name).read_text(encoding="utf-8")
    return LegalChannels(parse_channels(load_text(text, name=name), name=name))
