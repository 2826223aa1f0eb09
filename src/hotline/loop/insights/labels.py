"""Short Chinese titles for clusters: the place most members name, then the problem words.

"A市A5区魅力之城小区 临街门面油烟扰民": the place is voted by the members (a name counts when
at least a third of them use it), the problem words are the title words that are frequent in
the cluster and rare in the corpus, put back in the order the titles use them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from hotline.loop.insights.places import Places

_MAX_PROBLEM_CHARS = 16


class Labeller:
    def __init__(
        self, titles: Sequence[str], tokens: Sequence[Sequence[str]], places: Sequence[Places]
    ) -> None:
        self._titles = list(titles)
        self._places = list(places)
        self._tokens = [list(t) for t in tokens]
        df: Counter[str] = Counter()
        for toks in self._tokens:
            df.update(set(toks))
        self._df = df
        self._n = max(1, len(titles))

    def place(self, idx: Sequence[int]) -> str:
        n = len(idx)
        need = max(2, math.ceil(n / 3)) if n > 2 else 2
        cities = Counter(self._places[i].city for i in idx if self._places[i].city)
        districts = Counter(self._places[i].district for i in idx if self._places[i].district)
        keys: Counter[str] = Counter()
        names: dict[str, Counter[str]] = {}
        for i in idx:
            for q in self._places[i].named:
                names.setdefault(q.key, Counter())[q.name] += 1
            keys.update(self._places[i].keys())
        parts: list[str] = []
        if cities and cities.most_common(1)[0][1] >= need:
            parts.append(cities.most_common(1)[0][0] or "")
        if districts and districts.most_common(1)[0][1] >= need:
            parts.append(districts.most_common(1)[0][0] or "")
        picked = [key for key, count in keys.most_common(2) if count >= need]
        # Put the places in the order the titles name them ("伊景园滨河苑", not "滨河苑伊景园").
        shown = [names[key].most_common(1)[0][0] for key in picked]
        shown.sort(key=lambda name: self._position(idx, name))
        for name in shown:
            if not any(name in p or p in name for p in parts) and len(parts) < 3:
                parts.append(name)
        if not parts and districts:
            parts.append(districts.most_common(1)[0][0] or "")
        return "".join(parts)

    def problem(self, idx: Sequence[int]) -> str:
        n = len(idx)
        need = max(2, math.ceil(n * 0.2)) if n > 2 else 1
        inside: Counter[str] = Counter()
        for i in idx:
            inside.update(set(self._tokens[i]))
        scored = []
        for tok, c in inside.items():
            if c < need:
                continue
            idf = math.log((1 + self._n) / (1 + self._df[tok])) + 1.0
            scored.append((c / n * idf, tok))
        scored.sort(reverse=True)
        chosen: list[str] = []
        for _, tok in scored:
            if any(tok in c or c in tok for c in chosen):
                continue
            if sum(len(c) for c in chosen) + len(tok) > _MAX_PROBLEM_CHARS:
                continue
            chosen.append(tok)
            if len(chosen) >= 4:
                break
        if not chosen:
            shortest = min((self._titles[i] for i in idx), key=len)
            return shortest[:_MAX_PROBLEM_CHARS]

        # Word order of the title that uses most of the chosen words reads most naturally
        # ("捆绑销售车位"); words it lacks follow in their average position.
        model = max(idx, key=lambda i: (sum(t in self._titles[i] for t in chosen), -len(self._titles[i])))
        title = self._titles[model]
        chosen.sort(key=lambda tok: (title.find(tok) if tok in title else 1000, self._position(idx, tok)))
        return "".join(chosen)

    def _position(self, idx: Sequence[int], text: str) -> float:
        """Mean relative position of `text` in the titles that contain it (1 when none does)."""
        spots = [
            self._titles[i].find(text) / max(1, len(self._titles[i])) for i in idx if text in self._titles[i]
        ]
        return sum(spots) / len(spots) if spots else 1.0

    def label(self, idx: Sequence[int]) -> tuple[str, str]:
        return self.place(idx), self.problem(idx)
