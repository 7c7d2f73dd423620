"""Download routes: /exports/outlets.csv|xlsx and /exports/findings.csv|xlsx (login required)."""
from django.urls import path

from scoring import exports

app_name = "exports"

urlpatterns = [
    path("outlets.<str:fmt>", exports.outlet_scores, name="outlets"),
    path("findings.<str:fmt>", exports.findings, name="findings"),
    path("replies.<str:fmt>", exports.replies, name="replies"),
]
