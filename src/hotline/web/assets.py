"""Front-end libraries installed by npm (`package.json` at the repository root), served from
`node_modules` — never a CDN, and no third-party code in the repository.

`node_modules` is found by walking up from this package (an editable install lives inside
the repository) and then from the working directory. When it is missing, the files answer
404 with a hint and every page shows a notice (`vendor_missing()`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, PlainTextResponse, Response

# URL name → path inside node_modules. Only these files are served.
VENDOR: dict[str, str] = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "echarts.min.js": "echarts/dist/echarts.min.js",
}
INSTALL_HINT = "前端依赖未安装：请在项目根目录运行 npm ci（或 make demo，会自动安装）后刷新页面。"

router = APIRouter()


def _candidates() -> list[Path]:
    here = Path(__file__).resolve()
    starts = [*here.parents, *Path.cwd().resolve().parents]
    starts.insert(len(here.parents), Path.cwd().resolve())
    return [p / "node_modules" for p in starts]


@lru_cache(maxsize=1)
def node_modules() -> Path | None:
    for candidate in _candidates():
        if all((candidate / rel).is_file() for rel in VENDOR.values()):
            return candidate
    return None


def vendor_path(name: str) -> Path | None:
    rel = VENDOR.get(name)
    root = node_modules()
    if rel is None or root is None:
        return None
    path = root / rel
    return path if path.is_file() else None


def vendor_missing() -> bool:
    return node_modules() is None


@router.get("/static/vendor/{name}", include_in_schema=False)
def vendor(name: str) -> Response:
    path = vendor_path(name)
    if path is None:
        status = 404
        text = INSTALL_HINT if name in VENDOR else "没有这个前端文件"
        return PlainTextResponse(text, status_code=status)
    # The versions are pinned in package-lock.json; a day of caching is safe.
    return FileResponse(
        path,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
