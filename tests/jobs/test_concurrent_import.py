"""Imports running side by side (separate processes, one database) store each article once: the database enforces
identity (url, outlet and id, else outlet and text), and a record another process stored first is counted as
unchanged, never as a rejection. Runs on a database of its own (PostgreSQL when the suite runs on it)."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT
from tests.jobs.conftest import base_env

PROCESSES = 5
RECORDS = 600


def write_batch(path, with_ids: bool):
    with path.open("w") as f:
        for n in range(RECORDS):
            record = {"outlet": f"Outlet {n % 3}", "text": f"Article number {n} says the council met on day {n}."}
            if with_ids:
                record["id"] = f"id-{n}"
            f.write(json.dumps(record) + "\n")
    return path


def import_side_by_side(path, env) -> list[subprocess.CompletedProcess]:
    processes = [subprocess.Popen([sys.executable, "manage.py", "import_articles", str(path)], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(PROCESSES)]
    done = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        done.append((process.returncode, out, err))
    return done


def check(worker_db, done):
    for returncode, out, err in done:
        assert returncode == 0, out + err
        assert "rejected 0" in out, out
    imported = [int(out.split("imported ")[1].split(",")[0]) for _, out, _ in done]
    assert sum(imported) == RECORDS  # each stored once, by whichever process got there first
    assert worker_db.value("SELECT count(*) FROM sources_article") == RECORDS
    assert worker_db.value("SELECT count(*) FROM sources_outlet") == 3


def test_concurrent_imports_of_records_without_id_or_url_store_each_text_once(worker_db, tmp_path):
    env = base_env(worker_db.url, ENGINE_WORKERS="1")
    check(worker_db, import_side_by_side(write_batch(tmp_path / "texts.jsonl", with_ids=False), env))


def test_concurrent_imports_of_records_with_ids_report_no_false_rejections(worker_db, tmp_path):
    env = base_env(worker_db.url, ENGINE_WORKERS="1")
    check(worker_db, import_side_by_side(write_batch(tmp_path / "ids.jsonl", with_ids=True), env))
