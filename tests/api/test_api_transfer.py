"""Import and export over the API: all-or-nothing imports, masked exports, XLSX and CSV."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook, load_workbook

HEADER = ["受理时间", "渠道", "诉求类型", "诉求内容", "来电人", "联系电话", "主办单位", "协办单位"]
ROWS = [
    [
        "2026-11-25 08:40",
        "电话",
        "投诉",
        "幼儿园门口早晚接送时段车辆乱停，堵塞交通",
        "吴女士",
        "13811112222",
        "T-CG",
        "T-JD",
    ],
    [
        "2026-11-25 09:10",
        "网站",
        "咨询",
        "想了解老旧小区加装电梯的补贴标准",
        "郑先生",
        "13822223333",
        "T-ZJ",
        "",
    ],
    ["2026-11-26 16:00", "微信", "求助", "家门口的消防栓漏水好几天了", "冯女士", "13833334444", "T-SW", ""],
]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(desk: Any, user: str, name: str, data: bytes) -> Any:
    return desk.client.post(
        "/api/v1/tickets/import",
        files={"file": (name, data, "application/octet-stream")},
        headers=desk.headers(user),
    )


def test_an_xlsx_import_registers_every_row(desk: Any) -> None:
    r = upload(desk, "sl", "来件.xlsx", xlsx(ROWS))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["imported"] == 3 and [t["line"] for t in body["tickets"]] == [2, 3, 4]
    t = desk.get("op", f"/api/v1/tickets/{body['tickets'][0]['id']}").json()
    assert t["channel"] == "phone" and t["appeal_kind"] == "complaint" and t["lead_unit"]["code"] == "T-CG"
    assert [u["code"] for u in t["co_units"]] == ["T-JD"] and t["status"] == "dispatched"


def test_one_bad_row_refuses_the_whole_file_and_lists_every_bad_line(desk: Any) -> None:
    bad = [*ROWS, ["明天", "传真", "吐槽", "", "王" * 60, "abc", "T-ZZ", ""]]
    before = desk.counts()
    r = upload(desk, "op", "来件.xlsx", xlsx(bad))
    assert r.status_code == 400
    err = r.json()["error"]
    assert (
        err["code"] == "import_invalid" and "第 5 行" in err["message"] and "未导入任何工单" in err["message"]
    )
    fields = {p["field"] for p in err["details"]["rows"] if p["line"] == 5}
    assert {"received_at", "channel", "appeal_kind", "text", "caller_name", "caller_phone"} <= fields
    assert desk.counts() == before


def test_uploads_of_the_wrong_kind_or_by_the_wrong_role_are_refused(desk: Any) -> None:
    r = upload(desk, "op", "来件.txt", b"hello")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_file_type"
    r = upload(desk, "op", "来件.xlsx", b"not a zip file")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_xlsx"
    r = upload(desk, "zj", "来件.xlsx", xlsx(ROWS))
    assert r.status_code == 403
    r = upload(desk, "op", "来件.csv", "诉求内容\n没有受理时间列".encode())
    assert r.status_code == 400 and "受理时间" in r.json()["error"]["message"]


def test_exports_mask_callers_unless_a_call_handler_asks_and_is_audited(desk: Any) -> None:
    assert upload(desk, "op", "来件.xlsx", xlsx(ROWS)).status_code == 200
    r = desk.get("mg", "/api/v1/tickets/export", params={"format": "xlsx"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(
        load_workbook(io.BytesIO(r.content), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    header = list(rows[0])
    assert len(rows) == 4
    assert {row[header.index("联系电话")] for row in rows[1:]} == {
        "138****2222",
        "138****3333",
        "138****4444",
    }
    assert desk.get("mg", "/api/v1/tickets/export", params={"personal": "true"}).status_code == 403
    r = desk.get("op", "/api/v1/tickets/export", params={"format": "csv", "personal": "true"})
    text = r.content.decode("utf-8-sig")
    assert "13811112222" in text and "吴女士" in text
    from hotline.store.models import PersonalDataRead

    with desk.store.read() as tx:
        assert tx.count(PersonalDataRead, purpose="导出工单") == 3


def test_a_csv_export_imports_back_and_a_second_import_skips_it(desk: Any) -> None:
    assert upload(desk, "op", "来件.xlsx", xlsx(ROWS)).status_code == 200
    exported = desk.get("op", "/api/v1/tickets/export", params={"format": "csv", "personal": "true"}).content
    again = upload(desk, "op", "导出.csv", exported)
    assert again.status_code == 200, again.text
    assert again.json()["imported"] == 3  # new appeals, keyed by the old numbers
    third = upload(desk, "op", "导出.csv", exported)
    assert third.json() == {"imported": 0, "skipped": 3, "tickets": []}
