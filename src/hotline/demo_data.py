"""A demonstration centre in a fresh database: units, users for every role, and a few hundred
tickets in every state over the past months.

The appeals are written by the project itself (templates in `data/demo/appeals.yaml` filled
with places from the gazetteer, invented estates, shops, names and phone numbers) and walked
through the real ticket service on a simulated clock, so events, tasks, messages, visits and
the three rates are all consistent. The same seed and the same `now` give the same centre.
"""

from __future__ import annotations

import contextlib
import heapq
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from argon2 import PasswordHasher

from hotline.config import Settings
from hotline.errors import HotlineError
from hotline.store.db import Store
from hotline.store.models import Call, Task, User
from hotline.tickets.clock import FakeClock
from hotline.tickets.roles import Actor
from hotline.tickets.service import NewTicket, TicketService
from hotline.tickets.units import sync_units
from hotline.tickets.users import actor_of

DEFAULT_SEED = 12345
DEMO_PASSWORD = "hotline-demo"
MERGEABLE = frozenset({"registered", "dispatched", "accepted", "returned", "reopened"})
INQUIRIES = frozenset({"school", "gjj", "social", "pension", "property_fee"})
# Districts most calls come from (the urban core), then the rest.
CORE_DISTRICTS = ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区")


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    display_name: str
    unit: str | None = None


@dataclass
class DemoCentre:
    """What was built: the logins to print, and counts to show."""

    logins: list[Login]
    unit_logins: list[Login]
    tickets: int
    by_status: Counter[str]
    seconds: float
    password: str = DEMO_PASSWORD


CENTRE_USERS: tuple[Login, ...] = (
    Login("admin", "admin", "系统管理员"),
    Login("manager", "manager", "中心主任 周敏"),
    Login("leader", "shift_leader", "值班长 陈立"),
    Login("leader2", "shift_leader", "值班长 孙悦"),
    Login("expert", "expert", "业务专家 郑远"),
    Login("operator", "operator", "坐席 王芳"),
    Login("operator2", "operator", "坐席 李强"),
    Login("operator3", "operator", "坐席 赵琳"),
)


# ----------------------------------------------------------------------------- the appeal texts


@lru_cache(maxsize=1)
def _appeal_data() -> dict[str, Any]:
    raw = resources.files("hotline.data").joinpath("demo/appeals.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw)
    for key in ("estates", "shops", "companies", "buses", "given_names", "pushes", "whens", "appeals"):
        if not data.get(key):
            raise HotlineError("bad_demo_data", f"示范数据 demo/appeals.yaml 缺少 {key}")
    return data


@lru_cache(maxsize=1)
def _places() -> list[tuple[str, str]]:
    raw = resources.files("hotline.data").joinpath("places/hangzhou.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    out: list[tuple[str, str]] = []
    for d in data["districts"]:
        weight = 3 if d["name"] in CORE_DISTRICTS else 1
        for s in d.get("streets") or []:
            out.extend([(d["name"], s["name"])] * weight)
    return out


@lru_cache(maxsize=1)
def _surnames() -> list[str]:
    raw = resources.files("hotline.data").joinpath("details/surnames.txt").read_text(encoding="utf-8")
    words = [w for line in raw.splitlines() if not line.startswith("#") for w in line.split()]
    return [w for w in words if len(w) == 1][:60]


@dataclass
class Caller:
    surname: str
    given: str
    phone: str
    female: bool

    @property
    def name(self) -> str:
        return self.surname + self.given


@dataclass
class Appeal:
    template: str
    text: str
    caller: Caller
    says_name: bool


def _caller(rng: random.Random) -> Caller:
    d = _appeal_data()
    phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
    return Caller(rng.choice(_surnames()), rng.choice(d["given_names"]), phone, rng.random() < 0.5)


def write_appeal(rng: random.Random, caller: Caller, template: dict[str, Any] | None = None) -> Appeal:
    """One caller text from a template, a place, objects and the caller's own words."""
    d = _appeal_data()
    if template is None:
        template = rng.choices(d["appeals"], weights=[a["weight"] for a in d["appeals"]])[0]
    district, street = rng.choice(_places())
    estate = rng.choice(d["estates"])
    roll = rng.random()
    says_name = roll < 0.75
    if roll < 0.45:
        intro = f"我姓{caller.surname}，电话{caller.phone}。"
    elif roll < 0.6:
        intro = f"我叫{caller.name}，手机号{caller.phone}。"
    elif roll < 0.75:
        intro = f"我是{caller.surname}{'女士' if caller.female else '先生'}。"
    else:
        intro = ""
    text = template["text"].format(
        place=f"{district}{street}{estate}{rng.randint(1, 30)}幢",
        area=f"{district}{street}",
        estate=estate,
        shop=rng.choice(d["shops"]),
        company=rng.choice(d["companies"]),
        bus=rng.choice(d["buses"]),
        when=rng.choice(d["whens"]),
        money=f"{rng.choice([3, 5, 8, 12, 26, 48, 80])}{rng.choice(['百', '千'])}多块钱",
        intro=intro,
        push=rng.choice(d["pushes"]),
    )
    return Appeal(template["id"], text, caller, says_name)


# ----------------------------------------------------------------------------- users


class People:
    """Demo users, created on first use (unit handlers per unit) with one shared password hash."""

    def __init__(self, store: Store, now: datetime) -> None:
        self.store = store
        self.now = now
        self._hash = PasswordHasher().hash(DEMO_PASSWORD)
        self._actors: dict[str, Actor] = {}
        self.unit_logins: list[Login] = []

    def add(self, login: Login) -> Actor:
        with self.store.write() as tx:
            user = tx.user_by_name(login.username)
            if user is None:
                user = User(
                    username=login.username,
                    display_name=login.display_name,
                    role=login.role,
                    unit_code=login.unit,
                    password_hash=self._hash,
                    active=True,
                    created_at=self.now,
                )
                tx.add(user)
                tx.flush()
            actor = actor_of(user)
        self._actors[login.username] = actor
        return actor

    def get(self, username: str) -> Actor:
        return self._actors[username]

    def handler(self, unit: str) -> Actor:
        """The demo handler of a unit; the username is the unit's code."""
        if unit not in self._actors:
            with self.store.read() as tx:
                u = tx.unit(unit)
                name = u.name if u else unit
            login = Login(unit, "unit_handler", f"{name}办理员", unit)
            self.unit_logins.append(login)
            self.add(login)
        return self._actors[unit]


# ----------------------------------------------------------------------------- the simulation


Step = Callable[["Sim", int], None]


@dataclass
class Plan:
    appeal: Appeal
    created_at: datetime
    ticket_id: int | None = None
    duplicate_of: int | None = None  # index of an earlier plan about the same matter


@dataclass
class Sim:
    service: TicketService
    clock: FakeClock
    people: People
    rng: random.Random
    now: datetime
    plans: list[Plan] = field(default_factory=list)
    queue: list[tuple[datetime, int, int, str]] = field(default_factory=list)
    counter: int = 0

    def at(self, when: datetime, plan: int, step: str) -> None:
        if when >= self.now:
            return  # in the future: the ticket stays where it is today
        self.counter += 1
        heapq.heappush(self.queue, (when, self.counter, plan, step))

    def ticket(self, plan: int) -> dict[str, Any] | None:
        """The ticket's state as the simulation needs it (a light read, not the full detail view)."""
        tid = self.plans[plan].ticket_id
        if tid is None:
            return None
        with self.service.store.read() as tx:
            t = tx.ticket(tid)
            if t is None:
                return None
            call = tx.get(Call, t.call_id)
            returned_by = [a.unit_code for a in tx.assignments(tid) if a.response == "returned"]
            return {
                "id": t.id,
                "status": t.status,
                "lead_unit": {"code": t.lead_unit} if t.lead_unit else None,
                "returns_count": t.returns_count,
                "reopen_count": t.reopen_count,
                "resolved": t.resolved,
                "extension_pending": t.extension_days_pending is not None,
                "district": t.place_district,
                "analysis": call.analysis if call else {},
                "returned_by": returned_by,
            }

    def slow_share(self, when: datetime) -> float:
        """How often a centre-side follow-up waits: more of today's work is still waiting."""
        return 0.7 if self.now - when < timedelta(days=2) else 0.3

    def operator(self) -> Actor:
        return self.people.get(self.rng.choice(["operator", "operator2", "operator3"]))

    def leader(self) -> Actor:
        return self.people.get(self.rng.choice(["leader", "leader2"]))

    def after(self, start: datetime, lo_hours: float, hi_hours: float) -> datetime:
        when = start + timedelta(hours=self.rng.uniform(lo_hours, hi_hours))
        # Centres and units work by day: push night-time actions to the next morning.
        if when.hour >= 21 or when.hour < 8:
            when = (when + timedelta(hours=12)).replace(
                hour=self.rng.randint(8, 11), minute=self.rng.randint(0, 59)
            )
        return when


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def step_create(sim: Sim, i: int) -> None:
    plan = sim.plans[i]
    a = plan.appeal
    operator = sim.operator()
    direct = None
    if a.template in INQUIRIES and sim.rng.random() < 0.6:
        from hotline.web.pages.live import analyze_text

        found = analyze_text(a.text, received_at=sim.clock())
        hits = found.get("knowledge") or []
        if hits and hits[0].get("passage"):
            direct = f"已按知识库《{hits[0]['title']}》答复：{hits[0]['passage'][:300]}"
    req = NewTicket(
        text=a.text,
        caller_name=a.caller.name if a.says_name and sim.rng.random() < 0.5 else None,
        caller_phone=a.caller.phone if sim.rng.random() < 0.85 else None,
        received_at=sim.clock(),
        direct_answer=direct,
        utterances=[("caller", a.text)],
    )
    created = sim.service.create(operator, req)
    t = created.ticket
    plan.ticket_id = t["id"]
    now = sim.clock()
    if t["status"] == "registered":
        slow = sim.rng.random() < sim.slow_share(now)  # some reviews wait for the expert's next round
        sim.at(sim.after(now, 8, 40) if slow else sim.after(now, 0.3, 3), i, "expert_dispatch")
    elif t["status"] == "dispatched":
        sim.at(_accept_time(sim, t, now), i, "unit_first")
    if t["deadlines"]["feedback_by"] and sim.rng.random() < 0.7:
        fb = _parse(t["deadlines"]["feedback_by"]) or now
        sim.at(fb - timedelta(minutes=sim.rng.randint(10, 120)), i, "progress")
    if plan.duplicate_of is not None and sim.rng.random() < 0.7:
        sim.at(sim.after(now, 0.5, 4), i, "merge")


def _accept_time(sim: Sim, t: dict[str, Any], now: datetime) -> datetime:
    accept_by = _parse(t["deadlines"]["accept_by"]) or now + timedelta(hours=24)
    window = max((accept_by - now).total_seconds() / 3600, 0.2)
    roll = sim.rng.random()
    if roll < 0.04:
        return now + timedelta(days=400)  # never accepted: stays overdue
    if roll < 0.14:
        return accept_by + timedelta(hours=sim.rng.uniform(1, 20))  # late
    return now + timedelta(hours=sim.rng.uniform(0.05, 0.9) * window)


def step_expert_dispatch(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if t is None or t["status"] not in ("registered", "returned"):
        return
    route = (t.get("analysis") or {}).get("route") or {}
    unit = (route.get("lead") or {}).get("code") or _fallback_unit(sim, t)
    done = sim.service.dispatch(sim.people.get("expert"), t["id"], unit=unit, note="专家复核后派单")
    sim.at(_accept_time(sim, done, sim.clock()), i, "unit_first")


def _fallback_unit(sim: Sim, t: dict[str, Any]) -> str:
    district = t.get("district")
    with sim.service.store.read() as tx:
        units = tx.units()
    for u in units.values():
        if u.kind == "district" and district and u.name.startswith(district):
            return u.code
    return sim.rng.choice([c for c, u in units.items() if u.kind == "department"])


def step_unit_first(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if t is None or t["status"] != "dispatched" or not t["lead_unit"]:
        return
    handler = sim.people.handler(t["lead_unit"]["code"])
    now = sim.clock()
    # Returns are rare; a few recent ones are still waiting on the shift leader's desk today.
    recent = sim.now - now < timedelta(days=2)
    if sim.rng.random() < (0.5 if recent else 0.08) and t["returns_count"] == 0:
        reason = sim.rng.choice(
            [
                "经核实，该事项不属于本单位职责，建议转属地街道办理。",
                "该地址不在本单位管辖范围内，请重新派单。",
                "此事项属于物业合同纠纷，应由住建部门牵头处理。",
            ]
        )
        sim.service.return_(handler, t["id"], reason=reason)
        if recent:
            return  # returned in the last two days: it waits on the shift leader's desk
        slow = sim.rng.random() < sim.slow_share(now)
        sim.at(sim.after(now, 8, 40) if slow else sim.after(now, 0.3, 2.5), i, "redispatch")
        return
    done = sim.service.accept(handler, t["id"])
    reply_by = _parse(done["deadlines"]["reply_by"]) or now + timedelta(days=5)
    window = max((reply_by - now).total_seconds() / 3600, 0.5)
    roll = sim.rng.random()
    if roll < 0.06:
        sim.at(sim.after(now, 2, 20), i, "extension")
    elif roll < 0.1:
        sim.at(now + timedelta(days=400), i, "reply")  # still being handled, past its deadline
    elif roll < 0.2:
        sim.at(reply_by + timedelta(hours=sim.rng.uniform(2, 60)), i, "reply")
    else:
        sim.at(now + timedelta(hours=sim.rng.uniform(0.1, 0.85) * window), i, "reply")


def step_redispatch(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if t is None or t["status"] != "returned":
        return
    previous = set(t["returned_by"])
    route = (t.get("analysis") or {}).get("route") or {}
    candidates = [c.get("code") for c in route.get("co") or [] if c.get("code") not in previous]
    unit = candidates[0] if candidates else _fallback_unit(sim, t)
    if unit in previous:
        unit = sim.rng.choice(["city.zjj", "city.cgj", "city.scjgj"])
    done = sim.service.dispatch(sim.leader(), t["id"], unit=unit, note="退单后重新派单")
    sim.at(_accept_time(sim, done, sim.clock()), i, "unit_first")


def step_extension(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if (
        t is None
        or t["status"] not in ("accepted", "reopened")
        or t["extension_pending"]
        or not t["lead_unit"]
    ):
        return
    handler = sim.people.handler(t["lead_unit"]["code"])
    try:
        sim.service.request_extension(
            handler, t["id"], days=sim.rng.choice([3, 5]), reason="需协调多个部门现场勘查，材料尚未齐全。"
        )
    except HotlineError:
        sim.at(sim.after(sim.clock(), 2, 30), i, "reply")
        return
    now = sim.clock()
    sim.at(sim.after(now, 1, 20), i, "approve")


def step_approve(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if t is None or not t["extension_pending"]:
        return
    done = sim.service.approve_extension(sim.leader(), t["id"], note="同意延期，请按新期限办结。")
    now = sim.clock()
    reply_by = _parse(done["deadlines"]["reply_by"]) or now + timedelta(days=5)
    sim.at(now + (reply_by - now) * sim.rng.uniform(0.3, 0.9), i, "reply")


REPLIES = (
    "已安排工作人员到现场核实，问题已处理完毕，并与来电人当面沟通，来电人表示认可。",
    "经现场查看，已责成相关责任方限期整改，目前已整改到位，后续将加强日常巡查。",
    "已联系涉事单位负责人，对方承诺一周内落实到位，我单位将跟踪督促。",
    "已向来电人详细解释相关政策和办理流程，并告知所需材料和办理地点。",
)


def step_reply(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if t is None or t["status"] not in ("accepted", "reopened") or not t["lead_unit"]:
        return
    handler = sim.people.handler(t["lead_unit"]["code"])
    resolved = sim.rng.random() < 0.9
    content = (
        sim.rng.choice(REPLIES)
        if resolved
        else "经协调，涉事企业暂不同意整改，已移交执法部门依法处理，将持续跟进。"
    )
    done = sim.service.reply(handler, t["id"], content=content, resolved=resolved)
    visit_by = _parse(done["deadlines"]["visit_by"]) or sim.clock() + timedelta(days=3)
    now = sim.clock()
    if sim.rng.random() < 0.92:
        sim.at(now + (visit_by - now) * sim.rng.uniform(0.2, 0.95), i, "visit")


def step_visit(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if t is None or t["status"] != "replied":
        return
    roll = sim.rng.random()
    rework = t["reopen_count"] > 0
    resolved = bool(t["resolved"])
    if roll < (0.6 if rework else 0.72):
        satisfaction = "satisfied"
    elif roll < (0.92 if rework else 0.88):
        satisfaction = "basic"
    else:
        satisfaction = "unsatisfied"
    if satisfaction == "unsatisfied" or not resolved:
        resolved = False
    notes = {
        "satisfied": "来电人表示满意，问题已解决。",
        "basic": "来电人基本满意，希望今后加强管理。",
        "unsatisfied": "来电人表示问题仍未解决，要求重新办理。",
    }
    done = sim.service.visit(
        sim.operator(), t["id"], satisfaction=satisfaction, resolved=resolved, note=notes[satisfaction]
    )
    if done["status"] == "reopened":
        now = sim.clock()
        reply_by = _parse(done["deadlines"]["reply_by"]) or now + timedelta(days=5)
        sim.at(now + (reply_by - now) * sim.rng.uniform(0.2, 0.8), i, "reply")


def step_progress(sim: Sim, i: int) -> None:
    t = sim.ticket(i)
    if t is None or t["status"] in ("closed", "merged"):
        return
    unit = "承办单位"
    if t["lead_unit"]:
        with sim.service.store.read() as tx:
            found = tx.unit(t["lead_unit"]["code"])
            unit = found.name if found else unit
    sim.service.send_update(
        sim.operator(), t["id"], content=f"您反映的问题已由{unit}受理，正在办理中，有结果会及时告知您。"
    )


def step_merge(sim: Sim, i: int) -> None:
    plan = sim.plans[i]
    if plan.duplicate_of is None or plan.ticket_id is None:
        return
    target = sim.plans[plan.duplicate_of].ticket_id
    t = sim.ticket(i)
    if target is None or t is None or t["status"] not in MERGEABLE:
        return
    with sim.service.store.read() as tx:
        other = tx.ticket(target)
        if other is None or other.status in ("closed", "merged"):
            return
    sim.service.merge(sim.leader(), t["id"], into=target, note="同一来电人就同一事项重复来电，并单办理。")


STEPS: dict[str, Step] = {
    "create": step_create,
    "expert_dispatch": step_expert_dispatch,
    "unit_first": step_unit_first,
    "redispatch": step_redispatch,
    "extension": step_extension,
    "approve": step_approve,
    "reply": step_reply,
    "visit": step_visit,
    "progress": step_progress,
    "merge": step_merge,
}


def _creation_times(rng: random.Random, now: datetime, count: int, days: int) -> list[datetime]:
    out: list[datetime] = []
    while len(out) < count:
        # More calls lately (a growing centre), fewer at weekends, office hours mostly.
        # One in ten arrived in the last three days: those are still being worked today.
        age = rng.uniform(0, 3) if rng.random() < 0.1 else days * (1 - rng.random() ** 0.8)
        when = now - timedelta(days=age)
        if when.weekday() >= 5 and rng.random() < 0.5:
            continue
        hour = rng.choices(range(7, 23), weights=[2, 6, 9, 9, 8, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1])[0]
        when = when.replace(hour=hour, minute=rng.randint(0, 59), second=0, microsecond=0)
        if when < now - timedelta(minutes=5):
            out.append(when)
    out.sort()
    return out


def build_demo(
    store: Store,
    settings: Settings,
    *,
    now: datetime,
    seed: int = DEFAULT_SEED,
    tickets: int = 300,
    days: int = 120,
    progress: Callable[[int, int], None] | None = None,
) -> DemoCentre:
    """Fill an empty store with the demonstration centre as it stands at `now`."""
    started = time.perf_counter()
    sync_units(store, settings)
    rng = random.Random(seed)
    people = People(store, now - timedelta(days=days + 1))
    for login in CENTRE_USERS:
        people.add(login)
    clock = FakeClock(now - timedelta(days=days))
    service = TicketService(store, settings=settings, clock=clock)
    sim = Sim(service, clock, people, rng, now)
    callers: list[Caller] = []
    for i, when in enumerate(_creation_times(rng, now, tickets, days)):
        duplicate_of = None
        if callers and rng.random() < 0.1 and i > 0:
            # A repeat call: the same caller about the same matter, in other words.
            j = rng.randrange(len(sim.plans))
            earlier = sim.plans[j].appeal
            template = next(a for a in _appeal_data()["appeals"] if a["id"] == earlier.template)
            appeal = write_appeal(rng, earlier.caller, template)
            duplicate_of = j
        else:
            caller = _caller(rng)
            callers.append(caller)
            appeal = write_appeal(rng, caller)
        sim.plans.append(Plan(appeal, when, duplicate_of=duplicate_of))
        sim.at(when, i, "create")
    last_sweep = clock()
    done = 0
    while sim.queue:
        when, _, i, step = heapq.heappop(sim.queue)
        if when - last_sweep > timedelta(hours=12):
            # The scheduler runs all along in a real centre: overdue tickets get supervised.
            clock.set(when)
            service.sweep_overdue()
            last_sweep = when
        clock.set(when)
        # A move the ticket's state no longer allows is skipped: real desks hit these too.
        with contextlib.suppress(HotlineError):
            STEPS[step](sim, i)
        if step == "create":
            done += 1
            if progress:
                progress(done, tickets)
    clock.set(now)
    service.sweep_overdue()
    service.escalate_overdue_tasks()
    _live_requests(store, people, now)
    with store.read() as tx:
        rows, total = tx.tickets(_all(), limit=100_000)
        by_status = Counter(t.status for t in rows)
        leads = sorted({t.lead_unit for t in rows if t.lead_unit})
    # Every unit with a ticket gets a login, including those that have not touched theirs yet.
    for unit in leads:
        people.handler(unit)
    return DemoCentre(
        logins=list(CENTRE_USERS),
        unit_logins=people.unit_logins,
        tickets=total,
        by_status=by_status,
        seconds=time.perf_counter() - started,
    )


def _all() -> Any:
    from hotline.store.repo import TicketFilter

    return TicketFilter()


def _live_requests(store: Store, people: People, now: datetime) -> None:
    """A couple of open hand-ups and expert questions, so those desks are not empty."""
    rows = [
        (
            "operator",
            "handup",
            "shift_leader",
            6,
            "来电人情绪激动，扬言要找媒体曝光｜来电：电梯坏了十几天没人修，家里老人被困在楼上",
        ),
        ("operator2", "expert_question", "expert", 20, "外地户籍子女在杭州读小学，积分入学需要哪些材料？"),
        ("operator3", "expert_question", "expert", 45, "公积金提取付房租，每年可以提取几次？"),
    ]
    with store.write() as tx:
        for username, kind, role, minutes, body in rows:
            tx.add(
                Task(
                    kind=kind,
                    ticket_id=None,
                    title=f"[{username}] {body}"[:200],
                    due_at=now
                    - timedelta(minutes=minutes)
                    + timedelta(minutes=5 if kind == "handup" else 30),
                    status="open",
                    assignee_role=role,
                    attempts=0,
                    created_at=now - timedelta(minutes=minutes),
                )
            )
        tx.add(
            Task(
                kind="expert_question",
                ticket_id=None,
                title="[operator] 居民医保断缴后补缴，等待期怎么算？",
                due_at=now - timedelta(hours=2),
                status="done",
                assignee_role="expert",
                attempts=0,
                created_at=now - timedelta(hours=3),
                done_at=now - timedelta(hours=2, minutes=30),
                result="断缴后在集中参保期内补缴的，按当年政策有等待期，具体以医保部门核定为准；可引导来电人拨打医保服务热线核实个人情况。（业务专家 郑远）",
            )
        )
    del people  # the hand-ups carry usernames only
