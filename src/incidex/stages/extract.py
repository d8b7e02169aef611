"""Turn one raw input into a ``Report``: decoded, cleaned main text plus metadata.

HTML goes through trafilatura (main text, title, url, outlet) and htmldate
(publication date); plain text passes through with light clean-up. Inputs that
cannot be coded raise ``ReportError`` with one of these codes:

``empty``         nothing, or only whitespace and navigation boilerplate
``binary``        NUL bytes, a known binary signature (PNG, zip, ...) or mostly control characters
``invalid-utf8``  bytes that are not UTF-8 and no charset declared in the HTML
``too-large``     more than 20 MB of input, more than 30,000 HTML elements, nesting deeper
                  than 250 elements, or more than 200,000 characters of main text
``not-english``   the language check below fails
``no-text``       HTML with no extractable main text
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidex.errors import ReportError
from incidex.records import RawReport, Report

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document as ExtractedPage

log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 20_000_000
# About 30,000 words, several times the longest news report; longer texts are not reports
# and would hold the model for minutes and gigabytes.
MAX_TEXT_CHARS = 200_000
# trafilatura needs about 3 s for 20,000 elements and grows faster than linearly
# (30 s for 100,000); news pages have a few thousand.
MAX_HTML_ELEMENTS = 30_000
# With favor_recall trafilatura keeps menus of a page without an article; a body
# without a single paragraph of this many words is "no-text".
MIN_PROSE_WORDS = 6
# libxml2 silently drops everything below depth 256, so deeper pages lose their text.
MAX_HTML_DEPTH = 250

# The language check (``check_english``) compares shares of function words
# among the words of the first 20,000 characters:
# - more than 30% of the letters outside the Latin script (Arabic, Cyrillic,
#   CJK, ...): not English;
# - from 8 words on: function words of other Latin-script languages make up at
#   least 8% of the words and outnumber the English ones: not English;
# - from 20 words on: English function words below 3%: not English.
# Measured on our own samples and the shared evaluation text: English notes and
# news (22,000 texts, down to one-line ACLED notes such as "Al Shabaab militants
# attacked El Wak town. 2 people were killed.") are all accepted; French,
# Spanish, German, Portuguese, Italian, Dutch score 22-37% other-language words
# and 0-5% English ones. Fewer than 8 words: only the script check applies.
MAX_NON_LATIN_SHARE = 0.3
MIN_WORDS_FOR_LANGUAGE_CHECK = 8
MIN_OTHER_LANGUAGE_SHARE = 0.08
MIN_WORDS_FOR_ENGLISH_FLOOR = 20
MIN_ENGLISH_SHARE = 0.03
LANGUAGE_SAMPLE_CHARS = 20_000

ENGLISH_FUNCTION_WORDS = frozenset(
    """
    the of and to in on at is was were are be been being has have had that this these
    those which who whom whose what when where while with from by for it its their
    they them his him she her we our you your not but or if than then there after
    before during against into over under about between near said says would will
    could should can may might must does did one two three some any all other more
    most such only up out off because since until through across around without within
    again each every both few many much very just still yet how why according an as
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Frequent function words of French, Spanish, German, Italian, Portuguese,
# Dutch, Indonesian and Turkish. Words that are also common English words ("a",
# "in", "an", "on", "also", "was") are left out; "die" stays, as German's commonest.
OTHER_LANGUAGE_FUNCTION_WORDS = frozenset(
    """
    le la les des du et est une dans pour par sur avec qui que au aux été ont sont
    mais plus ses leur cette el los las del y es una por con para se fue han sus como
    pero muy está der das und ist nicht mit den dem von zu ein eine wurde sich auf für
    bei nach auch im die il di che della per sono gli nel alla delle dei ha anche o os
    da do dos das em não um uma com foi mais pelo pela ao het een van en niet met voor
    zijn werd naar bij ook yang dan di ini dengan untuk dari itu tidak pada dalam akan
    oleh ve bir bu için ile olarak daha
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"PK\x03\x04",  # zip, docx, xlsx
    b"\x1f\x8b",  # gzip
    b"%PDF-",
    b"\x7fELF",
    b"BZh",
    b"7z\xbc\xaf",
    b"RIFF",
    b"OggS",
    b"\x00\x00\x01\x00",  # ico
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as windows-1252 (WHATWG encoding standard).
CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252"}
CHARSET_PATTERN = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
SURROGATES = re.compile("[\ud800-\udfff]")
MAX_CONTROL_SHARE = 0.1
BINARY_SAMPLE = 65_536

# Lines that are nothing but site furniture. Compared after lower-casing and
# stripping punctuation, so "Back to top ↑" and "SHARE:" match too.
BOILERPLATE_LINES = frozenset(
    phrase.strip()
    for phrase in """
    skip to main content|skip to content|skip to navigation|skip navigation|skip to main
    |jump to content|jump to navigation|back to top|return to top|go to top|top
    |share|share this|share this article|share this story|share article|share on facebook
    |share on twitter|share on x|share on whatsapp|share on linkedin|share via email
    |tweet|email|print|print this article|print this page|copy link|copy link to clipboard
    |facebook|twitter|whatsapp|linkedin|telegram|reddit|pinterest
    |advertisement|advertising|advert|sponsored|sponsored content|ad
    |read more|continue reading|show more|load more|see more|more|read next|next article
    |related|related articles|related stories|related content|more on this story
    |listen to this article|subscribe|sign up|sign in|log in|login|register|menu|close
    |search|home|accept|accept cookies|accept all cookies|comments|leave a comment
    """.replace("\n", "").split("|")
)
BOILERPLATE_SEPARATORS = re.compile(r"\s*[|•·/]\s*")
BOILERPLATE_MAX_LINE = 80

WORD_PATTERN = re.compile(r"[^\W\d_]+")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
HTML_TAG_START = re.compile(r"<[A-Za-z!?/]")


@dataclass(frozen=True, slots=True)
class PageContent:
    """What trafilatura and htmldate find in one HTML page."""

    body: str
    title: str | None
    published: dt.date | None
    url: str | None
    outlet: str | None


# No-break and typographic spaces ("gun\u00a0battle"): plain spaces to every later stage.
UNICODE_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def extract_report(raw: RawReport) -> Report:
    """Decode, clean and check one raw input; raise ``ReportError`` when it cannot be coded."""
    text = decode_content(raw)
    if raw.kind == "html":
        page = extract_page(text)
        body, title = page.body, raw.title or page.title
    else:
        page = None
        body, title = clean_plain_text(text), raw.title
        if not body:
            raise ReportError("empty", "no text besides whitespace and navigation boilerplate")
    full_text = UNICODE_SPACES.sub(" ", prepend_title(title, body))
    if len(full_text) > MAX_TEXT_CHARS:
        raise ReportError(
            "too-large",
            f"main text has {len(full_text):,} characters, more than {MAX_TEXT_CHARS:,}",
        )
    check_english(full_text)
    content_hash = hashlib.sha256(full_text.encode("utf-8")).hexdigest()
    return Report(
        report_id=raw.report_id or content_hash[:16],
        text=full_text,
        content_hash=content_hash,
        origin=raw.origin,
        title=title,
        published=choose_published(raw, page) or find_dateline_date(body),
        url=raw.url or (page.url if page else None),
        outlet=raw.outlet or (page.outlet if page else None),
    )


def choose_published(raw: RawReport, page: PageContent | None) -> dt.date | None:
    """A date the page itself declares wins over ``raw.published``.

    For files ``raw.published`` is only the caller's fallback (``--published``),
    which must not hide the page's own date.
    """
    if page is not None and page.published is not None:
        return page.published
    return raw.published


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATELINE_DATE = re.compile(
    rf"\b(?:(?P<iso_year>\d{{4}})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})"
    rf"|(?P<day>\d{{1,2}}) (?P<month>{MONTH})\.? (?P<year>\d{{4}})"
    rf"|(?P<month2>{MONTH})\.? (?P<day2>\d{{1,2}}),? (?P<year2>\d{{4}}))\b",
    re.IGNORECASE,
)
DATELINE_LINES = 5
DATELINE_MAX_LINE = 160


def find_dateline_date(text: str) -> dt.date | None:
    """A full date (with year) on one of the first short lines of a plain-text report.

    Saved articles and wire copy carry their date in a byline or dateline
    ("Published 4 March 2024", "KABUL, March 4, 2024 -"); without it a .txt
    report has no publication date to anchor "yesterday" on.
    """
    lines = [line for line in text.splitlines() if line.strip()][:DATELINE_LINES]
    for line in lines:
        match = DATELINE_DATE.search(line[:DATELINE_MAX_LINE])
        if match is None:
            continue
        if match["iso_year"]:
            parts = (match["iso_year"], match["iso_month"], match["iso_day"])
        elif match["year"]:
            parts = (match["year"], str(MONTHS[match["month"].casefold()]), match["day"])
        else:
            parts = (match["year2"], str(MONTHS[match["month2"].casefold()]), match["day2"])
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            continue
    return None


# --- decoding ---------------------------------------------------------------


def decode_content(raw: RawReport) -> str:
    """The input as text; raise for empty, binary, oversized or undecodable input."""
    content = raw.content
    if len(content) > MAX_INPUT_CHARS:
        raise ReportError(
            "too-large", f"input has {len(content):,} bytes, more than {MAX_INPUT_CHARS:,}"
        )
    if isinstance(content, bytes):
        text = decode_bytes(content, kind=raw.kind)
    else:
        # A JSON "\ud800" escape gives a lone surrogate, which cannot be hashed or stored
        # as UTF-8; like a stray bad byte it becomes U+FFFD, same length (issue 8).
        text = SURROGATES.sub("\ufffd", content.removeprefix("\ufeff"))
    if not text.strip():
        raise ReportError("empty", "input is empty or only whitespace")
    if is_mostly_control(text):
        raise ReportError("binary", f"input is mostly control characters: {text[:20]!r}")
    return text


def decode_bytes(content: bytes, *, kind: str) -> str:
    for bom, encoding in BOMS:
        if content.startswith(bom):
            return decode_strictly(content, encoding)
    if content.startswith(BINARY_SIGNATURES) or b"\x00" in content:
        raise ReportError("binary", f"binary content starting {content[:8]!r}")
    declared = declared_charset(content) if kind == "html" else None
    if declared is not None:
        # The page says how it is encoded; stray bad bytes become U+FFFD.
        return content.decode(declared, errors="replace")
    return decode_strictly(content, "utf-8")


def decode_strictly(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as e:
        if is_mostly_control(content[:BINARY_SAMPLE].decode("latin-1")):
            raise ReportError(
                "binary", f"input is mostly control characters: {content[:20]!r}"
            ) from e
        bad = content[max(e.start - 10, 0) : e.end + 10]
        raise ReportError(
            "invalid-utf8",
            f"not valid {encoding} at byte {e.start} ({bad!r}) and no charset declared",
        ) from e


def declared_charset(content: bytes) -> str | None:
    """The codec named by ``<meta charset>`` or an XML declaration, if Python knows it."""
    match = CHARSET_PATTERN.search(content[:4096])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.info("unknown charset %r declared, trying UTF-8", label)
        return None


def is_mostly_control(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:BINARY_SAMPLE]
    return len(CONTROL_CHARS.findall(sample)) > MAX_CONTROL_SHARE * len(sample)


# --- plain text ---------------------------------------------------------------


def clean_plain_text(text: str) -> str:
    """Normalise newlines, drop navigation-only lines and collapse runs of blank lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    kept = "\n".join(line for line in lines if not is_boilerplate_line(line))
    return re.sub(r"\n{3,}", "\n\n", kept).strip()


def is_boilerplate_line(line: str) -> bool:
    """True for a short line made only of site furniture ("Skip to content", "Share | Tweet")."""
    stripped = line.strip()
    if not stripped or len(stripped) > BOILERPLATE_MAX_LINE:
        return False
    parts = BOILERPLATE_SEPARATORS.split(stripped.lower())
    return all(normalise_phrase(part) in BOILERPLATE_LINES for part in parts if part)


def normalise_phrase(phrase: str) -> str:
    """Lower-case words only: "Back to top ↑" -> "back to top"."""
    return " ".join(WORD_PATTERN.findall(phrase.lower().replace("e-mail", "email")))


def prepend_title(title: str | None, body: str) -> str:
    """Put the headline in front of the body unless the body already starts with it."""
    title = " ".join(title.split()) if title else ""
    if not title or body.startswith(title):
        return body
    return f"{title}\n\n{body}"


# --- HTML ---------------------------------------------------------------------


def extract_page(html: str) -> PageContent:
    """Main text and metadata of one page; raise ``no-text`` when there is no article body."""
    tree = parse_html(html)
    page = run_trafilatura(tree)
    body = clean_html_body(page.text if page is not None else None)
    if page is None or not has_prose_line(body):
        raise ReportError("no-text", f"no main text found in the HTML page: {body[:60]!r}")
    return PageContent(
        body=body,
        title=page.title or None,
        published=parse_page_date(page.date) or find_date(tree),
        url=page.url or None,
        outlet=page.sitename or None,
    )


def clean_html_body(text: str | None) -> str:
    """trafilatura's one-line paragraphs, minus furniture, separated by blank lines like a .txt."""
    lines = (line.strip() for line in (text or "").split("\n"))
    return "\n\n".join(line for line in lines if line and not is_boilerplate_line(line))


def has_prose_line(body: str) -> bool:
    """At least one paragraph of ``MIN_PROSE_WORDS`` words: link lists and menus have none."""
    return any(len(line.split()) >= MIN_PROSE_WORDS for line in body.split("\n"))


def parse_html(html: str) -> HtmlElement:
    """Parse with lxml after cheap guards against pages that would stall extraction."""
    from lxml import etree
    from lxml import html as lxml_html

    if len(HTML_TAG_START.findall(html)) > 4 * MAX_HTML_ELEMENTS:
        raise ReportError("too-large", f"HTML has more than {MAX_HTML_ELEMENTS:,} elements")
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    # Re-encode so lxml ignores the page's own (already applied) charset declaration.
    payload = html.encode("utf-8", errors="surrogatepass")
    try:
        tree = lxml_html.document_fromstring(payload, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReportError("no-text", f"HTML could not be parsed: {e}") from e
    count, depth = measure_tree(tree)
    if count > MAX_HTML_ELEMENTS:
        raise ReportError(
            "too-large", f"HTML has {count:,} elements, more than {MAX_HTML_ELEMENTS:,}"
        )
    if depth >= MAX_HTML_DEPTH:
        raise ReportError(
            "too-large", f"HTML is nested {depth} elements deep, {MAX_HTML_DEPTH} at most"
        )
    return tree


def measure_tree(tree: HtmlElement) -> tuple[int, int]:
    """Number of elements and the deepest nesting, without recursion."""
    from lxml import etree

    count = depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            count += 1
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return count, deepest


def run_trafilatura(tree: HtmlElement) -> ExtractedPage | None:
    """trafilatura's document (or ``None``): recall-oriented, no comments or tables."""
    import trafilatura
    from trafilatura.settings import Document as ExtractedPage

    try:
        extracted = trafilatura.bare_extraction(
            tree,
            favor_recall=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
            output_format="python",
            # Dates written in the article body are event dates, not the publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    # A third-party parser failing on a hostile page is a problem with that
    # report, not a bug of ours: record it and go on with the batch.
    except Exception as e:
        log.warning("trafilatura failed: %r", e)
        raise ReportError("no-text", f"main text extraction failed: {e!r}") from e
    return extracted if isinstance(extracted, ExtractedPage) else None


def find_date(tree: HtmlElement) -> dt.date | None:
    """The publication date htmldate finds in markup (meta tags, JSON-LD, <time>, url)."""
    import htmldate

    try:
        found = htmldate.find_date(tree, extensive_search=False, original_date=True)
    # Same reasoning as for trafilatura: a hostile page must not stop the batch.
    except Exception as e:
        log.warning("htmldate failed: %r", e)
        return None
    return parse_page_date(found)


def parse_page_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        log.info("page date %r is not ISO", value)
        return None


# --- language -----------------------------------------------------------------


def check_english(text: str) -> None:
    """Raise ``not-english`` unless the text reads as English (rules above ``MAX_NON_LATIN_SHARE``)."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    non_latin = len(NON_LATIN_LETTER.findall(sample))
    latin = len(LATIN_LETTER.findall(sample))
    if non_latin > MAX_NON_LATIN_SHARE * (latin + non_latin):
        raise ReportError(
            "not-english",
            f"{non_latin} of {latin + non_latin} letters are not Latin script",
        )
    shares = function_word_shares(sample)
    if shares.words >= MIN_WORDS_FOR_LANGUAGE_CHECK and (
        shares.other >= MIN_OTHER_LANGUAGE_SHARE and shares.other > shares.english
    ):
        raise ReportError(
            "not-english",
            f"{shares.other:.0%} of {shares.words} words are function words of "
            f"another language, {shares.english:.0%} English ones; starting {sample[:60]!r}",
        )
    if shares.words >= MIN_WORDS_FOR_ENGLISH_FLOOR and shares.english < MIN_ENGLISH_SHARE:
        raise ReportError(
            "not-english",
            f"only {shares.english:.0%} of {shares.words} words are English "
            f"function words ({MIN_ENGLISH_SHARE:.0%} expected); starting {sample[:60]!r}",
        )


@dataclass(frozen=True, slots=True)
class FunctionWordShares:
    english: float
    other: float
    words: int


def function_word_shares(text: str) -> FunctionWordShares:
    """Shares of English and of other-language function words among the words of ``text``."""
    words = WORD_PATTERN.findall(unicodedata.normalize("NFC", text).lower())
    if not words:
        return FunctionWordShares(0.0, 0.0, 0)
    english = sum(word in ENGLISH_FUNCTION_WORDS for word in words)
    other = sum(word in OTHER_LANGUAGE_FUNCTION_WORDS for word in words)
    return FunctionWordShares(english / len(words), other / len(words), len(words))
