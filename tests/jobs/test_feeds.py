"""Feed polling against an HTTP server the test runs on 127.0.0.1: RSS and Atom feeds, pages, redirects and the
limits (redirect loop, oversize page, timeout), and the refusal of private addresses."""
from __future__ import annotations

import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from scoring.engine import ENGINE_VERSION
from scoring.models import ArticleScore
from sources import feeds
from sources.models import Article, Outlet
from tests.conftest import make_article, make_outlet

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "The harbour council approved the new bridge on Monday by nine votes to two after a long debate.",
    "The bridge will cost 40 million euros and should open in 2027, the council's engineer told members.",
    "Opponents said the money would be better spent on the ferry service, which carries 3,000 people a day.",
    "The mayor said construction would begin in the spring and that the ferry would keep running meanwhile.",
]


def page(title: str, paragraphs: list[str] = PARAGRAPHS) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>").encode()


class Site:
    """Routes of the test server: path -> (status, headers, body); a callable body is run with the handler."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, object]] = {}
        self.requests: list[str] = []
        self.base = ""

    def add(self, path: str, body=b"", status: int = 200, **headers: str) -> str:
        self.routes[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, body)
        return self.base + path


def serve(site: Site, host: str = "127.0.0.1"):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            site.requests.append(self.path)
            status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
            if callable(body):
                body(self)
                return
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    site.base = f"http://{host}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def site(settings):
    settings.FEEDS_ALLOW_PRIVATE = True  # the test server is on the loopback address
    settings.FEED_TIMEOUT_SECONDS = 2
    site = Site()
    server = serve(site)
    yield site
    server.shutdown()
    server.server_close()


def rss(site: Site, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate></item>"
        for title, link, date in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Herald</title>'
            f"<link>{site.base}/</link>{entries}</channel></rss>").encode()


def atom(site: Site, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><id>tag:valley,{i}</id><updated>{date}</updated></entry>'
        for i, (title, link, date) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Valley Courier</title><id>tag:valley</id><updated>2025-03-03T10:00:00Z</updated>"
            f"{entries}</feed>").encode()


def test_polling_an_rss_feed_imports_the_linked_pages_once(site):
    first = site.add("/news/bridge", page("Council approves the bridge"), Content_Type="text/html; charset=utf-8")
    second = site.add("/news/ferry", page("Ferry keeps running", PARAGRAPHS[2:] + PARAGRAPHS[:2]),
                      Content_Type="text/html")
    feed = site.add("/rss.xml", rss(site, [("Council approves the bridge", first, "Mon, 03 Mar 2025 09:30:00 GMT"),
                                           ("Ferry keeps running", second, "Mon, 03 Mar 2025 11:00:00 +0100")]),
                    Content_Type="application/rss+xml")
    outlet = make_outlet("Harbour Herald", feed_url=feed)

    report = feeds.poll_outlet(outlet)

    assert (report.imported, report.failed, report.errors) == (2, 0, [])
    article = Article.objects.get(url=first)
    assert article.outlet == outlet and article.title == "Council approves the bridge"
    assert article.published_at.isoformat() == "2025-03-03T09:30:00+00:00"
    assert "nine votes to two" in article.raw_text and "Contact us" not in article.raw_text
    assert "<nav>" in article.raw_html
    assert Article.objects.get(url=second).published_at.isoformat() == "2025-03-03T10:00:00+00:00"
    outlet.refresh_from_db()
    assert outlet.last_success_at == outlet.last_polled_at and outlet.last_error == ""

    site.requests.clear()
    again = feeds.poll_outlet(outlet)
    assert (again.imported, again.updated) == (0, 0)
    assert site.requests == ["/rss.xml"]  # known pages are not fetched again


def test_polling_an_atom_feed_resolves_relative_links_and_follows_redirects(site):
    site.add("/story/1", page("Bridge approved"))
    site.add("/go/1", status=302, Location="/story/1")
    feed = site.add("/atom.xml", atom(site, [("Bridge approved", "/go/1", "2025-03-03T08:00:00Z")]),
                    Content_Type="application/atom+xml")
    outlet = make_outlet("Valley Courier", feed_url=feed)

    assert feeds.poll_outlet(outlet).imported == 1
    article = Article.objects.get()
    assert article.url == site.base + "/go/1" and article.external_id == "tag:valley,0"
    assert "nine votes to two" in article.raw_text
    assert site.requests[-2:] == ["/go/1", "/story/1"]


def test_a_page_that_fails_is_reported_and_the_other_entries_are_imported(site):
    good = site.add("/good", page("Good"))
    feed = site.add("/rss.xml", rss(site, [("Missing", site.base + "/missing", ""), ("Good", good, "")]))
    outlet = make_outlet("Harbour Herald", feed_url=feed)

    report = feeds.poll_outlet(outlet)

    assert report.imported == 1 and report.failed == 0
    outlet.refresh_from_db()
    assert outlet.last_success_at is not None
    assert outlet.last_error == f"{site.base}/missing: HTTP 404 Not Found"


def test_a_feed_that_cannot_be_read_is_recorded_on_the_outlet(site):
    outlet = make_outlet("Harbour Herald", feed_url=site.add("/feed", page("Not a feed"), Content_Type="text/html"))
    gone = make_outlet("Valley Courier", feed_url=site.base + "/gone.xml")

    report = feeds.poll_all()

    assert (report.outlets, report.failed, report.imported) == (2, 2, 0)
    outlet.refresh_from_db()
    gone.refresh_from_db()
    assert outlet.last_polled_at is not None and outlet.last_success_at is None
    assert outlet.last_error.startswith(f"{outlet.feed_url}: not an RSS or Atom feed")
    assert gone.last_error == f"{gone.feed_url}: HTTP 404 Not Found"


def test_new_articles_from_a_feed_are_scored(site, django_capture_on_commit_callbacks):
    first = site.add("/a", page("Council approves the bridge"))
    second = site.add("/b", page("Bridge approved", PARAGRAPHS[:3]))
    make_outlet("Harbour Herald", feed_url=site.add("/h.xml", rss(site, [("Bridge", first, "")])))
    make_outlet("Valley Courier", feed_url=site.add("/v.xml", rss(site, [("Bridge", second, "")])))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("poll_feeds")

    assert ArticleScore.objects.filter(engine_version=ENGINE_VERSION).count() == 2


def test_the_poll_feeds_command_prints_a_summary_and_the_errors(site, capsys):
    good = site.add("/good", page("Good"))
    make_outlet("Harbour Herald", slug="harbour", feed_url=site.add("/rss.xml", rss(site, [("Good", good, "")])))
    make_outlet("Valley Courier", slug="valley", feed_url=site.base + "/gone.xml")

    call_command("poll_feeds", "--outlet", "harbour")
    out, err = capsys.readouterr()
    assert out.strip() == "polled 1 feeds: 1 new articles, 0 updated, 0 feeds failed, 0 errors"

    call_command("poll_feeds")
    out, err = capsys.readouterr()
    assert out.strip() == "polled 2 feeds: 0 new articles, 0 updated, 1 feeds failed, 1 errors"
    assert "gone.xml: HTTP 404" in err


def test_a_redirect_loop_ends_at_the_redirect_cap(site, settings):
    loop = site.add("/loop", status=302, Location="/loop")
    with pytest.raises(feeds.FetchError, match=f"more than {settings.FEED_MAX_REDIRECTS} redirects"):
        feeds.fetch(loop)
    assert len(site.requests) == settings.FEED_MAX_REDIRECTS + 1


def test_an_oversize_page_is_refused(site, settings):
    settings.FEED_MAX_BYTES = 1000
    declared = site.add("/big", b"x" * 1001)

    def undeclared(handler):  # no Content-Length: the body ends when the connection closes
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"y" * 100)

    streamed = site.add("/stream", undeclared)
    with pytest.raises(feeds.FetchError, match="1001 bytes, over the limit of 1000 bytes"):
        feeds.fetch(declared)
    with pytest.raises(feeds.FetchError, match="over the limit of 1000 bytes"):
        feeds.fetch(streamed)
    assert feeds.fetch(site.add("/small", b"z" * 1000)).body == b"z" * 1000


def test_a_slow_server_times_out(site, settings):
    settings.FEED_TIMEOUT_SECONDS = 0.5

    def silent(handler):
        time.sleep(2)

    def dripping(handler):  # each byte in time, the whole far too slow
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    for path, handler in [("/silent", silent), ("/drip", dripping)]:
        started = time.monotonic()
        with pytest.raises(feeds.FetchError, match="timed out after 0.5 s"):
            feeds.fetch(site.add(path, handler))
        assert time.monotonic() - started < 1.5, path


def test_private_addresses_are_refused_unless_allowed(site, settings):
    settings.FEEDS_ALLOW_PRIVATE = False
    url = site.add("/rss.xml", rss(site, []))
    with pytest.raises(feeds.FetchError, match="refused: 127.0.0.1 resolves to 127.0.0.1, not a public address"):
        feeds.fetch(url)
    with pytest.raises(feeds.FetchError, match="refused: localhost resolves to"):
        feeds.fetch(url.replace("127.0.0.1", "localhost"))
    assert site.requests == []  # refused before connecting

    outlet = make_outlet("Harbour Herald", feed_url=url)
    assert feeds.poll_outlet(outlet).failed == 1
    outlet.refresh_from_db()
    assert "not a public address" in outlet.last_error


def test_every_redirect_is_checked_again(site, settings, monkeypatch):
    """A public site redirecting to a private address is refused at the redirect."""
    settings.FEEDS_ALLOW_PRIVATE = False
    private = site.add("/secret", b"internal")
    public_site = Site()
    server = serve(public_site, host="127.0.0.2")  # stands in for a public host
    try:
        monkeypatch.setattr(feeds, "is_public_address", lambda address: address == "127.0.0.2")
        start = public_site.add("/feed", status=301, Location=private)
        with pytest.raises(feeds.FetchError, match="refused: 127.0.0.1 resolves to 127.0.0.1"):
            feeds.fetch(start)
        assert public_site.requests == ["/feed"] and site.requests == []
    finally:
        server.shutdown()
        server.server_close()


def test_only_http_and_https_are_fetched(site):
    for url in ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"]:
        with pytest.raises(feeds.FetchError, match="not an http or https url"):
            feeds.fetch(url)


@pytest.mark.parametrize("address, public", [
    ("93.184.215.14", True), ("2606:4700::6810:84e5", True),
    ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.1.1", False), ("127.0.0.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("255.255.255.255", False), ("::1", False), ("fe80::1", False), ("fc00::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False), ("ff02::1", False), ("::", False),
])
def test_which_addresses_count_as_public(address, public):
    assert feeds.is_public_address(address) is public


def test_the_outlet_admin_flags_an_outlet_whose_feed_went_quiet(admin_client, settings):
    settings.FEED_STALE_DAYS = 3
    quiet = make_outlet("Quiet Times", feed_url="https://quiet.example/rss")
    busy = make_outlet("Busy Post", feed_url="https://busy.example/rss")
    unpolled = make_outlet("Archive Only")  # no feed: never expected to produce articles by itself
    for outlet in (quiet, busy, unpolled):
        make_article(outlet, text=f"An article from {outlet.name}.")
    long_ago = timezone.now() - timedelta(days=4)
    Article.objects.filter(outlet__in=[quiet, unpolled]).update(created_at=long_ago)
    Outlet.objects.update(created_at=long_ago)

    flagged = {o.name: o.is_stale for o in feeds.with_staleness(Outlet.objects.all())}
    assert flagged == {"Quiet Times": True, "Busy Post": False, "Archive Only": False}

    url = reverse("admin:sources_outlet_changelist")
    response = admin_client.get(url, {"stale": "yes"})
    assert [o.name for o in response.context["cl"].result_list] == ["Quiet Times"]
    assert "stale" in response.context["cl"].list_display
    response = admin_client.get(url, {"stale": "no"})
    assert {o.name for o in response.context["cl"].result_list} == {"Busy Post", "Archive Only"}


def test_a_new_outlet_with_a_feed_is_not_stale_before_its_first_days_are_up(settings):
    settings.FEED_STALE_DAYS = 3
    make_outlet("Newcomer", feed_url="https://new.example/rss")
    assert feeds.with_staleness(Outlet.objects.all()).get().is_stale is False


def test_an_entry_dated_outside_the_years_is_skipped_with_an_error_and_the_next_outlets_are_polled(site):
    far = site.add("/far", page("Far future"))
    good = site.add("/good", page("Good"))
    feed = site.add("/atom.xml", atom(site, [("Far future", far, "9999-12-31T23:59:59-14:00"),
                                             ("Good", good, "2025-03-03T09:30:00Z")]))
    first = make_outlet("Harbour Herald", feed_url=feed)
    later = make_outlet("Valley Courier", feed_url=site.add("/rss.xml", rss(site, [
        ("Bridge approved", site.add("/story/1", page("Bridge approved", PARAGRAPHS[1:])),
         "Mon, 03 Mar 2025 09:30:00 GMT")])))

    report = feeds.poll_all()

    assert (report.outlets, report.imported, report.failed) == (2, 2, 0)
    assert Article.objects.filter(outlet=later).count() == 1
    first.refresh_from_db()
    assert first.last_error == f"{far}: skipped: publication date in year 10000, outside the years 1900-2100"
    assert not Article.objects.filter(url=far).exists()


def test_any_error_in_one_outlet_is_recorded_on_it_and_polling_goes_on(site, monkeypatch):
    broken = make_outlet("Harbour Herald", feed_url=site.add("/rss.xml", rss(site, [("A", site.base + "/a", "")])))
    later = make_outlet("Valley Courier", feed_url=site.add("/atom.xml", atom(site, [
        ("Bridge approved", site.add("/story/1", page("Bridge approved")), "2025-03-03T08:00:00Z")])))
    site.add("/a", page("A", PARAGRAPHS[1:]))
    real_import = feeds.import_records

    def failing_for_the_first(records):
        if records and records[0].outlet == broken.name:
            raise RuntimeError("a surprise")
        return real_import(records)

    monkeypatch.setattr(feeds, "import_records", failing_for_the_first)
    report = feeds.poll_all()
    assert (report.outlets, report.failed, report.imported) == (2, 1, 1)
    broken.refresh_from_db()
    assert "unexpected error (RuntimeError: a surprise)" in broken.last_error and broken.last_success_at is None
    assert Article.objects.filter(outlet=later).count() == 1


def test_a_poll_ends_at_its_deadline_and_is_not_a_success_when_no_page_came(site, settings):
    settings.FEED_TIMEOUT_SECONDS = 1
    settings.FEED_POLL_DEADLINE_SECONDS = 1.5

    def dripping(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        for _ in range(100):
            try:
                handler.wfile.write(b"x")
                handler.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    items = [(f"Slow {n}", site.add(f"/slow/{n}", dripping), "") for n in range(20)]
    outlet = make_outlet("Harbour Herald", feed_url=site.add("/rss.xml", rss(site, items)))
    report = feeds.poll_outlet(outlet)
    assert report.failed == 1 and report.imported == 0
    assert sum(1 for path in site.requests if path.startswith("/slow/")) <= 2  # not 20 timeouts in a row
    outlet.refresh_from_db()
    assert outlet.last_success_at is None
    assert "the poll's deadline (1.5 s) was reached; 18 pages left for the next poll" in outlet.last_error


@pytest.mark.parametrize("url, refused", [
    ("ftp://files.example.org/feed.xml", "Only http and https"),
    ("http://169.254.169.254/latest/meta-data/", "not a public address"),
    ("http://127.0.0.1:8000/rss.xml", "not a public address"),
    ("http://[::ffff:10.0.0.1]/rss.xml", "not a public address"),
])
def test_the_outlet_admin_refuses_feed_urls_the_poller_would_refuse(admin_client, url, refused):
    response = admin_client.post(reverse("admin:sources_outlet_add"), {
        "name": "Harbour Herald", "slug": "harbour-herald", "feed_url": url, "is_active": "on"})
    assert response.status_code == 200
    assert refused in str(response.context["adminform"].form.errors["feed_url"])
    assert not Outlet.objects.exists()
