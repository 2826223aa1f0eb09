"""Who works tickets: the roles of users, and the pseudo-role of the scheduler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["operator", "shift_leader", "expert", "unit_handler", "manager", "admin"]
ROLES: tuple[Role, ...] = ("operator", "shift_leader", "expert", "unit_handler", "manager", "admin")
ROLE_ZH: dict[str, str] = {
    "operator": "坐席话务员",
    "shift_leader": "值班长",
    "expert": "业务专家",
    "unit_handler": "承办单位人员",
    "manager": "中心管理人员",
    "admin": "系统管理员",
    "system": "系统",
}
# Roles of the hotline centre itself, as opposed to the handling units.
CENTRE_ROLES: frozenset[str] = frozenset({"operator", "shift_leader", "expert", "manager", "admin"})


@dataclass(frozen=True)
class Actor:
    """The person (or the scheduler) doing something; services check roles and units against it."""

    id: int | None
    username: str
    role: str
    unit: str | None = None
    display_name: str = ""

    @property
    def is_system(self) -> bool:
        return self.role == "system"


SYSTEM = Actor(id=None, username="system", role="system", display_name="系统")
