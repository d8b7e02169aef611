"""Feeds: parsing RSS/Atom safely, fetching with address checks and limits, fetching once."""

from __future__ import annotations

import datetime as dt
import ipaddress
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from incidex.feeds import (
    FeedError,
    FeedItem,
    FetchedUrls,
    Fetcher,
    PollSummary,
    fetched_urls_path,
    is_public_address,
    parse_feed,
    watch,
)
from incidex.pipeline import Pipeline
from incidex.store import open_store

ARTICLE = """<!doctype html><html><head><title>Market fire in Gao</title></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Market stalls burned in Gao</h1>
<p>Unknown attackers set fire to a row of market stalls in the northern town of Gao late
on Saturday, traders told reporters on Sunday. Nobody was hurt, but dozens of stalls
selling grain and cloth were destroyed before the fire was brought under control.</p>
<p>Traders said the attackers arrived on motorbikes shortly after midnight and left
before security forces reached the market. No group has said it carried out the attack.</p>
</article><footer>Copyright Example News</footer></body></html>
"""


def rss(*links: str) -> str:
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link>"
        f"<pubDate>Sun, 09 Jun 2024 07:30:00 +0200</pubDate></item>"
        for n, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>  First
  story </title><link rel="alternate" href="/a/1"/><link rel="edit" href="/edit/1"/>
<published>2024-06-08T23:30:00-02:00</published></entry>
<entry><title>Second</title><link href="https://other.example/a/2"/>
<updated>2024-06-07T10:00:00Z</updated></entry>
<entry><title>No link</title></entry>
</feed>"""

RDF = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Old style</title></channel>
<item><title>One</title><link>http://feeds.example/one</link><dc:date>2024-06-01</dc:date></item>
</rdf:RDF>"""

ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><item><title>&lol2;</title><link>http://x.example/</link></item>
</channel></rss>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&secret;</title><link>http://x.example/</link></item>
</channel></rss>"""


# --- parsing -------------------------------------------------------------------------


def test_rss_items_in_order_with_dates_made_absolute_and_deduplicated() -> None:
    feed = rss("/a/1", "https://other.example/b", "/a/1", "ftp://files.example/x", "a/3")
    items = parse_feed(feed.encode(), base_url="http://news.example/feeds/main.rss")
    assert [item.url for item in items] == [
        "http://news.example/a/1",
        "https://other.example/b",
        "http://news.example/feeds/a/3",
    ]
    assert items[0] == FeedItem(
        url="http://news.example/a/1", title="Story 0", published=dt.date(2024, 6, 9)
    )


def test_rss_guid_stands_in_for_a_missing_link() -> None:
    feed = (
        '<rss version="2.0"><channel>'
        "<item><guid>https://news.example/g1</guid></item>"
        '<item><guid isPermaLink="false">tag:news.example,2024:2</guid></item>'
        "</channel></rss>"
    )
    assert [item.url for item in parse_feed(feed.encode())] == ["https://news.example/g1"]


def test_atom_entries() -> None:
    items = parse_feed(ATOM.encode(), base_url="https://news.example/atom.xml")
    assert items == (
        FeedItem("https://news.example/a/1", "First story", dt.date(2024, 6, 9)),
        FeedItem("https://other.example/a/2", "Second", dt.date(2024, 6, 7)),
    )


def test_rss_1_0() -> None:
    assert parse_feed(RDF.encode()) == (
        FeedItem("http://feeds.example/one", "One", dt.date(2024, 6, 1)),
    )


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not xml at all",
        b"<html><body>page</body></html>",
        ENTITY_BOMB.encode(),
        EXTERNAL_ENTITY.encode(),
        b"<rss><channel><item>",
    ],
)
def test_unreadable_or_hostile_feeds_are_refused(content: bytes) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(content, base_url="http://news.example/feed")
    assert caught.value.code == "bad-feed"


def test_unreadable_dates_are_none() -> None:
    feed = "<rss><channel><item><link>http://a.example/</link><pubDate>soon</pubDate></item></channel></rss>"
    assert parse_feed(feed.encode())[0].published is None


# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2001:db8::1",
    ],
)
def test_private_and_reserved_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111"])
def test_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


# --- a local server ----------------------------------------------------------------------


class Site:
    """What the local server answers, and how often each path was asked for."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.port = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

        def do_GET(self) -> None:
            site.hits[self.path] += 1
            if self.path == "/feed.rss":
                self.answer(rss("/a/1", "/a/2", "/a/1", "/missing").encode(), "application/rss+xml")
            elif self.path == "/atom.xml":
                local = ATOM.replace("https://other.example/a/2", "/a/2")
                self.answer(local.encode(), "application/atom+xml")
            elif self.path.startswith("/a/"):
                self.answer(ARTICLE.encode(), "text/html; charset=utf-8")
            elif self.path == "/big":
                self.answer(b"x" * 6_000_000, "text/html")
            elif self.path == "/big-undeclared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(60):
                    self.wfile.write(b"y" * 100_000)
                self.close_connection = True
            elif self.path == "/to-private":
                self.redirect(f"http://127.0.0.2:{site.port}/a/1")
            elif self.path == "/to-article":
                self.redirect("/a/1")
            elif self.path.startswith("/hop/"):
                self.redirect(f"/hop/{int(self.path.rsplit('/', 1)[1]) + 1}")
            elif self.path == "/to-file":
                self.redirect("file:///etc/passwd")
            else:
                self.send_error(404)

        def answer(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up on a large body is expected here


@pytest.fixture
def site() -> Iterator[Site]:
    found = Site()
    # The handler speaks HTTP/1.0: a body without Content-Length ends when the connection closes.
    server = QuietServer(("127.0.0.1", 0), make_handler(found))
    found.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


class LoopbackOnlyFetcher(Fetcher):
    """Treats 127.0.0.1 as the one allowed address, so redirects elsewhere can be refused."""

    def is_allowed_address(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return address == ipaddress.ip_address("127.0.0.1")


def test_fetch_with_allow_private(site: Site) -> None:
    with Fetcher(allow_private=True) as fetcher:
        page = fetcher.fetch(f"{site.base}/a/1")
    assert page.content == ARTICLE.encode()
    assert page.content_type.startswith("text/html")


def test_private_addresses_are_refused_before_connecting(site: Site) -> None:
    with Fetcher() as fetcher, pytest.raises(FeedError) as caught:
        fetcher.fetch(f"{site.base}/a/1")
    assert caught.value.code == "refused-address"
    assert "127.0.0.1" in caught.value.message
    assert site.hits == Counter()


def test_localhost_by_name_is_refused(site: Site) -> None:
    with Fetcher() as fetcher, pytest.raises(FeedError) as caught:
        fetcher.fetch(f"http://localhost:{site.port}/a/1")
    assert caught.value.code == "refused-address"
    assert site.hits == Counter()


def test_redirect_to_a_private_address_is_refused(site: Site) -> None:
    with LoopbackOnlyFetcher() as fetcher:
        assert fetcher.fetch(f"{site.base}/to-article").final_url == f"{site.base}/a/1"
        with pytest.raises(FeedError) as caught:
            fetcher.fetch(f"{site.base}/to-private")
    assert caught.value.code == "refused-address"
    assert "127.0.0.2" in caught.value.message


def test_redirect_to_another_scheme_is_refused(site: Site) -> None:
    with Fetcher(allow_private=True) as fetcher, pytest.raises(FeedError) as caught:
        fetcher.fetch(f"{site.base}/to-file")
    assert caught.value.code == "bad-url"


def test_at_most_five_redirects(site: Site) -> None:
    with Fetcher(allow_private=True) as fetcher, pytest.raises(FeedError) as caught:
        fetcher.fetch(f"{site.base}/hop/0")
    assert caught.value.code == "too-many-redirects"
    assert sum(site.hits.values()) == 6  # the first request and five redirects


@pytest.mark.parametrize("path", ["/big", "/big-undeclared"])
def test_oversize_bodies_are_refused(site: Site, path: str) -> None:
    with Fetcher(allow_private=True) as fetcher, pytest.raises(FeedError) as caught:
        fetcher.fetch(f"{site.base}{path}")
    assert caught.value.code == "too-large"


def test_http_errors_and_bad_urls(site: Site) -> None:
    with Fetcher(allow_private=True) as fetcher:
        with pytest.raises(FeedError) as caught:
            fetcher.fetch(f"{site.base}/missing")
        assert caught.value.code == "http-status"
        for url in ("file:///etc/passwd", "javascript:alert(1)", "http:///nohost"):
            with pytest.raises(FeedError) as caught:
                fetcher.fetch(url)
            assert caught.value.code == "bad-url"


# --- watching ---------------------------------------------------------------------------


def extraction_only() -> Pipeline:
    return Pipeline([])


def watch_feed_once(site: Site, db: str) -> PollSummary:
    """One poll of the site's RSS feed into the store at ``db``, extraction only."""
    return watch(
        [f"{site.base}/feed.rss"],
        store_url=db,
        once=True,
        allow_private=True,
        pipeline_factory=extraction_only,
    )


def test_watch_codes_new_articles_once(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "events.db")
    first = watch_feed_once(site, db)
    assert (first.feeds, first.failed_feeds, first.new_urls) == (1, 0, 3)
    assert first.stored == 2
    assert first.problems == 1  # /missing answered 404
    second = watch_feed_once(site, db)
    assert (second.new_urls, second.stored, second.problems) == (0, 0, 0)
    assert site.hits["/a/1"] == 1 and site.hits["/a/2"] == 1 and site.hits["/missing"] == 1
    assert site.hits["/feed.rss"] == 2
    with open_store(db) as store:
        reports = list(store.reports())
        assert {r.url for r in reports} == {f"{site.base}/a/1", f"{site.base}/a/2"}
        assert all(r.title and r.title.startswith("Story") for r in reports)
        assert [p.code for p in store.problems()] == ["http-status"]
    with FetchedUrls(fetched_urls_path(db)) as fetched:
        assert fetched.outcomes() == {
            f"{site.base}/a/1": "stored",
            f"{site.base}/a/2": "stored",
            f"{site.base}/missing": "problem:http-status",
        }


def test_watch_refuses_private_feeds_by_default(site: Site, tmp_path: Path) -> None:
    summary = watch(
        [f"{site.base}/feed.rss"],
        store_url=str(tmp_path / "events.db"),
        once=True,
        pipeline_factory=extraction_only,
    )
    assert (summary.feeds, summary.failed_feeds, summary.new_urls) == (1, 1, 0)
    assert site.hits == Counter()


def test_watch_keeps_polling_until_told_to_stop(site: Site, tmp_path: Path) -> None:
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        watch(
            [f"{site.base}/atom.xml"],
            store_url=str(tmp_path / "events.db"),
            interval_s=30,
            allow_private=True,
            pipeline_factory=extraction_only,
            sleep=sleep,
        )
    assert pauses == [30, 30]
    assert site.hits["/atom.xml"] == 2


def test_fetched_urls_file_sits_beside_the_store(tmp_path: Path) -> None:
    assert fetched_urls_path(str(tmp_path / "e.db")) == str(tmp_path / "e.db") + ".feeds.sqlite"
    assert fetched_urls_path(f"sqlite:///{tmp_path}/e.db") == f"{tmp_path}/e.db.feeds.sqlite"
    with FetchedUrls(str(tmp_path / "seen.sqlite")) as fetched:
        assert "http://a.example/" not in fetched
        fetched.remember("http://a.example/", "stored")
        assert "http://a.example/" in fetched
