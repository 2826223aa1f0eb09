"""Units in the store follow the units catalogue (承办单位目录)."""

from __future__ import annotations

from hotline.config import Settings
from hotline.store.db import Store
from hotline.tickets import intake


def sync_units(store: Store, settings: Settings) -> int:
    """Insert or update every catalogue unit; return how many changed. Units are never deleted:
    old tickets keep pointing at them."""
    units = intake.catalogue_units(settings)
    if not units:
        return 0
    changed = 0
    with store.write() as tx:
        known = tx.units()
        # Parents first, so a child's parent always exists.
        for info in sorted(units, key=lambda u: (u.parent is not None, u.code)):
            old = known.get(info.code)
            if old is not None and (old.name, old.parent, old.kind, old.active) == (
                info.name,
                info.parent,
                info.kind,
                True,
            ):
                continue
            changed += tx.upsert_unit(info.code, info.name, info.parent, info.kind)
    return changed
