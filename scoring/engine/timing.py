"""When reports were published and how long their durations are: what drift needs to compare values of one time.

Pure helpers, no detector: drift decides what a gap or a length means (its window and tolerance are
drift.DriftParams's).
"""
from __future__ import annotations

from datetime import datetime

from scoring.engine.matrix import as_time


def _apart(a, b) -> float | None:
    """Days between two publication times (datetime or date); None when either is unknown. Only days known: the
    smallest gap the two days allow (0 for the same or adjacent days)."""
    a, b = as_time(a), as_time(b)  # ArticleText.published may be an ISO 8601 string
    if a is None or b is None:
        return None
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        return (b - a).total_seconds() / 86400
    da = a.date() if isinstance(a, datetime) else a
    db = b.date() if isinstance(b, datetime) else b
    days = (db - da).days
    return 0.0 if abs(days) <= 1 else float(days - (1 if days > 0 else -1))


def same_time(a, b, window_hours: float) -> bool:
    """Published about the same time: at most `window_hours` apart (when only the days are known, the same or
    adjacent days are); an unknown time counts as the same."""
    gap = _apart(a, b)
    return gap is None or abs(gap) <= window_hours / 24


def later(a, b, window_hours: float) -> bool:
    """b was published after a, more than `window_hours` after it."""
    gap = _apart(a, b)
    return gap is not None and gap > window_hours / 24


# Days in a unit of time, for durations written in different units ("less than four weeks" / "less than a month").
_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30.44,
         "year": 365.25, "decade": 3652.5, "century": 36525}


def days_in(value: str) -> float | None:
    """The days in a duration's value (its count, a space, its unit); None when either is not read."""
    count, _, unit = value.partition(" ")
    try:
        n = float(count.replace(",", ""))
    except ValueError:
        return None
    return n * _DAYS[unit] if unit in _DAYS else None
