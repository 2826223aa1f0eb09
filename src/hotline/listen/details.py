"""Pipeline component: the key details of the call (name, phones, address, time, objects, amounts).

Each part has its own small module; this one only assembles them into `Analysis.details`.
"""

from __future__ import annotations

from hotline.analysis import Analysis, Details
from hotline.listen.address import parse_address
from hotline.listen.contact import read_contact
from hotline.listen.gazetteer import gazetteer
from hotline.listen.objects import find_amounts, find_objects
from hotline.listen.timeexpr import event_time
from hotline.pipeline import Context


def read_details(a: Analysis, ctx: Context) -> None:
    """Fill `a.details` from `a.text`, resolving times against `a.received_at`.

    The resolved time expression (with its `recurring`/`since` flags) is also left in
    `ctx.state["event_time"]` for the restatement.
    """
    text = a.text
    settings = ctx.settings
    gaz = gazetteer(settings.home_province, settings.home_city, settings.catalogue_dir)
    contact = read_contact(text)
    when = event_time(text, a.received_at)
    objects = find_objects(text)
    # "苏E·12345D" holds "12345", which is not the hotline's number here.
    objects.extend(o for o in contact.others if not any(p.start < o.end and o.start < p.end for p in objects))
    objects.sort(key=lambda o: o.start)
    a.details = Details(
        name=contact.name,
        surname=contact.surname,
        phone=contact.phones[0] if contact.phones else None,
        phones=contact.phones,
        address=parse_address(text, gaz),
        event_time=when.iso() if when else None,
        event_time_text=when.text if when else None,
        event_recurring=bool(when and when.recurring),
        objects=objects,
        amounts=find_amounts(text),
    )
    ctx.state["event_time"] = when
