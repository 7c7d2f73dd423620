"""Editors' verdicts on the engine's findings, read from a Concordance database for the evaluation's output.

The rest of the evaluation runs without Django; this module sets it up only when a database is named
(`python -m scoring.evaluation --database URL`): dismissals per detector are the false alarms editors found on
real news, a measure no labelled world gives.
"""
from __future__ import annotations

import os


def editor_verdicts(database_url: str) -> list[dict]:
    """Per finding kind: reviews, confirmations, dismissals per reason (scoring.review.verdict_counts)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from scoring.review import verdict_counts

    return verdict_counts()


def verdict_table(rows: list[dict]) -> str:
    if not rows:
        return "editors' verdicts: no finding reviewed yet"
    from scoring.review import REASON_LABELS

    header = ["detector", "reviewed", "confirmed", "dismissed", "dismissed %", *REASON_LABELS]
    lines = [header] + [[r["kind"], r["reviewed"], r["confirmed"], r["dismissed"],
                         f"{100 * r['dismissed_share']:.0f}", *(r[k] for k in REASON_LABELS)] for r in rows]
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    text = ["editors' verdicts per detector (dismissals by reason):"]
    text += ["  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(line, widths)))
             for line in lines]
    return "\n".join(text)
