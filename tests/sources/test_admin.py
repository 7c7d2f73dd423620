"""The back office: pages answer staff, refuse everyone else; the import page uses the import code path."""
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources import runner
from sources.models import Article, BackgroundJob, Outlet, Story
from tests.conftest import make_article, make_outlet

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
IMPORT_URL = "admin:sources_article_import"


@pytest.fixture
def corpus():
    outlet = make_outlet("Harbour Herald", domains="harbourherald.example")
    story = Story.objects.create(key="s1", title="Harbour bridge approved")
    article = make_article(outlet, title="Council approves the bridge", url="https://harbourherald.example/1",
                           story=story)
    return outlet, article, story


def page_urls(outlet, article, story) -> list[str]:
    return [
        reverse("admin:sources_outlet_changelist"),
        reverse("admin:sources_outlet_change", args=[outlet.pk]),
        reverse("admin:sources_outlet_add"),
        reverse("admin:sources_article_changelist"),
        reverse("admin:sources_article_change", args=[article.pk]),
        reverse("admin:sources_story_changelist"),
        reverse("admin:sources_story_change", args=[story.pk]),
        reverse(IMPORT_URL),
    ]


def test_every_sources_page_answers_staff(admin_client, corpus):
    for url in page_urls(*corpus):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "not staff"])
def test_every_sources_page_sends_others_to_the_login(client, corpus, who):
    if who == "not staff":
        client.force_login(User.objects.create_user("reader", password="pw"))
    for url in page_urls(*corpus):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_a_staff_member_without_the_permission_may_not_import(client):
    client.force_login(User.objects.create_user("clerk", password="pw", is_staff=True))
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    upload = SimpleUploadedFile("feed.jsonl", (DATA / "mixed.jsonl").read_bytes())
    assert client.post(reverse(IMPORT_URL), {"file": upload}).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_staff_with_the_permission_may_import(client):
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="add_article"))
    client.force_login(clerk)
    upload = SimpleUploadedFile("feed.csv", (DATA / "articles.csv").read_bytes())
    response = client.post(reverse(IMPORT_URL), {"file": upload})
    assert response.status_code == 302
    runner.wait_all()
    assert Article.objects.count() == 2


def test_the_outlet_list_shows_article_counts_and_filters(admin_client, corpus):
    make_outlet("Valley Courier", country="NL")
    response = admin_client.get(reverse("admin:sources_outlet_changelist"), {"is_reviewed__exact": "0"})
    rows = {o.name: o.article_count for o in response.context["cl"].result_list}
    assert rows == {"Harbour Herald": 1, "Valley Courier": 0}
    response = admin_client.get(reverse("admin:sources_outlet_changelist"), {"country": "NL", "q": "valley"})
    assert [o.name for o in response.context["cl"].result_list] == ["Valley Courier"]


def test_the_outlet_page_links_its_latest_articles(admin_client, corpus):
    outlet, article, _ = corpus
    response = admin_client.get(reverse("admin:sources_outlet_change", args=[outlet.pk]))
    assert reverse("admin:sources_article_change", args=[article.pk]) in response.content.decode()


def test_mark_reviewed_marks_the_selected_outlets_only(admin_client):
    waiting = [make_outlet("Delta Daily"), make_outlet("Valley Courier")]
    untouched = make_outlet("Harbour Herald")
    response = admin_client.post(reverse("admin:sources_outlet_changelist"), {
        "action": "mark_reviewed", "_selected_action": [o.pk for o in waiting]})
    assert response.status_code == 302
    assert set(Outlet.objects.filter(is_reviewed=True)) == set(waiting)
    untouched.refresh_from_db()
    assert not untouched.is_reviewed


def test_the_article_pages_link_outlet_and_story_and_keep_the_text_read_only(admin_client, corpus):
    outlet, article, story = corpus
    changelist = admin_client.get(reverse("admin:sources_article_changelist")).content.decode()
    assert reverse("admin:sources_outlet_change", args=[outlet.pk]) in changelist
    assert reverse("admin:sources_story_change", args=[story.pk]) in changelist
    assert reverse(IMPORT_URL) in changelist  # the import button
    response = admin_client.get(reverse("admin:sources_article_change", args=[article.pk]))
    form_fields = response.context["adminform"].form.fields
    assert {"raw_text", "raw_html", "content_hash"}.isdisjoint(form_fields)
    assert "title" in form_fields


def test_the_article_list_searches_titles_and_urls(admin_client, corpus):
    make_article(corpus[0], text="Other text.", title="Ferry timetable", url="https://harbourherald.example/ferry")
    for query, expected in [("bridge", ["Council approves the bridge"]), ("/ferry", ["Ferry timetable"])]:
        response = admin_client.get(reverse("admin:sources_article_changelist"), {"q": query})
        assert [a.title for a in response.context["cl"].result_list] == expected


def test_the_article_list_runs_a_fixed_number_of_queries(admin_client, corpus, django_assert_max_num_queries):
    for n in range(10):
        make_article(corpus[0], text=f"Article {n}.", story=corpus[2])
    with django_assert_max_num_queries(10):  # list_select_related: no query per row for outlet and story
        admin_client.get(reverse("admin:sources_article_changelist"))


def test_the_story_list_counts_articles_and_outlets(admin_client, corpus):
    make_article(make_outlet("Valley Courier"), text="Another version.", story=corpus[2])
    response = admin_client.get(reverse("admin:sources_story_changelist"))
    [story] = response.context["cl"].result_list
    assert (story.article_count, story.outlet_count) == (2, 2)


@pytest.mark.django_db(transaction=True)
def test_the_import_page_hands_the_upload_to_a_background_job_that_reports_by_line(admin_client):
    upload = SimpleUploadedFile("feed.jsonl", (DATA / "mixed.jsonl").read_bytes())
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload, "outlet": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_article_changelist")
    job = BackgroundJob.objects.get()
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("feed.jsonl: importing and scoring in the background") and f"job {job.pk}" in message
    job = runner.wait(job.pk)
    assert job.status == "done" and job.kind == "import" and job.description == "feed.jsonl"
    assert Article.objects.get().external_id == "hh-1"
    assert job.result.splitlines() == [
        "imported 1, updated 0, rejected 2, unchanged 0",
        "feed.jsonl:2: invalid JSON (Expecting ',' delimiter at column 66)",
        "feed.jsonl:3: neither text nor html",
    ]
    page = admin_client.get(reverse("admin:sources_backgroundjob_change", args=[job.pk])).content.decode()
    assert "feed.jsonl:3: neither text nor html" in page


@pytest.mark.django_db(transaction=True)
def test_the_import_page_takes_an_outlet_for_a_single_html_article(admin_client):
    upload = SimpleUploadedFile("bridge.html", (DATA / "folder" / "bridge.html").read_bytes())
    admin_client.post(reverse(IMPORT_URL), {"file": upload, "outlet": "Harbour Herald"})
    runner.wait_all()
    stored = Article.objects.get()
    assert stored.outlet.name == "Harbour Herald" and not stored.outlet.is_reviewed
    assert "40 million euros" in stored.raw_text


def test_the_import_page_refuses_other_file_types_and_files_over_the_limit(admin_client, settings):
    response = admin_client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile("feed.json", b"[]")})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors

    settings.IMPORT_UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("feed.jsonl", (DATA / "mixed.jsonl").read_bytes())
    response = admin_client.post(reverse(IMPORT_URL), {"file": upload})
    assert response.status_code == 200
    assert "the limit is 100" in str(response.context["form"].errors["file"])
    assert not Article.objects.exists()
