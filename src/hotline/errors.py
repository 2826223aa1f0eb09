"""One error type for the whole product: a stable code, a Chinese message, an HTTP status.

The CLI prints it, the API renders it as `{"error": {"code", "message", "details"}}`.
"""

from __future__ import annotations

from typing import Any


class HotlineError(Exception):
    """An expected failure whose message is meant for the user (in Chinese)."""

    status = 400

    def __init__(self, code: str, message: str, *, status: int | None = None, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InputError(HotlineError):
    """The caller text, file or request body cannot be used as given."""


class NotFound(HotlineError):
    status = 404


class Conflict(HotlineError):
    """Illegal state transition, stale version, duplicate key."""

    status = 409


class Forbidden(HotlineError):
    status = 403
