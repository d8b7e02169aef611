"""Checks of the map page's files that need no browser: pins, licences, no unsafe patterns."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "incidex" / "serve" / "web"
VENDOR = WEB / "vendor"


def test_vendored_versions_match_the_pins() -> None:
    pins = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))
    vendored = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    assert vendored == pins["dependencies"]
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in vendored.values())


@pytest.mark.parametrize(
    "package", ["leaflet", "leaflet.markercluster", "topojson-client", "world-atlas"]
)
def test_each_library_ships_with_its_licence(package: str) -> None:
    licence = (VENDOR / package / "LICENSE").read_text(encoding="utf-8")
    assert "Copyright" in licence or "copyright" in licence


def test_the_page_loads_only_files_that_exist() -> None:
    html = (WEB / "index.html").read_text(encoding="utf-8")
    paths = re.findall(r'(?:src|href)="static/([^"]+)"', html)
    assert len(paths) >= 7
    for path in paths:
        assert (WEB / path).is_file(), path


def test_the_page_has_no_inline_scripts_or_handlers() -> None:
    html = (WEB / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"\son[a-z]+\s*=", html) == []
    assert "style=" not in html


@pytest.mark.parametrize(
    "pattern",
    [
        r"\.innerHTML\b",
        r"\.outerHTML\b",
        r"insertAdjacentHTML",
        r"document\.write",
        r"\beval\(",
        r"new Function",
    ],
)
def test_the_script_never_parses_strings_as_html_or_code(pattern: str) -> None:
    script = (WEB / "app.js").read_text(encoding="utf-8")
    assert re.search(pattern, script) is None
