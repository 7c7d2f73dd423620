"""Poll outlets' RSS and Atom feeds: fetch each new article's page, extract its main text, import it.

A feed url is typed into the admin, and every page it links to is chosen by whoever writes the feed, so a
fetch must not be a way into this machine or its network: only http(s); the host is resolved and every
address it resolves to must be public (not private, loopback, link-local, multicast or reserved) unless
settings.FEEDS_ALLOW_PRIVATE is on; the connection goes to the address that was checked (a second lookup
could answer differently); each redirect is checked the same way, and there are at most FEED_MAX_REDIRECTS
of them; a fetch ends after FEED_TIMEOUT_SECONDS in all and after FEED_MAX_BYTES.

New articles go through `sources.importing.import_records`, like any import, so they are scored the same way.
"""
from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from urllib.parse import urljoin, urlsplit

import feedparser
from django.conf import settings
from django.db.models import BooleanField, Case, Max, Q, QuerySet, When
from django.utils import timezone

from sources.importing import import_records
from sources.models import Article, Outlet
from sources.records import Record, extract_main_text

logger = logging.getLogger(__name__)

USER_AGENT = "Concordance feed poller"
MAX_ENTRIES = 50  # newest entries read per poll: a feed listing thousands is an archive, not news
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


class FetchError(Exception):
    """A feed or page that could not be fetched; the message says why."""


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    body: bytes
    content_type: str
    charset: str | None

    def text(self) -> str:
        return self.body.decode(self.charset or "utf-8", errors="replace")


@dataclass
class PollReport:
    outlets: int = 0
    imported: int = 0
    updated: int = 0
    failed: int = 0  # outlets whose feed could not be read
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"polled {self.outlets} feeds: {self.imported} new articles, {self.updated} updated, "
                f"{self.failed} feeds failed, {len(self.errors)} errors")

    def add(self, other: PollReport) -> None:
        for name in ("outlets", "imported", "updated", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def as_dict(self) -> dict:
        return asdict(self)


def outlets_to_poll() -> QuerySet:
    """Active outlets that have a feed url."""
    return Outlet.objects.filter(is_active=True).exclude(feed_url="").order_by("pk")


def poll_all(outlets: QuerySet | None = None) -> PollReport:
    """Poll every active outlet's feed (or these outlets'); one outlet's failure does not stop the others."""
    report = PollReport()
    for outlet in outlets if outlets is not None else outlets_to_poll():
        try:
            report.add(poll_outlet(outlet))
        except Exception as e:  # even its error could not be saved (the database went away): go on with the next
            logger.exception("polling %s failed", outlet.feed_url)
            report.add(PollReport(outlets=1, failed=1, errors=[f"{outlet.feed_url}: {type(e).__name__}: {e}"]))
    return report


def feed_url_problem(url: str) -> str:
    """Why the poller would refuse this feed url ('' when it would try it): the checks fetch() makes, at save time.

    A host that does not resolve now is let through (the admin may be offline, or the name not live yet);
    fetch() checks it again at every poll."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "Only http and https feeds are polled."
    if not parts.hostname:
        return "The address has no host."
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "The address has a bad port."
    try:
        _checked_address(parts.hostname, port)
    except FetchError as e:
        return "" if str(e).startswith("cannot resolve") else f"{e}."
    return ""


def poll_outlet(outlet: Outlet) -> PollReport:
    """Read the outlet's feed and import the linked articles not stored yet; saves its last success or error.

    Whatever goes wrong is recorded on this outlet and ends its poll only: poll_all goes on with the next one. A
    poll ends by FEED_POLL_DEADLINE_SECONDS, however many pages drip; the entries left wait for the next poll.
    A poll counts as a success when the feed was read and the pages it needed were fetched (at least one of them).
    """
    started = timezone.now()
    deadline = time.monotonic() + settings.FEED_POLL_DEADLINE_SECONDS
    report = PollReport(outlets=1)
    try:
        entries = read_feed(outlet.feed_url, deadline)
        records, errors, fetched, wanted = _records(outlet, entries, deadline)
        imported = import_records(records)
        report.imported, report.updated = imported.imported, imported.updated
        report.errors += errors + imported.errors
        if fetched or not wanted:
            outlet.last_success_at = started
        else:
            report.failed = 1
    except FetchError as e:
        report.failed = 1
        report.errors.append(f"{outlet.feed_url}: {e}")
    except Exception as e:  # a bug or a surprise in one feed must not stop the poll of every other outlet
        logger.exception("polling %s failed", outlet.feed_url)
        report.failed = 1
        report.errors.append(f"{outlet.feed_url}: unexpected error ({type(e).__name__}: {e})")
    outlet.last_polled_at = started
    outlet.last_error = "\n".join(report.errors)
    outlet.save(update_fields=["last_polled_at", "last_success_at", "last_error"])
    return report


def read_feed(url: str, deadline: float | None = None) -> list[dict]:
    """The entries of the RSS or Atom feed at this url, as feedparser gives them."""
    page = fetch(url, deadline)
    # Bytes, never the url: given a url, feedparser would fetch it itself, without any of the checks here.
    # content-location: relative links in the feed resolve against where it was found.
    parsed = feedparser.parse(page.body, response_headers={
        "content-location": page.url, "content-type": page.content_type if not page.charset
        else f"{page.content_type}; charset={page.charset}"})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        reason = f" ({parsed.get('bozo_exception')})" if parsed.bozo else ""
        raise FetchError(f"not an RSS or Atom feed{reason}")
    return list(parsed.entries)


def fetch(url: str, deadline: float | None = None) -> Page:
    """GET an http(s) url within the time, size and redirect limits, refusing non-public addresses unless allowed.
    `deadline` (time.monotonic()): the poll's, when it comes before this fetch's own FEED_TIMEOUT_SECONDS."""
    own = time.monotonic() + settings.FEED_TIMEOUT_SECONDS
    deadline = own if deadline is None else min(own, deadline)
    try:
        for _ in range(settings.FEED_MAX_REDIRECTS + 1):
            connection, response = _get(url, deadline)
            try:
                if response.status in REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        raise FetchError(f"HTTP {response.status} redirect without a Location")
                    url = urljoin(url, location.strip())
                    continue
                if response.status != 200:
                    raise FetchError(f"HTTP {response.status} {response.reason}".strip())
                body = _read_limited(connection, response, deadline)
                return Page(url=url, body=body, content_type=response.headers.get_content_type(),
                             charset=response.headers.get_content_charset())
            finally:
                connection.close()
    except TimeoutError:
        if deadline < own:
            raise FetchError(f"the poll's deadline ({settings.FEED_POLL_DEADLINE_SECONDS:g} s) came first") from None
        raise FetchError(f"timed out after {settings.FEED_TIMEOUT_SECONDS:g} s") from None
    except (OSError, http.client.HTTPException, ValueError) as e:  # refused, reset, TLS, malformed response
        raise FetchError(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__) from None
    raise FetchError(f"more than {settings.FEED_MAX_REDIRECTS} redirects")


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local, multicast, reserved)."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        # IPv6 forms that carry an IPv4 address (::ffff:a.b.c.d, 6to4) reach that address: judge it instead.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded:
            ip = embedded
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def with_staleness(outlets: QuerySet) -> QuerySet:
    """Annotate `last_arrival` and `is_stale`: an active outlet with a feed and no new article for FEED_STALE_DAYS
    days (a new outlet gets as many days from its creation before it counts)."""
    cutoff = timezone.now() - timedelta(days=settings.FEED_STALE_DAYS)
    polled = Q(is_active=True) & ~Q(feed_url="")
    return outlets.annotate(last_arrival=Max("articles__created_at")).annotate(
        is_stale=Case(
            When(polled & Q(last_arrival__lt=cutoff), then=True),
            When(polled & Q(last_arrival__isnull=True, created_at__lt=cutoff), then=True),
            default=False, output_field=BooleanField(),
        ),
    )


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address checked beforehand, while Host names the site."""

    socket: socket.socket | None = None

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = self.socket = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = 443

    def connect(self):
        super().connect()
        # The certificate is checked against the host name, as for any https fetch.
        self.sock = self.socket = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


def _get(url: str, deadline: float) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"not an http or https url: {url[:200]}")
    if not parts.hostname:
        raise FetchError(f"no host in {url[:200]}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _checked_address(parts.hostname, port)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname, port, address, timeout=_remaining(deadline))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", target, headers={
            "User-Agent": USER_AGENT, "Accept-Encoding": "identity",
            "Accept": "application/rss+xml, application/atom+xml, application/xml, text/xml, text/html, */*;q=0.5",
        })
        return connection, connection.getresponse()
    except BaseException:
        connection.close()
        raise


def _checked_address(host: str, port: int) -> str:
    """Resolve the host; every address must be public unless FEEDS_ALLOW_PRIVATE. Returns the one to connect to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"cannot resolve {host} ({e})") from None
    addresses = [info[4][0] for info in infos]
    if not settings.FEEDS_ALLOW_PRIVATE:
        for address in addresses:
            if not is_public_address(address):
                raise FetchError(f"refused: {host} resolves to {address}, not a public address "
                                 "(private, loopback, link-local or reserved)")
    return addresses[0]


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _read_limited(connection: http.client.HTTPConnection, response: http.client.HTTPResponse,
                  deadline: float) -> bytes:
    limit = settings.FEED_MAX_BYTES
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{int(declared)} bytes, over the limit of {limit} bytes")
    chunks, size = [], 0
    while not response.isclosed():  # it closes itself once the whole body is read
        # The time limit covers the whole body: a server dripping a byte at a time must not hold a worker, so
        # each read waits only for what is left of it, and read1 returns what one receive brought.
        # (`socket`, not `sock`: http.client drops `sock` once the response owns the connection.)
        connection.socket.settimeout(_remaining(deadline))
        chunk = response.read1(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise FetchError(f"over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _records(outlet: Outlet, entries: list[dict],
             deadline: float) -> tuple[list[Record], list[str], int, int]:
    """Records for the entries whose page is not stored yet, an error per entry that could not be read, and how
    many pages were fetched out of how many were wanted."""
    entries = entries[:MAX_ENTRIES]
    links = [(entry.get("link") or "").strip() for entry in entries]
    known = set(Article.objects.filter(url__in=[link for link in links if link]).values_list("url", flat=True))
    records, errors, fetched, wanted = [], [], 0, 0
    for number, (entry, link) in enumerate(zip(entries, links), start=1):
        if not link:
            errors.append(f"{outlet.feed_url}: entry {number} has no link")
            continue
        if link in known:
            continue
        wanted += 1
        if time.monotonic() >= deadline:
            left = sum(1 for other in links[number - 1:] if other and other not in known)
            errors.append(f"{outlet.feed_url}: the poll's deadline ({settings.FEED_POLL_DEADLINE_SECONDS:g} s) "
                          f"was reached; {left} pages left for the next poll")
            break
        try:
            published = _published(entry)
        except ValueError as e:
            errors.append(f"{link}: skipped: {e}")
            continue
        try:
            html = fetch(link, deadline).text()
        except FetchError as e:
            errors.append(f"{link}: {e}")
            continue
        fetched += 1
        text = extract_main_text(html)
        if not text.strip():
            errors.append(f"{link}: no article text could be extracted from the page")
            continue
        entry_id = (entry.get("id") or "").strip()
        records.append(Record(
            id=entry_id if len(entry_id) <= 300 else "", outlet=outlet.name, domain="", url=link,
            title=(entry.get("title") or "").strip(), published=published, text=text, html=html,
            source=outlet.feed_url, line=number,
        ))
    return records, errors, fetched, wanted


def _published(entry: dict) -> datetime | None:
    """The entry's publication time (UTC); ValueError when it is outside settings.PUBLISHED_YEARS."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")  # a UTC time.struct_time
    if not parsed:
        return None
    first, last = settings.PUBLISHED_YEARS
    if not first <= parsed[0] <= last:  # year 10000 would not even make a datetime
        raise ValueError(f"publication date in year {parsed[0]}, outside the years {first}-{last}")
    return datetime(*parsed[:6], tzinfo=dt_timezone.utc)
