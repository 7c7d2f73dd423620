"""Scores in the back office: read-only score pages, a fidelity column and a "Rescore" action on articles."""
from django.contrib import admin, messages
from django.db.models import Prefetch

from scoring import jobs, runner
from scoring.engine import ENGINE_VERSION
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


def _rescore(modeladmin, request, queryset):
    # Corpus-wide, so never inside the request: a worker or a background thread does it (scoring/runner.py).
    modeladmin.message_user(request, jobs.queue_rescore(), messages.SUCCESS)


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
        current = ArticleScore.objects.filter(engine_version=ENGINE_VERSION)
        return super().get_queryset(request).prefetch_related(Prefetch("scores", queryset=current, to_attr="current"))

    @admin.display(description="fidelity")
    def fidelity(self, article):
        return f"{article.current[0].fidelity:.0f}" if article.current else "-"

    @admin.action(description="Rescore (the stories of) the selected articles", permissions=["change"])
    def rescore(self, request, queryset):
        # Stories span many articles and outlet scores span all of them: rescoring is corpus-wide.
        _rescore(self, request, queryset)


admin.site.unregister(Outlet)


@admin.register(Outlet)
class ScoredOutletAdmin(OutletAdmin):
    actions = [*OutletAdmin.actions, "rescore"]

    @admin.action(description="Rescore all articles", permissions=["change"])
    def rescore(self, request, queryset):
        _rescore(self, request, queryset)
