"""Scores in the back office: read-only score pages, a fidelity column and a "Rescore" action on articles."""
from django.contrib import admin, messages
from django.db.models import Prefetch

from scoring import jobs
from sources import runner
from scoring.models import ApiToken, ArticleScore, Finding, OutletScore
from sources.admin import ArticleAdmin, OutletAdmin
from sources.models import Article, BackgroundJob, Outlet


class ReadOnlyAdmin(admin.ModelAdmin):
    """Scores are the engine's output: shown, never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FindingInline(admin.TabularInline):
    model = Finding
    fields = ["kind", "text", "expected", "severity", "explanation"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ArticleScore)
class ArticleScoreAdmin(ReadOnlyAdmin):
    list_display = ["article", "fidelity", "spin", "drift", "sidebar", "has_consensus", "engine_version", "scored_at"]
    list_filter = ["engine_version", "has_consensus"]
    list_select_related = ["article", "article__outlet"]
    search_fields = ["article__title", "article__outlet__name"]
    inlines = [FindingInline]


@admin.register(OutletScore)
class OutletScoreAdmin(ReadOnlyAdmin):
    list_display = ["outlet", "window_start", "score", "low", "high", "articles", "engine_version"]
    list_filter = ["engine_version", "outlet"]
    list_select_related = ["outlet"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens: who holds one, what for, when it was last used; revoking deletes it (the secret is never stored,
    so a token is created by `manage.py create_api_token`, which shows it once)."""

    list_display = ["user", "name", "created_at", "last_used_at"]
    list_select_related = ["user"]
    list_filter = ["user"]
    search_fields = ["user__username", "name"]
    fields = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "revoke" says what deleting a token means
        return actions

    @admin.action(description="Revoke the selected tokens", permissions=["delete"])
    def revoke(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"{count} token(s) revoked: requests with them now get 401.", messages.SUCCESS)


def _rescore(modeladmin, request, article_ids=None):
    # Never inside the request (stories span many articles, outlet scores all of them): a worker or a background
    # thread does it (sources/runner.py), under the corpus lock (scoring/jobs.py).
    modeladmin.message_user(request, jobs.queue_rescore(article_ids), messages.SUCCESS)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(ReadOnlyAdmin):
    """Imports and rescorings started from the admin without a broker: what runs, how far, how it ended."""

    list_display = ["id", "kind", "description", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    fields = ["kind", "description", "status", "progress", "result", "created_at", "started_at", "finished_at",
              "pid", "host"]
    readonly_fields = fields

    def changelist_view(self, request, extra_context=None):
        runner.reap_dead()  # a job whose process died is shown as failed, not as running for ever
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        runner.reap_dead()
        return super().change_view(request, object_id, form_url, extra_context)


admin.site.unregister(Article)


@admin.register(Article)
class ScoredArticleAdmin(ArticleAdmin):
    list_display = [*ArticleAdmin.list_display, "fidelity"]
    actions = ["rescore"]

    def get_queryset(self, request):
        current = ArticleScore.objects.current()
        return super().get_queryset(request).prefetch_related(Prefetch("scores", queryset=current, to_attr="current"))

    @admin.display(description="fidelity")
    def fidelity(self, article):
        if not article.current:
            return "-"
        fidelity = article.current[0].fidelity
        return "not compared" if fidelity is None else f"{fidelity:.0f}"

    @admin.action(description="Rescore (the stories of) the selected articles", permissions=["change"])
    def rescore(self, request, queryset):
        _rescore(self, request, list(queryset.values_list("pk", flat=True)))


admin.site.unregister(Outlet)


@admin.register(Outlet)
class ScoredOutletAdmin(OutletAdmin):
    actions = [*OutletAdmin.actions, "rescore"]

    @admin.action(description="Rescore all articles", permissions=["change"])
    def rescore(self, request, queryset):
        _rescore(self, request)


# Editorial review, replies and alerts --------------------------------------------------------------------

from django.db import models as _models  # noqa: E402

from scoring import alerts as _alerts  # noqa: E402
from scoring.models import Alert, AlertRule, AuditEntry, FindingReview, OutletReply  # noqa: E402


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit log: who changed what, when, before and after. Never edited, never deleted."""

    list_display = ["at", "user", "action", "subject", "article", "outlet"]
    list_filter = ["action"]
    list_select_related = ["user", "article", "outlet"]
    search_fields = ["subject", "user__username"]
    readonly_fields = ["at", "user", "action", "subject", "article", "outlet", "before", "after"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FindingReview)
class FindingReviewAdmin(ReadOnlyAdmin):
    """Reviews are made on the article page or the review queue, which recompute the scores and log the change."""

    list_display = ["article", "kind", "text", "verdict", "reason", "reviewer", "reviewed_at"]
    list_filter = ["verdict", "reason", "kind"]
    list_select_related = ["article", "reviewer"]
    search_fields = ["text", "note", "article__title"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutletReply)
class OutletReplyAdmin(admin.ModelAdmin):
    list_display = ["outlet", "received_on", "answers", "article", "entered_by", "entered_at"]
    list_filter = ["outlet"]
    list_select_related = ["outlet", "article", "entered_by"]
    search_fields = ["text", "outlet__name"]
    readonly_fields = ["finding_key", "finding_kind", "finding_text", "entered_by", "entered_at"]
    raw_id_fields = ["article"]
    formfield_overrides = {_models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = OutletReply.objects.get(pk=obj.pk)
            before = {"text": old.text[:500], "received_on": old.received_on.isoformat(), "link": old.link}
        else:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
        AuditEntry.objects.create(user=request.user, action="reply changed" if change else "reply added",
                                  article=obj.article, outlet=obj.outlet, subject=f"Reply of {obj.outlet.name}",
                                  before=before, after={"text": obj.text[:500],
                                                        "received_on": obj.received_on.isoformat(),
                                                        "link": obj.link})


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "threshold", "outlet", "is_active", "webhook_url"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["outlet"]
    actions = ["evaluate_now"]
    formfield_overrides = {_models.URLField: {"assume_scheme": "https"}}

    @admin.action(description="Evaluate every active rule now")
    def evaluate_now(self, request, queryset):
        created = _alerts.evaluate()
        self.message_user(request, f"{len(created)} new alert{'s' if len(created) != 1 else ''}.", messages.SUCCESS)


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "rule", "outlet", "window_start", "message", "acknowledged_by", "acknowledged_at",
                    "emailed_at", "webhook_delivered_at"]
    list_filter = ["rule", "acknowledged_at"]
    list_select_related = ["rule", "outlet", "acknowledged_by"]
    actions = ["acknowledge"]

    @admin.action(description="Acknowledge the selected alerts", permissions=["view"])
    def acknowledge(self, request, queryset):
        done = sum(_alerts.acknowledge(alert, request.user) for alert in queryset)
        self.message_user(request, f"Acknowledged {done}.", messages.SUCCESS)
