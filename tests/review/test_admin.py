"""The back office of review: the audit log, reviews, replies, alert rules and alerts in the admin."""
import pytest

from scoring.models import Alert, AlertRule, AuditEntry, OutletReply
from tests.review.test_alerts import _history
from tests.scoring.factories import make_world

pytestmark = pytest.mark.django_db


def test_every_review_model_has_an_admin_page(admin_client):
    world = make_world(stories=1)
    _history(world["outlets"]["Spin Weekly"], 90, 60)
    rule = AlertRule.objects.create(name="Drop", kind="fidelity_drop", threshold=10)
    for name in ("auditentry", "findingreview", "outletreply", "alertrule", "alert"):
        assert admin_client.get(f"/admin/scoring/{name}/").status_code == 200, name
    response = admin_client.post("/admin/scoring/alertrule/", {"action": "evaluate_now", "_selected_action": [rule.pk]},
                                 follow=True)
    assert "1 new alert." in response.content.decode()
    alert = Alert.objects.get()
    admin_client.post("/admin/scoring/alert/", {"action": "acknowledge", "_selected_action": [alert.pk]})
    alert.refresh_from_db()
    assert alert.acknowledged_by.username == "admin"
    assert AuditEntry.objects.get().action == "alert acknowledged"
    assert admin_client.get(f"/admin/scoring/auditentry/{AuditEntry.objects.get().pk}/change/").status_code == 200


def test_a_reply_entered_in_the_admin_is_logged(admin_client):
    world = make_world(stories=1)
    outlet = world["outlets"]["Daily Drift"]
    response = admin_client.post("/admin/scoring/outletreply/add/", {
        "outlet": outlet.pk, "text": "We corrected the date.", "received_on": "2024-03-10", "link": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    reply = OutletReply.objects.get()
    assert reply.entered_by.username == "admin" and reply.answers == "outlet"
    assert AuditEntry.objects.get().action == "reply added"


def test_the_audit_log_cannot_be_edited_or_deleted_in_the_admin(admin_client):
    entry = AuditEntry.objects.create(action="finding dismissed", subject="x", before=None, after={"a": 1})
    assert admin_client.post(f"/admin/scoring/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get("/admin/scoring/auditentry/add/").status_code == 403
    assert AuditEntry.objects.count() == 1
