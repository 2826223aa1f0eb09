"""The console in a real browser: Debian's Chromium driven by Playwright, against the app served
by `hotline serve` on a free loopback port with a small demonstration centre.

Screenshots of every page land in artifacts/screenshots/ (kept by CI as test artefacts).
Skipped when /usr/bin/chromium is not installed (never `playwright install`: no downloads).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import WALK_UNIT, make_demo

from hotline.demo_data import DEMO_PASSWORD
from hotline.tickets.clock import system_clock

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="需要 /usr/bin/chromium（Debian 的 chromium 软件包）"),
]

CALL = (
    "我已经打了三次电话了，太气人了！我住在西湖区文新街道嘉绿苑小区12幢，电梯从上周五开始就坏了，"
    "物业一直说在等配件，家里老人下不了楼。我姓王，电话13867112345。"
)
EMERGENCY = "快来人啊，楼道里煤气味特别重，好像是隔壁漏气了！"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("browser-demo")
    settings = make_demo(directory, system_clock(), tickets=30)
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")},
        "HOTLINE_DATA_DIR": str(directory),
        "HOTLINE_DATABASE_URL": settings.database(),
        "HOTLINE_SECRET_KEY": settings.secret_key,
    }
    hotline = Path(sys.executable).with_name("hotline")
    log = (directory / "server.log").open("w")
    proc = subprocess.Popen(
        [str(hotline), "serve", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/login", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError((directory / "server.log").read_text(encoding="utf-8")) from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


def new_page(browser: Any, server: str) -> Any:
    # bypass_csp lets the test's own probes (wait_for_function) run; it also means the escaping
    # alone, without the CSP safety net, must keep injected markup from running.
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=server, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # No alert may ever pop up: an injected script would be the only thing to open one.
    page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError(f"对话框出现：{d.message}")))
    return page


def log_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_test_id("username").fill(username)
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state("load")


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize(
    ("user", "home", "marker"),
    [
        ("operator", "/workspace", "caller-input"),
        ("leader", "/desk", "handups"),
        ("expert", "/expert", "questions"),
        (WALK_UNIT, "/inbox", "inbox-lead"),
        ("manager", "/dashboard", "kpi-response"),
        ("admin", "/admin", "who"),
    ],
)
def test_each_role_logs_in_to_its_own_page(
    browser: Any, server: str, user: str, home: str, marker: str
) -> None:
    page = new_page(browser, server)
    log_in(page, user)
    assert page.url.endswith(home)
    page.get_by_test_id(marker).first.wait_for()
    if home == "/dashboard":
        page.wait_for_selector("body[data-charts=ready]")
        assert page.locator("#chart-trend canvas").count() == 1
    shot(page, f"home-{home.strip('/')}")
    if user == "operator":
        page.goto("/tickets")
        page.get_by_test_id("ticket-row").first.wait_for()
        shot(page, "tickets-search")
    page.context.close()


def test_a_call_from_first_words_to_a_ticket_and_through_the_loop(browser: Any, server: str) -> None:
    page = new_page(browser, server)
    log_in(page, "operator")
    caller = page.get_by_test_id("caller-input")
    assert caller.evaluate("el => el === document.activeElement")  # ready to type at once
    caller.press_sequentially(CALL[:40], delay=5)
    page.get_by_test_id("emotion").wait_for()
    caller.press_sequentially(CALL[40:], delay=5)
    page.wait_for_function(
        "document.querySelector('[data-testid=details]').textContent.includes('13867112345')"
    )
    for tid in ("urgency", "restatement", "script", "route", "deadline"):
        assert page.get_by_test_id(tid).is_visible(), tid
    assert page.locator("mark.ev").count() >= 1  # the anger's evidence is highlighted
    # The ticket form is prefilled from the analysis and stays editable.
    page.wait_for_function("document.querySelector('[name=caller_phone]').value === '13867112345'")
    assert page.locator("[name=caller_address]").input_value().startswith("西湖区")
    page.locator("[name=caller_name]").fill("王建国")
    page.get_by_test_id("unit-select").select_option(WALK_UNIT)
    # The operator's draft reply is linted as it is typed.
    reply = page.get_by_test_id("reply-input")
    reply.press_sequentially("您别着急，电梯应该过几天就能修好。", delay=5)
    page.wait_for_selector("[data-testid=reply-lint] mark.vague")
    assert "改为" in page.get_by_test_id("reply-lint").inner_text()
    shot(page, "workspace-call")
    # Another analysis must not overwrite what the operator typed.
    caller.press_sequentially("谢谢。", delay=5)
    page.wait_for_timeout(400)
    assert page.locator("[name=caller_name]").input_value() == "王建国"
    # Alt+Enter registers the ticket.
    caller.focus()
    page.keyboard.press("Alt+Enter")
    page.wait_for_url("**/tickets/*?done=created")
    assert "工单已登记" in page.get_by_test_id("done").inner_text()
    assert page.get_by_test_id("lead-unit").inner_text() == "市城市管理局"
    number = page.get_by_test_id("ticket-number").inner_text()
    ticket_url = page.url.split("?")[0]
    shot(page, "ticket-created")

    # The unit accepts and replies from its inbox.
    unit = new_page(browser, server)
    log_in(unit, WALK_UNIT)
    row = unit.locator(f"[data-testid=ticket-row][data-ticket='{number}']")
    row.wait_for()
    shot(unit, "inbox")
    row.get_by_test_id("move-accept").click()
    unit.wait_for_url("**/inbox?done=accept")
    row = unit.locator(f"[data-testid=ticket-row][data-ticket='{number}']")
    row.get_by_test_id("reply-content").fill(
        "已督促物业更换电梯主板，电梯于今日恢复运行，并要求物业加强日常维保。"
    )
    row.get_by_test_id("move-reply").click()
    unit.wait_for_url("**/inbox?done=reply")
    unit.context.close()

    # The shift leader's desk, then the return visit closes the ticket.
    leader = new_page(browser, server)
    log_in(leader, "leader")
    leader.get_by_test_id("visits-due").wait_for()
    shot(leader, "desk")
    leader.goto(ticket_url)
    leader.get_by_test_id("visit-satisfaction").select_option("satisfied")
    leader.get_by_test_id("move-visit").click()
    leader.wait_for_url("**?done=visit")
    assert "已办结" in leader.get_by_test_id("ticket-status").inner_text()
    trail = leader.get_by_test_id("trail").inner_text()
    for step in ("登记", "派单", "签收", "答复", "回访后办结"):
        assert step in trail
    shot(leader, "ticket-closed")
    leader.context.close()

    # The manager's dashboard counts it.
    manager = new_page(browser, server)
    log_in(manager, "manager")
    manager.wait_for_selector("body[data-charts=ready]")
    assert manager.get_by_test_id("kpi-satisfaction").inner_text().strip()
    manager.get_by_test_id("period-filter").locator("select[name=period]").select_option("90d")
    manager.get_by_test_id("period-filter").locator("button[type=submit]").click()
    manager.wait_for_url("**/dashboard?period=90d*")
    manager.wait_for_selector("body[data-charts=ready]")
    shot(manager, "dashboard-90d")
    manager.context.close()
    page.context.close()


def test_an_emergency_shows_the_banner_within_300_ms_of_the_last_keystroke(browser: Any, server: str) -> None:
    page = new_page(browser, server)
    log_in(page, "operator")
    page.evaluate(
        """() => {
        window.__lastKey = 0; window.__banner = 0;
        document.getElementById('caller-input').addEventListener('input', () => {
          window.__lastKey = performance.now();
        });
        new MutationObserver(() => {
          if (!window.__banner && document.querySelector('[data-testid=emergency-banner]')) {
            window.__banner = performance.now();
          }
        }).observe(document.getElementById('panel'), {childList: true, subtree: true});
    }"""
    )
    page.get_by_test_id("caller-input").press_sequentially(EMERGENCY, delay=30)
    page.get_by_test_id("emergency-banner").wait_for()
    delay = page.evaluate("window.__banner - window.__lastKey")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "banner-latency.txt").write_text(f"{delay:.1f} ms\n", encoding="utf-8")
    assert 0 < delay < 300, f"横幅在最后一次按键后 {delay:.0f} 毫秒才出现"
    assert "96777" in page.get_by_test_id("emergency-banner").inner_text()
    shot(page, "workspace-emergency")
    page.context.close()


def test_callers_html_is_shown_as_text_and_never_runs(browser: Any, server: str) -> None:
    page = new_page(browser, server)
    log_in(page, "operator")
    payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>路灯坏了'
    page.get_by_test_id("caller-input").fill(payload)
    page.get_by_test_id("caller-input").press("End")
    page.get_by_test_id("caller-input").press_sequentially("。", delay=5)
    page.wait_for_function("document.querySelector('[data-testid=evidence]') !== null")
    assert page.evaluate("window.__xss") is None
    assert "<script>window.__xss=2</script>" in page.get_by_test_id("evidence").inner_text()
    assert page.locator("#panel img, #panel script:not([type='application/json'])").count() == 0
    page.get_by_test_id("unit-select").select_option(WALK_UNIT)
    page.keyboard.press("Alt+Enter")
    page.wait_for_url("**/tickets/*?done=created")
    assert page.evaluate("window.__xss") is None
    assert "<img src=x" in page.get_by_test_id("ticket-text").inner_text()
    page.context.close()


def test_a_post_without_the_csrf_token_is_refused_in_the_browser(browser: Any, server: str) -> None:
    page = new_page(browser, server)
    log_in(page, "operator")
    status = page.evaluate(
        """async () => {
        const body = new URLSearchParams({text: '路灯坏了'});
        const r = await fetch('/workspace/tickets', {method: 'POST', body});
        return r.status;
    }"""
    )
    assert status == 403
    page.context.close()


def _socket_library() -> bool:
    import importlib.util

    return any(importlib.util.find_spec(m) is not None for m in ("websockets", "wsproto"))


@pytest.mark.skipif(not _socket_library(), reason="uvicorn 需要 websockets 或 wsproto 才能提供 WebSocket")
def test_speech_recognition_fills_the_workspace_over_the_socket(browser: Any, server: str) -> None:
    page = new_page(browser, server)
    log_in(page, "operator")
    page.wait_for_function("document.getElementById('asr-status').textContent.includes('已连接')")
    call_id = page.get_by_test_id("call-id").inner_text()
    # A recogniser on the same call (here: a second socket from the page's own origin).
    page.evaluate(
        """(callId) => new Promise((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/ws/calls/${callId}?analysis=0`);
        ws.onopen = () => {
          ws.send(JSON.stringify({type: 'utterance', speaker: 'caller', text: '楼下着火了，', final: false}));
          ws.send(JSON.stringify({type: 'utterance', speaker: 'caller', text: '楼下着火了，冒了很多黑烟！', final: true}));
          setTimeout(resolve, 100);
        };
    })""",
        call_id,
    )
    page.get_by_test_id("emergency-banner").wait_for()
    assert page.get_by_test_id("caller-input").input_value() == "楼下着火了，冒了很多黑烟！"
    assert "119" in page.get_by_test_id("emergency-banner").inner_text()
    page.context.close()


def test_login_rate_limit_in_the_browser(browser: Any, server: str) -> None:
    page = new_page(browser, server)
    for _ in range(5):
        log_in(page, "operator2", "wrong-password-1")
    assert "登录失败次数过多" in page.get_by_test_id("login-error").inner_text()
    shot(page, "login-locked")
    page.context.close()
