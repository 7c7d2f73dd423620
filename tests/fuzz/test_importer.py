"""Property tests on the importer: any bytes in, records or file:line errors out, never a crash or half a write."""
import itertools
import json
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.records import read_records

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])
# Text with everything awkward: control characters, surrogate-free astral planes, RTL marks, NULs, CRs.
awkward_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)
html_fragments = st.lists(st.sampled_from([
    "<html>", "<body>", "<p>", "</p>", "<div class='x'>", "</div>", "<script>alert(1)</script>", "<!--", "-->",
    "<![CDATA[", "<p>The council approved the bridge on Monday.</p>", "&amp;", "&#0;", "&#xD800;", "<br/>", "\x00",
    "<table><tr><td>", "<", ">", "\"", "<meta charset='latin-1'>", "<article>", "</article>", "é", "\u202e",
]), max_size=40).map("".join)


_FOLDER = tempfile.TemporaryDirectory(prefix="fuzz-import-")  # removed when the test run ends
_names = itertools.count()


def _write(suffix: str, data: bytes) -> Path:
    path = Path(_FOLDER.name) / f"input-{next(_names)}{suffix}"
    path.write_bytes(data)
    return path


def _check_errors_point_into_the_file(errors, path: Path, lines: int):
    for error in errors:
        assert error.source == str(path)
        assert 0 <= error.line <= max(lines, 1), error
        assert error.message and str(error).startswith(f"{path}:")


@FUZZ
@given(st.binary(max_size=2000))
@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".txt", ".html"])
def test_any_bytes_give_records_or_errors_naming_file_and_line(suffix, data):
    path = _write(suffix, data)
    records, errors = read_records([path], outlet="Fuzz Outlet")
    _check_errors_point_into_the_file(errors, path, data.count(b"\n") + 1)
    for record in records:
        assert record.text.strip() and record.outlet.strip()
        assert record.source == str(path)


@FUZZ
@given(st.lists(st.one_of(
    st.fixed_dictionaries({"outlet": awkward_text, "text": awkward_text}, optional={"id": awkward_text,
                          "title": awkward_text, "published": awkward_text, "url": awkward_text}),
    st.dictionaries(awkward_text, st.one_of(st.none(), st.integers(), st.floats(), awkward_text, st.booleans()),
                    max_size=4),
    st.lists(st.integers(), max_size=3),
), max_size=15))
def test_jsonl_with_random_values_keeps_good_lines_and_names_bad_ones(objects):
    lines = [json.dumps(o, ensure_ascii=False) for o in objects]
    path = _write(".jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    records, errors = read_records([path])
    _check_errors_point_into_the_file(errors, path, len(lines))
    # Every line is accounted for exactly once: a record or an error.
    assert len(records) + len(errors) == len(lines)
    for record in records:
        source = objects[record.line - 1]
        assert record.text == source["text"]  # text kept exactly as given (offsets refer to it)


@FUZZ
@given(html_fragments)
def test_broken_html_gives_a_record_or_one_clear_error(html):
    path = _write(".html", html.encode("utf-8", "surrogatepass"))
    records, errors = read_records([path], outlet="Fuzz Outlet")
    assert len(records) + len(errors) == 1
    _check_errors_point_into_the_file(errors, path, 1)


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=1, max_value=200), st.sampled_from([".txt", ".jsonl"]))
def test_an_oversized_article_is_refused_with_its_size(excess, suffix):
    limit = 10_000
    text = "x" * (limit + excess)
    data = text if suffix == ".txt" else json.dumps({"outlet": "O", "text": text})
    path = _write(suffix, data.encode())
    records, errors = read_records([path], outlet="O", max_text_bytes=limit)
    assert records == [] and len(errors) == 1
    assert "over the limit of 10000 bytes" in errors[0].message


def test_an_empty_file_and_a_missing_file_are_handled():
    empty = _write(".jsonl", b"")
    assert read_records([empty]) == ([], [])
    records, errors = read_records([empty.parent / "missing.jsonl"])
    assert records == [] and "no such file" in errors[0].message


def test_a_huge_file_of_many_lines_is_read_line_by_line():
    good = json.dumps({"outlet": "Herald", "text": "Dock workers walked out at dawn."})
    path = _write(".jsonl", ("\n".join([good, "{broken", "[1]"] * 3000)).encode())
    records, errors = read_records([path])
    assert len(records) == 3000 and len(errors) == 6000
    assert {e.line % 3 for e in errors} == {2, 0}  # the broken lines, by their own line numbers


# Storing: nothing half-written.

@pytest.mark.django_db
@FUZZ
@given(st.lists(st.tuples(awkward_text, awkward_text, st.sampled_from(["", "https://e.example/a", "not a url",
                                                                      "https://e.example/" + "x" * 2100])),
                max_size=8))
def test_import_stores_exactly_the_accepted_records(rows):
    from sources.importing import import_paths
    from sources.models import Article, Outlet

    lines = [json.dumps({"outlet": outlet, "text": text, "url": url}) for outlet, text, url in rows]
    path = _write(".jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    with transaction.atomic():  # each example starts from an empty database
        report = import_paths([path])
        assert report.imported + report.updated + report.unchanged + report.rejected == len(lines)
        assert len(report.errors) == report.rejected
        assert all(e.startswith(f"{path}:") for e in report.errors)
        # A rejected line leaves no trace: every stored outlet and text comes from an accepted line.
        rejected = {int(e.removeprefix(f"{path}:").split(":", 1)[0]) for e in report.errors}
        accepted = [row for number, row in enumerate(rows, start=1) if number not in rejected]
        assert {o.name.lower() for o in Outlet.objects.all()} <= {outlet.strip().lower() for outlet, _, _ in accepted}
        assert {a.raw_text for a in Article.objects.all()} <= {text for _, text, _ in accepted}
        assert Article.objects.count() == report.imported
        transaction.set_rollback(True)
