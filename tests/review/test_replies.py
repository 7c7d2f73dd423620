"""Right of reply: an outlet's answer attached to a finding, an article or the outlet; shown, exported, logged."""
import io

import pandas as pd
import pytest

from scoring.models import AuditEntry, Finding, OutletReply
from tests.scoring.factories import make_world

pytestmark = pytest.mark.django_db


def _reply(client, outlet, **data):
    data.setdefault("text", "We stand by our report.")
    data.setdefault("received_on", "2024-03-08")
    return client.post(f"/outlets/{outlet.slug}/replies/", data, follow=True)


def test_an_editor_attaches_a_reply_to_a_finding_shown_beside_it(editor):
    world = make_world(stories=1)
    finding = Finding.objects.select_related("score__article__outlet").get(kind="spin", text="overpass")
    article = finding.score.article
    response = _reply(editor, article.outlet, article=article.pk, finding=finding.pk,
                      text="Overpass is our house style.", link="https://spin.example/corrections")
    assert response.status_code == 200 and "Reply of Spin Weekly saved" in response.content.decode()
    reply = OutletReply.objects.get()
    assert (reply.answers, reply.finding_kind, reply.finding_text) == ("finding", "spin", "overpass")
    page = editor.get(f"/articles/{article.pk}/")
    rows = {row["text"]: row for row in page.context["findings"]}
    assert [r.text for r in rows["overpass"]["replies"]] == ["Overpass is our house style."]
    assert rows["lengthy discussion"]["replies"] == []
    assert page.context["article_replies"] == []
    html = page.content.decode()
    assert html.index("Overpass is our house style.") < html.index("Right of reply")  # beside its finding
    assert 'href="https://spin.example/corrections"' in html
    entry = AuditEntry.objects.get()
    assert entry.action == "reply added" and entry.after["answers"] == "finding" and entry.user.username == "edith"


def test_a_reply_to_an_article_and_one_to_the_outlet_show_on_the_outlet_page(editor):
    world = make_world(stories=1)
    drift = world["outlets"]["Daily Drift"]
    article = next(a for a in world["articles"] if a.outlet == drift)
    _reply(editor, drift, article=article.pk, text="The meeting moved to Friday.")
    _reply(editor, drift, text="We correct errors within a day.", received_on="2024-03-09")
    assert editor.get(f"/articles/{article.pk}/").context["article_replies"][0].text == "The meeting moved to Friday."
    page = editor.get(f"/outlets/{drift.slug}/").content.decode()
    assert "We correct errors within a day." in page and "The meeting moved to Friday." in page
    assert "the outlet as a whole" in page


def test_a_reply_needs_text_and_a_date_and_must_answer_the_outlets_own_article(editor):
    world = make_world(stories=1)
    drift, herald = world["outlets"]["Daily Drift"], world["outlets"]["Harbour Herald"]
    assert "Reply not saved" in _reply(editor, drift, text="", received_on="").content.decode()
    herald_article = next(a for a in world["articles"] if a.outlet == herald)
    assert _reply(editor, drift, article=herald_article.pk).status_code == 404
    spin = Finding.objects.get(kind="spin", text="overpass")
    drift_article = next(a for a in world["articles"] if a.outlet == drift)
    response = _reply(editor, drift, article=drift_article.pk, finding=spin.pk)  # a finding of another article
    assert "Reply not saved" in response.content.decode()
    assert not OutletReply.objects.exists()


def test_a_viewer_cannot_enter_a_reply(viewer):
    world = make_world(stories=1)
    assert viewer.post(f"/outlets/{world['outlets']['Daily Drift'].slug}/replies/",
                       {"text": "x", "received_on": "2024-03-08"}).status_code == 403
    assert not OutletReply.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_carry_review_state_and_replies(editor, fmt):
    world = make_world(stories=1)
    finding = Finding.objects.select_related("score__article__outlet").get(kind="spin", text="overpass")
    article = finding.score.article
    editor.post(f"/findings/{finding.pk}/review/", {"verdict": "dismissed", "reason": "wording", "note": "house"})
    _reply(editor, article.outlet, article=article.pk, finding=finding.pk, text="=SUM(A1) our style")

    findings = _read(editor.get(f"/exports/findings.{fmt}"), fmt)
    row = findings[findings["text"] == "overpass"].iloc[0]
    assert (row["review"], row["review_reason"], row["review_note"], row["reviewed_by"]) == (
        "dismissed", "wording", "house", "edith")
    assert row["replies"] == "2024-03-08: =SUM(A1) our style"
    other = findings[findings["text"] == "lengthy discussion"].iloc[0]
    assert pd.isna(other["review"]) or other["review"] == ""

    replies = _read(editor.get(f"/exports/replies.{fmt}"), fmt)
    assert list(replies["answers"]) == ["finding"] and replies.iloc[0]["outlet"] == "Spin Weekly"
    assert replies.iloc[0]["article"] == article.pk
    assert replies.iloc[0]["text"] == "'=SUM(A1) our style"  # formula-like text is exported as text


def _read(response, fmt):
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return pd.read_csv(io.BytesIO(body)) if fmt == "csv" else pd.read_excel(io.BytesIO(body))
