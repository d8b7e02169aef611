"""Live feeds: read RSS 2.0, RSS 1.0 and Atom feeds, fetch new articles, code and store them.

Fetching follows what a server that fetches URLs named by others must do:
every host is resolved and each of its addresses checked before connecting,
and the connection goes to the address that was checked, so a name cannot
point somewhere else between the check and the connection. Private,
loopback, link-local, multicast and reserved addresses are refused unless
``allow_private=True`` (for feeds on your own network, and tests). Redirects
are followed by hand, at most ``max_redirects``, each target checked again;
bodies are read in chunks and refused past ``max_bytes``.

URLs already fetched are remembered in a small SQLite file beside the store
(``<db>.feeds.sqlite``), so an article is fetched once, whatever its outcome;
only network failures (timeouts, refused connections) are tried again on the
next poll.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import logging
import socket
import sqlite3
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import defusedxml
import defusedxml.ElementTree
import httpcore
import httpx

from incidex import parse_published
from incidex.closable import Closable
from incidex.errors import IncidexError, ReportError
from incidex.pipeline import Pipeline, default_pipeline
from incidex.records import Document, Problem, RawReport
from incidex.store import Store, open_store, sqlite_path

log = logging.getLogger(__name__)

__all__ = [
    "FeedError",
    "FeedItem",
    "FeedWatcher",
    "FetchedUrls",
    "Fetcher",
    "Page",
    "PollSummary",
    "fetched_urls_path",
    "is_public_address",
    "parse_feed",
    "watch",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressCheck = Callable[[IPAddress], bool]
# As httpcore spells a socket option (level, name, value) or (level, name, None, length).
SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"
_USER_AGENT = "incidex-feeds/0.1"


class FeedError(ReportError):
    """A feed or an article could not be fetched or read; ``code`` says why.

    Codes: ``bad-url``, ``refused-address``, ``network``, ``http-status``,
    ``too-many-redirects``, ``too-large``, ``bad-feed``.
    """


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: the article's URL and what the feed says about it."""

    url: str
    title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response body; ``final_url`` is where redirects ended."""

    url: str
    final_url: str
    content: bytes
    content_type: str


# ---------------------------------------------------------------------------
# Parsing feeds


def parse_feed(content: bytes, *, base_url: str = "") -> tuple[FeedItem, ...]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order.

    Links are made absolute against ``base_url``; entries without an http(s)
    link and repeated links are dropped. DTD entities and external references
    are refused (``defusedxml``). Raises ``FeedError("bad-feed")``.
    """
    try:
        root = defusedxml.ElementTree.fromstring(content)
    except (ET.ParseError, defusedxml.DefusedXmlException) as e:
        raise FeedError("bad-feed", f"{base_url or 'feed'!r} is not a readable feed: {e}") from e
    if root.tag == "rss":
        items = (rss_item(item) for item in root.iterfind("channel/item"))
    elif root.tag == f"{_RDF}RDF":
        items = (rss_item(item, namespace=_RSS1) for item in root.iterfind(f"{_RSS1}item"))
    elif root.tag == f"{_ATOM}feed":
        items = (atom_entry(entry) for entry in root.iterfind(f"{_ATOM}entry"))
    else:
        raise FeedError("bad-feed", f"{base_url or 'feed'!r} is neither RSS nor Atom: {root.tag!r}")
    return tuple(absolute_items(items, base_url))


def absolute_items(items: Iterable[FeedItem | None], base_url: str) -> Iterator[FeedItem]:
    seen: set[str] = set()
    for item in items:
        if item is None:
            continue
        url = urljoin(base_url, item.url.strip())
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        yield FeedItem(url=url, title=item.title, published=item.published)


def rss_item(item: ET.Element, *, namespace: str = "") -> FeedItem | None:
    link = item.findtext(f"{namespace}link")
    if not link:
        guid = item.find("guid")
        if guid is None or guid.get("isPermaLink", "true") == "false" or not guid.text:
            return None
        link = guid.text
    published = rss_date(item.findtext("pubDate")) or iso_date(item.findtext(f"{_DUBLIN_CORE}date"))
    return FeedItem(
        url=link, title=clean_title(item.findtext(f"{namespace}title")), published=published
    )


def atom_entry(entry: ET.Element) -> FeedItem | None:
    links = entry.findall(f"{_ATOM}link")
    chosen = [link for link in links if link.get("rel", "alternate") == "alternate"]
    href = next((link.get("href") for link in chosen if link.get("href")), None)
    if href is None:
        return None
    published = iso_date(entry.findtext(f"{_ATOM}published")) or iso_date(
        entry.findtext(f"{_ATOM}updated")
    )
    return FeedItem(
        url=href, title=clean_title(entry.findtext(f"{_ATOM}title")), published=published
    )


def clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    return " ".join(title.split()) or None


def rss_date(text: str | None) -> dt.date | None:
    """An RFC 822 date (RSS ``pubDate``) as a UTC day, or ``None`` when unreadable."""
    if not text:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError):
        return None
    return parse_published(moment)


def iso_date(text: str | None) -> dt.date | None:
    """An ISO 8601 date or datetime (Atom, Dublin Core) as a UTC day, or ``None``."""
    if not text:
        return None
    try:
        return parse_published(text)
    except ReportError:
        return None


# ---------------------------------------------------------------------------
# Fetching safely


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is a public unicast address a fetcher may connect to."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_public_address(address.ipv4_mapped)
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


class CheckedBackend(httpcore.SyncBackend):
    """Connects only to addresses ``is_allowed`` accepts, and to the very address checked."""

    def __init__(self, is_allowed: AddressCheck) -> None:
        self.is_allowed = is_allowed

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port)
        refused = [str(a) for a in addresses if not self.is_allowed(a)]
        if refused:
            raise FeedError(
                "refused-address",
                f"host {host!r} resolves to private or reserved addresses {refused!r}",
            )
        # TLS still verifies the certificate against the host name: httpcore
        # passes the origin's host as server_hostname, not this address.
        return super().connect_tcp(str(addresses[0]), port, timeout, local_address, socket_options)


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an address literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        raise FeedError("network", f"cannot resolve host {host!r}: {e}") from e
    # The scope id (%eth0) of a link-local IPv6 address is not part of the address.
    return list(
        dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)
    )


class CheckedTransport(httpx.HTTPTransport):
    """httpx's transport, connecting through ``CheckedBackend``; proxies from the
    environment are ignored, since a proxy would make the address check moot."""

    def __init__(self, is_allowed: AddressCheck) -> None:
        super().__init__(trust_env=False)
        # httpx has no public switch for the network backend; the pool it built
        # is replaced by one with the same defaults and the checking backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=CheckedBackend(is_allowed),
        )


class Fetcher(Closable):
    """GETs pages with a time limit, a size limit and checked redirects."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        timeout_s: float = 10.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
    ) -> None:
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._client = httpx.Client(
            transport=CheckedTransport(self.is_allowed_address),
            timeout=timeout_s,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": _USER_AGENT},
        )

    def close(self) -> None:
        self._client.close()

    def is_allowed_address(self, address: IPAddress) -> bool:
        return self.allow_private or is_public_address(address)

    def fetch(self, url: str) -> Page:
        """The body at ``url`` after at most ``max_redirects`` redirects; raises ``FeedError``."""
        current = url
        for _ in range(self.max_redirects + 1):
            check_scheme(current)
            try:
                with self._client.stream("GET", current) as response:
                    if response.is_redirect and "location" in response.headers:
                        current = urljoin(str(response.url), response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise FeedError(
                            "http-status", f"{current!r} answered HTTP {response.status_code!r}"
                        )
                    content = read_limited(response, self.max_bytes)
                    content_type = response.headers.get("content-type", "")
            except httpx.InvalidURL as e:
                raise FeedError("bad-url", f"cannot fetch {current!r}: {e}") from e
            except httpx.HTTPError as e:
                raise FeedError("network", f"cannot fetch {current!r}: {e!r}") from e
            return Page(url=url, final_url=current, content=content, content_type=content_type)
        raise FeedError(
            "too-many-redirects", f"{url!r} redirected more than {self.max_redirects!r} times"
        )


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError("bad-url", f"only http and https URLs are fetched, not {url!r}")


def read_limited(response: httpx.Response, max_bytes: int) -> bytes:
    """The (decompressed) body, refused as soon as it grows past ``max_bytes``."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FeedError(
            "too-large", f"{str(response.url)!r} is {declared} bytes, over {max_bytes!r}"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FeedError("too-large", f"{str(response.url)!r} is over {max_bytes!r} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------------------
# Remembering fetched URLs


def fetched_urls_path(store_url: str) -> str:
    """Where the fetched URLs of the store at ``store_url`` are kept: ``<db>.feeds.sqlite``."""
    path = sqlite_path(store_url)
    return path if path == ":memory:" else f"{path}.feeds.sqlite"


class FetchedUrls(Closable):
    """The URLs already fetched, with when and how it went, in a small SQLite file."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self._conn = sqlite3.connect(path, isolation_level=None)
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS fetched_urls ("
                "url TEXT PRIMARY KEY, fetched_at TEXT NOT NULL, outcome TEXT NOT NULL)"
            )
        except sqlite3.Error as e:
            raise IncidexError(f"cannot open fetched-URL file {path!r}: {e}") from e

    def close(self) -> None:
        self._conn.close()

    def __contains__(self, url: object) -> bool:
        row = self._conn.execute("SELECT 1 FROM fetched_urls WHERE url = ?", (url,)).fetchone()
        return row is not None

    def remember(self, url: str, outcome: str) -> None:
        self._conn.execute(
            "INSERT OR REPLACE INTO fetched_urls (url, fetched_at, outcome) VALUES (?, ?, ?)",
            (url, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), outcome),
        )

    def outcomes(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT url, outcome FROM fetched_urls ORDER BY url"))


# ---------------------------------------------------------------------------
# Watching


@dataclass(frozen=True, slots=True)
class PollSummary:
    """What one pass over the feeds did."""

    feeds: int = 0
    failed_feeds: int = 0
    new_urls: int = 0
    stored: int = 0
    events: int = 0
    problems: int = 0


class FeedWatcher:
    """Polls feeds and codes each article not fetched before into ``store``.

    The pipeline is built on the first new article, so a poll that finds
    nothing new never loads the model.
    """

    def __init__(
        self,
        *,
        store: Store,
        fetched: FetchedUrls,
        fetcher: Fetcher,
        pipeline_factory: Callable[[], Pipeline] = default_pipeline,
    ) -> None:
        self.store = store
        self.fetched = fetched
        self.fetcher = fetcher
        self._pipeline_factory = pipeline_factory
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = self._pipeline_factory()
        return self._pipeline

    def poll(self, feed_urls: Sequence[str]) -> PollSummary:
        """Read every feed once and code its new articles."""
        totals: Counter[str] = Counter()
        for feed_url in feed_urls:
            totals["feeds"] += 1
            try:
                items = self.read_feed(feed_url)
            except FeedError as e:
                log.warning("feed %r skipped: %s (%s)", feed_url, e.message, e.code)
                totals["failed_feeds"] += 1
                continue
            for item in items:
                if item.url in self.fetched:
                    continue
                totals["new_urls"] += 1
                totals.update(self.code_article(item))
        return PollSummary(**totals)

    def read_feed(self, feed_url: str) -> tuple[FeedItem, ...]:
        page = self.fetcher.fetch(feed_url)
        return parse_feed(page.content, base_url=page.final_url)

    def code_article(self, item: FeedItem) -> Counter[str]:
        """Fetch, code and store one article; what it added to the poll's totals.

        A network failure is logged and not remembered, so the next poll tries again.
        """
        try:
            page = self.fetcher.fetch(item.url)
        except FeedError as e:
            if e.code == "network":
                log.warning("%r not fetched, will try again: %s", item.url, e.message)
                return Counter()
            self.fetched.remember(item.url, f"problem:{e.code}")
            self.store.add_problem(Problem(e.code, e.message, origin=item.url, stage="fetch"))
            return Counter(problems=1)
        result = self.pipeline.run(raw_report(item, page))
        if isinstance(result, Problem):
            self.fetched.remember(item.url, f"problem:{result.code}")
            self.store.add_problem(result)
            return Counter(problems=1)
        return self.store_document(item, result)

    def store_document(self, item: FeedItem, doc: Document) -> Counter[str]:
        stored = self.store.add(doc, pipeline_version=self.pipeline.version)
        self.fetched.remember(item.url, "stored" if stored else "already-stored")
        return Counter(
            stored=int(stored),
            events=len(doc.events) if stored else 0,
            problems=len(doc.problems),
        )


def raw_report(item: FeedItem, page: Page) -> RawReport:
    is_text = page.content_type.split(";")[0].strip().lower() == "text/plain"
    return RawReport(
        origin=item.url,
        content=page.content,
        kind="text" if is_text else "html",
        published=item.published,
        url=item.url,
        title=item.title,
    )


def watch(
    feed_urls: Sequence[str],
    *,
    store_url: str,
    interval_s: float = 900.0,
    once: bool = False,
    allow_private: bool = False,
    pipeline_factory: Callable[[], Pipeline] = default_pipeline,
    on_poll: Callable[[PollSummary], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PollSummary:
    """Poll ``feed_urls`` every ``interval_s`` seconds (once with ``once=True``).

    Returns the summary of the last poll; runs until interrupted otherwise.
    ``on_poll`` hears about every poll (the command prints a line).
    """
    with (
        open_store(store_url) as store,
        FetchedUrls(fetched_urls_path(store_url)) as fetched,
        Fetcher(allow_private=allow_private) as fetcher,
    ):
        watcher = FeedWatcher(
            store=store, fetched=fetched, fetcher=fetcher, pipeline_factory=pipeline_factory
        )
        while True:
            summary = watcher.poll(feed_urls)
            if on_poll is not None:
                on_poll(summary)
            if once:
                return summary
            sleep(interval_s)
