"""Units in the store follow the units catalogue (承办单位目录)."""

from __future__ import annotations

from hotline.config import Settings
from hotline.store.db import Store
from hotline.store.models import Unit
from hotline.tickets import intake


def sync_units(store: Store, settings: Settings) -> int:
    """Insert or update every catalogue unit; return how many changed.

    Units are never deleted: old tickets keep pointing at them.
    """
    units = intake.catalogue_units(settings)
    if not units:
        return 0
    changed = 0
    with store.write() as tx:
        known = tx.units()
        for info in units:
            old = known.get(info.code)
            if old is None:
                tx.add(Unit(code=info.code, name=info.name, parent=info.parent, kind=info.kind, active=True))
                changed += 1
            elif (old.name, old.parent, old.kind, old.active) != (info.name, info.parent, info.kind, True):
                old.name, old.parent, old.kind, old.active = info.name, info.parent, info.kind, True
                changed += 1
    return changed
