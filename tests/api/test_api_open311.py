"""Open311 GeoReport v2: open/closed states, the lead unit, the reply deadline — and never caller data."""

from __future__ import annotations

from typing import Any

from hotline.tickets.testing import PASSWORD


def test_requests_show_status_agency_and_expected_time_but_no_caller(desk: Any) -> None:
    t = desk.create(
        text="我叫周晓梅，电话15800001111，住在西湖区北山街道宝石山下一弄5号，门口的窨井盖丢了。",
        caller={"name": "周晓梅", "phone": "15800001111", "address": "西湖区北山街道宝石山下一弄5号"},
        unit="T-CG",
        urgency="normal",
        category="城乡建设/市政设施",
    )
    r = desk.client.get(f"/open311/v2/requests/{t['number']}.json")
    assert r.status_code == 200
    [req] = r.json()
    assert req["service_request_id"] == t["number"]
    assert req["status"] == "open" and req["status_notes"] == "已派单"
    assert req["agency_responsible"] == "示范区城市管理局"
    assert req["expected_datetime"] == t["deadlines"]["reply_by"] + "+08:00"
    assert req["requested_datetime"].endswith("+08:00")
    assert req["service_code"] == "城乡建设/市政设施"
    everything = r.text
    for secret in ("15800001111", "周晓梅", "宝石山下一弄5号"):
        assert secret not in everything
    listed = desk.client.get("/open311/v2/requests.json", params={"status": "open"}).json()
    assert [x["service_request_id"] for x in listed] == [t["number"]]
    assert "15800001111" not in str(listed)


def test_closed_and_merged_tickets_read_as_closed(desk: Any) -> None:
    a = desk.create(unit="T-CG", urgency="normal", text="路口的交通信号灯一直闪黄灯")
    b = desk.create(unit="T-CG", urgency="normal", text="这个路口信号灯坏了一直闪黄灯")
    assert desk.post("sl", f"/api/v1/tickets/{b['id']}/merge", {"into": a["number"]}).status_code == 200
    [req] = desk.client.get(f"/open311/v2/requests/{b['number']}.json").json()
    assert (
        req["status"] == "closed" and a["number"] in req["status_notes"] and req["expected_datetime"] is None
    )
    closed = desk.client.get("/open311/v2/requests.json", params={"status": "closed"}).json()
    assert [x["service_request_id"] for x in closed] == [b["number"]]
    both = desk.client.get(
        "/open311/v2/requests.json", params={"service_request_id": f"{a['number']},{b['number']}"}
    )
    assert {x["status"] for x in both.json()} == {"open", "closed"}


def test_services_list_the_catalogue_categories(desk: Any) -> None:
    services = desk.client.get("/open311/v2/services.json").json()
    assert services, "the catalogue has categories"
    first = services[0]
    assert set(first) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert first["metadata"] is False and first["type"] == "realtime"


def test_posting_a_request_needs_an_operator_key_and_files_a_ticket(desk: Any) -> None:
    form = {
        "description": "小区东门的路灯已经坏了一个月，晚上漆黑一片",
        "address_string": "湖滨街道东坡路",
        "phone": "13344445555",
    }
    r = desk.client.post("/open311/v2/requests.json", data=form)
    assert r.status_code == 401 and r.json()["error"]["code"] == "not_authenticated"
    mg = desk.hotline.tokens.issue(desk.users["mg"])
    r = desk.client.post("/open311/v2/requests.json", data={**form, "api_key": mg})
    assert r.status_code == 403
    assert desk.counts()["tickets"] == 0
    op = desk.client.post("/api/v1/auth/token", data={"username": "op", "password": PASSWORD}).json()[
        "access_token"
    ]
    r = desk.client.post("/open311/v2/requests.json", data={**form, "api_key": op})
    assert r.status_code == 201, r.text
    [ack] = r.json()
    assert ack["service_request_id"].startswith("12345-20261127-")
    t = desk.get("op", f"/api/v1/tickets/{ack['service_request_id']}").json()
    assert t["channel"] == "open311" and "湖滨街道东坡路" in t["text"]
    assert t["caller"]["phone"] == "13344445555"


def test_an_unknown_request_is_a_404_in_the_error_shape(desk: Any) -> None:
    r = desk.client.get("/open311/v2/requests/12345-19990101-0001.json")
    assert r.status_code == 404 and r.json()["error"]["code"] == "request_not_found"
    r = desk.client.get("/open311/v2/requests.json", params={"start_date": "yesterday"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_date"
