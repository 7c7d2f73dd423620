"""One bad value loses only its own line: NUL characters, lone surrogates, deep nesting, oversized lines and an
unclosed CSV quote are each a file:line rejection, and the good lines of the same batch are stored."""
from __future__ import annotations

import json
import tracemalloc

import pytest

from scoring import jobs
from sources.importing import import_paths
from sources.models import Article
from sources.records import max_line_bytes, read_records

GOOD = {"outlet": "Harbour Herald", "text": "The council approved the bridge on Monday."}


def write(path, *lines: str) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_nul_characters_and_lone_surrogates_in_any_field_are_rejected_by_line_and_the_batch_is_kept(tmp_path):
    bad = [{**GOOD, "id": "a\u0000b"}, {**GOOD, "url": "https://h.example/\u0000"}, {**GOOD, "text": "x\u0000y"},
           {**GOOD, "title": "\ud800"}, {**GOOD, "id": "s", "text": "broken \udfff text"},
           {**GOOD, "outlet": "Nul\u0000 Times"}, {**GOOD, "html": "<p>\u0000</p>", "text": ""}]
    lines = [json.dumps({**GOOD, "id": "good-1"})] + [json.dumps(b) for b in bad] + [json.dumps({**GOOD, "id": "good-2"})]
    path = write(tmp_path / "a.jsonl", *lines)
    report = import_paths([path])
    assert (report.imported, report.rejected) == (2, 7)
    assert report.errors == [
        f"{path}:2: 'id' contains a NUL character (at character 2)",
        f"{path}:3: 'url' contains a NUL character (at character 19)",
        f"{path}:4: 'text' contains a NUL character (at character 2)",
        f"{path}:5: 'title' contains a lone surrogate (at character 1), which is not text",
        f"{path}:6: 'text' contains a lone surrogate (at character 8), which is not text",
        f"{path}:7: 'outlet' contains a NUL character (at character 4)",
        f"{path}:8: 'html' contains a NUL character (at character 4)",
    ]
    assert sorted(Article.objects.values_list("external_id", flat=True)) == ["good-1", "good-2"]


def test_deep_nesting_is_a_rejection_not_a_crash(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({**GOOD, "id": "1"}), "[" * 100_000, json.dumps({**GOOD, "id": "3"}))
    records, errors = read_records([path])
    assert [r.id for r in records] == ["1", "3"]
    assert [str(e) for e in errors] == [f"{path}:2: invalid JSON (nested too deeply)"]


def test_an_oversized_line_is_rejected_without_being_held_in_memory(tmp_path):
    limit = max_line_bytes(100)  # about 1 MB
    path = tmp_path / "a.jsonl"
    with path.open("w") as f:
        f.write(json.dumps({**GOOD, "id": "1"}) + "\n")
        f.write('{"id": "2", "text": "' + "x" * (30 * limit) + '"}\n')
        f.write(json.dumps({**GOOD, "id": "3"}) + "\n")
    tracemalloc.start()
    records, errors = read_records([path], max_text_bytes=100)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.id for r in records] == ["1", "3"]
    assert [str(e) for e in errors] == [f"{path}:2: line is {30 * limit + 24} bytes long, over the limit of "
                                        f"{limit} bytes"]
    assert peak < 4 * limit  # the 30 MB line was never read whole


def test_an_unclosed_csv_quote_is_reported_and_the_rows_after_it_are_read(tmp_path):
    path = write(tmp_path / "a.csv", "id,outlet,text", "1,Herald,fine", '2,Herald,"never closed', "3,Herald,three",
                 "4,Herald,four")
    records, errors = read_records([path])
    assert [str(e) for e in errors] == [f"{path}:3: unclosed quote: a quoted field opens on this line and never "
                                        "closes; the lines after it are read as rows of their own"]
    assert [r.id for r in records] == ["1", "3", "4"]


def test_jobs_retry_lost_connections_and_serialisation_failures_but_never_data_errors():
    from django.db import DataError, IntegrityError, InterfaceError, OperationalError

    retried = jobs.RETRY["autoretry_for"]
    assert issubclass(OperationalError, retried) and issubclass(InterfaceError, retried)
    assert not issubclass(DataError, retried) and not issubclass(IntegrityError, retried)
