"""Outlets, the articles they publish, and the stories (events) that group articles."""
import hashlib

from django.db import models
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, FilteredRelation, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace folded: the identity of an article with no url or id."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _per_row(related, aggregate, output_field=None):
    """A correlated subquery aggregating one row's related rows (`related` is filtered by OuterRef("pk")).

    Lists annotate with these rather than a join with GROUP BY: a join aggregates every row of the table before
    the page's LIMIT applies, a correlated subquery runs for the rows shown, so a page costs the same at 1k and
    100k articles.
    """
    # Grouping by a constant makes the whole filtered set one group; Django then leaves GROUP BY out.
    grouped = related.order_by().annotate(_one=models.Value(1)).values("_one")
    return Subquery(grouped.annotate(value=aggregate).values("value"), output_field=output_field)


class OutletQuerySet(models.QuerySet):
    # The engine version whose scores are current, set by the scoring app when it loads (scoring/apps.py): sources
    # never imports scoring, and the outlet scores ("scores", scoring.OutletScore) are scoring's.
    current_engine_version: str | None = None

    def with_current_score(self):
        """Each outlet with its current overall score: score, low, high (None: insufficient evidence or no score),
        compared and scored_articles (None: no score at all). One LEFT JOIN on the one overall row per outlet."""
        if self.current_engine_version is None:
            raise ImproperlyConfigured("with_current_score needs the scoring app installed")
        overall = FilteredRelation("scores", condition=Q(scores__engine_version=self.current_engine_version,
                                                         scores__window_start__isnull=True))
        return self.annotate(overall=overall).annotate(
            score=F("overall__score"), low=F("overall__low"), high=F("overall__high"),
            compared=F("overall__compared"), scored_articles=F("overall__articles"))

    def with_article_counts(self):
        articles = Article.objects.filter(outlet=OuterRef("pk"))
        return self.annotate(
            article_count=Coalesce(_per_row(articles, Count("pk")), 0, output_field=IntegerField()),
            last_published=_per_row(articles, Max("published_at")),
        )


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    domains = models.CharField(
        max_length=500, blank=True, help_text="Comma-separated hosts this outlet publishes on."
    )
    homepage = models.URLField(blank=True)
    feed_url = models.URLField(blank=True, help_text="RSS or Atom feed to poll for new articles.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2 code.")
    language = models.CharField(max_length=8, blank=True, help_text="BCP 47 code, e.g. en.")
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    is_reviewed = models.BooleanField(
        default=False, help_text="Outlets created by an import wait here for an admin's review."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutletQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("scoring:outlet-detail", args=[self.slug])

    @property
    def domain_list(self) -> list[str]:
        return [d.strip() for d in self.domains.split(",") if d.strip()]

    # Feed polling (sources/feeds.py): when the feed was last read, last read successfully, and what went wrong.
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)


def unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "outlet"
    slug, n = base, 2
    while Outlet.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class StoryQuerySet(models.QuerySet):
    def with_counts(self):
        members = Article.objects.filter(story=OuterRef("pk"))
        return self.annotate(
            article_count=Coalesce(_per_row(members, Count("pk")), 0, output_field=IntegerField()),
            outlet_count=Coalesce(_per_row(members, Count("outlet", distinct=True)), 0, output_field=IntegerField()),
        )


class Story(models.Model):
    """Articles that report one event. Built by the scoring engine; `key` is the engine's story id."""

    key = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=500)
    first_seen = models.DateTimeField(null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    # The spinners' swaps its copies showed, [spun, original, voices using each]: a later run that leaves this
    # story alone still learns its spin fingerprints from them (scoring/engine/fingerprints.py).
    swap_observations = models.JSONField(default=list, blank=True, editable=False)
    # Set when the engine raised on this story in the last run that included it ("IndexError: ... (spin.py:27 in
    # swaps)"): its articles kept their previous scores, or have none. Cleared by the next run that scores it.
    scoring_error = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_seen", "-id"]
        indexes = [models.Index(fields=["last_seen"]), models.Index(fields=["first_seen"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scoring:story-detail", args=[self.pk])


class ArticleQuerySet(models.QuerySet):
    def published_between(self, start=None, end=None):
        qs = self
        if start:
            qs = qs.filter(published_at__date__gte=start)
        if end:
            qs = qs.filter(published_at__date__lte=end)
        return qs


class Article(models.Model):
    # Every index is written again when a scoring run sets the articles' stories. So none on the outlet or the
    # story alone (the composite indexes in Meta begin with them), and none for LIKE queries, which Django adds
    # to a unique or indexed CharField on PostgreSQL (urls and hashes are only looked up whole).
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles", db_index=False)
    url = models.URLField(max_length=2000, null=True, blank=True)
    external_id = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    raw_html = models.TextField(blank=True)
    raw_text = models.TextField(blank=True, help_text="The text as imported (for html, the extracted text).")
    content_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=8, blank=True)
    story = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
                              db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url"], name="article_unique_url"),
            models.UniqueConstraint(
                fields=["outlet", "external_id"],
                condition=~models.Q(external_id=""),
                name="article_unique_external_id_per_outlet",
            ),
            # An article with neither url nor id is its text (see sources/importing.py): one per outlet, enforced
            # here so that imports running side by side cannot both store it.
            models.UniqueConstraint(
                fields=["outlet", "content_hash"],
                condition=models.Q(url__isnull=True, external_id=""),
                name="article_unique_text_per_outlet",
            ),
        ]
        indexes = [
            models.Index(fields=["outlet", "published_at"]),
            models.Index(fields=["story", "published_at"]),
            models.Index(fields=["published_at"]),
            models.Index(fields=["content_hash"], name="article_content_hash"),
        ]

    def __str__(self):
        return self.title or f"{self.outlet} #{self.pk}"

    def get_absolute_url(self):
        return reverse("scoring:article-detail", args=[self.pk])

    @property
    def text(self) -> str:
        """The text the scoring engine reads, which its findings' offsets point into: as imported."""
        return self.raw_text


class BackgroundJob(models.Model):
    """Corpus-wide work (an uploaded import, a rescoring) started from the admin and run outside the request.

    Without a broker a thread of the web process runs it (sources/runner.py); the admin lists these rows, so an
    editor sees what is running, how far it got and how it ended. `pid` and `host` name the process running it:
    a job whose process has died is shown as failed, never as running for ever.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "queued"), (RUNNING, "running"), (DONE, "done"), (FAILED, "failed")]

    kind = models.CharField(max_length=40)  # "import", "rescore"
    description = models.CharField(max_length=500, blank=True)  # e.g. the uploaded file's name
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    progress = models.CharField(max_length=500, blank=True)
    result = models.TextField(blank=True)  # the summary line, then one error a line
    pid = models.IntegerField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.description}".strip()
