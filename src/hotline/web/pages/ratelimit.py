"""Login rate limiting: after too many failed logins for one username from one address, wait.

Kept in the process's memory: with several server processes each counts on its own, which
still caps guessing at (processes × limit) tries per window. Time comes from a clock
function (monotonic seconds) so tests can move it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 5
WINDOW_SECONDS = 300.0
MAX_KEYS = 10_000  # bound memory under a flood of made-up usernames


class LoginLimiter:
    def __init__(
        self,
        *,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures.get(key)
        if q is None:
            return deque()
        while q and now - q[0] >= self.window:
            q.popleft()
        if not q:
            del self._failures[key]
        return q

    def wait_seconds(self, username: str, address: str) -> int:
        """0 when a try is allowed now, else how many seconds until the oldest failure expires."""
        key = (username.strip().lower(), address)
        now = self.clock()
        with self._lock:
            q = self._recent(key, now)
            if len(q) < self.max_failures:
                return 0
            return max(1, int(q[0] + self.window - now + 0.999))

    def failed(self, username: str, address: str) -> None:
        key = (username.strip().lower(), address)
        now = self.clock()
        with self._lock:
            if len(self._failures) >= MAX_KEYS:
                # Drop the stalest entries rather than grow without bound.
                for stale in sorted(self._failures, key=lambda k: self._failures[k][-1])[: MAX_KEYS // 10]:
                    del self._failures[stale]
            self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop((username.strip().lower(), address), None)


def wait_message(seconds: int) -> str:
    minutes = (seconds + 59) // 60
    return f"登录失败次数过多，为保护账号安全已暂停该账号在本机的登录，请 {minutes} 分钟后再试。"
