"""Editorial review of findings: verdicts, recomputed scores, reviews that outlive a rescoring, roles, the queue."""
import pytest
from django.contrib.auth.models import Group
from django.test import Client

from scoring import review, tasks
from scoring.engine import types
from scoring.engine.fidelity import article_fidelity
from scoring.models import ArticleScore, AuditEntry, Finding, FindingReview, OutletScore
from tests.review.conftest import make_user
from tests.scoring.factories import make_world
from tests.scoring.test_tasks import make_story_articles

pytestmark = pytest.mark.django_db


def _spin_finding(world, text="overpass"):
    return Finding.objects.select_related("score__article").filter(kind="spin", text=text).first()


def _dismiss(client, finding, reason="wording", note=""):
    return client.post(f"/findings/{finding.pk}/review/", {"verdict": "dismissed", "reason": reason, "note": note})


def test_a_dismissed_finding_stops_costing_points_and_the_outlet_score_is_recomputed(editor):
    world = make_world(stories=5)  # an outlet score needs 5 compared articles (fidelity.MIN_COMPARED)
    tasks.save_outlet_scores()  # outlet scores as the bridge computes them from the stored article scores
    finding = _spin_finding(world)
    score = finding.score
    outlet = score.article.outlet
    outlet_before = OutletScore.objects.overall().get(outlet=outlet).score

    response = _dismiss(editor, finding)

    assert response.status_code == 302
    score.refresh_from_db()
    # The engine's formula over the article's stored findings less the dismissed one: the other spin finding.
    others = [types.Finding(f.kind, f.start, f.end, f.text, f.expected, severity=f.severity)
              for f in score.findings.exclude(pk=finding.pk)]
    assert score.fidelity == pytest.approx(article_fidelity(others)[0])
    assert score.fidelity == pytest.approx(100 - 4 * 0.4)  # one swap of severity 0.4 left, 4 points per unit
    assert OutletScore.objects.overall().get(outlet=outlet).score > outlet_before
    review_row = FindingReview.objects.get()
    assert (review_row.verdict, review_row.reason, review_row.reviewer.username) == ("dismissed", "wording", "edith")


def test_the_article_page_shows_the_dismissed_finding_struck_through_with_who_when_why(editor):
    world = make_world(stories=1)
    finding = _spin_finding(world)
    _dismiss(editor, finding, reason="other", note="A regional spelling, not a swap")
    page = editor.get(f"/articles/{finding.score.article_id}/").content.decode()
    assert "finding--dismissed" in page and "mark class=\"hl hl-spin dismissed" in page
    assert "Dismissed</strong>: other" in page and "A regional spelling, not a swap" in page and "by edith" in page
    assert "1 finding dismissed by editors costs nothing" in page


def test_every_change_is_in_the_audit_log_with_before_and_after(editor):
    world = make_world(stories=1)
    finding = _spin_finding(world)
    fidelity = finding.score.fidelity
    _dismiss(editor, finding)
    editor.post(f"/findings/{finding.pk}/review/", {"verdict": "confirmed"})
    first, second = AuditEntry.objects.order_by("at", "id")
    assert first.user.username == "edith" and first.article_id == finding.score.article_id
    assert first.before == {"review": None, "fidelity": fidelity}
    assert first.after["review"]["verdict"] == "dismissed" and first.after["fidelity"] > fidelity
    assert second.before["review"]["verdict"] == "dismissed"
    # Confirmed again: the finding costs its points again (the factory's fidelity was not the formula's: 61).
    every = [types.Finding(f.kind, f.start, f.end, f.text, f.expected, severity=f.severity)
             for f in finding.score.findings.all()]
    assert second.after == {"review": {"verdict": "confirmed", "reason": "", "note": ""},
                            "fidelity": pytest.approx(article_fidelity(every)[0])}
    page = editor.get(f"/articles/{finding.score.article_id}/").content.decode()
    assert "Finding dismissed" in page and "Finding confirmed" in page


def test_a_dismissal_needs_a_reason_and_other_needs_a_note(editor):
    world = make_world(stories=1)
    finding = _spin_finding(world)
    for data in ({"verdict": "dismissed"}, {"verdict": "dismissed", "reason": "other"},
                 {"verdict": "dismissed", "reason": "made-up"}, {"verdict": "maybe"}):
        response = editor.post(f"/findings/{finding.pk}/review/", data, follow=True)
        assert "Not saved" in response.content.decode(), data
    assert not FindingReview.objects.exists() and not AuditEntry.objects.exists()


def test_unpenalised_findings_are_not_reviewed(editor):
    make_world(stories=1)
    chrome = Finding.objects.filter(kind="boilerplate").first()
    response = editor.post(f"/findings/{chrome.pk}/review/", {"verdict": "confirmed"}, follow=True)
    assert "Only findings that cost points" in response.content.decode()
    assert not FindingReview.objects.exists()


def test_a_viewer_reads_but_cannot_review(viewer):
    world = make_world(stories=1)
    finding = _spin_finding(world)
    fidelity = finding.score.fidelity
    page = viewer.get(f"/articles/{finding.score.article_id}/").content.decode()
    assert "data-review-form" not in page and "Enter a reply" not in page
    assert _dismiss(viewer, finding).status_code == 403
    finding.score.refresh_from_db()
    assert finding.score.fidelity == fidelity and not FindingReview.objects.exists()
    queue = viewer.get("/review/")
    assert queue.status_code == 200 and "only editors confirm or dismiss" in queue.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client):
    world = make_world(stories=1)
    finding = _spin_finding(world)
    response = _dismiss(client, finding)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/review/").status_code == 302
    assert not FindingReview.objects.exists()


def test_reviewing_is_post_only(editor):
    world = make_world(stories=1)
    assert editor.get(f"/findings/{_spin_finding(world).pk}/review/").status_code == 405


def test_the_groups_viewers_read_editors_also_review():
    make_user("someone", "Viewers")
    viewers = set(Group.objects.get(name="Viewers").permissions.values_list("codename", flat=True))
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert viewers and all(c.startswith("view_") for c in viewers)
    assert {"add_findingreview", "add_outletreply", "change_alert"} <= editors
    assert viewers <= editors


def test_a_rescoring_keeps_the_review_and_its_effect():
    make_story_articles()
    tasks.score_all()
    editor = make_user("edith", "Editors")
    finding = Finding.objects.current().filter(kind="spin").select_related("score__article").first()
    article = finding.score.article
    before = finding.score.fidelity
    review.review_finding(finding, editor, "dismissed", "not_spin")
    after = ArticleScore.objects.current().get(article=article).fidelity
    assert after > before

    tasks.score_all()  # a new engine run rewrites every finding and score

    rescored = ArticleScore.objects.current().get(article=article)
    assert rescored.fidelity == after  # the dismissal still applies
    again = Finding.objects.get(score=rescored, kind=finding.kind, text=finding.text, expected=finding.expected)
    assert again.pk != finding.pk  # a new row, matched on what it says
    assert review.key_of(again) in review.reviews_by_key(article)
    assert finding.pk not in [f.pk for f in review.unreviewed(review.penalised(Finding.objects.current()))]


def test_a_review_whose_finding_is_gone_stays_in_the_history(editor):
    world = make_world(stories=1)
    finding = _spin_finding(world)
    _dismiss(editor, finding)
    finding.delete()  # as if the next run no longer reported it
    page = editor.get(f"/articles/{world['scores'][3].article_id}/").content.decode()
    assert "Reviews of findings the latest run no longer reports" in page and "overpass" in page
    assert FindingReview.objects.count() == 1


def test_the_queue_lists_unreviewed_penalised_findings_newest_first_and_filters(editor):
    world = make_world(stories=2)
    queue = editor.get("/review/")
    rows = list(queue.context["page"].object_list)
    # Per story: two drifts and a sidebar (Daily Drift), two spins (Spin Weekly); chrome and omissions never.
    assert len(rows) == 10 and {f.kind for f in rows} == {"spin", "drift", "sidebar"}
    published = [f.score.article.published_at for f in rows]
    assert published == sorted(published, reverse=True)
    assert len(editor.get("/review/", {"kind": "spin"}).context["page"].object_list) == 4
    drift = world["outlets"]["Daily Drift"]
    assert {f.kind for f in editor.get("/review/", {"outlet": drift.slug}).context["page"].object_list} == {
        "drift", "sidebar"}
    _dismiss(editor, rows[0], reason="extraction")
    assert editor.get("/review/").context["page"].paginator.count == 9
    overview = editor.get("/")
    assert overview.context["awaiting_review"] == 9
    assert "9</strong> findings awaiting review" in overview.content.decode()


def test_the_overview_counts_findings_awaiting_review_up_to_its_cap(editor, monkeypatch):
    make_world(stories=2)
    monkeypatch.setattr("scoring.review.AWAITING_SHOWN", 4)
    overview = editor.get("/")
    assert overview.context["awaiting_review"] == 5  # counted no further than one past the cap
    assert "4+</strong> findings awaiting review" in overview.content.decode()
    assert review.awaiting_review_count() == 10


def test_dismissal_reasons_are_counted_per_detector(editor):
    make_world(stories=2)
    spins = list(Finding.objects.filter(kind="spin").order_by("pk"))
    drifts = list(Finding.objects.filter(kind="drift").order_by("pk"))
    _dismiss(editor, spins[0], reason="not_spin")
    _dismiss(editor, spins[1], reason="wording")
    editor.post(f"/findings/{spins[2].pk}/review/", {"verdict": "confirmed"})
    _dismiss(editor, drifts[0], reason="updated_fact")
    counts = {row["kind"]: row for row in review.verdict_counts()}
    assert counts["spin"]["reviewed"] == 3 and counts["spin"]["dismissed"] == 2
    assert counts["spin"]["not_spin"] == counts["spin"]["wording"] == 1
    assert counts["spin"]["dismissed_share"] == pytest.approx(2 / 3)
    assert counts["drift"]["updated_fact"] == 1 and counts["drift"]["confirmed"] == 0
    page = editor.get("/review/").content.decode()
    assert "Verdicts per detector" in page and "67%" in page


def test_a_second_client_sees_the_reviews_of_the_first(editor):
    world = make_world(stories=1)
    finding = _spin_finding(world)
    _dismiss(editor, finding)
    other = Client()
    other.force_login(make_user("victor", "Viewers"))
    page = other.get(f"/articles/{finding.score.article_id}/").content.decode()
    assert "finding--dismissed" in page and "by edith" in page


def test_the_evaluation_prints_the_verdicts_per_detector(editor):
    from scoring.evaluation.reviews import verdict_table

    assert verdict_table(review.verdict_counts()) == "editors' verdicts: no finding reviewed yet"
    make_world(stories=1)
    spins = list(Finding.objects.filter(kind="spin").order_by("pk"))
    _dismiss(editor, spins[0], reason="not_spin")
    editor.post(f"/findings/{spins[1].pk}/review/", {"verdict": "confirmed"})
    lines = verdict_table(review.verdict_counts()).splitlines()
    assert lines[1].split() == ["detector", "reviewed", "confirmed", "dismissed", "dismissed", "%", "not_spin",
                                "wording", "updated_fact", "extraction", "other"]
    assert lines[2].split() == ["spin", "2", "1", "1", "50", "1", "0", "0", "0", "0"]
