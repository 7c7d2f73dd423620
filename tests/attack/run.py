"""Scripted attack on a local deployment: replays the inputs of issue 23 against gunicorn and counts what broke.

    .venv/bin/python -m tests.attack.run [--minutes 15] [--database-url postgres://...]     (or `make attack`)

Builds a throwaway deployment in a temporary folder (SQLite by default, or a PostgreSQL database given by URL,
which must be empty or disposable), starts gunicorn as the README says (DEBUG off, --timeout 60) on a free
loopback port and a feed server of its own on 127.0.0.1, then:

- uploads through the admin a large JSONL (1,400+ articles) laced with bad values (out-of-range dates, NUL,
  lone surrogates, nesting 100,000 deep, an oversized line), and a CSV with an unclosed quote; runs "Rescore";
- imports outlets named `fact`, `rows`, a formula and an HTML link, then reads every story page and its CSV
  tables, the dashboards, the API with out-of-range date filters, the exports;
- runs five concurrent `import_articles` of 600 records without id or url, and five with ids;
- polls feeds that carry out-of-range dates and pages that drip, and saves ftp:// and metadata-address feeds
  in the admin; sprays passwords across usernames; sends a forged Host header.

Reports requests by status, HTTP 500s, background jobs not finished (stuck), duplicated articles, and the time
each step took; exits 1 if any 500, stuck job or duplicate. Every wait is bounded; traffic stays on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from tests.bench.load import PYTHON, ROOT, _machine, _manage, gunicorn

DEMO = ROOT / "sources" / "demo" / "articles.jsonl"
REQUEST_TIMEOUT = 90  # a request must answer within gunicorn's timeout anyway
JOB_WAIT_SECONDS = 600
EDITIONS = 24  # copies of the demo corpus in the upload: 59 x 24 = 1,416 articles
NAMES = ["fact", "rows", '=HYPERLINK("https://evil.example/","x")', '<a href="https://evil.example/">x</a>']


class Attack:
    def __init__(self, base: str, env: dict, folder: Path, deadline: float):
        self.base, self.env, self.folder, self.deadline = base, env, folder, deadline
        self.statuses: collections.Counter = collections.Counter()
        self.failures: list[str] = []  # every 5xx, and anything else that must not happen
        self.steps: list[tuple[str, float]] = []
        self.notes: list[str] = []
        self.session = requests.Session()

    # --- HTTP -------------------------------------------------------------------------------------------
    def request(self, method: str, path: str, session=None, expect=None, **kwargs) -> requests.Response:
        if time.monotonic() > self.deadline:
            raise TimeoutError("the attack ran past its time budget")
        response = (session or self.session).request(method, self.base + path, timeout=REQUEST_TIMEOUT,
                                                     allow_redirects=False, **kwargs)
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"HTTP {response.status_code} on {method} {path[:120]}")
        elif expect is not None and response.status_code not in expect:
            self.failures.append(f"HTTP {response.status_code} on {method} {path[:120]} (expected {expect})")
        return response

    def csrf(self, path: str) -> str:
        page = self.request("GET", path, expect=(200,)).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def login(self) -> None:
        token = self.csrf("/accounts/login/")
        self.request("POST", "/accounts/login/", expect=(302,), data={
            "username": self.env["DJANGO_SUPERUSER_USERNAME"], "password": self.env["DJANGO_SUPERUSER_PASSWORD"],
            "csrfmiddlewaretoken": token}, headers={"Referer": self.base + "/accounts/login/"})

    def step(self, name: str, fn) -> None:
        started = time.monotonic()
        try:
            fn()
        except Exception as e:  # a step that cannot go on is a finding, and the others still run
            self.failures.append(f"{name}: {type(e).__name__}: {e}")
        self.steps.append((name, time.monotonic() - started))

    # --- steps ------------------------------------------------------------------------------------------
    def upload(self, name: str, content: bytes) -> float:
        token = self.csrf("/admin/sources/article/import/")
        started = time.monotonic()
        self.request("POST", "/admin/sources/article/import/", expect=(302,),
                     data={"csrfmiddlewaretoken": token, "outlet": ""}, files={"file": (name, content)},
                     headers={"Referer": self.base + "/admin/sources/article/import/"})
        return time.monotonic() - started

    def jobs_unfinished(self) -> int:
        return int(self.sql("SELECT count(*) FROM sources_backgroundjob WHERE status IN ('queued', 'running')"))

    def wait_for_jobs(self) -> None:
        deadline = min(self.deadline, time.monotonic() + JOB_WAIT_SECONDS)
        while self.jobs_unfinished() and time.monotonic() < deadline:
            time.sleep(2)

    def sql(self, query: str) -> str:
        out = _manage(self.env, "shell", "-c",
                      f"from django.db import connection\nc = connection.cursor()\nc.execute({query!r})\n"
                      "print(c.fetchone()[0])")
        return out.strip().splitlines()[-1]  # (the shell may first say what it imported)

    def big_upload(self) -> None:
        lines = DEMO.read_text(encoding="utf-8").splitlines()
        rows = []
        for edition in range(EDITIONS):
            for line in lines:
                record = json.loads(line)
                record.update(id=f"{record['id']}-e{edition}", url=f"{record.get('url') or 'https://demo.example/' + record['id']}?edition={edition}",
                              text=record["text"] + f"\n\n(Edition {edition}.)")
                rows.append(json.dumps(record))
        bad = [
            json.dumps({"id": "far", "outlet": "Attack", "text": "x", "published": "9999-12-31T23:59:59-14:00"}),
            json.dumps({"id": "bc", "outlet": "Attack", "text": "x", "published": "0001-01-01T00:00:00+14:00"}),
            json.dumps({"id": "nul\u0000", "outlet": "Attack", "text": "x"}),
            json.dumps({"id": "u", "url": "https://attack.example/\u0000", "outlet": "Attack", "text": "x"}),
            json.dumps({"id": "s", "outlet": "Attack", "text": "lone \ud800 surrogate", "title": "\udfff"}),
            "[" * 100_000,
            '{"id": "big", "outlet": "Attack", "text": "' + "x" * (14 * 1024 * 1024) + '"}',
        ]
        rows[10:10] = bad
        seconds = self.upload("attack.jsonl", ("\n".join(rows) + "\n").encode("utf-8", "surrogatepass"))
        self.notes.append(f"admin upload of {len(rows) - len(bad)} articles and {len(bad)} bad lines answered in "
                          f"{seconds:.2f} s")
        self.upload("unclosed.csv", b'id,outlet,text\nc1,Attack,fine\nc2,Attack,"never closed\nc3,Attack,three\n')
        self.wait_for_jobs()
        token = self.csrf("/admin/sources/article/")
        first = self.sql("SELECT min(id) FROM sources_article")
        self.request("POST", "/admin/sources/article/", expect=(302,), data={
            "csrfmiddlewaretoken": token, "action": "rescore", "_selected_action": first},
            headers={"Referer": self.base + "/admin/sources/article/"})
        self.wait_for_jobs()
        self.request("GET", "/admin/sources/backgroundjob/", expect=(200,))

    def hostile_names(self) -> None:
        path = self.folder / "names.jsonl"
        lines = DEMO.read_text(encoding="utf-8").splitlines()[:12]
        with path.open("w") as f:
            for n, name in enumerate(NAMES):
                for line in lines:
                    record = json.loads(line)
                    record.update(id=f"{record['id']}-n{n}", outlet=name,
                                  url=f"{record.get('url') or 'https://demo.example/' + record['id']}?n={n}")
                    record.pop("domain", None)
                    f.write(json.dumps(record) + "\n")
        _manage(self.env, "import_articles", str(path))

    def read_everything(self) -> None:
        api = {"Authorization": f"Bearer {self.env['ATTACK_TOKEN']}"}
        story_ids = json.loads(self.request("GET", "/api/v1/stories?page_size=200", headers=api,
                                            expect=(200,)).text)["items"]
        for story in story_ids:
            self.request("GET", f"/stories/{story['id']}/", expect=(200,))
            for table in ("facts", "matrix", "articles", "copies"):
                self.request("GET", f"/stories/{story['id']}/?csv={table}", expect=(200,))
        outlets = json.loads(self.request("GET", "/api/v1/outlets?page_size=200", headers=api, expect=(200,)).text)
        for outlet in outlets["items"]:
            self.request("GET", f"/outlets/{outlet['slug']}/", expect=(200,))
        articles = json.loads(self.request("GET", "/api/v1/articles?page_size=50", headers=api, expect=(200,)).text)
        for article in articles["items"]:
            self.request("GET", f"/articles/{article['id']}/", expect=(200,))
            self.request("GET", f"/api/v1/articles/{article['id']}", headers=api, expect=(200,))
        for path in ["/", "/outlets/", "/stories/", "/exports/outlets.csv", "/exports/findings.csv",
                     "/exports/outlets.xlsx", "/admin/sources/outlet/", "/admin/sources/article/",
                     "/admin/scoring/apitoken/"]:
            self.request("GET", path, expect=(200,))
        for query in ["start=9999-12-31", "end=0001-01-01", "start=10000-01-01", "start=2024-13-45"]:
            self.request("GET", f"/api/v1/articles?{query}", headers=api, expect=(422,))
            self.request("GET", f"/api/v1/stories?{query}", headers=api, expect=(422,))

    def concurrent_imports(self) -> None:
        for kind, with_ids in (("texts", False), ("ids", True)):
            path = self.folder / f"concurrent-{kind}.jsonl"
            with path.open("w") as f:
                for n in range(600):
                    record = {"outlet": f"Concurrent {n % 3}", "text": f"Concurrent article {n} ({kind}): the "
                              f"harbour council met on day {n} and approved item {n}."}
                    if with_ids:
                        record["id"] = f"c-{n}"
                    f.write(json.dumps(record) + "\n")
            processes = [subprocess.Popen([PYTHON, "manage.py", "import_articles", str(path)], cwd=ROOT,
                                          env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                         for _ in range(5)]
            for process in processes:
                out, err = process.communicate(timeout=max(1, self.deadline - time.monotonic()))
                if process.returncode != 0 or "rejected 0" not in out:
                    self.failures.append(f"concurrent import ({kind}) exited {process.returncode}: "
                                         f"{(out + err)[-300:]}")

    def feeds(self) -> None:
        site = _FeedSite()
        server = ThreadingHTTPServer(("127.0.0.1", 0), site.handler())
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        site.base = base
        try:
            token = self.csrf("/admin/sources/outlet/add/")
            for n, url in enumerate(["ftp://files.example.org/feed.xml", "http://169.254.169.254/latest/meta-data/",
                                     "http://[::ffff:127.0.0.1]/x"]):
                response = self.request("POST", "/admin/sources/outlet/add/", expect=(200,), data={
                    "csrfmiddlewaretoken": token, "name": f"Feed attack {n}", "slug": f"feed-attack-{n}",
                    "feed_url": url, "is_active": "on"}, headers={"Referer": self.base + "/admin/"})
                if "errornote" not in response.text:
                    self.failures.append(f"the admin accepted the feed url {url}")
            script = (f"from sources.models import Outlet\n"
                      f"Outlet.objects.create(name='Far future feed', feed_url='{base}/far.xml')\n"
                      f"Outlet.objects.create(name='Drip feed', feed_url='{base}/drip.xml')\n"
                      f"Outlet.objects.create(name='After them', feed_url='{base}/good.xml')\n")
            _manage(self.env, "shell", "-c", script)
            env = {**self.env, "FEEDS_ALLOW_PRIVATE": "1", "FEED_TIMEOUT_SECONDS": "3",
                   "FEED_POLL_DEADLINE_SECONDS": "8"}
            started = time.monotonic()
            polled = subprocess.run([PYTHON, "manage.py", "poll_feeds"], cwd=ROOT, env=env, capture_output=True,
                                    text=True, timeout=300)
            self.notes.append(f"poll_feeds of 3 hostile feeds took {time.monotonic() - started:.1f} s: "
                              f"{polled.stdout.strip().splitlines()[0] if polled.stdout.strip() else polled.stderr[-200:]}")
            if "Traceback" in polled.stderr:
                self.failures.append(f"poll_feeds: {polled.stderr[-300:]}")
            good = self.sql(f"SELECT count(*) FROM sources_article WHERE url = '{base}/good/1'")
            if good != "1":
                self.failures.append("the outlet after the hostile feeds was not polled")
        finally:
            server.shutdown()
            server.server_close()

    def spray_and_hosts(self) -> None:
        anonymous = requests.Session()
        page = self.request("GET", "/accounts/login/", session=anonymous, expect=(200,)).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        codes = []
        for n in range(8):
            codes.append(self.request("POST", "/accounts/login/", session=anonymous, data={
                "username": f"user{n}", "password": "Winter2025!", "csrfmiddlewaretoken": token},
                headers={"Referer": self.base + "/accounts/login/"}).status_code)
        if 429 not in codes:
            self.failures.append(f"password spraying was never throttled: {codes}")
        self.notes.append(f"password spraying across 8 usernames: {codes.count(429)} of 8 answered 429")
        self.request("GET", "/", session=anonymous, headers={"Host": "evil.example"}, expect=(400,))
        for path in ["/wp-login.php", "/.env", "/admin/../../etc/passwd", "/api/v1/articles/99999999"]:
            self.request("GET", path, session=anonymous)

    def duplicates(self) -> int:
        return int(self.sql(
            "SELECT count(*) - count(DISTINCT CASE WHEN url IS NOT NULL THEN 'u' || url "
            "WHEN external_id <> '' THEN 'i' || outlet_id || ':' || external_id "
            "ELSE 't' || outlet_id || ':' || content_hash END) FROM sources_article"))


class _FeedSite:
    base = ""

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/far.xml":
                    body = site.atom([("far", "9999-12-31T23:59:59-14:00"), ("bc", "0001-01-01T00:00:00+14:00")])
                elif self.path == "/drip.xml":
                    body = site.atom([(f"drip/{n}", "2025-03-03T08:00:00Z") for n in range(50)])
                elif self.path == "/good.xml":
                    body = site.atom([("good/1", "2025-03-03T08:00:00Z")])
                elif self.path.startswith("/drip/"):
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    try:
                        for _ in range(1000):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(0.5)
                    except OSError:
                        pass
                    return
                else:
                    body = ("<html><body><article><p>The harbour council approved the new bridge on Monday by nine "
                            "votes to two after a long debate about its cost.</p><p>The bridge will cost 40 million "
                            "euros and should open in 2027, the engineer said.</p></article></body></html>").encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def atom(self, entries) -> bytes:
        items = "".join(f'<entry><title>{path}</title><link href="{self.base}/{path}"/><id>{path}</id>'
                        f"<updated>{when}</updated></entry>" for path, when in entries)
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
                f"<id>x</id><updated>2025-03-03T10:00:00Z</updated>{items}</feed>").encode()


def _environment(folder: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DATABASE_URL=database_url or f"sqlite:///{folder / 'attack.sqlite3'}", STATIC_ROOT=str(folder / "static"),
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0",
        DJANGO_SUPERUSER_USERNAME="attacker-admin", DJANGO_SUPERUSER_PASSWORD=secrets.token_urlsafe(16),
        IMPORT_UPLOAD_DIR=str(folder / "uploads"), LOG_LEVEL="WARNING", AXES_FAILURE_LIMIT="5",
    )
    return env


def run(minutes: float = 15, database_url: str | None = None) -> tuple[str, bool]:
    """Deploy, attack, report; returns (a Markdown section, whether it held)."""
    deadline = time.monotonic() + minutes * 60
    with tempfile.TemporaryDirectory(prefix="concordance-attack-") as tmp:
        folder = Path(tmp)
        env = _environment(folder, database_url)
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput")
        _manage(env, "ensure_admin")
        env["ATTACK_TOKEN"] = _manage(env, "create_api_token", env["DJANGO_SUPERUSER_USERNAME"]).strip()
        # The README's line: sync workers, a 60 s timeout.
        with gunicorn(env, folder / "gunicorn.log", "--workers", "2", "--timeout", "60",
                      "--graceful-timeout", "300") as (port, _):
            attack = Attack(f"http://127.0.0.1:{port}", env, folder, deadline)
            attack.login()
            attack.step("admin upload with bad lines, then Rescore", attack.big_upload)
            attack.step("outlets named fact, rows, a formula, a link", attack.hostile_names)
            attack.step("concurrent imports (5 x 600, without and with ids)", attack.concurrent_imports)
            attack.wait_for_jobs()
            attack.step("every story page and CSV, dashboards, API, exports", attack.read_everything)
            attack.step("hostile feeds and feed urls", attack.feeds)
            attack.step("password spraying, forged Host, scanner paths", attack.spray_and_hosts)
            stuck = attack.jobs_unfinished()
            duplicates = attack.duplicates()
            articles = attack.sql("SELECT count(*) FROM sources_article")
        tracebacks = (folder / "gunicorn.log").read_text(errors="replace").count("Traceback")
    five_hundreds = sum(n for status, n in attack.statuses.items() if status >= 500)
    held = not attack.failures and not stuck and not duplicates
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    lines = [
        f"`make attack` (`python -m tests.attack.run`) at {commit}, {'PostgreSQL' if database_url else 'SQLite'}, "
        f"gunicorn with 2 sync workers and `--timeout 60`, DEBUG off; {_machine()}.",
        "",
        f"- requests: {sum(attack.statuses.values())} "
        f"({', '.join(f'{status}: {n}' for status, n in sorted(attack.statuses.items()))})",
        f"- HTTP 500: {five_hundreds}; stuck background jobs: {stuck}; duplicated articles: {duplicates} "
        f"(of {articles} stored); tracebacks in gunicorn's log: {tracebacks}",
        *[f"- {note}" for note in attack.notes],
        *[f"- step '{name}': {seconds:.1f} s" for name, seconds in attack.steps],
        f"- failures: {len(attack.failures)}",
        *[f"  - {failure}" for failure in attack.failures[:30]],
        f"- verdict: {'held' if held else 'FAILED'}",
    ]
    return "\n".join(lines), held


def write_into_benchmarks(reports: list[str]) -> None:
    """Put the reports into docs/BENCHMARKS.md after the load test, replacing the attack subsection written before
    (tests/bench/report.py keeps it when `make bench` rewrites the file)."""
    from tests.bench.report import ATTACK_END, ATTACK_START, BENCHMARKS, kept_attack_section

    section = "\n".join([ATTACK_START, "### Attack: the inputs of issue 23 against gunicorn", "", *reports, ATTACK_END])
    text = BENCHMARKS.read_text(encoding="utf-8")
    old = kept_attack_section()
    if old:
        text = text.replace(old, section)
    else:
        anchor = text.index("## 5. ")
        text = text[:anchor] + section + "\n\n" + text[anchor:]
    BENCHMARKS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15, help="time budget for the whole attack")
    parser.add_argument("--database-url", help="a disposable PostgreSQL database (default: SQLite in a temp folder)")
    parser.add_argument("--write", action="store_true", help="put the report into docs/BENCHMARKS.md")
    args = parser.parse_args()
    report, held = run(args.minutes, args.database_url)
    print(report)
    if args.write:
        write_into_benchmarks([report])
    sys.exit(0 if held else 1)


if __name__ == "__main__":
    main()
