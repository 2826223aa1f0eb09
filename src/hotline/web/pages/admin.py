"""The administrator's page: who can log in, with which role and unit; the units on file."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hotline.web.pages.deps import hotline, require_page
from hotline.web.pages.render import render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def admin(request: Request) -> Response:
    session = require_page(request, "admin")
    h = hotline(request)
    with h.store.read() as tx:
        users = tx.users()
        units = tx.units()
        rows = [
            {
                "username": u.username,
                "display_name": u.display_name,
                "role": u.role,
                "unit": units[u.unit_code].name if u.unit_code and u.unit_code in units else "",
                "active": u.active,
                "last_login_at": u.last_login_at,
            }
            for u in users
        ]
        kinds = Counter(u.kind for u in units.values())
    return render(
        request, "admin.html", {"users": rows, "unit_kinds": sorted(kinds.items())}, session=session
    )
