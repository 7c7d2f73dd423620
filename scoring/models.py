"""What the engine concluded about stored articles: scores, findings, consensus facts, copies.

Rows are written by `scoring/tasks.py` only, tagged with the engine version that produced them,
so a new engine version can rescore beside the old results and the dashboard reads `current()`.
"""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, F, FloatField, Q, Value
from django.db.models.functions import Floor, Least
from django.utils import timezone

from scoring.engine.fidelity import PENALISED
from scoring.engine.version import ENGINE_VERSION
from sources.models import Article, Outlet, Story

class FindingKind(models.TextChoices):
    """What a finding is, with the words the pages, exports and API use for it. Members are in the order a highlight
    prefers when findings overlap (the kind an editor must see first). Unverified claims and left-out facts are shown
    among an article's findings but stored as coverage (ArticleScore.unverified, FactCoverage)."""

    DRIFT = "drift", "Factual drift"
    SPIN = "spin", "Spin"
    SIDEBAR = "sidebar", "Partisan sidebar"
    UNVERIFIED = "unverified", "Unverified claim"
    BOILERPLATE = "boilerplate", "Neutral site chrome"
    UPDATED = "updated", "Updated by later reports"
    OMISSION = "omission", "Omitted consensus fact"

    @classmethod
    def penalised(cls) -> frozenset[str]:
        """The kinds that cost points (the engine's fidelity.PENALISED)."""
        return frozenset(PENALISED)

    @classmethod
    def label_of(cls, kind: str) -> str:
        return cls(kind).label if kind in cls.values else kind


class ArticleScoreQuerySet(models.QuerySet):
    def current(self):
        return self.filter(engine_version=ENGINE_VERSION)

    def components_per_outlet(self):
        """Mean spin, drift and sidebar component per outlet id (stored on OutletScore by the bridge)."""
        return (self.compared().values(outlet=F("article__outlet_id"))
                .annotate(spin=Avg("spin"), drift=Avg("drift"), sidebar=Avg("sidebar")).order_by("outlet"))

    def compared(self):
        """Scores with a fidelity: the article was compared (against a consensus, or a copy against its source)."""
        return self.filter(fidelity__isnull=False)

    def lowest(self, n=10):
        return self.compared().select_related("article__outlet", "article__story").order_by("fidelity", "-article__published_at")[:n]

    # Dashboard helpers.

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
                                 help_text="0-100; 100 is faithful to the consensus. Empty: not compared.")
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
    # Sentences of the body ([start, end] each) that no other independent outlet states: shown, never penalised, and
    # never a sentence that holds a penalised finding (that sentence is shown as the finding).
    unverified = models.JSONField(default=list, blank=True)
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
_SCORED_FIELDS = frozenset({"raw_text"})


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

    def per_kind(self):
        return self.values("kind").annotate(n=Count("id")).order_by("kind")

    def of_outlet(self, outlet):
        return self.filter(score__article__outlet=outlet)

    def of_story(self, story):
        return self.filter(score__article__story=story)


class Finding(models.Model):
    score = models.ForeignKey(ArticleScore, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    expected = models.TextField(blank=True)
    support = models.JSONField(default=list, help_text="Article ids (database ids) that state the expected text.")
    severity = models.FloatField(default=0.0)
    explanation = models.TextField(blank=True)
    # What the engine knew, kept so that pages show it instead of working it out again: where `expected` is quoted
    # from (spin, drift, updated), the kind of fact that differs (drift, updated), and the consensus fact a drift
    # contradicts (when the words it quotes are one).
    source_article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_start = models.PositiveIntegerField(default=0)
    source_end = models.PositiveIntegerField(default=0)
    fact_type = models.CharField(max_length=20, blank=True,
                                 help_text="Drift and updated values: number, date, weekday, name, quote, ...")
    fact = models.ForeignKey("ConsensusFact", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="contradicted_by")

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["kind"])]


class ConsensusFactQuerySet(models.QuerySet):
    def current(self):
        return self.filter(engine_version=ENGINE_VERSION)


class ConsensusFact(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="facts")
    engine_version = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    text = models.TextField()
    support = models.JSONField(default=list, help_text="Article ids (database ids) that state it.")
    position = models.PositiveIntegerField(default=0)

    objects = ConsensusFactQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["story", "engine_version", "key"], name="one_fact_per_key"),
        ]


class CoverageState(models.TextChoices):
    STATES = "states", "states"
    CONTRADICTS = "contradicts", "contradicts"
    OMITS = "omits", "omits"


class FactCoverage(models.Model):
    """Whether an article states, contradicts or leaves out one consensus fact of its story: one row per (article
    score, fact), written by the bridge from the engine's coverage and drift findings. The story's "stated by", its
    heatmap and each article's "leaves out" all read these rows, so they agree."""

    score = models.ForeignKey(ArticleScore, on_delete=models.CASCADE, related_name="coverage", db_index=False)
    fact = models.ForeignKey(ConsensusFact, on_delete=models.CASCADE, related_name="coverage")
    state = models.CharField(max_length=12, choices=CoverageState.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["score", "fact"], name="one_coverage_per_score_and_fact")]


class StoredStoryDoc(models.Model):
    """What story grouping read of an article when it was last scored (the engine's StoryDoc, see
    scoring/storydocs.py): arrivals link against the stored corpus without preparing its articles again. Valid
    only for its engine version and while the article is as it was then (`made_from`: its updated_at)."""

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="+")
    engine_version = models.CharField(max_length=20)
    made_from = models.DateTimeField()
    doc = models.BinaryField()


class OutletScoreQuerySet(models.QuerySet):
    def current(self):
        return self.filter(engine_version=ENGINE_VERSION)

    def overall(self):
        return self.current().filter(window_start__isnull=True)

    def history(self):
        return self.current().filter(window_start__isnull=False).order_by("window_start")

    def leaderboard(self):
        return self.overall().select_related("outlet").order_by(F("score").desc(nulls_last=True), "outlet__name")


class OutletScore(models.Model):
    """An outlet's shrunk mean fidelity with a 90% interval, overall (no window) or per window."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="scores")
    engine_version = models.CharField(max_length=20)
    window_start = models.DateField(null=True, blank=True)
    window_end = models.DateField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True, help_text="Empty: insufficient evidence (too few compared).")
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    articles = models.PositiveIntegerField()
    # How the score was made, for the outlet page to explain it: the compared articles, their plain mean, and the
    # typical outlet's mean the score is pulled toward (scoring.engine.fidelity.outlet_scores).
    compared = models.PositiveIntegerField(default=0)
    mean = models.FloatField(null=True, blank=True)
    prior = models.FloatField(null=True, blank=True)
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
    # When a request last authenticated with it, to LAST_USED_RESOLUTION (one write a minute at most, not one per
    # request): what an admin needs to tell a token in use from a forgotten one before revoking it.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    LAST_USED_RESOLUTION = timedelta(minutes=1)

    def __str__(self):
        return f"{self.user} {self.name}".strip()

    def mark_used(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= self.LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token for the user; returns the row and the secret, which is shown once and never stored."""
        secret = secrets.token_urlsafe(32)
        while secret.startswith("-"):  # one in 64 would read as an option: `revoke_api_token --token -x...` fails
            secret = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.digest_of(secret)), secret


def remember_password(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save of a user: note whether the password is changing (compared with the stored hash)."""
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    if update_fields is not None and getattr(instance, "_password", None) is None:
        return  # check_password upgrading the hash of the same password (it saves only the password, raw unset)
    stored = type(instance).objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


def revoke_tokens_on_password_change(sender, instance, **kwargs) -> None:
    """post_save of a user: a new password revokes the user's API tokens (whoever knew the old one may hold them)."""
    if getattr(instance, "_password_changed", False):
        ApiToken.objects.filter(user=instance).delete()
        instance._password_changed = False


# Editorial review, right of reply and alerts. The logic lives in scoring/review.py and scoring/alerts.py.

REVIEW_VERDICTS = [("confirmed", "Confirmed"), ("dismissed", "Dismissed")]
DISMISSAL_REASONS = [
    ("not_spin", "Not spin"),
    ("wording", "Wording difference"),
    ("updated_fact", "Updated fact"),
    ("extraction", "Extraction error"),
    ("other", "Other"),
]


class FindingReview(models.Model):
    """An editor's verdict on the penalised findings of one article that share a kind, span text and expected text.

    Keyed by what the finding says, not by its row: a rescoring deletes and rewrites findings (offsets may move),
    and a finding saying the same thing again keeps its review. A review whose finding is gone stays, as history.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="finding_reviews")
    key = models.CharField(max_length=64, help_text="SHA-256 of the kind, span text and expected text.")
    kind = models.CharField(max_length=20, choices=FindingKind.choices)
    text = models.TextField()
    expected = models.TextField(blank=True)
    verdict = models.CharField(max_length=10, choices=REVIEW_VERDICTS)
    reason = models.CharField(max_length=20, choices=DISMISSAL_REASONS, blank=True)
    note = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="finding_reviews")
    reviewed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="one_review_per_article_finding")]
        indexes = [models.Index(fields=["verdict", "kind"])]

    def __str__(self):
        return f"{self.get_verdict_display()} {self.kind} “{self.text[:60]}” on {self.article_id}"


class OutletReply(models.Model):
    """An outlet's answer, entered by an editor: to one finding (article + finding key), to an article, or to the
    outlet as a whole."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="replies")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    finding_key = models.CharField(max_length=64, blank=True, help_text="With an article: the finding answered.")
    finding_kind = models.CharField(max_length=20, blank=True)
    finding_text = models.TextField(blank=True)
    text = models.TextField(help_text="The outlet's answer, as received.")
    received_on = models.DateField(help_text="When the outlet answered.")
    link = models.URLField(max_length=2000, blank=True, help_text="Where the outlet published it, if anywhere.")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name_plural = "outlet replies"

    def __str__(self):
        return f"{self.outlet} replied on {self.received_on}"

    @property
    def answers(self) -> str:
        if self.finding_key:
            return "finding"
        return "article" if self.article_id else "outlet"


class AuditEntry(models.Model):
    """Who changed what and when, with the state before and after: reviews, replies, acknowledged alerts."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    action = models.CharField(max_length=30)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit log"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.subject}"


ALERT_KINDS = [
    ("fidelity_drop", "Fidelity drop: last window at least N points under the previous one"),
    ("penalised_day", "At least N penalised articles in one day"),
    ("feed_quiet", "Feed quiet: no new article for N days"),
]


class AlertRule(models.Model):
    """A condition an admin sets; scoring/alerts.py evaluates every active rule after each scoring run."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ALERT_KINDS)
    threshold = models.FloatField(help_text="N: points of fidelity, penalised articles, or days, by kind.")
    min_articles = models.PositiveIntegerField(
        default=3, help_text="Fidelity drop: scored articles each of the two windows needs before they are compared.")
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.CASCADE, related_name="alert_rules",
                               help_text="Leave empty for every outlet.")
    email_to = models.TextField(blank=True, help_text="Addresses, comma-separated; empty: ALERT_EMAIL_TO.")
    webhook_url = models.URLField(max_length=2000, blank=True,
                                  help_text="Optional: receives each alert as a JSON POST (public addresses only).")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class Alert(models.Model):
    """One firing of a rule for one outlet and one window; never twice (the unique constraint)."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="alerts")
    window_start = models.DateField()
    window_end = models.DateField()
    figures = models.JSONField(default=dict)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    webhook_attempts = models.PositiveIntegerField(default=0)
    webhook_delivered_at = models.DateTimeField(null=True, blank=True)
    webhook_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "outlet", "window_start"],
                                               name="one_alert_per_rule_outlet_window")]

    def __str__(self):
        return f"{self.rule}: {self.outlet} {self.window_start}"
