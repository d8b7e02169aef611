"""Hostile clients against the HTTP API (issue 8): injection payloads in every filter of
every event route, oversized and slow bodies, path traversal, headers, tokens."""

from __future__ import annotations

import ast
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from incidex.serve.api import ApiService, create_app

TOKEN = "hardening-token"
PAYLOADS = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE events; --',
    "1; DELETE FROM reports",
    "%",
    "_",
    "%%_%",
    "\\",
    "\\'",
    "\u2018 OR 1=1 \u2019",
    "\u201c; DROP TABLE events; \u201d",
    "\uff07 OR 1=1 --",
    "Mali\x00",
    "*",
    "NULL",
    "x" * 10_000,
    "\u0627\u0644\u0645" * 500,
    "0x41414141",
    "-1",
    "99999999999999999999999999",
    "2024-06-01' OR 1=1 --",
    "1,2,3,4' --",
    "event_date; DROP TABLE events",
]
PARAMETERS = [
    "since", "until", "bbox", "country", "admin1", "event_type", "sub_event_type", "actor",
    "min_fatalities", "attribution", "grade", "q", "sort", "offset", "limit",
]  # fmt: skip
ROUTES = ["/api/events", "/api/events.geojson", "/api/timeline", "/api/facets"]


@pytest.fixture(scope="module")
def client(store_url: str, web_dir: Path) -> TestClient:
    app = create_app(store_url, token=TOKEN, web_dir=web_dir, rate_limit_per_minute=1_000_000)
    return TestClient(app)


def database_state(store_url: str) -> tuple[str, int, int, int]:
    with sqlite3.connect(store_url) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        counts = [
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("events", "reports", "problems")
        ]
    return (check, *counts)  # type: ignore[return-value]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("name", PARAMETERS)
def test_injection_payloads_never_break_a_route(
    client: TestClient, store_url: str, route: str, name: str
) -> None:
    before = database_state(store_url)
    for payload in PAYLOADS:
        response = client.get(route, params={name: payload})
        assert response.status_code in (200, 422), (route, name, payload, response.text[:200])
        if response.status_code == 422:
            assert set(response.json()["error"]) == {"code", "message"}
        elif route == "/api/events":
            # Never more than the store holds (words of a payload may match a report).
            assert 0 <= response.json()["total"] <= 4
    assert database_state(store_url) == before
    assert before[0] == "ok"


@pytest.mark.parametrize("payload", ["' OR 1=1 --", "%", "x" * 10_000])
def test_injection_in_an_event_id_and_report_id(client: TestClient, payload: str) -> None:
    for route in ("/api/events/", "/api/reports/"):
        response = client.get(route + payload)
        assert response.status_code in (404, 422), response.text[:200]


def test_a_claimed_huge_body_is_refused_before_it_is_read(store_url: str) -> None:
    client = TestClient(create_app(store_url, token=TOKEN, max_body_bytes=1_000))
    response = client.post(
        "/api/reports",
        content=b"{}",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Length": "999999999999"},
    )
    assert response.status_code in (400, 413)


@pytest.mark.parametrize(
    "path",
    [
        "/static/..%2f..%2fetc/passwd",
        "/static/..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/..%252f..%252fetc/passwd",
        "/static/..%5c..%5csecret.txt",
        "/static/..\\..\\secret.txt",
        "/static/%2e%2e%5csecret.txt",
        "/static/..%c0%af..%c0%afetc/passwd",
        "/static/app.js%00.html",
        "/static/" + "../" * 40 + "etc/passwd",
    ],
)
def test_static_traversal_variants(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "not for the web" not in response.text and "root:" not in response.text


@pytest.mark.parametrize("path", ["/", "/no/such/page", "/api/events", "/static/missing.js"])
def test_csp_forbids_inline_script(client: TestClient, path: str) -> None:
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("token", ["", None])
def test_an_empty_token_never_allows_writing(store_url: str, token: str | None) -> None:
    client = TestClient(create_app(store_url, token=token))
    for header in ("Bearer ", "Bearer", "", "Bearer  ", "bearer x"):
        response = client.post(
            "/api/reports",
            json={"text": "Police closed a road."},
            headers={"Authorization": header},
        )
        assert response.status_code == 403


@pytest.mark.parametrize(
    "header",
    [
        f"Bearer {TOKEN[:-1]}",
        f"Bearer {TOKEN}x",
        f"Basic {TOKEN}",
        f"Bearer {TOKEN.upper()}",
        ("Bearer " + "\u00e9" * 20).encode("utf-8"),
        f"Bearer {TOKEN}\x00",
    ],
)
def test_near_miss_tokens_are_refused(store_url: str, header: str | bytes) -> None:
    client = TestClient(create_app(store_url, token=TOKEN))
    response = client.post(
        "/api/reports", json={"text": "Police closed a road."}, headers={"Authorization": header}
    )
    assert response.status_code == 401


def test_the_token_is_compared_in_constant_time() -> None:
    from incidex.serve import api

    tree = ast.parse(Path(api.__file__).read_text(encoding="utf-8"))
    check = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == ApiService.check_token.__name__
    )
    assert "hmac.compare_digest" in ast.unparse(check)
    # No ordinary comparison touches the secret (``is None`` checks aside).
    for node in ast.walk(check):
        if isinstance(node, ast.Compare) and "token" in ast.unparse(node):
            assert all(isinstance(op, ast.Is | ast.IsNot) for op in node.ops), ast.unparse(node)


# --- a real server and a slow client -----------------------------------------------


@pytest.fixture
def live_server(store_url: str) -> Iterator[tuple[str, int]]:
    uvicorn = pytest.importorskip("uvicorn")
    app = create_app(store_url, token=TOKEN, max_body_bytes=1_000_000, body_timeout_s=1.5)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield "127.0.0.1", port
    server.should_exit = True
    thread.join(10)


def get_health(host: str, port: int) -> int:
    with socket.create_connection((host, port), timeout=5) as connection:
        connection.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return int(connection.recv(64).split()[1])


def is_closed(connection: socket.socket, wait_s: float) -> bool:
    connection.settimeout(wait_s)
    try:
        connection.recv(1024)  # end of stream, or an error response before closing
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


def body_rest(connection: socket.socket, answer: bytes) -> bytes:
    """What follows the first read of a response: its body may come in a later packet."""
    head, _, body = answer.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        len(body),
    )
    rest = b""
    while len(body) + len(rest) < length:
        chunk = connection.recv(4096)
        if not chunk:
            break
        rest += chunk
    return rest


def test_a_slow_body_does_not_stall_other_clients(live_server: tuple[str, int]) -> None:
    """A client that sends headers and then a byte now and then blocks nobody else, and
    gets 408 once its body has not all arrived within the body time limit (1.5 s here)."""
    host, port = live_server
    slow = socket.create_connection((host, port), timeout=5)
    try:
        slow.sendall(
            b"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {TOKEN}\r\nContent-Length: 1000\r\n\r\n".encode()
        )
        started = time.monotonic()
        for _ in range(2):
            slow.sendall(b" ")
            assert get_health(host, port) == 200
            time.sleep(0.3)
        slow.settimeout(5)
        answer = slow.recv(4096)
        waited = time.monotonic() - started
        answer += body_rest(slow, answer)
        assert answer.split(b"\r\n")[0].split()[1] == b"408", answer[:200]
        assert b'"timeout"' in answer
        assert 1.0 < waited < 5
        assert is_closed(slow, 3.0)
    finally:
        slow.close()


def test_an_idle_connection_is_closed_after_keep_alive(live_server: tuple[str, int]) -> None:
    host, port = live_server
    with socket.create_connection((host, port), timeout=5) as connection:
        connection.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert b"200" in connection.recv(4096).split(b"\r\n")[0]
        started = time.monotonic()
        connection.settimeout(5)
        while connection.recv(4096):
            pass
        assert time.monotonic() - started < 4  # timeout_keep_alive=1
