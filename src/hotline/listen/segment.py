"""Chinese word segmentation (jieba), loaded once, with the hotline user dictionary.

jieba builds its prefix dictionary on first use (about 0.6 s with its cache); `warm()`
lets servers pay that cost at start-up instead of on the first call.
"""

from __future__ import annotations

import os
import tempfile
import threading
from importlib import resources
from pathlib import Path

import jieba

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path(tempfile.gettempdir())))
    path = base / "hotline-jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


def tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(60)
                tok = jieba.Tokenizer()
                tok.tmp_dir = str(_cache_dir())
                tok.initialize()
                # Pass an open file: given a path, jieba opens it itself and never closes it.
                with resources.files("hotline.data").joinpath("userdict.txt").open("rb") as fh:
                    tok.load_userdict(fh)
                _tokenizer = tok
    return _tokenizer


def cut(text: str) -> list[str]:
    """Segment text into words (precise mode, HMM on for unknown words)."""
    return tokenizer().lcut(text)


def warm() -> None:
    tokenizer()
