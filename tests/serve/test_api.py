"""The HTTP API over a small hand-built store: filters, paging, errors, tokens, limits, headers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_samples import HOSTILE_TEXT, sample_id

from incidex.pipeline import Pipeline
from incidex.serve.api import SECURITY_HEADERS, create_app

TOKEN = "s3cret-token"
ALL_IDS = {"quarry-1", "quarry-2", "ferry-1", "hostile-1"}


@pytest.fixture(scope="module")
def client(store_url: str, web_dir: Path) -> TestClient:
    return TestClient(create_app(store_url, token=TOKEN, web_dir=web_dir))


def event_ids(client: TestClient, params: dict[str, object] | str = "") -> list[str]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return [sample_id(event) for event in response.json()["events"]]


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message"}
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def test_events_lists_everything_without_evidence(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 4
    assert (body["offset"], body["limit"]) == (0, 100)
    assert {sample_id(e) for e in body["events"]} == ALL_IDS
    assert all("evidence" not in e for e in body["events"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"since": "2024-06-04"}, {"quarry-2", "ferry-1", "hostile-1"}),
        ({"since": "2024-06-15"}, {"hostile-1"}),
        ({"until": "2024-06-03"}, {"quarry-1"}),
        ({"since": "2024-06-04", "until": "2024-06-04"}, {"quarry-2"}),
        ({"bbox": "-5,14,-4,15"}, {"ferry-1"}),
        ({"bbox": "0,17,2,19"}, {"quarry-1", "quarry-2"}),
        ({"country": "Mali"}, {"quarry-1", "quarry-2", "ferry-1"}),
        ({"country": "BFA"}, {"hostile-1"}),
        ({"admin1": "Mopti"}, {"ferry-1"}),
        ({"event_type": "Protests"}, {"ferry-1", "hostile-1"}),
        ({"sub_event_type": "Peaceful protest"}, {"hostile-1"}),
        ({"actor": "military forces"}, {"quarry-2"}),
        ({"actor": "Civilians"}, {"quarry-1", "quarry-2"}),
        ({"min_fatalities": 3}, {"quarry-2"}),
        ({"min_fatalities": 0}, {"quarry-1", "quarry-2", "ferry-1"}),
        ({"attribution": "claimed"}, {"quarry-2"}),
        ({"grade": "confirmed"}, set()),
        ({"grade": "single source"}, ALL_IDS),
        ({"q": "ferry port"}, {"ferry-1"}),
        ({"q": "quarry"}, {"quarry-1", "quarry-2"}),
        ({"country": "Mali", "event_type": "Protests"}, {"ferry-1"}),
    ],
)
def test_every_filter(client: TestClient, params: dict[str, object], expected: set[str]) -> None:
    assert set(event_ids(client, params)) == expected
    assert client.get("/api/events", params=params).json()["total"] == len(expected)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("event_date", ["quarry-1", "quarry-2", "ferry-1", "hostile-1"]),
        ("-event_date", ["hostile-1", "ferry-1", "quarry-2", "quarry-1"]),
        ("-fatalities", ["quarry-2", "quarry-1", "ferry-1", "hostile-1"]),
        ("fatalities", ["ferry-1", "quarry-1", "quarry-2", "hostile-1"]),
    ],
)
def test_sorting(client: TestClient, sort: str, expected: list[str]) -> None:
    assert event_ids(client, {"sort": sort}) == expected


def test_sorting_by_event_id(client: TestClient) -> None:
    ids = [e["event_id"] for e in client.get("/api/events?sort=event_id").json()["events"]]
    assert ids == sorted(ids) and len(ids) == 4


def test_paging(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 3, "sort": "event_id"}).json()
    second = client.get("/api/events", params={"limit": 3, "offset": 3, "sort": "event_id"}).json()
    assert (first["total"], second["total"]) == (4, 4)
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert (
        ids == sorted(ids) and {sample_id(e) for e in first["events"] + second["events"]} == ALL_IDS
    )
    assert client.get("/api/events", params={"offset": 10}).json()["events"] == []


@pytest.mark.parametrize(
    "query",
    [
        "limit=1001",
        "limit=-1",
        "offset=-1",
        "limit=ten",
        "since=yesterday",
        "until=2024-13-01",
        "since=2024-06-10&until=2024-06-01",
        "bbox=1,2,3",
        "bbox=a,b,c,d",
        "bbox=10,0,5,1",
        "min_fatalities=-3",
        "min_fatalities=1%20OR%201=1",
        "sort=random",
        "sort=event_date;DROP%20TABLE%20events",
        "attribution=maybe",
        "grade=excellent",
        "offset=99999999999999999999999",
    ],
)
def test_bad_parameters_are_json_422(client: TestClient, query: str) -> None:
    assert_error(client.get(f"/api/events?{query}"), 422)


INJECTIONS = [
    "' OR '1'='1",
    "Mali' --",
    '"; DROP TABLE events; --',
    "%",
    "_",
    "\\",
    "Mali\x00",
    "1) UNION SELECT * FROM reports --",
]


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize(
    "name", ["country", "admin1", "event_type", "sub_event_type", "actor", "q"]
)
def test_injection_like_values_give_empty_results(
    client: TestClient, name: str, value: str
) -> None:
    body = client.get("/api/events", params={name: value}).json()
    assert (body["total"], body["events"]) == (0, [])
    assert client.get("/api/events").json()["total"] == 4  # nothing was dropped


def test_event_detail_has_evidence_and_reports(client: TestClient) -> None:
    body = client.get("/api/events/quarry-1").json()  # a report event's id finds its event
    assert sample_id(body["event"]) == "quarry-1"
    assert client.get(f"/api/events/{body['event']['event_id']}").json() == body
    assert body["event"]["evidence"]["fatalities"][0]["text"] == "killing two workers"
    [entry] = body["reports"]
    assert entry["report"]["report_id"] == "quarry"
    assert entry["report"]["text"].startswith("Mortar rounds")
    assert set(entry["report"]) == {
        "report_id",
        "title",
        "published",
        "url",
        "outlet",
        "origin",
        "text",
    }
    assert [e["event_id"] for e in entry["events"]] == ["quarry-1"]
    assert "evidence" in entry["events"][0]
    assert {"field", "value", "report_id", "reason"} <= set(body["provenance"][0])


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/reports/nope", "/api/nothing-here"])
def test_unknown_things_are_json_404(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "not-found")


def test_wrong_method_is_json_405(client: TestClient) -> None:
    assert_error(client.delete("/api/events"), 405)


def test_geojson(client: TestClient) -> None:
    response = client.get("/api/events.geojson", params={"country": "Mali"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    features = {sample_id(f["properties"]): f for f in collection["features"]}
    assert set(features) == {"quarry-1", "quarry-2", "ferry-1"}
    assert features["ferry-1"]["geometry"] == {"type": "Point", "coordinates": [-4.19, 14.49]}
    assert features["ferry-1"]["properties"]["sub_event_type"] == (
        "Excessive force against protesters"
    )


def test_geojson_leaves_out_events_without_coordinates(client: TestClient) -> None:
    collection = client.get("/api/events.geojson").json()
    assert "hostile-1" not in {sample_id(f["properties"]) for f in collection["features"]}
    assert len(collection["features"]) == 3


def test_timeline(client: TestClient) -> None:
    assert client.get("/api/timeline").json() == [
        {"date": "2024-06-03", "count": 1, "fatalities": 2},
        {"date": "2024-06-04", "count": 1, "fatalities": 5},
        {"date": "2024-06-14", "count": 1, "fatalities": 0},
        {"date": "2024-06-15", "count": 1, "fatalities": 0},
    ]
    assert client.get("/api/timeline", params={"event_type": "Protests"}).json() == [
        {"date": "2024-06-14", "count": 1, "fatalities": 0},
        {"date": "2024-06-15", "count": 1, "fatalities": 0},
    ]
    assert client.get("/api/timeline", params={"country": "Nowhere"}).json() == []


def test_facets(client: TestClient) -> None:
    body = client.get("/api/facets").json()
    assert body["event_type"] == [
        {"value": "Explosions/Remote violence", "count": 2},
        {"value": "Protests", "count": 2},
    ]
    assert body["country"] == [{"value": "Mali", "count": 3}, {"value": "Burkina Faso", "count": 1}]
    assert body["grade"] == [{"value": "single source", "count": 4}]
    assert sum(item["count"] for item in body["sub_event_type"]) == 4


def test_reports_list_and_detail(client: TestClient) -> None:
    body = client.get("/api/reports", params={"limit": 2}).json()
    assert body["total"] == 3
    assert [r["report_id"] for r in body["reports"]] == ["ferry", "hostile"]
    assert all("text" not in r for r in body["reports"])
    page2 = client.get("/api/reports", params={"offset": 2}).json()
    assert [r["report_id"] for r in page2["reports"]] == ["quarry"]
    report = client.get("/api/reports/ferry").json()["report"]
    assert report["published"] == "2024-06-15"
    assert report["text"].startswith("Police dispersed")


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert (body["reports"], body["events"], body["writable"]) == (3, 4, True)
    assert body["merged_events"] == 4


@pytest.mark.parametrize(
    ("export_format", "media_type", "suffix"),
    [
        ("acled-csv", "text/csv", ".csv"),
        ("jsonl", "application/x-ndjson", ".jsonl"),
        ("geojson", "application/geo+json", ".geojson"),
        ("parquet", "application/vnd.apache.parquet", ".parquet"),
    ],
)
def test_export_downloads(
    client: TestClient, export_format: str, media_type: str, suffix: str
) -> None:
    response = client.get("/api/export", params={"format": export_format, "country": "Mali"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment") and f'incidex-events{suffix}"' in disposition
    if export_format == "acled-csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert {row["report_id"] for row in rows} == {"quarry", "ferry"}
        assert len(rows) == 3
    elif export_format == "jsonl":
        lines = [json.loads(line) for line in response.text.splitlines()]
        assert {sample_id(line) for line in lines} == {"quarry-1", "quarry-2", "ferry-1"}
        assert "evidence" in lines[0]
    elif export_format == "geojson":
        assert len(response.json()["features"]) == 3
    else:
        import pyarrow.parquet

        table = pyarrow.parquet.read_table(io.BytesIO(response.content))
        assert sorted(table.column("report_id").to_pylist()) == ["ferry", "quarry", "quarry"]


def test_export_rejects_unknown_format(client: TestClient) -> None:
    assert_error(client.get("/api/export", params={"format": "xlsx"}), 422)


def test_export_limit_and_sort(client: TestClient) -> None:
    response = client.get(
        "/api/export", params={"format": "jsonl", "sort": "-fatalities", "limit": 1}
    )
    assert [sample_id(json.loads(line)) for line in response.text.splitlines()] == ["quarry-2"]


# --- hostile text -------------------------------------------------------------


def test_hostile_text_comes_back_unchanged_as_json(client: TestClient) -> None:
    response = client.get("/api/events/hostile-1")
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["event"]["notes"] == '<script>alert("x")</script> march; see javascript:alert(2)'
    assert body["reports"][0]["report"]["text"] == HOSTILE_TEXT
    assert body["reports"][0]["report"]["title"] == "<b>bold</b> title"
    listed = client.get("/api/events", params={"q": "onerror"})
    assert listed.headers["content-type"] == "application/json"
    assert [sample_id(e) for e in listed.json()["events"]] == ["hostile-1"]


# --- security headers and static files ------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/events", "/api/nope", "/api/events?limit=x", "/", "/static/app.js", "/openapi.json"],
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["content-security-policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp


def test_index_and_static_files(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200
    assert index.headers["content-type"].startswith("text/html")
    assert "<title>map</title>" in index.text
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]


@pytest.mark.parametrize(
    "path",
    [
        "/static/../secret.txt",
        "/static/..%2fsecret.txt",
        "/static/%2e%2e/secret.txt",
        "/static/%2e%2e%2fsecret.txt",
        "/static/....//secret.txt",
        "/static/..\\secret.txt",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
    ],
)
def test_static_files_refuse_path_traversal(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "not for the web" not in response.text
    assert "root:" not in response.text


async def raw_get(app, path: str) -> tuple[int, bytes]:
    """Send ``path`` to the app as is, past any client-side URL normalisation."""
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "root_path": "",
    }
    await app(scope, receive, send)
    status = next(m["status"] for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return status, body


@pytest.mark.parametrize("path", ["/static/../secret.txt", "/static/../../../../etc/passwd"])
def test_raw_dot_dot_paths_are_refused(store_url: str, web_dir: Path, path: str) -> None:
    import anyio

    app = create_app(store_url, web_dir=web_dir)
    status, body = anyio.run(raw_get, app, path)
    assert status == 404
    assert b"not for the web" not in body and b"root:" not in body


def test_missing_page_is_json_404(store_url: str, tmp_path: Path) -> None:
    client = TestClient(create_app(store_url, web_dir=tmp_path / "absent"))
    assert_error(client.get("/"), 404, "not-found")
    assert_error(client.get("/static/app.js"), 404)


# --- OpenAPI --------------------------------------------------------------------


def test_openapi_document_is_valid(client: TestClient) -> None:
    from openapi_spec_validator import validate

    document = client.get("/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/events.geojson",
        "/api/timeline",
        "/api/facets",
        "/api/reports",
        "/api/reports/{report_id}",
        "/api/export",
        "/api/health",
    ):
        assert path in paths
    assert "requestBody" in paths["/api/reports"]["post"]


def test_docs_page_is_off(client: TestClient) -> None:
    # Swagger UI would load scripts from a CDN, which the CSP forbids.
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


# --- writing ----------------------------------------------------------------------


def empty_pipeline() -> Pipeline:
    """Extraction only: fast, and enough to store a report."""
    return Pipeline([])


def writer(store_url: str, **options: object) -> TestClient:
    options.setdefault("pipeline_factory", empty_pipeline)
    return TestClient(create_app(store_url, **options))  # type: ignore[arg-type]


NEW_REPORT = {
    "text": "Gunmen burned a clinic in a village near Mopti on Sunday, residents said.",
    "title": "Clinic burned",
    "published": "2024-06-20",
    "url": "https://news.example/clinic",
}


def test_writing_disabled_without_a_configured_token(store_url: str) -> None:
    client = writer(store_url)
    response = client.post(
        "/api/reports", json=NEW_REPORT, headers={"Authorization": "Bearer anything"}
    )
    assert_error(response, 403, "writing-disabled")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
)
def test_missing_or_wrong_token_is_refused(store_url: str, headers: dict[str, str]) -> None:
    response = writer(store_url, token=TOKEN).post("/api/reports", json=NEW_REPORT, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


def test_right_token_codes_and_stores(fresh_store_url: str) -> None:
    client = writer(fresh_store_url, token=TOKEN)
    response = client.post(
        "/api/reports", json=NEW_REPORT, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] is True
    assert body["events"] == []  # the empty pipeline codes nothing
    report = client.get(f"/api/reports/{body['report_id']}").json()["report"]
    assert report["title"] == "Clinic burned"
    assert report["url"] == "https://news.example/clinic"
    assert client.get("/api/health").json()["reports"] == 4


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b"{}",
        json.dumps({"text": ""}).encode(),
        json.dumps({"text": "x", "published": "soon"}).encode(),
        json.dumps({"text": "x", "url": "javascript:alert(1)"}).encode(),
        json.dumps({"text": "x", "colour": "red"}).encode(),
    ],
)
def test_bad_report_bodies_are_json_422(store_url: str, body: bytes) -> None:
    response = writer(store_url, token=TOKEN).post(
        "/api/reports",
        content=body,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert_error(response, 422)


def test_report_the_pipeline_cannot_read_is_json_422(fresh_store_url: str) -> None:
    response = writer(fresh_store_url, token=TOKEN).post(
        "/api/reports", json={"text": "   \n  "}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert_error(response, 422, "empty")


def test_body_size_limit(store_url: str) -> None:
    client = writer(store_url, token=TOKEN, max_body_bytes=1000)
    big = {"text": "word " * 400}
    response = client.post("/api/reports", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(response, 413, "too-large")


def test_body_size_limit_without_content_length(store_url: str) -> None:
    client = writer(store_url, token=TOKEN, max_body_bytes=1000)

    def chunks():
        yield b'{"text": "'
        for _ in range(50):
            yield b"x" * 100
        yield b'"}'

    response = client.post(
        "/api/reports",
        content=chunks(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert_error(response, 413, "too-large")


def test_rate_limit(store_url: str) -> None:
    client = TestClient(create_app(store_url, rate_limit_per_minute=3))
    for _ in range(3):
        assert client.get("/api/health").status_code == 200
    response = client.get("/api/events")
    assert_error(response, 429, "too-many-requests")
    assert response.headers["retry-after"] == "60"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_post_a_real_report_through_the_default_pipeline(fresh_store_url: str) -> None:
    from incidex.pipeline import default_pipeline

    client = writer(fresh_store_url, token=TOKEN, pipeline_factory=default_pipeline)
    text = (
        "Soldiers clashed with gunmen in Damboa, in Nigeria's Borno state, on Tuesday, "
        "leaving at least four fighters dead, the army said."
    )
    response = client.post(
        "/api/reports",
        json={"text": text, "published": "2024-05-16"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 201, response.text
    [event] = response.json()["events"]
    assert event["sub_event_type"] == "Armed clash"
    assert event["location"] == "Damboa"
    stored = client.get(f"/api/events/{event['event_id']}").json()
    assert stored["reports"][0]["report"]["text"] == text


def test_event_merged_from_two_reports_lists_both(fresh_store_url: str) -> None:
    from serve_samples import QUARRY_TEXT, make_event, make_report

    from incidex.records import Document
    from incidex.store import open_store

    retold = make_report("retold", QUARRY_TEXT + " ", content_hash="hash-retold")
    with open_store(fresh_store_url) as store:
        store.add(Document(report=retold, events=(make_event("retold", 1),)), pipeline_version="t")
    body = TestClient(create_app(fresh_store_url)).get("/api/events/retold-1").json()
    assert sorted(body["event"]["report_ids"]) == ["quarry", "retold"]
    by_report = {entry["report"]["report_id"]: entry["events"] for entry in body["reports"]}
    assert set(by_report) == {"quarry", "retold"}
    assert [e["event_id"] for e in by_report["retold"]] == ["retold-1"]
    assert "quarry-1" in [e["event_id"] for e in by_report["quarry"]]


def test_the_packaged_page_is_served(store_url: str) -> None:
    from incidex.serve.api import WEB_DIR

    if not (WEB_DIR / "index.html").is_file():
        pytest.skip("the map page is not in this checkout")
    client = TestClient(create_app(store_url))
    assert client.get("/").headers["content-type"].startswith("text/html")
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
