"""The console's pages through the real app (TestClient): who sees what, forms that change
tickets, and the safety rules (CSRF, escaping, masking, cookies, login rate limit)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from conftest import WALK_UNIT, login
from fastapi.testclient import TestClient

from hotline.demo_data import DEMO_PASSWORD

HOMES = [
    ("operator", "/workspace", "接听工作台"),
    ("leader", "/desk", "值班长台"),
    ("expert", "/expert", "业务专家台"),
    (WALK_UNIT, "/inbox", "待办工单"),
    ("manager", "/dashboard", "统计分析"),
    ("admin", "/admin", "用户与单位"),
]
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
PREFILL = re.compile(r'<script type="application/json" id="prefill">(.*?)</script>', re.S)


def panel(client: TestClient, text: str) -> str:
    r = client.post(
        "/workspace/panel", data={"text": text}, headers={"X-CSRF-Token": client.csrf, "HX-Request": "true"}
    )
    assert r.status_code == 200, r.text
    return r.text


def create_ticket(client: TestClient, text: str, **fields: str) -> int:
    prefill = json.loads(PREFILL.search(panel(client, text)).group(1))  # type: ignore[union-attr]
    data = {**{k: v for k, v in prefill.items() if k != "urgency"}, **fields}
    r = client.post(
        "/workspace/tickets",
        data={"text": text, "csrf_token": client.csrf, "call_id": "", **data},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    match = re.match(r"/tickets/(\d+)\?done=created", r.headers["location"])
    assert match, r.headers["location"]
    return int(match.group(1))


def move(client: TestClient, ticket_id: int, name: str, **fields: Any) -> Any:
    page = client.get(f"/tickets/{ticket_id}")
    version = re.search(r'name="version" value="(\d+)"', page.text)
    data = {"csrf_token": client.csrf, "version": version.group(1) if version else "", **fields}
    return client.post(f"/tickets/{ticket_id}/moves/{name}", data=data, follow_redirects=False)


# ----------------------------------------------------------------------------- logging in


@pytest.mark.parametrize(("user", "home", "heading"), HOMES)
def test_each_role_lands_on_its_own_page(console: Any, user: str, home: str, heading: str) -> None:
    client = login(console, user)
    assert client.landing == home
    page = client.get(home)
    assert page.status_code == 200
    assert heading in page.text
    assert "退出" in page.text


@pytest.mark.parametrize(
    ("user", "forbidden"),
    [
        ("operator", ["/desk", "/dashboard", "/admin", "/inbox", "/expert"]),
        (WALK_UNIT, ["/workspace", "/desk", "/dashboard", "/tickets", "/expert"]),
        ("expert", ["/workspace", "/desk", "/dashboard"]),
        ("manager", ["/workspace", "/desk", "/admin"]),
    ],
)
def test_roles_only_open_their_pages(as_user: Any, user: str, forbidden: list[str]) -> None:
    client = as_user(user)
    for path in forbidden:
        r = client.get(path)
        assert r.status_code == 403, path
        assert "无权打开此页面" in r.text


def test_menu_shows_only_what_the_role_may_open(as_user: Any) -> None:
    page = as_user(WALK_UNIT).get("/inbox").text
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert "单位工单" in nav
    for other in ("接听工作台", "值班长台", "统计分析", "用户与单位"):
        assert other not in nav


@pytest.mark.parametrize("path", ["/workspace", "/desk", "/inbox", "/dashboard", "/tickets/1"])
def test_pages_send_strangers_to_the_login_page(console: Any, path: str) -> None:
    r = TestClient(console).get(path, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=")


def test_wrong_password_is_refused_in_chinese(console: Any) -> None:
    client = TestClient(console)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/login", data={"username": "operator", "password": "wrong-password", "csrf_token": token}
    )
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text
    assert "hotline_session" not in r.headers.get("set-cookie", "")


def test_login_is_rate_limited_per_user_and_address(console: Any) -> None:
    client = TestClient(console)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    statuses = []
    for _ in range(5):
        r = client.post(
            "/login", data={"username": "operator3", "password": "guess-123456", "csrf_token": token}
        )
        statuses.append(r.status_code)
    assert statuses[:4] == [401] * 4
    assert statuses[4] == 429
    # Even the right password waits now, and the message says how long.
    r = client.post("/login", data={"username": "operator3", "password": DEMO_PASSWORD, "csrf_token": token})
    assert r.status_code == 429
    assert "登录失败次数过多" in r.text and "分钟后再试" in r.text
    # Another account from the same address is not locked out.
    assert login(console, "operator2").landing == "/workspace"


def test_login_without_its_csrf_token_is_refused(console: Any) -> None:
    r = TestClient(console).post("/login", data={"username": "operator", "password": DEMO_PASSWORD})
    assert r.status_code == 403
    assert "CSRF" in r.text


def test_login_never_redirects_off_site(console: Any) -> None:
    client = TestClient(console)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/login",
        data={
            "username": "operator",
            "password": DEMO_PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/workspace"


def test_session_cookie_is_httponly_lax_and_secure_over_https(console: Any) -> None:
    client = TestClient(console)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    r = client.post(
        "/login",
        data={"username": "manager", "password": DEMO_PASSWORD, "csrf_token": token},
        headers={"X-Forwarded-Proto": "https"},
        follow_redirects=False,
    )
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("hotline_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie


def test_logout_ends_the_session(console: Any) -> None:
    client = login(console, "manager")
    r = client.post("/logout", data={"csrf_token": client.csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/dashboard", follow_redirects=False).status_code == 303


def test_a_forged_session_cookie_is_ignored(console: Any) -> None:
    client = TestClient(console)
    client.cookies.set("hotline_session", "eyJ1IjoxLCJyIjoiYWRtaW4ifQ.forged.signature")
    assert client.get("/admin", follow_redirects=False).status_code == 303


# ----------------------------------------------------------------------------- CSRF and headers


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/workspace/panel", {"text": "我家煤气泄漏了"}),
        ("/workspace/tickets", {"text": "路灯坏了一个星期了"}),
        ("/workspace/handup", {"reason": "测试"}),
        ("/tickets/1/moves/supervise", {"note": "快办"}),
        ("/logout", {}),
    ],
)
def test_posts_without_the_csrf_token_are_refused(as_user: Any, path: str, data: dict[str, str]) -> None:
    client = as_user("leader")
    r = client.post(path, data=data, follow_redirects=False)
    assert r.status_code == 403
    assert "CSRF" in r.text
    wrong = client.post(path, data=data, headers={"X-CSRF-Token": "not-the-token"}, follow_redirects=False)
    assert wrong.status_code == 403


def test_posts_from_another_site_are_refused_even_with_the_token(as_user: Any) -> None:
    client = as_user("operator")
    r = client.post(
        "/workspace/panel",
        data={"text": "路灯坏了"},
        headers={"X-CSRF-Token": client.csrf, "Origin": "https://evil.example"},
    )
    assert r.status_code == 403


def test_pages_forbid_inline_scripts_and_framing(as_user: Any) -> None:
    r = as_user("operator").get("/workspace")
    csp = r.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    )
    assert r.headers["x-frame-options"] == "DENY"
    assert "<script>" not in r.text.replace('<script type="application/json"', "")


# ----------------------------------------------------------------------------- the workspace


def test_workspace_has_the_stable_test_ids(as_user: Any) -> None:
    page = as_user("operator").get("/workspace").text
    for tid in ("caller-input", "reply-input", "reply-lint", "create-ticket"):
        assert f'data-testid="{tid}"' in page


def test_panel_shows_every_part_of_the_analysis(as_user: Any) -> None:
    client = as_user("operator")
    html = panel(
        client,
        "我已经打了三次电话了，太气人了！我住在西湖区文新街道嘉绿苑小区12幢，电梯从上周五开始就坏了，"
        "物业一直说在等配件，老人下不了楼。我姓王，电话13867112345。",
    )
    for tid in ("emotion", "urgency", "details", "restatement", "script", "route", "deadline"):
        assert f'data-testid="{tid}"' in html, tid
    assert "13867112345" in html and "嘉绿苑" in html
    assert '<mark class="ev">' in html  # the emotion's evidence is highlighted in the text
    assert "情绪承接" in html and "行动承诺" in html
    assert "emergency-banner" not in html


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("快来人，我家厨房煤气泄漏了，味道很大，在拱墅区米市巷街道！", "96777"),
        ("楼下着火了，冒了很多黑烟，有人被困在楼上！", "119"),
        ("我爸突然晕倒了，叫不醒，快叫救护车！", "120"),
    ],
)
def test_an_emergency_shows_the_banner_with_the_handover_line(as_user: Any, text: str, line: str) -> None:
    html = panel(as_user("operator"), text)
    banner = html.split('data-testid="emergency-banner"', 1)
    assert len(banner) == 2, html[:500]
    assert line in banner[1].split("</div>", 1)[0]


def test_panel_escapes_the_callers_words(as_user: Any) -> None:
    html = panel(as_user("operator"), f"我要投诉{XSS}，路灯坏了")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;" in html


def test_reply_lint_underlines_vague_words_with_rewrites(as_user: Any) -> None:
    client = as_user("operator")
    r = client.post(
        "/workspace/lint",
        data={"reply": "这个问题应该三天左右能处理好，这不归我们管，你去找街道吧"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert r.status_code == 200
    assert '<mark class="vague">应该</mark>' in r.text
    assert "改为" in r.text and "推诿" in r.text
    clean = client.post(
        "/workspace/lint",
        data={"reply": "我现在就为您登记并转交城管局，明天中午12点前给您回电。"},
        headers={"X-CSRF-Token": client.csrf},
    )
    assert "没有发现模糊用语" in clean.text


def test_reply_lint_escapes_the_draft(as_user: Any) -> None:
    client = as_user("operator")
    r = client.post("/workspace/lint", data={"reply": f"应该{XSS}"}, headers={"X-CSRF-Token": client.csrf})
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text


def test_creating_a_ticket_makes_the_feedback_promise_the_operators_task(as_user: Any) -> None:
    client = as_user("operator")
    text = "我住在上城区湖滨街道东坡路18号，楼下的垃圾桶好几天没人清运，臭气熏天。我姓刘，电话13905712468。"
    ticket_id = create_ticket(client, text, unit=WALK_UNIT)
    page = client.get(f"/tickets/{ticket_id}?done=created").text
    assert "工单已登记" in page
    assert "市城市管理局" in page and "已派单" in page
    assert "按承诺时间向来电人反馈办理进展" in page  # the promised call-back is now a task
    assert "13905712468" in page  # the operator talks to the caller: unmasked
    number = re.search(r'data-testid="ticket-number">([^<]+)<', page).group(1)  # type: ignore[union-attr]
    todo = client.get("/workspace").text.split('data-testid="todo"', 1)[1].split("</div>", 1)[0]
    assert number in todo and "向来电人反馈进度" in todo


def test_the_desk_lists_tickets_the_analysis_wants_escalated(as_user: Any) -> None:
    client = as_user("operator")
    text = (
        "我已经第五次打你们12345了！你们到底管不管？再不解决我就去找媒体曝光！小区门口的垃圾一个月没人清运。"
    )
    ticket_id = create_ticket(client, text, unit=WALK_UNIT)
    desk = as_user("leader").get("/desk").text
    section = desk.split('data-testid="escalated"', 1)[1].split("</section>", 1)[0]
    assert f"/tickets/{ticket_id}" in section


def test_ticket_creation_keeps_the_operators_edits(as_user: Any) -> None:
    client = as_user("operator")
    text = "我想问一下社保从外地转到杭州要怎么办。"
    ticket_id = create_ticket(
        client,
        text,
        caller_name="测试来电人",
        caller_phone="13700001111",
        appeal_kind="inquiry",
        unit="city.rsj",
    )
    page = client.get(f"/tickets/{ticket_id}").text
    assert "测试来电人" in page and "市人力资源和社会保障局" in page and "咨询" in page


def test_a_direct_answer_closes_the_ticket_at_the_call(as_user: Any) -> None:
    client = as_user("operator")
    text = "请问住房公积金可以提取出来付房租吗？需要准备什么材料？"
    ticket_id = create_ticket(
        client, text, direct_answer="已告知：凭租赁备案和身份证可在公积金中心网上办理提取。"
    )
    page = client.get(f"/tickets/{ticket_id}").text
    assert "已办结" in page and "直接答复办结" in page
    assert "凭租赁备案和身份证" in page


def test_bad_ticket_input_is_reported_in_chinese_without_losing_the_page(as_user: Any) -> None:
    client = as_user("operator")
    r = client.post(
        "/workspace/tickets",
        data={"text": "路灯坏了", "unit": "no-such-unit", "csrf_token": client.csrf},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200  # htmx shows it in the page's notice area
    assert r.headers["HX-Retarget"] == "#flash"
    assert "没有编码为 no-such-unit 的承办单位" in r.text


def test_hand_up_reaches_the_shift_leaders_desk(as_user: Any) -> None:
    operator = as_user("operator")
    r = operator.post(
        "/workspace/handup",
        data={"reason": "来电人扬言要去市政府上访", "text": "你们再不管我就去市政府门口拉横幅！"},
        headers={"X-CSRF-Token": operator.csrf},
    )
    assert "已升级至值班长" in r.text
    leader = as_user("leader")
    # The desk polls its hand-up list, so the request appears without a reload.
    assert "来电人扬言要去市政府上访" in leader.get("/desk/handups").text
    desk = leader.get("/desk").text
    assert "来电人扬言要去市政府上访" in desk
    assert "坐席 王芳" in desk  # who asked, by name
    task_id = re.findall(r'action="/desk/handups/(\d+)"', desk)[-1]
    done = leader.post(
        f"/desk/handups/{task_id}",
        data={"csrf_token": leader.csrf, "result": "已接听安抚"},
        follow_redirects=False,
    )
    assert done.status_code == 303


def test_expert_answer_goes_back_to_the_operator_and_into_a_kb_draft(as_user: Any, demo_dir: Any) -> None:
    operator = as_user("operator2")
    r = operator.post(
        "/workspace/ask",
        data={"question": "新生儿医保参保有没有等待期？"},
        headers={"X-CSRF-Token": operator.csrf},
    )
    assert "新生儿医保参保有没有等待期" in r.text and "等待专家答复" in r.text
    expert = as_user("expert")
    page = expert.get("/expert").text
    blocks = page.split('<div class="item')
    block = next(b for b in blocks if "新生儿医保参保有没有等待期" in b)
    target = re.search(r'action="/expert/questions/(\d+)"', block).group(1)  # type: ignore[union-attr]
    done = expert.post(
        f"/expert/questions/{target}",
        data={
            "csrf_token": expert.csrf,
            "answer": "出生后 90 天内参保的，自出生之日起享受待遇。",
            "to_kb": "yes",
            "category": "劳动和社会保障/医疗保障",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and "draft=expert-answer-" in done.headers["location"]
    answers = operator.get("/workspace/answers").text
    assert "出生后 90 天内参保的" in answers
    drafts = list((demo_dir / "kb-drafts").glob("expert-answer-*.md"))
    assert any("新生儿医保参保有没有等待期" in p.read_text(encoding="utf-8") for p in drafts)


# ----------------------------------------------------------------------------- the ticket's journey


def test_a_ticket_walks_through_inbox_desk_and_visit(as_user: Any) -> None:
    operator = as_user("operator")
    text = "拱墅区米市巷街道那边有个工地这两天一直在夜间施工，晚上十一点多还在打桩。我姓陈，电话13600001234。"
    ticket_id = create_ticket(operator, text, unit=WALK_UNIT)
    unit = as_user(WALK_UNIT)
    inbox = unit.get("/inbox").text
    assert f'href="/tickets/{ticket_id}"' in inbox
    assert move(unit, ticket_id, "accept", next="/inbox").status_code == 303
    page = unit.get(f"/tickets/{ticket_id}").text
    assert "已签收" in page and "13600001234" in page  # the lead unit may call the caller once it accepted
    r = move(unit, ticket_id, "request_extension", days="3", reason="需要协调建设单位调整施工时间")
    assert r.status_code == 303
    leader = as_user("leader")
    assert f"/tickets/{ticket_id}" in leader.get("/desk").text  # the extension waits on the desk
    assert move(leader, ticket_id, "approve_extension", days="3").status_code == 303
    assert (
        move(
            unit, ticket_id, "reply", content="已责令施工单位停止夜间施工，并加强巡查。", resolved="yes"
        ).status_code
        == 303
    )
    r = move(operator, ticket_id, "visit", satisfaction="satisfied", resolved="yes", note="来电人满意")
    assert r.status_code == 303
    page = operator.get(f"/tickets/{ticket_id}").text
    assert "已办结" in page
    for step in ("登记", "派单", "签收", "申请延期", "批准延期", "答复", "回访后办结"):
        assert step in page, step
    assert "满意" in page


def test_a_return_goes_to_the_desk_for_redispatch(as_user: Any) -> None:
    operator = as_user("operator")
    ticket_id = create_ticket(
        operator, "西湖区翠苑街道翠苑一区3幢楼下的下水道堵了，污水漫到路面上了。", unit=WALK_UNIT
    )
    unit = as_user(WALK_UNIT)
    r = move(unit, ticket_id, "return", reason="下水道属于排水管理，应由市政设施养护单位办理")
    assert r.status_code == 303
    leader = as_user("leader")
    desk = leader.get("/desk").text
    returned = desk.split('data-testid="returned"', 1)[1].split("</section>", 1)[0]
    assert f"/tickets/{ticket_id}" in returned
    assert move(leader, ticket_id, "dispatch", unit="city.zjj", note="改派住建局").status_code == 303
    assert "市住房和城乡建设局" in leader.get(f"/tickets/{ticket_id}").text


def test_an_illegal_move_is_explained_in_chinese(as_user: Any) -> None:
    operator = as_user("operator")
    ticket_id = create_ticket(operator, "上城区小营街道的路灯坏了一排，晚上很黑。", unit=WALK_UNIT)
    unit = as_user(WALK_UNIT)
    r = move(unit, ticket_id, "reply", content="已修好", resolved="yes")
    assert r.status_code == 409
    assert "不能答复" in r.text


def test_other_units_cannot_see_a_ticket(as_user: Any) -> None:
    operator = as_user("operator")
    ticket_id = create_ticket(operator, "滨江区长河街道江南名府门口的树快倒了，压在电线上。", unit="city.zjj")
    r = as_user(WALK_UNIT).get(f"/tickets/{ticket_id}")
    assert r.status_code == 403
    assert "不属于贵单位" in r.text


@pytest.mark.parametrize("user", ["expert", "manager"])
def test_roles_that_do_not_call_back_see_masked_phones(as_user: Any, user: str) -> None:
    operator = as_user("operator")
    ticket_id = create_ticket(operator, "我想投诉58路公交车司机态度很差。我叫周晓燕，手机号13512345678。")
    page = as_user(user).get(f"/tickets/{ticket_id}").text
    assert "13512345678" not in page
    assert "135****5678" in page


def test_callers_text_is_escaped_on_every_page_that_shows_it(as_user: Any) -> None:
    operator = as_user("operator")
    ticket_id = create_ticket(
        operator, f"我家门口的路灯坏了{XSS}请尽快修", unit=WALK_UNIT, caller_name="<b>王</b>"
    )
    for user, path in [
        ("operator", f"/tickets/{ticket_id}"),
        ("leader", "/tickets"),
        (WALK_UNIT, "/inbox"),
        ("manager", f"/tickets/{ticket_id}"),
    ]:
        html = as_user(user).get(path).text
        assert "<script>alert" not in html, (user, path)
        assert "<img src=x" not in html, (user, path)
        assert "<b>王</b>" not in html, (user, path)


# ----------------------------------------------------------------------------- dashboard and assets


@pytest.mark.parametrize("period", ["month", "30d", "90d", "year"])
def test_dashboard_shows_rates_and_charts_for_each_period(as_user: Any, period: str) -> None:
    page = as_user("manager").get(f"/dashboard?period={period}").text
    for tid in (
        "kpi-response",
        "kpi-resolution",
        "kpi-satisfaction",
        "chart-trend",
        "chart-categories",
        "chart-units",
        "repeat-callers",
    ):
        assert f'data-testid="{tid}"' in page
    data = json.loads(page.split('id="chart-data">', 1)[1].split("</script>", 1)[0])
    assert data["trend"]["days"] and sum(data["trend"]["counts"]) > 0


def test_dashboard_rejects_a_backwards_period(as_user: Any) -> None:
    r = as_user("manager").get("/dashboard?from=2026-11-20&to=2026-11-01")
    assert r.status_code == 400
    assert "晚于" in r.text


def test_dashboard_exports_a_workbook(as_user: Any) -> None:
    from openpyxl import load_workbook

    r = as_user("manager").get("/dashboard/export.xlsx?period=90d")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["三率总览", "按单位", "按分类", "每日受理量", "分类构成", "超期工单", "重复来电"]
    overview = {row[0]: row[1] for row in wb["三率总览"].iter_rows(values_only=True)}
    assert str(overview["响应率"]).endswith("%")
    assert wb["每日受理量"].max_row == 91


def test_vendor_assets_come_from_node_modules(console: Any) -> None:
    client = TestClient(console)
    r = client.get("/static/vendor/htmx.min.js")
    assert r.status_code == 200 and "htmx" in r.text[:2000]
    assert client.get("/static/vendor/echarts.min.js").status_code == 200
    missing = client.get("/static/vendor/jquery.js")
    assert missing.status_code == 404
    assert client.get("/static/console.css").status_code == 200


def test_an_undecided_routing_goes_to_the_expert_who_dispatches_it(as_user: Any) -> None:
    operator = as_user("operator")
    text = "我想反映一下，我们小区旁边那块空地上一直有人在晚上烧东西，味道很难闻，不知道归哪里管。"
    ticket_id = create_ticket(operator, text, dispatch="no", unit="")
    expert = as_user("expert")
    page = expert.get("/expert").text
    section = page.split('data-testid="route-reviews"', 1)[1].split("</section>", 1)[0]
    assert f"/tickets/{ticket_id}" in section
    block = section.split(f'action="/tickets/{ticket_id}/moves/dispatch"', 1)[1]
    version = re.search(r'name="version" value="(\d+)"', block).group(1)  # type: ignore[union-attr]
    r = expert.post(
        f"/tickets/{ticket_id}/moves/dispatch",
        data={"csrf_token": expert.csrf, "version": version, "unit": "city.sthjj", "next": "/expert"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/expert?done=dispatch"
    assert "市生态环境局" in expert.get(f"/tickets/{ticket_id}").text
    assert (
        f"/tickets/{ticket_id}"
        not in expert.get("/expert").text.split('data-testid="route-reviews"', 1)[1].split("近 7 天", 1)[0]
    )


@pytest.mark.parametrize(
    ("started", "trusted"),
    [
        ("2026-11-27T09:40:00", True),
        ("2026-11-27T07:00:00", False),
        ("2026-11-27T10:30:00", False),
        ("昨天", False),
    ],
)
def test_a_call_starts_when_its_page_opened_unless_that_was_long_ago(started: str, trusted: bool) -> None:
    from datetime import datetime

    from hotline.web.pages.workspace import _started

    now = datetime(2026, 11, 27, 10, 0)
    assert (_started(started, now) is not None) is trusted
