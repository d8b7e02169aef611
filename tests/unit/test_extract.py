from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path
from typing import Any

import pytest

from incidex.errors import ReportError
from incidex.records import RawReport, Report
from incidex.stages import extract
from incidex.stages.extract import clean_plain_text, extract_report, is_boilerplate_line

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

MARKET_FIRE_PARAGRAPHS = (
    "A fire tore through the covered grain market in the harbour district of Port Wellan",
    "Two traders were taken to the district hospital with burns",
    "Stallholders said the blaze began near the spice stands at the eastern gate",
    "The mayor promised emergency grants for the traders",
)
TWO_SENTENCES = (
    "Two people were killed when a roadside bomb hit a minibus near the market in Telmar "
    "on Tuesday. Police said nobody had claimed the attack."
)


def page_report(name: str, **fields: Any) -> RawReport:
    return RawReport(origin=name, content=(PAGES / name).read_bytes(), kind="html", **fields)


def extract_text(content: bytes | str, *, kind: Any = "text", **fields: Any) -> Report:
    return extract_report(RawReport(origin="test", content=content, kind=kind, **fields))


def error_code(content: bytes | str, *, kind: str = "text") -> str:
    with pytest.raises(ReportError) as caught:
        extract_text(content, kind=kind)
    return caught.value.code


# --- HTML pages ---------------------------------------------------------------


@pytest.fixture(scope="module")
def market_fire() -> Report:
    return extract_report(page_report("market-fire.html"))


def test_html_keeps_every_paragraph(market_fire: Report) -> None:
    for paragraph in MARKET_FIRE_PARAGRAPHS:
        assert paragraph in market_fire.text


@pytest.mark.parametrize(
    "furniture",
    [
        "Skip to main content",
        "Share on Facebook",
        "Tweet",
        "Back to top",
        "cookie",
        "Related articles",
        "Harbour tolls",  # related-article list
        "saffron",  # comment
        "wiring",  # comment
        "Copyright",
        "Politics",  # navigation menu
        "Privacy",
    ],
)
def test_html_drops_boilerplate(market_fire: Report, furniture: str) -> None:
    assert furniture.lower() not in market_fire.text.lower()


def test_html_metadata(market_fire: Report) -> None:
    assert market_fire.title == "Fire guts covered market in Port Wellan"
    assert market_fire.published == dt.date(2021, 3, 5)
    assert market_fire.outlet == "The Coastal Ledger"
    assert market_fire.url == "https://coastal-ledger.example/news/2021/03/market-fire-port-wellan"
    assert market_fire.origin == "market-fire.html"


def test_html_text_starts_with_headline_once(market_fire: Report) -> None:
    assert market_fire.text.startswith("Fire guts covered market in Port Wellan\n\nA fire tore")
    assert market_fire.text.count("Fire guts covered market") == 1


def test_text_and_html_of_one_article_agree(market_fire: Report) -> None:
    plain = extract_text((PAGES / "market-fire.txt").read_bytes())
    assert plain.text == market_fire.text
    assert plain.content_hash == market_fire.content_hash


def test_ids_and_hash(market_fire: Report) -> None:
    expected = hashlib.sha256(market_fire.text.encode("utf-8")).hexdigest()
    assert market_fire.content_hash == expected
    assert market_fire.report_id == expected[:16]
    given = extract_report(page_report("market-fire.html", report_id="mf-1"))
    assert given.report_id == "mf-1"


def test_html_given_as_str() -> None:
    html = (PAGES / "market-fire.html").read_text(encoding="utf-8")
    report = extract_text(html, kind="html")
    assert MARKET_FIRE_PARAGRAPHS[1] in report.text


def test_page_date_wins_over_fallback_and_fallback_fills_gaps() -> None:
    fallback = dt.date(2030, 1, 1)
    dated = extract_report(page_report("market-fire.html", published=fallback))
    assert dated.published == dt.date(2021, 3, 5)
    undated = extract_report(page_report("latin1-flood.html", published=fallback))
    assert undated.published == fallback


def test_json_ld_date_and_inline_furniture() -> None:
    report = extract_report(page_report("jsonld-checkpoint.html"))
    assert report.published == dt.date(2022, 11, 14)
    assert "exchanged fire with the occupants of a pickup truck" in report.text
    assert "investigation was under way" in report.text
    for furniture in ("Skip to content", "Share", "Advertisement"):
        assert furniture not in report.text


def test_latin1_page_with_meta_charset() -> None:
    report = extract_report(page_report("latin1-flood.html"))
    assert "Rua São Bento" in report.text
    assert "£4,000" in report.text
    assert "Café Zoë" in report.text
    assert report.title == "Café owners in São Bento count the cost of the flood"
    assert report.outlet == "Riverside Weekly"


def test_windows_1256_page_with_meta_charset() -> None:
    report = extract_report(page_report("windows1256-court.html"))
    assert "Wadi Sallam (وادي سلام)" in report.text
    assert "adjourned until next month" in report.text


def test_raw_metadata_wins_over_page() -> None:
    report = extract_report(
        page_report("market-fire.html", title="Market fire", url="https://x.example/a")
    )
    assert report.title == "Market fire"
    assert report.url == "https://x.example/a"
    assert report.text.startswith("Market fire\n\n")


# --- plain text ------------------------------------------------------------------


def test_plain_text_clean_up() -> None:
    raw = (
        b"\xef\xbb\xbfSkip to content\r\n"
        b"Share prices fell sharply on Monday after the strike was called.\r\n"
        b"\r\n\r\n\r\n\r\n"
        b"Back to top \xe2\x86\x91\r\n"
        b"Share | Tweet | Email\r\n"
        b"Read more about the strike in our earlier report.\r\n"
    )
    report = extract_text(raw)
    assert report.text == (
        "Share prices fell sharply on Monday after the strike was called.\n\n"
        "Read more about the strike in our earlier report."
    )


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Skip to main content", True),
        ("  BACK TO TOP  ", True),
        ("Share:", True),
        ("Print", True),
        ("ADVERTISEMENT", True),
        ("Read more »", True),
        ("Share on Facebook · Share on Twitter", True),
        ("Share prices fell.", False),
        ("Print workers marched to the ministry.", False),
        ("Advertisement boards were torn down by protesters.", False),
        ("Home Guard units were deployed.", False),
        ("", False),
    ],
)
def test_boilerplate_lines(line: str, dropped: bool) -> None:
    assert is_boilerplate_line(line) is dropped


def test_clean_plain_text_keeps_single_blank_lines() -> None:
    assert clean_plain_text("One.\n\nTwo.\r\rThree.") == "One.\n\nTwo.\n\nThree."


def test_text_title_is_prepended_once() -> None:
    body = "Troops shelled the hills above the town on Monday, residents said."
    assert extract_text(body, title="Shelling reported").text.startswith("Shelling reported\n\n")
    assert extract_text("Shelling reported\n\n" + body, title="Shelling reported").text == (
        "Shelling reported\n\n" + body
    )


@pytest.mark.parametrize(
    "text",
    [
        TWO_SENTENCES,
        "On 2 June 2022, militia fighters shelled Kafr Dael town. Casualties unknown.",
        "Al Shabaab militants attacked El Wak town. 2 people were killed.",
        "Protesters blocked the road.",
    ],
)
def test_short_english_is_accepted(text: str) -> None:
    assert extract_text(text).text == text


# --- errors -----------------------------------------------------------------------

NOT_ENGLISH = {
    "arabic": "اندلع حريق في سوق المدينة ليلة الخميس وأصيب تاجران بحروق نقلا على إثرها إلى المستشفى.",
    "russian": "В четверг вечером на городском рынке вспыхнул пожар, двое торговцев получили ожоги.",  # noqa: RUF001
    "chinese": "周四晚上，城里的市场发生火灾，两名商贩被烧伤，被送往医院治疗。",  # noqa: RUF001
    "french": (
        "Un incendie a détruit le marché couvert de la ville dans la nuit de jeudi. Deux "
        "commerçants ont été blessés et transportés à l'hôpital, selon les pompiers."
    ),
    "spanish": (
        "Un incendio destruyó el mercado de la ciudad durante la noche del jueves. Dos "
        "comerciantes fueron trasladados al hospital con quemaduras, según los bomberos."
    ),
    "german": (
        "Ein Feuer hat in der Nacht die Markthalle der Stadt zerstört. Zwei Händler wurden "
        "mit Verbrennungen ins Krankenhaus gebracht, wie die Feuerwehr mitteilte."
    ),
}


@pytest.mark.parametrize("language", sorted(NOT_ENGLISH))
def test_not_english(language: str) -> None:
    assert error_code(NOT_ENGLISH[language]) == "not-english"


def test_not_english_html_page() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>Incendie</title></head><body><article>"
        f"<p>{NOT_ENGLISH['french']}</p><p>{NOT_ENGLISH['french']}</p></article></body></html>"
    )
    assert error_code(page.encode("utf-8"), kind="html") == "not-english"


@pytest.mark.parametrize(
    ("content", "kind", "code"),
    [
        (b"", "text", "empty"),
        ("", "text", "empty"),
        (b"   \n\t\r\n  ", "text", "empty"),
        (b"\xef\xbb\xbf  \n", "text", "empty"),
        (b"Skip to main content\nShare\nBack to top\n", "text", "empty"),
        (b"", "html", "empty"),
        (b"The blast hit\x00the bus station.", "text", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "text", "binary"),
        (b"\x89PNG\r\n\x1a\n", "html", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "text", "binary"),
        (bytes(range(1, 9)) * 50, "text", "binary"),
        ("\x01\x02\x03\x04 text \x05\x06\x07\x08", "text", "binary"),
        (b"The caf\xe9 on the square was burned by rioters.", "text", "invalid-utf8"),
        (b"<html><body><p>The caf\xe9 was burned down.</p></body></html>", "html", "invalid-utf8"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "html", "no-text"),
        ((PAGES / "navigation-only.html").read_bytes(), "html", "no-text"),
    ],
)
def test_error_codes(content: bytes | str, kind: str, code: str) -> None:
    assert error_code(content, kind=kind) == code


def test_error_message_shows_the_bad_value() -> None:
    with pytest.raises(ReportError) as caught:
        extract_report(RawReport(origin="feeds/a.txt", content=b"\x89PNG\r\n", kind="text"))
    assert repr(b"\x89PNG\r\n") in caught.value.message


# --- huge or hostile input: each must fail fast ----------------------------------------


def assert_fast_error(content: bytes | str, kind: str, code: str) -> None:
    started = time.perf_counter()
    assert error_code(content, kind=kind) == code
    assert time.perf_counter() - started < 5


def test_more_than_20_mb_is_too_large() -> None:
    assert_fast_error(b"<p>" + b"a" * 20_000_001 + b"</p>", "html", "too-large")


def test_more_than_a_million_characters_of_text_is_too_large() -> None:
    sentence = "The convoy was attacked on the road north of the city. "
    assert_fast_error(sentence * (1_000_000 // len(sentence) + 1), "text", "too-large")


def test_html_with_more_than_a_million_characters_of_text_is_too_large() -> None:
    sentence = "The convoy was attacked on the road north of the city. "
    body = sentence * (1_000_000 // len(sentence) + 1)
    assert_fast_error(
        f"<html><body><article><p>{body}</p></article></body></html>", "html", "too-large"
    )


def test_many_elements_are_too_large() -> None:
    page = "<html><body>" + "<p>The market was busy.</p>" * 40_000 + "</body></html>"
    assert_fast_error(page, "html", "too-large")


def test_many_elements_without_closing_tags_are_too_large() -> None:
    # Only opening tags: the cheap pre-count misses half, the tree count catches it.
    page = "<html><body>" + "<br>" * 70_000 + "</body></html>"
    assert_fast_error(page, "html", "too-large")


@pytest.mark.parametrize("depth", [300, 200_000])
def test_deep_nesting_is_too_large(depth: int) -> None:
    page = "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth
    assert_fast_error(page.encode("utf-8"), "html", "too-large")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline\nPublished 4 March 2024\nBody text.", dt.date(2024, 3, 4)),
        ("KABUL, March 4, 2024 (Wire) - Body text.", dt.date(2024, 3, 4)),
        ("Headline\n2023-11-30\nBody.", dt.date(2023, 11, 30)),
        ("Title\nOne.\nTwo.\nThree.\nFour.\nOn 4 March 2024 it happened.", None),
        ("Headline\n2021-02-30\nBody.", None),
    ],
)
def test_plain_text_dateline_gives_the_publication_date(text, expected):
    assert extract.find_dateline_date(text) == expected


def test_the_callers_date_wins_over_a_dateline():
    raw = RawReport(
        origin="a.txt",
        content="Headline\nPublished 4 March 2024\nThe town market burned on Friday.",
        kind="text",
        published=dt.date(2024, 3, 9),
    )
    assert extract.extract_report(raw).published == dt.date(2024, 3, 9)


def test_no_break_spaces_become_plain_spaces() -> None:
    report = extract_text("Troops fought a gun\u00a0battle near the\u202fbridge.")
    assert report.text == "Troops fought a gun battle near the bridge."
