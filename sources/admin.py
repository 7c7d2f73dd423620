"""The back office for sources: outlets to review, imported articles, stories, and an import page.

Score columns and the "Rescore" action live in scoring/admin.py.
"""
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from sources.feeds import with_staleness
from sources.forms import ImportUploadForm, OutletAdminForm
from sources import jobs
from sources.importing import save_upload
from sources.models import Article, Outlet, Story

RECENT_ARTICLES = 10
# A typed address without a scheme means https (Django 6's default; Django 5.2 warns about the change).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def _change_link(obj) -> str:
    if obj is None:
        return "-"
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


def _article_list(articles) -> str:
    """Links to the articles' admin pages, with outlet and date: `articles` should select_related("outlet")."""
    items = format_html_join(
        "", "<li><a href=\"{}\">{}</a> <span class=\"quiet\">{}, {}</span></li>",
        ((reverse("admin:sources_article_change", args=[a.pk]), a, a.outlet.name, a.published_at or "no date")
         for a in articles),
    )
    return format_html("<ul>{}</ul>", items) if items else "-"


class StaleFilter(admin.SimpleListFilter):
    title = "feed gone quiet"
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", f"no new article for {settings.FEED_STALE_DAYS} days"), ("no", "producing")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_stale=self.value() == "yes")  # annotated by OutletAdmin.get_queryset
        return queryset


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    form = OutletAdminForm
    list_display = ["name", "domains", "country", "language", "article_count", "last_published",
                    "is_active", "is_reviewed", "last_success_at", "stale"]
    list_filter = ["is_active", "is_reviewed", StaleFilter, "country", "language"]
    search_fields = ["name", "domains", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["recent_articles", "created_at", "last_polled_at", "last_success_at", "last_error"]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    actions = ["mark_reviewed"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "domains", "homepage", "feed_url", "country", "language", "notes"]}),
        ("Status", {"fields": ["is_active", "is_reviewed", "created_at"]}),
        ("Feed", {"fields": ["last_polled_at", "last_success_at", "last_error"]}),
        ("Articles", {"fields": ["recent_articles"]}),
    ]

    def get_queryset(self, request):
        return with_staleness(super().get_queryset(request).with_article_counts())

    @admin.display(description="stale", boolean=True, ordering="is_stale")
    def stale(self, outlet):
        return outlet.is_stale

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, outlet):
        return outlet.article_count

    @admin.display(description="last published", ordering="last_published")
    def last_published(self, outlet):
        return outlet.last_published

    @admin.display(description=f"latest {RECENT_ARTICLES} articles")
    def recent_articles(self, outlet):
        if not outlet.pk:
            return "-"
        return _article_list(outlet.articles.select_related("outlet").order_by("-published_at", "-id")[:RECENT_ARTICLES])

    def get_changeform_initial_data(self, request):
        # An outlet an admin adds by hand is one the admin has checked; "unreviewed" is for those an import meets.
        return {"is_reviewed": True, **super().get_changeform_initial_data(request)}

    @admin.action(description="Mark reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.update(is_reviewed=True)
        self.message_user(request, f"{count} outlet(s) marked reviewed.", messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet_link", "published_at", "story_link", "updated_at"]
    list_select_related = ["outlet", "story"]
    list_filter = ["outlet", "published_at"]
    search_fields = ["title", "url", "external_id"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["outlet"]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    readonly_fields = ["story_link", "raw_text", "raw_html", "content_hash", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "external_id", "published_at", "language", "story_link"]}),
        ("Text", {"fields": ["raw_text"]}),
        ("As imported", {"classes": ["collapse"],
                         "fields": ["raw_html", "content_hash", "created_at", "updated_at"]}),
    ]

    @admin.display(description="outlet", ordering="outlet__name")
    def outlet_link(self, article):
        return _change_link(article.outlet)

    @admin.display(description="story", ordering="story__title")
    def story_link(self, article):
        return _change_link(article.story)

    def has_add_permission(self, request):
        # Articles come in through the import (this page or the command), which checks, extracts and hashes
        # the text; a hand-made article would have none of that.
        return False

    def get_urls(self):
        import_url = path("import/", self.admin_site.admin_view(self.import_view), name="sources_article_import")
        return [import_url, *super().get_urls()]

    def import_view(self, request):
        if not request.user.has_perm("sources.add_article"):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            # The page returns at once: the file waits under IMPORT_UPLOAD_DIR for a worker or a background
            # thread (sources/jobs.py), and the message says what became of it.
            path = save_upload(form.cleaned_data["file"], settings.IMPORT_UPLOAD_DIR)
            told = jobs.queue_import(path, form.cleaned_data["outlet"])
            self.message_user(request, told, messages.SUCCESS)
            return redirect("admin:sources_article_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/sources/article/import.html", context)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "article_count", "outlet_count", "first_seen", "last_seen", "scoring_failed"]
    list_filter = [("scoring_error", admin.EmptyFieldListFilter)]
    search_fields = ["title", "key"]
    date_hierarchy = "last_seen"
    fields = ["title", "key", "first_seen", "last_seen", "scoring_error", "articles_list"]
    readonly_fields = ["key", "first_seen", "last_seen", "scoring_error", "articles_list"]

    @admin.display(description="scoring failed", boolean=True)
    def scoring_failed(self, story):
        return bool(story.scoring_error)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, story):
        return story.article_count

    @admin.display(description="outlets", ordering="outlet_count")
    def outlet_count(self, story):
        return story.outlet_count

    @admin.display(description="articles")
    def articles_list(self, story):
        return _article_list(story.articles.select_related("outlet").order_by("published_at", "id"))

    def has_add_permission(self, request):
        return False  # stories are built by the scoring engine, which groups articles reporting one event
