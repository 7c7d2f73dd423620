"""Store parsed article records: create, update or leave alone; a failed article loses only itself.

The `import_articles` command, the admin upload page and `load_demo` all go through `import_paths`.
"""
from __future__ import annotations

import copy
import tempfile
from dataclasses import dataclass, field
from datetime import timezone as dt_timezone
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, IntegrityError, transaction

from sources import bulk
from sources.models import Article, Outlet, content_hash
from sources.records import Record, RecordError, read_records, text_problem
from sources.search import documents_alongside
from sources.signals import articles_imported

_validate_url = URLValidator(schemes=["http", "https"])


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)  # "file:line: message", one per rejected line or file
    article_ids: list[int] = field(default_factory=list)  # the imported and updated articles

    def summary(self) -> str:
        return (f"imported {self.imported}, updated {self.updated}, rejected {self.rejected}, "
                f"unchanged {self.unchanged}")

    def reject(self, error: RecordError) -> None:
        self.rejected += 1
        self.errors.append(str(error))


def import_paths(paths: list[str | Path], outlet: str | None = None) -> ImportReport:
    """Read JSONL/CSV files and folders of .html/.txt files and store their articles; bad lines are reported."""
    records, errors = read_records(paths, outlet=outlet, max_text_bytes=settings.IMPORT_MAX_TEXT_BYTES,
                                   years=settings.PUBLISHED_YEARS)
    report = import_records(records)
    # Errors found while reading first, then records the database refused; each group in file order.
    report.rejected += len(errors)
    report.errors = [str(e) for e in errors] + report.errors
    return report


def import_upload(upload, outlet: str | None = None) -> ImportReport:
    """Import an uploaded file (Django UploadedFile) through `import_paths`; errors name the upload's file name."""
    with tempfile.TemporaryDirectory(prefix="concordance-import-") as folder:
        return import_saved_upload(save_upload(upload, Path(folder)), outlet=outlet)


def save_upload(upload, folder: Path) -> Path:
    """Write an uploaded file into a new folder inside `folder`, under its own name; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    # A folder of its own keeps the name (the reader picks the format by suffix, errors name the file)
    # without two uploads of one name overwriting each other.
    path = Path(tempfile.mkdtemp(prefix="upload-", dir=folder)) / Path(upload.name).name
    with path.open("wb") as f:
        for chunk in upload.chunks():
            f.write(chunk)
    return path


def import_saved_upload(path: str | Path, outlet: str | None = None) -> ImportReport:
    """Import a file written by `save_upload`, then delete it; errors name the file, not the folder it sat in."""
    path = Path(path)
    report = import_paths([path], outlet=outlet)
    report.errors = [error.replace(str(path), path.name, 1) for error in report.errors]
    # Deleted only once imported: a job retried after a failure finds the file still there.
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()
    except OSError:
        pass  # not empty, or already gone
    return report


# Records per transaction. A batch of new articles goes in at once (see _insert_new); otherwise, or when the
# database refuses that, each article goes in a savepoint of its own, so one it refuses loses only itself. Either
# way the batch finds the stored articles it may update in three queries.
IMPORT_BATCH = 500


def import_records(records: list[Record]) -> ImportReport:
    """Create new articles, update changed ones and count unchanged ones, IMPORT_BATCH records a transaction."""
    report = ImportReport()
    outlets: dict[str, Outlet] = {}  # by lower-cased name, filled only after a save
    with documents_alongside() as committed:  # PostgreSQL: search documents filled on other connections
        for start in range(0, len(records), IMPORT_BATCH):
            with transaction.atomic():
                _import_batch(records[start:start + IMPORT_BATCH], outlets, report)
            committed()
    if report.article_ids:
        # After the loop, once per call: the receiver (scoring) queues one job for the whole batch.
        articles_imported.send(sender=Article, article_ids=list(report.article_ids))
    return report


def _import_batch(records: list[Record], outlets: dict[str, Outlet], report: ImportReport) -> None:
    good = []
    for record in records:
        problem = _problem(record)
        if problem:
            report.reject(RecordError(record.source, record.line, problem))
        else:
            good.append((record, content_hash(record.text)))
    known = _Known([r for r, _ in good], [d for _, d in good])
    if _insert_new(good, known, outlets, report):
        return
    for record, digest in good:
        try:
            # A savepoint per article: a failure leaves neither a half-written article nor the outlet created for
            # it, and the articles before and after it stay.
            with transaction.atomic():
                outlet = outlets.get(record.outlet.lower()) or _find_or_create_outlet(record)
                outcome, article = _store(record, outlet, digest, known.find(record, outlet, digest))
        except IntegrityError:
            # Most likely another import stored this very article since the batch looked: compare with that one
            # (unchanged, or updated), as if it had been there all along.
            try:
                with transaction.atomic():
                    outlet = outlets.get(record.outlet.lower()) or _find_or_create_outlet(record)
                    stored = _stored(record, outlet, digest)
                    if stored is None:
                        raise
                    outcome, article = _store(record, outlet, digest, stored)
            except DatabaseError as e:
                report.reject(RecordError(record.source, record.line, f"could not be saved ({e})"))
                continue
        except DatabaseError as e:
            report.reject(RecordError(record.source, record.line, f"could not be saved ({e})"))
            continue
        outlets[record.outlet.lower()] = outlet
        known.remember(article)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome != "unchanged":
            report.article_ids.append(article.pk)


def _insert_new(records: list[tuple[Record, str]], known: "_Known", outlets: dict[str, Outlet],
                report: ImportReport) -> bool:
    """Insert the batch in one statement when every record is a new article no other record of the batch may be
    (the common case: a feed or a file of new articles); False, with nothing written, when that does not hold or
    the database refuses the insert (the caller then stores the records one by one, each in its own savepoint).

    One INSERT instead of three statements an article (savepoint, insert, release): on a database server those
    round trips were most of an import's time. On PostgreSQL a COPY (see sources.bulk).
    """
    found: dict[str, Outlet] = {}
    keys: set = set()
    rows = []
    try:
        with transaction.atomic():  # the outlets created here go too if the insert fails
            for record, digest in records:
                name = record.outlet.lower()
                outlet = outlets.get(name) or found.get(name) or _find_or_create_outlet(record)
                found[name] = outlet
                # Its identities, as _Known.find would look for them: none may be another record's, or stored.
                mine = [("url", record.url)] if record.url else []
                mine += [("id", outlet.pk, record.id)] if record.id else []
                mine += [("text", outlet.pk, digest)] if not (record.url or record.id) else []
                if keys.intersection(mine) or known.find(record, outlet, digest) is not None:
                    raise _NotAllNew
                keys.update(mine)
                values = _values(record, outlet, digest)
                rows.append((outlet.pk, *(values.get(name, "") for name in _NEW_FIELDS[1:])))  # language: default ""
            ids = bulk.insert_with_ids(Article, _NEW_FIELDS, rows)
    except (_NotAllNew, DatabaseError):
        return False
    outlets.update(found)
    report.imported += len(ids)
    report.article_ids += ids
    return True


# A new article's fields: the outlet's id, then _values's other fields by name.
_NEW_FIELDS = ("outlet_id", "url", "external_id", "title", "published_at", "raw_html", "raw_text", "content_hash",
               "language")


class _NotAllNew(Exception):
    """Raised inside _insert_new's savepoint to roll back the outlets it created."""


def _problem(record: Record) -> str:
    """Why the database would refuse this record (or silently store a bad value); '' when it is fine."""
    for name in ("outlet", "domain", "url", "id", "title", "language", "text", "html"):
        problem = text_problem(getattr(record, name))
        if problem:
            return f"'{name}' {problem}"
    if record.url:
        try:
            _validate_url(record.url)
        except ValidationError:
            return f"bad url '{record.url[:200]}' (expected an absolute http or https address)"
    limits = [
        ("outlet", record.outlet, Outlet._meta.get_field("name").max_length),
        ("domain", record.domain, Outlet._meta.get_field("domains").max_length),
        ("url", record.url, Article._meta.get_field("url").max_length),
        ("id", record.id, Article._meta.get_field("external_id").max_length),
        ("title", record.title, Article._meta.get_field("title").max_length),
        ("language", record.language, Article._meta.get_field("language").max_length),
    ]
    for name, value, limit in limits:
        if len(value) > limit:
            return f"'{name}' is {len(value)} characters long, over the limit of {limit}"
    if record.published and not _in_years(record.published):
        first, last = settings.PUBLISHED_YEARS
        return f"'published' is outside the years {first}-{last}"
    return ""


def _in_years(moment) -> bool:
    """Whether a datetime lies within settings.PUBLISHED_YEARS in UTC (as the database will store it)."""
    try:
        year = moment.astimezone(dt_timezone.utc).year
    except OverflowError:
        return False
    return settings.PUBLISHED_YEARS[0] <= year <= settings.PUBLISHED_YEARS[1]


def _record_domain(record: Record) -> str:
    domain = record.domain or urlsplit(record.url).hostname or ""
    return domain.lower().removeprefix("www.")


def _find_or_create_outlet(record: Record) -> Outlet:
    outlet = Outlet.objects.filter(name__iexact=record.outlet).first()
    if outlet:
        return outlet
    domain = _record_domain(record)
    if domain:
        for candidate in Outlet.objects.filter(domains__icontains=domain):
            if domain in {d.lower().removeprefix("www.") for d in candidate.domain_list}:
                return candidate
    # Unknown outlets wait for an admin to review them (name, country, whether they are a real outlet).
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=record.outlet, domains=domain, is_reviewed=False)
    except IntegrityError:
        # Another import created it since the lookup above (or took its slug: then the savepoint around the
        # caller's article fails and the record is reported).
        outlet = Outlet.objects.filter(name__iexact=record.outlet).first()
        if outlet is None:
            raise
        return outlet


def _stored(record: Record, outlet: Outlet, digest: str) -> Article | None:
    """The stored article this record is, by a fresh query (see _Known for the identity)."""
    if record.url:
        found = Article.objects.filter(url=record.url).first()
        if found:
            return found
    if record.id:
        return Article.objects.filter(outlet=outlet, external_id=record.id).first()
    if not record.url:
        return Article.objects.filter(outlet=outlet, content_hash=digest, url=None, external_id="").first()
    return None


class _Known:
    """The stored articles a batch of records may be, found in three queries rather than one or two a record.

    Identity: the url, else the outlet's own id, else the text itself (within the outlet, because the same text
    under two outlets is a copy the scoring must see, not one article). Articles saved during the batch are
    remembered, so a record repeated in the batch finds the article its first occurrence stored.
    """

    def __init__(self, records: list[Record], digests: list[str]):
        one = {}  # one instance per stored article, whichever queries found it, so an update shows in every map
        self.by_url = {a.url: one.setdefault(a.pk, a)
                       for a in Article.objects.filter(url__in={r.url for r in records if r.url})}
        self.by_id = {(a.outlet_id, a.external_id): one.setdefault(a.pk, a)
                      for a in Article.objects.filter(external_id__in={r.id for r in records if r.id})}
        self.by_text: dict[tuple[int, str], Article] = {}
        for a in Article.objects.filter(content_hash__in=set(digests), external_id="", url=None).order_by("pk"):
            self.by_text.setdefault((a.outlet_id, a.content_hash), one.setdefault(a.pk, a))  # the first stored

    def find(self, record: Record, outlet: Outlet, digest: str) -> Article | None:
        # Each candidate is checked against what it holds now: an article updated earlier in the batch may have
        # left the url or id it was found under.
        if record.url:
            article = self.by_url.get(record.url)
            if article and article.url == record.url:
                return article
        if record.id:
            article = self.by_id.get((outlet.pk, record.id))
            return article if article and (article.outlet_id, article.external_id) == (outlet.pk, record.id) else None
        if not record.url:
            return self.by_text.get((outlet.pk, digest))  # such an article is only ever updated to the same text
        return None

    def remember(self, article: Article) -> None:
        if article.url:
            self.by_url[article.url] = article
        if article.external_id:
            self.by_id[(article.outlet_id, article.external_id)] = article
        elif article.url is None:
            self.by_text.setdefault((article.outlet_id, article.content_hash), article)


def _values(record: Record, outlet: Outlet, digest: str) -> dict:
    """The article's fields as the record gives them."""
    values = {
        "outlet": outlet,
        "url": record.url or None,
        "external_id": record.id,
        "title": record.title,
        "published_at": record.published,
        "raw_html": record.html,
        "raw_text": record.text,  # the scoring engine's findings point into it
        "content_hash": digest,
    }
    if record.language:  # otherwise keep what an admin (or a language detector) set
        values["language"] = record.language
    return values


def _store(record: Record, outlet: Outlet, digest: str, existing: Article | None) -> tuple[str, Article]:
    """Write one record; returns which ImportReport counter it adds to, and the article."""
    values = _values(record, outlet, digest)
    if existing is None:
        return "imported", Article.objects.create(**values)
    changed = [name for name, value in values.items() if getattr(existing, name) != value]
    if not changed:
        return "unchanged", existing
    # A copy takes the changes first: if its save fails, the article remembered still says what is stored.
    article = copy.copy(existing)
    for name in changed:
        setattr(article, name, values[name])
    article.save(update_fields=[*changed, "updated_at"])
    for name in [*changed, "updated_at"]:
        setattr(existing, name, getattr(article, name))
    return "updated", existing
