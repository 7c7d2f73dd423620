"""What the engine concluded about stored articles: scores, findings, consensus facts, copies.

Rows are written by `scoring/tasks.py` only, tagged with the engine version that produced them,
so a new engine version can rescore beside the old results and the dashboard reads `current()`.
"""
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, F, FloatField, Q, Value
from django.db.models.functions import Floor, Least

from scoring.engine.version import ENGINE_VERSION
from sources.models import Article, Outlet, Story

FINDING_KINDS = [
    ("spin", "Spin"),
    ("drift", "Factual drift"),
    ("sidebar", "Partisan sidebar"),
    ("boilerplate", "Neutral site chrome"),
    ("updated", "Updated by later reports"),
    ("omission", "Omitted consensus fact"),
    ("unverified", "Claim nobody else makes"),
]


class ArticleScoreQuerySet(models.QuerySet):
    def current(self):
        return self.filter(engine_version=ENGINE_VERSION)

    def published_between(self, start=None, end=None):
        qs = self
        if start:
            qs = qs.filter(article__published_at__date__gte=start)
        if end:
            qs = qs.filter(article__published_at__date__lte=end)
        return qs

    def components_per_outlet(self):
        """Mean spin, drift and sidebar component per outlet id (stored on OutletScore by the bridge)."""
        return (self.values(outlet=F("article__outlet_id"))
                .annotate(spin=Avg("spin"), drift=Avg("drift"), sidebar=Avg("sidebar")).order_by("outlet"))

    def compared(self):
        """Scores with a fidelity: the article was compared (against a consensus, or a copy against its source)."""
        return self.filter(fidelity__isnull=False)

    def lowest(self, n=10):
        return self.compared().select_related("article__outlet", "article__story").order_by("fidelity", "-article__published_at")[:n]

    # Dashboard helpers (editors' dashboard, issue 5).

    def of_outlet(self, outlet):
        return self.filter(article__outlet=outlet)

    def of_story(self, story):
        return self.filter(article__story=story)

    def low_fidelity(self, below=70.0):
        return self.filter(fidelity__lt=below)

    def latest(self, n=10):
        return (self.select_related("article__outlet", "article__story")
                .order_by("-article__published_at", "-id")[:n])

    def fidelity_histogram(self, bin_width=10):
        """Articles per fidelity bin (bin = lower edge); 100 falls in the top bin. Counted in the database."""
        top_bin = 100 // bin_width - 1
        bin_expr = Least(Floor(F("fidelity") / bin_width), Value(float(top_bin)), output_field=FloatField())
        return (self.compared().annotate(bin=bin_expr)
                .values("bin").annotate(n=Count("id")).order_by("bin"))

    def copy_sources(self):
        """Copies grouped by the outlet of the copied article: who this set of articles copies from."""
        return (self.filter(copied_from__isnull=False)
                .values(name=F("copied_from__outlet__name"), slug=F("copied_from__outlet__slug"))
                .annotate(copies=Count("id"), similarity=Avg("copy_similarity"))
                .order_by("-copies", "name"))


class ArticleScore(models.Model):
    # Looked up through the unique (article, engine_version) index: a second index on the article alone would only
    # cost every insert.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="scores", db_index=False)
    engine_version = models.CharField(max_length=20)
    fidelity = models.FloatField(null=True, blank=True,
                                 help_text="0-100; 100 is faithful to the consensus. Empty: not compared (no consensus "
                                           "in its story, and no source it copies).")
    spin = models.FloatField(default=0.0, help_text="Points-weighted spin component, 0-1.")
    drift = models.FloatField(default=0.0)
    sidebar = models.FloatField(default=0.0)
    has_consensus = models.BooleanField(default=True)
    copied_from = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="copied_by",
        help_text="The article this one is a (near or spun) copy of, when the engine found one.",
    )
    copy_similarity = models.FloatField(null=True, blank=True)
    body_start = models.PositiveIntegerField(default=0)
    body_end = models.PositiveIntegerField(default=0)
    scored_at = models.DateTimeField(auto_now=True)

    objects = ArticleScoreQuerySet.as_manager()

    # The offsets (body_start, body_end, the findings') point into the article's text (Article.text), which the
    # engine read; an import that changes that text deletes the article's scores (forget_scores_of_changed_text).

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "engine_version"], name="one_score_per_article_and_version"),
        ]
        indexes = [models.Index(fields=["engine_version", "fidelity"])]

    def __str__(self):
        return f"{self.article} {'not compared' if self.fidelity is None else f'{self.fidelity:.1f}'}"


# Article fields whose change makes its scores point into a text that is no longer stored.
_SCORED_FIELDS = frozenset({"raw_text", "body"})


def forget_scores_of_changed_text(sender, instance: Article, update_fields=None, **kwargs) -> None:
    """Receiver of Article's post_save: an article saved with a new text loses its scores (of every engine
    version), in the same transaction, until it is scored again (its import queues that). Imports save only
    the fields that changed; a full save (update_fields None) is an edit that cannot change the text, which
    the admin shows read-only."""
    if update_fields and _SCORED_FIELDS & set(update_fields):
        ArticleScore.objects.filter(article=instance).delete()


class FindingQuerySet(models.QuerySet):
    def current(self):
        return self.filter(score__engine_version=ENGINE_VERSION)

    def penalised(self):
        return self.filter(kind__in=["spin", "drift", "sidebar"])

    def per_kind(self):
        return self.values("kind").annotate(n=Count("id")).order_by("kind")

    def of_outlet(self, outlet):
        return self.filter(score__article__outlet=outlet)

    def of_story(self, story):
        return self.filter(score__article__story=story)


class Finding(models.Model):
    score = models.ForeignKey(ArticleScore, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FINDING_KINDS)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    expected = models.TextField(blank=True)
    support = models.JSONField(default=list, help_text="Article ids (database ids) that state the expected text.")
    severity = models.FloatField(default=0.0)
    explanation = models.TextField(blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["kind"])]


class ConsensusFact(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="facts")
    engine_version = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    text = models.TextField()
    support = models.JSONField(default=list, help_text="Article ids (database ids) that state it.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["story", "engine_version", "key"], name="one_fact_per_key"),
        ]


class OutletScoreQuerySet(models.QuerySet):
    def current(self):
        return self.filter(engine_version=ENGINE_VERSION)

    def overall(self):
        return self.current().filter(window_start__isnull=True)

    def history(self):
        return self.current().filter(window_start__isnull=False).order_by("window_start")

    def leaderboard(self):
        """Outlets with a score, best first (those with insufficient evidence have none and are not ranked)."""
        return self.overall().filter(score__isnull=False).select_related("outlet").order_by("-score", "outlet__name")

    def insufficient(self):
        """Scores of outlets with fewer compared articles than the engine's MIN_COMPARED: no number."""
        return self.filter(score__isnull=True)


class OutletScore(models.Model):
    """An outlet's shrunk mean fidelity with a 90% interval, overall (no window) or per window."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="scores")
    engine_version = models.CharField(max_length=20)
    window_start = models.DateField(null=True, blank=True)
    window_end = models.DateField(null=True, blank=True)
    # Empty: insufficient evidence (fewer compared articles than scoring.engine.fidelity.MIN_COMPARED).
    score = models.FloatField(null=True, blank=True)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    articles = models.PositiveIntegerField()
    compared = models.PositiveIntegerField(default=0, help_text="Of its articles, those compared: the score's evidence.")
    # Mean components per article (overall rows only), stored so the overview reads one small table.
    spin = models.FloatField(default=0.0)
    drift = models.FloatField(default=0.0)
    sidebar = models.FloatField(default=0.0)
    computed_at = models.DateTimeField(auto_now=True)

    objects = OutletScoreQuerySet.as_manager()

    class Meta:
        ordering = ["-score"]
        constraints = [
            # Two constraints because NULL never equals NULL in a unique index (overall rows).
            models.UniqueConstraint(
                fields=["outlet", "engine_version", "window_start"], name="one_outlet_score_per_window",
            ),
            models.UniqueConstraint(
                fields=["outlet", "engine_version"], condition=Q(window_start__isnull=True),
                name="one_overall_outlet_score",
            ),
        ]
        indexes = [models.Index(fields=["engine_version", "window_start"])]


class ApiToken(models.Model):
    """A secret that lets a script read the API as one user. Only the token's SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for, e.g. 'newsroom CMS'.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user} {self.name}".strip()

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token for the user; returns the row and the secret, which is shown once and never stored."""
        secret = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.digest_of(secret)), secret
