"""Scores in the back office: read-only score pages, a fidelity column and a "Rescore" action on articles."""
from django.contrib import admin, messages
from django.db.models import Prefetch

from scoring import tasks
from scoring.engine import ENGINE_VERSION
from scoring.models import ArticleScore, Finding, OutletScore
from sources.admin import ArticleAdmin, OutletAdmin
from sources.models import Article, Outlet


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


def _rescore(modeladmin, request, queryset):
    result = tasks.score_all()
    modeladmin.message_user(
        request, f"Rescored {result.articles} articles in {result.stories} stories (engine {result.version}).",
        messages.SUCCESS)


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
        if not article.current:
            return "-"
        fid = article.current[0].fidelity
        return "not compared" if fid is None else f"{fid:.0f}"

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
