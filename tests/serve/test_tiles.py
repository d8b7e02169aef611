"""A configured tile server: the page is told about it and the CSP lets its images in."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from incidex.serve.api import WEB_DIR, create_app, tile_origin


@pytest.mark.parametrize(
    ("template", "origin"),
    [
        ("https://tiles.example/{z}/{x}/{y}.png", "https://tiles.example"),
        ("https://{s}.tile.example/{z}/{x}/{y}.png", "https://*.tile.example"),
        ("http://localhost:8080/tiles/{z}/{x}/{y}.png", "http://localhost:8080"),
    ],
)
def test_tile_origin(template: str, origin: str) -> None:
    assert tile_origin(template) == origin


@pytest.mark.parametrize(
    "template",
    ["javascript:alert(1)", "/tiles/{z}/{x}/{y}.png", "data:image/png;base64,xx", "https://"],
)
def test_tile_url_must_be_http(template: str) -> None:
    with pytest.raises(ValueError, match="http"):
        tile_origin(template)


def test_page_and_policy_name_the_tile_server(store_url: str) -> None:
    template = 'https://{s}.tile.example/{z}/{x}/{y}.png?style="dark"&lang=en'
    client = TestClient(create_app(store_url, tiles=template))
    page = client.get("/")
    assert page.status_code == 200
    assert (
        'data-tiles="https://{s}.tile.example/{z}/{x}/{y}.png?style=&quot;dark&quot;&amp;lang=en"'
        in page.text
    )
    policy = page.headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example;" in policy
    assert "script-src 'self';" in policy
    api = client.get("/api/health")
    assert "https://*.tile.example" in api.headers["content-security-policy"]


def test_without_tiles_the_page_is_served_as_is(store_url: str) -> None:
    page = TestClient(create_app(store_url)).get("/")
    assert page.text == (WEB_DIR / "index.html").read_text(encoding="utf-8")
    assert "img-src 'self' data:;" in page.headers["content-security-policy"]


def test_bundled_page_has_a_plain_body_tag_to_carry_the_setting() -> None:
    assert Path(WEB_DIR / "index.html").read_text(encoding="utf-8").count("<body>") == 1
