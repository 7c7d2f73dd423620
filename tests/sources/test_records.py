"""Parsing import files into records: no database, so these tests take no `db` fixture."""
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sources.records import Record, RecordError, extract_main_text, read_records

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
GOOD = {"id": "a-1", "outlet": "Harbour Herald", "text": "The council approved the bridge on Monday."}


def write_jsonl(path: Path, *lines: bytes | str | dict) -> Path:
    """One line per item: dicts as JSON, strings as given, bytes written raw (to test undecodable input)."""
    raw = b""
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line)
        raw += (line.encode("utf-8") if isinstance(line, str) else line) + b"\n"
    path.write_bytes(raw)
    return path


def test_it_reads_a_good_line_into_a_record(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {
        **GOOD, "domain": "HarbourHerald.example", "url": " https://harbourherald.example/bridge ",
        "title": " Bridge ", "published": "2025-03-03T09:30:00+01:00", "language": "en", "source_file": "ignored",
    })
    records, errors = read_records([path])
    assert errors == []
    assert records == [Record(
        id="a-1", outlet="Harbour Herald", domain="harbourherald.example",
        url="https://harbourherald.example/bridge", title="Bridge",
        published=datetime(2025, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        text=GOOD["text"], html="", source=str(path), line=1, language="en",
    )]


@pytest.mark.parametrize("value, expected", [
    ("2025-03-03", datetime(2025, 3, 3, tzinfo=timezone.utc)),
    ("2025-03-03T09:30:00", datetime(2025, 3, 3, 9, 30, tzinfo=timezone.utc)),
    ("2025-03-03T09:30:00Z", datetime(2025, 3, 3, 9, 30, tzinfo=timezone.utc)),
    ("2025-03-03 09:30:00-05:00", datetime(2025, 3, 3, 14, 30, tzinfo=timezone.utc)),
    (None, None),
    ("", None),
])
def test_it_reads_iso_dates_and_takes_naive_ones_as_utc(tmp_path, value, expected):
    records, errors = read_records([write_jsonl(tmp_path / "a.jsonl", {**GOOD, "published": value})])
    assert errors == []
    assert records[0].published == expected
    if expected:
        assert records[0].published.tzinfo is not None


BAD_LINES = [
    pytest.param('{"id": "x", "outlet": "H"', "invalid JSON (", id="broken-json"),
    pytest.param("[1, 2]", "expected a JSON object, found list", id="not-an-object"),
    pytest.param('"just a string"', "expected a JSON object, found str", id="string"),
    pytest.param({"id": "x", "outlet": "H", "title": "t"}, "neither text nor html", id="neither"),
    pytest.param({"id": "x", "outlet": "H", "text": ""}, "empty text", id="empty-text"),
    pytest.param({"id": "x", "outlet": "H", "text": " \n\t "}, "empty text", id="blank-text"),
    pytest.param({"id": "x", "outlet": "H", "html": "<html><body></body></html>"},
                 "empty text (nothing could be extracted from the html)", id="empty-html"),
    pytest.param({"id": "x", "outlet": "H", "text": "é" * 60}, "text is 120 bytes, over the limit of 100 bytes",
                 id="text-too-long"),
    pytest.param({"id": "x", "outlet": "H", "html": "<p>" + "a" * 200 + "</p>"}, "html is 207 bytes, over the limit",
                 id="html-too-long"),
    pytest.param(b'{"id": "x", "outlet": "H", "text": "caf\xe9"}', "undecodable bytes (invalid UTF-8",
                 id="latin-1-byte"),
    pytest.param({"id": "x", "outlet": "H", "text": "t", "published": "03/03/2025"},
                 "bad date '03/03/2025' in 'published'", id="bad-date"),
    pytest.param({"id": "x", "outlet": "H", "text": "t", "published": "2025-02-30"}, "bad date", id="impossible-date"),
    pytest.param({"id": "x", "text": "t"}, "missing outlet", id="no-outlet"),
    pytest.param({"id": "x", "outlet": "  ", "text": "t"}, "missing outlet", id="blank-outlet"),
    pytest.param({"id": "x", "outlet": "H", "text": ["a", "b"]}, "'text' must be a string, found list",
                 id="text-not-a-string"),
    pytest.param({"id": "x", "outlet": "H", "text": "t", "published": 20250303}, "'published' must be a string",
                 id="date-not-a-string"),
]


@pytest.mark.parametrize("bad, message", BAD_LINES)
def test_it_names_file_and_line_of_each_bad_line_and_keeps_the_good_ones(tmp_path, bad, message):
    path = write_jsonl(tmp_path / "feed.jsonl", GOOD, bad, {**GOOD, "id": "a-3"})
    records, errors = read_records([path], max_text_bytes=100)
    assert [r.id for r in records] == ["a-1", "a-3"]
    assert [r.line for r in records] == [1, 3]
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{path}:2: {message}")


def test_the_error_reads_file_colon_line_colon_message():
    assert str(RecordError("articles.jsonl", 3, "invalid JSON (x)")) == "articles.jsonl:3: invalid JSON (x)"
    assert str(RecordError("gone.jsonl", 0, "no such file or folder")) == "gone.jsonl: no such file or folder"


def test_an_undecodable_line_does_not_stop_the_lines_after_it(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", b"\xff\xfe garbage", GOOD, b"\x80", {**GOOD, "id": "a-2"})
    records, errors = read_records([path])
    assert [r.line for r in records] == [2, 4]
    assert [e.line for e in errors] == [1, 3]


def test_it_skips_blank_lines_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n\n   \n" + json.dumps(GOOD).encode() + b"\n")
    records, errors = read_records([path])
    assert errors == []
    assert [r.line for r in records] == [1, 4]


def test_the_outlet_argument_fills_in_records_without_one_only(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", {"id": "1", "text": "t"}, {"id": "2", "outlet": "Own", "text": "t"})
    records, errors = read_records([path], outlet="Given")
    assert errors == []
    assert [r.outlet for r in records] == ["Given", "Own"]


def test_a_numeric_id_is_read_as_text(tmp_path):
    records, _ = read_records([write_jsonl(tmp_path / "a.jsonl", {**GOOD, "id": 42})])
    assert records[0].id == "42"


def test_given_text_wins_over_html_which_is_kept_raw(tmp_path):
    html = "<html><body><article><p>Other words entirely.</p></article></body></html>"
    records, _ = read_records([write_jsonl(tmp_path / "a.jsonl", {**GOOD, "html": html})])
    assert records[0].text == GOOD["text"]
    assert records[0].html == html


def test_it_reads_csv_with_quoted_multiline_text():
    records, errors = read_records([DATA / "articles.csv"])
    assert errors == []
    assert [(r.id, r.line) for r in records] == [("vc-1", 2), ("vc-2", 5)]
    assert records[0].text == "The council approved the bridge on Monday.\n\nWork starts in March, the mayor said."
    assert records[0].published == datetime(2025, 3, 3, tzinfo=timezone.utc)
    assert records[1].url == ""


def test_it_reports_csv_rows_with_the_wrong_columns_and_bad_bytes(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(
        b"id,outlet,text\n"
        b"1,Herald,good\n"
        b"2,Herald,one,too many\n"
        b"3,Herald\n"
        b'4,Herald,"bad \xff byte"\n'
        b"\n"
        b'5,Herald,"fine,\nover two lines"\n'
        b"6,Herald,\n"
    )
    records, errors = read_records([path])
    assert [(r.id, r.line) for r in records] == [("1", 2), ("5", 7)]
    assert [str(e) for e in errors] == [
        f"{path}:3: wrong number of columns: expected 3, found 4",
        f"{path}:4: wrong number of columns: expected 3, found 2",
        f"{path}:5: undecodable bytes (invalid UTF-8 at byte 15 of the line)",
        f"{path}:9: empty text",
    ]


def test_a_csv_header_without_text_or_html_is_one_clear_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,outlet,body\n1,Herald,words\n")
    records, errors = read_records([path])
    assert records == []
    assert [str(e) for e in errors] == [f"{path}:1: CSV header has neither a text nor an html column: id, outlet, body"]


def test_a_long_csv_field_is_judged_by_the_byte_limit_not_by_the_csv_module(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,outlet,text\n1,Herald," + "word " * 40_000 + "\n2,Herald,short\n")
    records, errors = read_records([path], max_text_bytes=100_000)
    assert [r.id for r in records] == ["2"]
    assert [str(e) for e in errors] == [f"{path}:2: text is 200000 bytes, over the limit of 100000 bytes"]


def test_a_folder_gives_one_article_a_file_with_the_outlet_given():
    records, errors = read_records([DATA / "folder"], outlet="Harbour Herald")
    assert errors == []  # the folder's README.md is skipped, not rejected
    assert [(r.id, r.outlet, r.line) for r in records] == [
        ("bridge.html", "Harbour Herald", 1), ("ferry.txt", "Harbour Herald", 1)]
    assert records[1].text.startswith("The ferry will keep its winter timetable")
    assert records[1].html == ""


def test_a_folder_without_an_outlet_names_each_file(tmp_path):
    (tmp_path / "one.txt").write_text("Some words.")
    records, errors = read_records([tmp_path])
    assert records == []
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'one.txt'}:1: missing outlet (give each article an 'outlet' value, or name one outlet for the whole file)"]


def test_an_undecodable_article_file_names_the_line_of_the_bad_byte(tmp_path):
    (tmp_path / "one.txt").write_bytes(b"First line.\nSecond \xe9 line.\n")
    _, errors = read_records([tmp_path], outlet="Herald")
    assert [e.line for e in errors] == [2]
    assert "undecodable bytes" in errors[0].message


def test_missing_and_unsupported_paths_are_reported(tmp_path):
    (tmp_path / "a.json").write_text("[]")
    records, errors = read_records([tmp_path / "gone.jsonl", tmp_path / "a.json"])
    assert records == []
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'gone.jsonl'}: no such file or folder",
        f"{tmp_path / 'a.json'}: unsupported file type '.json' (use .jsonl, .csv, .html, .htm or .txt)",
    ]


def test_html_goes_through_trafilatura_which_drops_the_page_chrome(monkeypatch):
    import trafilatura

    calls = []
    real_extract = trafilatura.extract
    monkeypatch.setattr(trafilatura, "extract", lambda *a, **kw: calls.append(kw) or real_extract(*a, **kw))
    records, errors = read_records([DATA / "folder" / "bridge.html"], outlet="Harbour Herald")
    assert errors == []
    assert len(calls) == 1 and calls[0]["include_comments"] is False
    text = records[0].text
    assert "approved the new bridge on Monday" in text
    assert "40 million euros" in text
    for chrome in ("Weather", "Subscribe", "All rights reserved", "Cookie settings"):
        assert chrome not in text
    assert "<nav>" in records[0].html  # the raw page is kept as it came


def test_extract_main_text_returns_empty_for_a_page_without_text():
    assert extract_main_text("<html><body></body></html>") == ""
    assert extract_main_text("") == ""


def test_the_records_module_does_not_load_django():
    # The scoring side parses files with it outside Django; a stray import here would break that.
    code = "import sys, sources.records; assert 'django' not in sys.modules, 'django was imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr


def test_an_article_file_over_the_limit_is_refused_unread(tmp_path):
    (tmp_path / "long.txt").write_text("a" * 200)
    (tmp_path / "short.txt").write_text("a" * 50)
    records, errors = read_records([tmp_path], outlet="Herald", max_text_bytes=100)
    assert [r.id for r in records] == ["short.txt"]
    assert [str(e) for e in errors] == [f"{tmp_path / 'long.txt'}:1: file is 200 bytes, over the limit of 100 bytes"]
