"""Read import files into plain article records, and say exactly which lines were bad and why.

Pure Python (no Django), so the scoring side can parse the same files without a database.

Formats, chosen by file suffix:
- `.jsonl`: one JSON object a line;
- `.csv`: a header row, then one article a row, with the same column names as the JSON keys;
- `.html` / `.htm` / `.txt`: one article a file;
- a folder: every file in it with one of those suffixes, in name order.

Keys: `id` (the outlet's own id), `outlet` (or `outlet=` for every record lacking one), optional `domain`,
`url`, `title`, `published` (ISO 8601 date or datetime; naive means UTC), `language`, and `text` or `html`.
Other keys are ignored. HTML goes through trafilatura to get the text; the raw html is kept beside it.
An .html or .txt file takes its outlet from `outlet=` and its `id` from the file name.
"""
from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

DEFAULT_MAX_TEXT_BYTES = 2 * 1024 * 1024
DEFAULT_YEARS = (1900, 2100)  # publication years accepted (settings.PUBLISHED_YEARS)
ARTICLE_FILE_SUFFIXES = {".html", ".htm", ".txt"}
TABLE_FILE_SUFFIXES = {".jsonl", ".csv"}
FIELDS = ("id", "outlet", "domain", "url", "title", "published", "text", "html", "language")


@dataclass(frozen=True)
class Record:
    """One article as read from a file, checked and ready to store."""

    id: str
    outlet: str
    domain: str
    url: str
    title: str
    published: datetime | None
    text: str  # as given, or extracted from `html`
    html: str  # the raw html, when the article came as html
    source: str  # the file it came from
    line: int  # the line it starts on (1 for a one-article file)
    language: str = ""  # BCP 47 code when the file gives one


@dataclass(frozen=True)
class RecordError:
    source: str
    line: int  # 0 when the problem concerns the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}" if self.line else f"{self.source}: {self.message}"


@dataclass(frozen=True)
class _Limits:
    max_bytes: int  # one text or html value, in UTF-8
    years: tuple[int, int]  # first and last publication year accepted


class _Invalid(Exception):
    """A record that cannot be imported; the message says why."""


def extract_main_text(html: str) -> str:
    """Main text of an HTML page via trafilatura; '' when nothing could be extracted."""
    # The engine's own wrapper, so the importer and the engine extract a page the same way (one set of
    # trafilatura settings). The engine is a pure-Python package, not the scoring app: importing it here adds no
    # dependency of sources on scoring's models or views. Imported lazily: it loads trafilatura and lxml, which
    # plain-text imports never need.
    from scoring.engine.extract import html_to_text

    # Its "discarding data" warning for an empty page duplicates the clearer "empty text" error we report.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    return html_to_text(html)


def read_records(
    paths: list[str | Path], outlet: str | None = None, max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    years: tuple[int, int] = DEFAULT_YEARS,
) -> tuple[list[Record], list[RecordError]]:
    """Parse files and folders into records; every bad line becomes a RecordError naming file and line.
    `years`: the first and last publication year accepted."""
    records: list[Record] = []
    errors: list[RecordError] = []
    limits = _Limits(max_text_bytes, years)
    for path in paths:
        for item in _read_path(Path(path), outlet, limits, explicit=True):
            (records if isinstance(item, Record) else errors).append(item)
    return records, errors


def _read_path(path: Path, outlet: str | None, limits: _Limits, explicit: bool) -> Iterator[Record | RecordError]:
    source = str(path)
    if path.is_dir():
        children = sorted(p for p in path.iterdir() if p.is_file())
        for child in children:
            # Inside a folder, skip files of other kinds (a README, a .DS_Store) instead of rejecting them.
            if child.suffix.lower() in ARTICLE_FILE_SUFFIXES | TABLE_FILE_SUFFIXES:
                yield from _read_path(child, outlet, limits, explicit=False)
        return
    if not path.is_file():
        yield RecordError(source, 0, "no such file or folder")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, outlet, limits)
    elif suffix == ".csv":
        yield from _read_csv(path, outlet, limits)
    elif suffix in ARTICLE_FILE_SUFFIXES:
        yield _read_article_file(path, outlet, limits)
    elif explicit:
        yield RecordError(source, 0, f"unsupported file type '{suffix}' (use .jsonl, .csv, .html, .htm or .txt)")


def max_line_bytes(max_text_bytes: int) -> int:
    """The longest line read: a record's text and html at their limit, escaped as JSON may escape them (\\uXXXX is
    six bytes for a character of two or three), and room for the other fields."""
    return 6 * max_text_bytes + 1024 * 1024


_SKIP_CHUNK = 1024 * 1024


def _decoded_lines(path: Path, limit: int) -> Iterator[tuple[int, str, str]]:
    """(line number, text, error) per line; the error says why a line is not valid UTF-8 or is over `limit` bytes,
    else ''. A line is never held past `limit` bytes: the rest of an oversized line is read and dropped a chunk
    at a time."""
    with path.open("rb") as f:
        number = 0
        while raw := f.readline(limit + 1):
            number += 1
            if len(raw) > limit:
                size = len(raw)
                while not raw.endswith(b"\n") and (raw := f.readline(_SKIP_CHUNK)):
                    size += len(raw)
                yield number, "", f"line is {size} bytes long, over the limit of {limit} bytes"
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a byte-order mark some editors and spreadsheets write
            try:
                yield number, raw.decode("utf-8"), ""
            except UnicodeDecodeError as e:
                yield number, "", f"undecodable bytes (invalid UTF-8 at byte {e.start + 1} of the line)"


def _read_jsonl(path: Path, outlet: str | None, limits: _Limits) -> Iterator[Record | RecordError]:
    source = str(path)
    for number, line, undecodable in _decoded_lines(path, max_line_bytes(limits.max_bytes)):
        if undecodable:
            yield RecordError(source, number, undecodable)
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.rstrip())  # without the newline, an error points into the line
        except json.JSONDecodeError as e:
            # Only the column: json's own "line 1" would contradict the file's line number beside it.
            yield RecordError(source, number, f"invalid JSON ({e.msg} at column {e.colno})")
            continue
        except RecursionError:  # [[[[... deeper than Python's stack: no article is shaped like that
            yield RecordError(source, number, "invalid JSON (nested too deeply)")
            continue
        if not isinstance(obj, dict):
            yield RecordError(source, number, f"expected a JSON object, found {type(obj).__name__}")
            continue
        yield _checked(obj, source, number, outlet, limits)


def _read_csv(path: Path, outlet: str | None, limits: _Limits) -> Iterator[Record | RecordError]:
    source = str(path)
    bad_lines: dict[int, str] = {}

    def lines(skip: int = 0) -> Iterator[str]:
        # The csv module wants text, but one bad byte must not lose the whole file: decode line by line,
        # remember the bad lines, and reject the rows that span them.
        for number, text, undecodable in _decoded_lines(path, max_line_bytes(limits.max_bytes)):
            if number <= skip:
                continue
            if undecodable:
                bad_lines[number] = undecodable
                text = "\n"
            yield text

    # Field sizes are checked below against the byte limit, with a clear message; csv's own limit
    # (128 KB) would reject ordinary long articles as unreadable rows.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    # strict: a quote left open to the end of the file is an error ("unexpected end of data"), not one last
    # field holding every row after it.
    reader = csv.reader(lines(), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as e:
        yield RecordError(source, 1, f"unreadable CSV header ({e})")
        return
    if 1 in bad_lines:
        yield RecordError(source, 1, f"{bad_lines[1]} in the CSV header")
        return
    header = [name.strip() for name in header]
    if len(set(header)) != len(header):
        yield RecordError(source, 1, f"CSV header repeats a column: {', '.join(header)}")
        return
    if "text" not in header and "html" not in header:
        yield RecordError(source, 1, f"CSV header has neither a text nor an html column: {', '.join(header)}")
        return

    offset, end = 0, reader.line_num  # offset: lines read by the readers before this one
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if "unexpected end of data" in str(e):
                yield RecordError(source, start, "unclosed quote: a quoted field opens on this line and never "
                                                 "closes; the lines after it are read as rows of their own")
                offset, end = start, start
                reader = csv.reader(lines(skip=start), strict=True)
                continue
            end = offset + reader.line_num
            yield RecordError(source, start, f"unreadable CSV row ({e})")
            continue
        end = offset + reader.line_num
        spanned = sorted(n for n in bad_lines if start <= n <= end)
        if spanned:
            yield RecordError(source, spanned[0], bad_lines[spanned[0]])
        elif not row:
            continue  # a blank line
        elif len(row) != len(header):
            yield RecordError(source, start, f"wrong number of columns: expected {len(header)}, found {len(row)}")
        else:
            yield _checked(dict(zip(header, row)), source, start, outlet, limits)


def _read_article_file(path: Path, outlet: str | None, limits: _Limits) -> Record | RecordError:
    source = str(path)
    size, max_bytes = path.stat().st_size, limits.max_bytes
    if size > max_bytes + 3:  # (3: room for a byte-order mark) larger files are refused unread
        return RecordError(source, 1, f"file is {size} bytes, over the limit of {max_bytes} bytes")
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return RecordError(source, data[: e.start].count(b"\n") + 1, "undecodable bytes (invalid UTF-8)")
    obj = {"id": path.name}
    if path.suffix.lower() == ".txt":
        obj["text"] = content
    else:
        obj["html"] = content
    return _checked(obj, source, 1, outlet, limits)


def _checked(obj: dict, source: str, line: int, outlet: str | None, limits: _Limits) -> Record | RecordError:
    try:
        return _record(obj, source, line, outlet, limits)
    except _Invalid as e:
        return RecordError(source, line, str(e))


def _record(obj: dict, source: str, line: int, default_outlet: str | None, limits: _Limits) -> Record:
    max_bytes = limits.max_bytes
    values = {key: _string(obj, key) for key in FIELDS}
    outlet = values["outlet"] or (default_outlet or "").strip()
    if not outlet:
        raise _Invalid("missing outlet (give each article an 'outlet' value, or name one outlet for the whole file)")
    published = _parse_published(values["published"], limits.years)
    text, html = values["text"], values["html"]
    if not text and not html and "text" not in obj and "html" not in obj:
        raise _Invalid("neither text nor html")
    for name, value in (("text", text), ("html", html)):
        size = len(value.encode("utf-8"))
        if size > max_bytes:
            raise _Invalid(f"{name} is {size} bytes, over the limit of {max_bytes} bytes")
    if not text.strip() and html.strip():
        # Given text wins; html only supplies the text when there is none.
        text = extract_main_text(html)
        if not text.strip():
            raise _Invalid("empty text (nothing could be extracted from the html)")
    if not text.strip():
        raise _Invalid("empty text")
    return Record(
        id=values["id"], outlet=outlet, domain=values["domain"].lower(), url=values["url"],
        title=values["title"], published=published, text=text, html=html,
        source=source, line=line, language=values["language"],
    )


def _string(obj: dict, key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # numeric ids are common in exports
    if not isinstance(value, str):
        raise _Invalid(f"'{key}' must be a string, found {type(value).__name__}")
    problem = text_problem(value)
    if problem:
        raise _Invalid(f"'{key}' {problem}")
    # Text keeps its whitespace (the engine's offsets refer to it); other fields are trimmed.
    return value if key in ("text", "html") else value.strip()


def text_problem(value: str) -> str:
    """Why a string cannot be stored as text ('' when it can): a NUL (PostgreSQL refuses it in text) or a lone
    surrogate (JSON's "\\ud800" decodes to one; it has no UTF-8 form, so no database and no page can hold it)."""
    if "\x00" in value:
        return f"contains a NUL character (at character {value.index(chr(0)) + 1})"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"contains a lone surrogate (at character {e.start + 1}), which is not text"
    return ""


def _parse_published(value: str, years: tuple[int, int]) -> datetime | None:
    if not value:
        return None
    try:
        published = datetime.fromisoformat(value)  # dates, datetimes, offsets and a trailing Z
    except ValueError:
        raise _Invalid(f"bad date '{value}' in 'published' (expected ISO 8601, e.g. 2024-11-04 or "
                       "2024-11-04T09:30:00+03:00)") from None
    try:
        # Judged in UTC, as it is stored: 9999-12-31T23:59:59-14:00 is in year 10000 there.
        utc = published.astimezone(timezone.utc) if published.tzinfo else published.replace(tzinfo=timezone.utc)
    except OverflowError:
        utc = None
    if utc is None or not years[0] <= utc.year <= years[1]:
        raise _Invalid(f"date '{value}' in 'published' is outside the years {years[0]}-{years[1]}")
    return published if published.tzinfo else utc
