"""Fixtures for the map page's end-to-end tests: a coded store, a live server, headless Chromium.

The tests skip, saying why, when Chromium, its driver or Selenium is missing
(``.ci/chromium.sh`` installs the browser; ``pip install -e '.[webtest]'`` the rest).
Screenshots go to ``$INCIDEX_TEST_ARTIFACTS`` when set, else to a temporary folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# Markup a hostile report may carry: it must show as text and never run.
SCRIPT_TAG = "<script>window.__pwned=1</script>"
IMG_TAG = '<img src=x onerror="window.__pwned=1">'
JAVASCRIPT_URL = "javascript:window.__pwned=1"
HOSTILE_REPORT = {
    "id": "hostile-report",
    "title": f"Gunmen kill two farmers {SCRIPT_TAG} near Damboa",
    "url": JAVASCRIPT_URL,
    "source": f"{IMG_TAG}The Borno Courier",
    "published": "2024-05-20",
    "text": (
        "Gunmen killed two farmers in Damboa, Borno State, on Sunday, police said. "
        f"{SCRIPT_TAG} Witnesses said the attackers {IMG_TAG} came on motorcycles "
        "and fled into the bush before soldiers arrived."
    ),
}
HOSTILE_NOTES = f"Notes with markup: {SCRIPT_TAG} {IMG_TAG} <a href='{JAVASCRIPT_URL}'>link</a>"

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--window-size=1400,900",
)


def find_program(env_name: str, names: tuple[str, ...]) -> str | None:
    chosen = os.environ.get(env_name)
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return next((path for name in names if (path := shutil.which(name))), None)


@pytest.fixture(scope="session")
def hostile() -> dict[str, str]:
    """What the hostile report carries, for the tests to look for on the page."""
    return {
        "report_id": HOSTILE_REPORT["id"],
        "title": HOSTILE_REPORT["title"],
        "notes": HOSTILE_NOTES,
        "script_tag": SCRIPT_TAG,
        "img_tag": IMG_TAG,
        "javascript_url": JAVASCRIPT_URL,
    }


@pytest.fixture(scope="session")
def artifacts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("INCIDEX_TEST_ARTIFACTS")
    path = Path(chosen) / "web" if chosen else tmp_path_factory.mktemp("web-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser_programs() -> tuple[str, str]:
    """Paths of Chromium and chromedriver, or skip the web tests."""
    pytest.importorskip("selenium", reason="Selenium is not installed: pip install -e '.[webtest]'")
    chromium = find_program("INCIDEX_CHROMIUM", CHROMIUM_NAMES)
    driver = find_program("INCIDEX_CHROMEDRIVER", ("chromedriver",))
    if chromium is None or driver is None:
        pytest.skip("headless Chromium or chromedriver is not installed (run .ci/chromium.sh)")
    return chromium, driver


def code_hostile_report(pipeline: Any) -> Any:
    """The hostile report coded by the real pipeline, with markup put into its events' notes."""
    from incidex.records import RawReport

    raw = RawReport(
        origin="hostile.jsonl:1",
        content=HOSTILE_REPORT["text"],
        kind="text",
        report_id=HOSTILE_REPORT["id"],
        published=dt.date.fromisoformat(HOSTILE_REPORT["published"]),
        url=HOSTILE_REPORT["url"],
        outlet=HOSTILE_REPORT["source"],
        title=HOSTILE_REPORT["title"],
    )
    (doc,) = pipeline.pipe([raw])
    events = tuple(dataclasses.replace(e, notes=HOSTILE_NOTES) for e in doc.events)
    assert events, "the hostile report should code to at least one event"
    return dataclasses.replace(doc, events=events)


@pytest.fixture(scope="session")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the coded examples and one hostile report (coded once)."""
    from incidex.pipeline import default_pipeline
    from incidex.records import Document
    from incidex.stages.read import read_inputs
    from incidex.store import open_store

    url = str(tmp_path_factory.mktemp("web-store") / "events.db")
    pipeline = default_pipeline()
    with open_store(url) as store:
        for result in pipeline.pipe(read_inputs([str(EXAMPLES)], published=None)):
            if isinstance(result, Document):
                store.add(result, pipeline_version=pipeline.version)
        store.add(code_hostile_report(pipeline), pipeline_version=pipeline.version)
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base_url: str, timeout_s: float = 20.0) -> None:
    from urllib.request import urlopen

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urlopen(base_url + "/api/facets", timeout=2) as response:
                json.load(response)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def base_url(store_url: str) -> Iterator[str]:
    """The real HTTP API and map page on a free loopback port, run by uvicorn in a thread."""
    pytest.importorskip("uvicorn", reason="the HTTP API's dependencies are not installed")
    import uvicorn

    from incidex.serve.api import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(store_url), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def driver(browser_programs: tuple[str, str]) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = browser_programs
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture
def page(driver: Any, base_url: str) -> Any:
    """The browser with the browser log emptied, ready for a test to open a page."""
    driver.get("about:blank")
    driver.get_log("browser")
    return driver
