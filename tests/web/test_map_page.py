"""The map page in headless Chromium against the real API over the coded examples."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from urllib.request import urlopen

import pytest

pytest.importorskip("selenium", reason="Selenium is not installed: pip install -e '.[webtest]'")

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT_S = 15


def api(base_url: str, path: str, **params: object) -> Any:
    query = f"?{urlencode(params)}" if params else ""
    with urlopen(f"{base_url}/api/{path}{query}", timeout=10) as response:
        return json.load(response)


def open_map(page: Any, url: str) -> None:
    page.get(url)
    wait_for_events(page)


def wait_for_events(page: Any) -> None:
    WebDriverWait(page, WAIT_S).until(
        lambda p: p.execute_script(
            "return document.body.dataset.loading === 'false'"
            " && document.getElementById('count').dataset.total !== undefined"
            " && document.body.dataset.basemap === 'ready'"
        )
    )


def shown_total(page: Any) -> int:
    """The count the page shows, or -1 while it is loading."""
    total = page.find_element(By.ID, "count").get_attribute("data-total")
    return -1 if total is None else int(total)


def markers_on_map(page: Any) -> int:
    """Events drawn: single markers plus the counts written on clusters. Icons that a zoom is
    fading out (or has not yet faded in) are not counted: during the animation a cluster and
    the markers it splits into stand on the map together."""
    return int(
        page.execute_script(
            "const shown = (node) => {"
            "  const icon = node.closest('.leaflet-marker-icon') || node;"
            "  return Number(getComputedStyle(icon).opacity) > 0.5;"
            "};"
            "const clusters = [...document.querySelectorAll('.cluster-count')].filter(shown)"
            "  .reduce((sum, node) => sum + Number(node.textContent), 0);"
            "return clusters + [...document.querySelectorAll('.event-marker')].filter(shown).length;"
        )
    )


def wait_for_markers(page: Any, expected: int) -> int:
    """Markers drawn once the map settles (clusters animate for a moment after a zoom)."""
    with contextlib.suppress(TimeoutException):
        WebDriverWait(page, WAIT_S).until(lambda p: markers_on_map(p) == expected)
    return markers_on_map(page)


def wait_for_event_panel(page: Any) -> Any:
    return WebDriverWait(page, WAIT_S).until(
        lambda p: (
            p.find_element(By.ID, "event-panel").is_displayed()
            and p.find_elements(By.CSS_SELECTOR, "#event-panel .report-text")
            and p.find_element(By.ID, "event-panel")
        )
    )


def browser_problems(page: Any) -> list[str]:
    """Console errors and Content-Security-Policy violations reported by the browser."""
    return [
        entry["message"]
        for entry in page.get_log("browser")
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


def screenshot(page: Any, artifacts_dir: Path, name: str) -> None:
    page.save_screenshot(str(artifacts_dir / f"{name}.png"))


def test_every_event_is_on_the_map(page: Any, base_url: str, artifacts_dir: Path) -> None:
    open_map(page, base_url + "/")
    screenshot(page, artifacts_dir, "map")
    total = api(base_url, "events", limit=1)["total"]
    placed = [f for f in api(base_url, "events.geojson")["features"] if f["geometry"] is not None]
    assert total >= 8
    assert shown_total(page) == total
    assert wait_for_markers(page, total) == len(placed) == total
    listed = page.find_elements(By.CSS_SELECTOR, "#result-list li")
    assert len(listed) == total
    assert browser_problems(page) == []


def test_choosing_an_event_type_narrows_the_map(
    page: Any, base_url: str, artifacts_dir: Path
) -> None:
    open_map(page, base_url + "/")
    everything = shown_total(page)
    expected = api(base_url, "events", event_type="Protests", limit=1)["total"]
    assert 0 < expected < everything

    Select(page.find_element(By.ID, "f-event_type")).select_by_value("Protests")
    WebDriverWait(page, WAIT_S).until(lambda p: shown_total(p) == expected)
    wait_for_events(page)
    screenshot(page, artifacts_dir, "map-protests")

    assert wait_for_markers(page, expected) == expected
    assert "event_type=Protests" in page.current_url
    titles = [
        node.text for node in page.find_elements(By.CSS_SELECTOR, "#result-list .result-title")
    ]
    assert titles == ["Peaceful protest"] * expected
    assert browser_problems(page) == []


def single_span_field(detail: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A field whose evidence in the first report is exactly one span."""
    (coding,) = detail["reports"][0]["events"]
    for field in ("location", "actor1", "event_date", "fatalities", "sub_event_type"):
        spans = coding["evidence"].get(field, [])
        if len(spans) == 1:
            return field, spans[0]
    raise AssertionError(f"no field with a single evidence span in {coding['evidence']!r}")


def test_hovering_a_field_highlights_its_evidence(
    page: Any, base_url: str, artifacts_dir: Path
) -> None:
    open_map(page, base_url + "/")
    link = page.find_element(By.CSS_SELECTOR, "#result-list li:first-child a")
    event_id = page.find_element(By.CSS_SELECTOR, "#result-list li:first-child").get_attribute(
        "data-event-id"
    )
    link.click()
    panel = wait_for_event_panel(page)
    assert page.current_url.endswith("#/event/" + quote(event_id, safe=""))

    detail = api(base_url, "events/" + quote(event_id, safe=""))
    report_text = detail["reports"][0]["report"]["text"]
    shown_text = page.execute_script(
        "return document.querySelector('#event-panel .report-text').textContent"
    )
    assert shown_text == report_text
    assert panel.find_elements(By.CSS_SELECTOR, ".report-text mark") == []

    field, span = single_span_field(detail)
    row = panel.find_element(By.CSS_SELECTOR, f'.field-entry[data-field="{field}"]')
    ActionChains(page).move_to_element(row).perform()
    marks = page.execute_script(
        "return [...document.querySelectorAll('#event-panel .report-text mark')]"
        ".map(mark => mark.textContent)"
    )
    screenshot(page, artifacts_dir, f"event-{field}-highlighted")
    assert marks == [span["text"]]
    assert report_text[span["start"] : span["end"]] == span["text"]

    ActionChains(page).move_to_element(panel.find_element(By.CSS_SELECTOR, "h2")).perform()
    assert panel.find_elements(By.CSS_SELECTOR, ".report-text mark") == []
    assert browser_problems(page) == []


def test_keyboard_focus_on_a_field_highlights_too(page: Any, base_url: str) -> None:
    (event,) = api(base_url, "events", country="Pakistan")["events"]
    open_map(page, f"{base_url}/#/event/{quote(event['event_id'], safe='')}")
    panel = wait_for_event_panel(page)
    field, span = single_span_field(api(base_url, "events/" + quote(event["event_id"], safe="")))
    row = panel.find_element(By.CSS_SELECTOR, f'.field-entry[data-field="{field}"]')
    page.execute_script("arguments[0].focus()", row)
    marks = [m.get_attribute("textContent") for m in panel.find_elements(By.TAG_NAME, "mark")]
    assert marks == [span["text"]]


def test_clicking_a_marker_opens_its_event(page: Any, base_url: str) -> None:
    open_map(page, base_url + "/?country=Pakistan")
    assert shown_total(page) == 1
    page.find_element(By.CSS_SELECTOR, ".event-marker").click()
    panel = wait_for_event_panel(page)
    assert "Pakistan" in panel.find_element(By.CSS_SELECTOR, ".event-subtitle").text
    page.find_element(By.CSS_SELECTOR, ".back-link").click()
    WebDriverWait(page, WAIT_S).until(lambda p: p.find_element(By.ID, "results").is_displayed())


def test_dragging_the_timeline_filters_by_date(page: Any, base_url: str) -> None:
    open_map(page, base_url + "/")
    everything = shown_total(page)
    chart = page.find_element(By.ID, "timeline")
    width = chart.size["width"]
    # From the left edge to just past the middle: the earliest events only.
    ActionChains(page).move_to_element_with_offset(
        chart, -width // 2 + 9, 0
    ).click_and_hold().move_by_offset(width // 2, 0).release().perform()
    WebDriverWait(page, WAIT_S).until(lambda p: "until=" in p.current_url)
    wait_for_events(page)
    since = page.find_element(By.ID, "f-since").get_attribute("value")
    until = page.find_element(By.ID, "f-until").get_attribute("value")
    expected = api(base_url, "events", since=since, until=until, limit=1)["total"]
    assert 0 < shown_total(page) == expected < everything
    page.find_element(By.ID, "clear-dates").click()
    WebDriverWait(page, WAIT_S).until(lambda p: shown_total(p) == everything)


def test_markup_in_a_report_is_shown_as_text(
    page: Any, base_url: str, artifacts_dir: Path, hostile: dict[str, str]
) -> None:
    events = api(base_url, "events", limit=1000)["events"]
    event_id = next(e["event_id"] for e in events if e["report_id"] == hostile["report_id"])
    open_map(page, f"{base_url}/#/event/{quote(event_id, safe='')}")
    panel = wait_for_event_panel(page)
    # Give an injected onerror handler, were there one, the time to run.
    page.execute_script("return new Promise(resolve => setTimeout(resolve, 300))")
    screenshot(page, artifacts_dir, "hostile-report")

    assert page.execute_script("return typeof window.__pwned") == "undefined"
    assert panel.find_elements(By.CSS_SELECTOR, "script, img, iframe, object") == []
    assert page.find_elements(By.CSS_SELECTOR, "a[href^='javascript' i]") == []

    def text_of(selector: str) -> str:
        return str(page.execute_script(f"return document.querySelector({selector!r}).textContent"))

    assert text_of("#event-panel .report-title") == hostile["title"]
    assert hostile["script_tag"] in text_of("#event-panel .report-text")
    assert hostile["img_tag"] in text_of("#event-panel .report-text")
    assert hostile["img_tag"] in text_of("#event-panel .report-meta")
    assert hostile["javascript_url"] in text_of("#event-panel .url-text")
    assert text_of('#event-panel .field-entry[data-field="notes"] dd') == hostile["notes"]
    assert browser_problems(page) == []


def test_unknown_event_says_so(page: Any, base_url: str) -> None:
    open_map(page, f"{base_url}/#/event/{quote('no-such-event', safe='')}")
    message = WebDriverWait(page, WAIT_S).until(
        lambda p: p.find_elements(By.CSS_SELECTOR, "#event-panel .error")
    )
    assert "No event" in message[0].text


def test_the_server_policy_blocks_injected_handlers(page: Any, base_url: str) -> None:
    """Guards the console checks above: a violation does show up in the browser log."""
    open_map(page, base_url + "/")
    page.execute_script(
        "const holder = document.createElement('div');"
        'holder.innerHTML = \'<img src="data:," onerror="window.__pwned=1">\';'
        "document.body.append(holder);"
    )
    WebDriverWait(page, WAIT_S).until(lambda p: p.find_elements(By.CSS_SELECTOR, "body > div img"))
    page.execute_script("return new Promise(resolve => setTimeout(resolve, 300))")
    assert page.execute_script("return typeof window.__pwned") == "undefined"
    assert any("inline event handler" in message for message in browser_problems(page))


def test_narrow_screens_get_one_column(page: Any, base_url: str, artifacts_dir: Path) -> None:
    page.set_window_size(400, 860)
    try:
        open_map(page, base_url + "/")
        screenshot(page, artifacts_dir, "map-narrow")
        overflow = page.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0
        assert page.find_element(By.ID, "map").size["width"] >= 360
        assert browser_problems(page) == []
    finally:
        page.set_window_size(1400, 900)
