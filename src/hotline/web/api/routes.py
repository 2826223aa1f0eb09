"""All routes of the JSON API under `/api/v1` (OpenAPI at `/api/v1/openapi.json`)."""

from __future__ import annotations

from fastapi import APIRouter

from hotline.web.api import session, tickets, transfer, work

router = APIRouter(prefix="/api/v1")
router.include_router(session.router)
router.include_router(transfer.router)  # before tickets: /tickets/export must not read as a ticket id
router.include_router(tickets.router)
router.include_router(work.router)
