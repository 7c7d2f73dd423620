"""Load test: concurrent clients against the dashboard and the API, served by gunicorn on 127.0.0.1.

    .venv/bin/python -m tests.bench.load [--seconds 60] [--clients 50]

Builds a throwaway deployment in a temporary folder (SQLite database, migrate, load_demo, collectstatic),
starts gunicorn with DEBUG off on a free loopback port, logs in once (a session for the dashboard, an API
token for the API), then runs `clients` threads for `seconds`, each cycling through every dashboard page and
API endpoint over one keep-alive connection. Traffic goes only to 127.0.0.1; every loop is bounded in time
and count, and the server is stopped at the end. `run()` returns a Markdown section for docs/BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
MAX_REQUESTS_PER_CLIENT = 100_000  # a bound on each loop besides the clock
REQUEST_TIMEOUT = 30


@dataclass
class Tally:
    """Latencies (seconds) and failures of one kind of traffic."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'load.sqlite3'}", STATIC_ROOT=str(folder / "static"),
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1",
        # Plain http on loopback: no TLS redirect or secure-only cookies (production keeps them on).
        SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0",
        DJANGO_SUPERUSER_USERNAME="loadtest", DJANGO_SUPERUSER_PASSWORD=secrets.token_urlsafe(16),
        LOG_LEVEL="ERROR",
    )
    return env


def _manage(env: dict, *args: str) -> str:
    run = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=600)
    if run.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}")
    return run.stdout


def _request(conn: http.client.HTTPConnection, path: str, headers: dict, method="GET", body=None):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response, response.read()


@contextmanager
def gunicorn(env: dict, log: Path, *options: str, stop_seconds: float = 30) -> Iterator[tuple[int, subprocess.Popen]]:
    """Serve config.wsgi with gunicorn on a free loopback port, its log in `log`; yields (port, server) once it
    listens, and stops it (terminate, then kill after `stop_seconds`) however the block ends."""
    port = _free_port()
    with open(log, "w") as stderr:
        server = subprocess.Popen([GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{port}", *options], cwd=ROOT,
                                  env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            _wait_until_up(port, server)
            yield port, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=stop_seconds)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on port {port} within {seconds} s")


def _login(port: int, username: str, password: str) -> str:
    """Log in through the login form (CSRF and all); returns the Cookie header of the session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    response, page = _request(conn, "/accounts/login/", {})
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    csrf_field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf_field})
    response, _ = _request(conn, "/accounts/login/", {
        "Cookie": f"csrftoken={csrf_cookie}", "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}/accounts/login/"}, method="POST", body=body)
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", "") or "")
    if response.status != 302 or not session:
        raise RuntimeError(f"login failed with status {response.status}")
    conn.close()
    return f"sessionid={session.group(1)}"


def _targets(port: int, cookie: str, token: str) -> list[tuple[str, str, dict]]:
    """(kind, path, headers) for every dashboard page and API endpoint, with ids taken from the API."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    api = {"Authorization": f"Bearer {token}"}

    def first(path: str) -> dict:
        response, body = _request(conn, path, api)
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        items = json.loads(body)["items"]
        if not items:
            raise RuntimeError(f"{path} is empty: was the demo corpus loaded?")
        return items[0]

    outlet, story, article = first("/api/v1/outlets")["slug"], first("/api/v1/stories")["id"], \
        first("/api/v1/articles?max_fidelity=90")["id"]
    conn.close()
    web = {"Cookie": cookie}
    pages = ["/", "/outlets/", f"/outlets/{outlet}/", "/stories/", f"/stories/{story}/", f"/articles/{article}/"]
    endpoints = ["/api/v1/outlets", f"/api/v1/outlets/{outlet}", "/api/v1/stories", f"/api/v1/stories/{story}",
                 "/api/v1/articles", f"/api/v1/articles/{article}"]
    return [("dashboard", p, web) for p in pages] + [("api", p, api) for p in endpoints]


def _client(port: int, targets: list, offset: int, deadline: float, tallies: dict[str, Tally]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    for n in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            break
        kind, path, headers = targets[(offset + n) % len(targets)]
        started = time.perf_counter()
        try:
            response, _ = _request(conn, path, headers)
            status = response.status
        except (OSError, http.client.HTTPException) as e:
            status, conn = f"{type(e).__name__}", http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        elapsed = time.perf_counter() - started
        tally = tallies[kind]
        tally.latencies.append(elapsed)  # list.append is atomic under the GIL
        if status != 200:
            tally.errors.append(f"{path}: {status}")
    conn.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def run(seconds: int = 60, clients: int = 50) -> str:
    """Serve the demo corpus with gunicorn, load it with `clients` threads for `seconds`; a Markdown section."""
    workers = 2 * (os.cpu_count() or 1)
    threads = 4
    with tempfile.TemporaryDirectory(prefix="concordance-load-") as tmp:
        folder = Path(tmp)
        env = _environment(folder)
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_demo")
        _manage(env, "collectstatic", "--noinput")
        _manage(env, "ensure_admin")
        token = _manage(env, "create_api_token", env["DJANGO_SUPERUSER_USERNAME"], "--name", "load test").strip()
        with gunicorn(env, folder / "gunicorn.log", "--workers", str(workers), "--threads", str(threads),
                      "--worker-class", "gthread", "--log-level", "warning") as (port, _):
            cookie = _login(port, env["DJANGO_SUPERUSER_USERNAME"], env["DJANGO_SUPERUSER_PASSWORD"])
            targets = _targets(port, cookie, token)
            tallies = {"dashboard": Tally(), "api": Tally()}
            started = time.monotonic()
            deadline = started + seconds
            pool = [threading.Thread(target=_client, args=(port, targets, i, deadline, tallies), daemon=True)
                    for i in range(clients)]
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join(timeout=seconds + 2 * REQUEST_TIMEOUT)
            elapsed = time.monotonic() - started
    return _report(tallies, elapsed, seconds, clients, workers, threads)


def _report(tallies: dict[str, Tally], elapsed: float, seconds: int, clients: int, workers: int, threads: int) -> str:
    rows = []
    everything = Tally([x for t in tallies.values() for x in t.latencies],
                       [e for t in tallies.values() for e in t.errors])
    for name, tally in (("dashboard pages", tallies["dashboard"]), ("API", tallies["api"]), ("all", everything)):
        n = len(tally.latencies)
        p50, p95, p99 = (_percentile(tally.latencies, q) * 1000 for q in (0.50, 0.95, 0.99))
        rows.append(f"| {name} | {n} | {len(tally.errors)} | {n / elapsed:.1f} | {p50:.0f} | {p95:.0f} | {p99:.0f} |")
    errors = everything.errors
    sample = "" if not errors else "\n\nFirst errors: " + "; ".join(sorted(set(errors))[:5])
    return "\n".join([
        "## Load test: dashboard and API under gunicorn",
        "",
        f"{clients} concurrent clients for {seconds} s against the demo corpus (SQLite), each cycling through "
        "6 dashboard pages (logged-in session) and 6 API endpoints (bearer token) over a keep-alive connection. "
        f"gunicorn with {workers} workers x {threads} threads (gthread), DEBUG off, on 127.0.0.1.",
        "",
        "| traffic | requests | errors | requests/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Command: `.venv/bin/python -m tests.bench.load --seconds {seconds} --clients {clients}`  ",
        f"Machine: {_machine()}. Clients and server share the machine.{sample}",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    print(run(seconds=args.seconds, clients=args.clients))


if __name__ == "__main__":
    main()
