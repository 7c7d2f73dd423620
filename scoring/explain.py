"""How a score was made, in words and numbers an editor can check by hand; and what its colour band means.

Points come from the engine (`scoring.engine.fidelity.finding_points` and `points_lost`, with the default
Weights): nothing here re-implements the formula, it only lays it out. Pages and exports take their points from
here, so the article page, the findings export and the API say the same thing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings

from scoring.engine.fidelity import DEFAULT_WEIGHTS, PENALISED, finding_points, points_lost

# Colour bands, in points lost. A changed fact (one drift) costs DRIFT_POINTS, so "minor" is less than one changed
# fact; under LOW_FIDELITY is what the overview lists as low fidelity.
DRIFT_POINTS = DEFAULT_WEIGHTS.drift_points
LOW_FIDELITY = 70.0
# A mean (an outlet's or a story's score) is green when its articles lose under this many points on average: at
# most one changed fact in two articles. An article is green only when it loses nothing.
MEAN_GREEN_LOSS = DRIFT_POINTS / 2

NOT_COMPARED = "not compared"
INSUFFICIENT = "insufficient evidence"


@dataclass(frozen=True)
class Band:
    css: str
    article: str  # what the colour means on an article's score
    mean: str  # what it means on a mean (outlet, story)


BANDS = [
    Band("score-clean", "100: no points lost", f"{100 - MEAN_GREEN_LOSS:g} or more"),
    Band("score-minor", f"{100 - DRIFT_POINTS:g} to under 100: some points lost, less than one changed fact "
                        f"({DRIFT_POINTS:g} points)", f"{100 - DRIFT_POINTS:g} to under {100 - MEAN_GREEN_LOSS:g}"),
    Band("score-mid", f"{LOW_FIDELITY:g} to under {100 - DRIFT_POINTS:g}", f"{LOW_FIDELITY:g} to under "
                                                                           f"{100 - DRIFT_POINTS:g}"),
    Band("score-low", f"under {LOW_FIDELITY:g}: low fidelity", f"under {LOW_FIDELITY:g}"),
    Band("score-none", f"{NOT_COMPARED}: no consensus to compare with, so no number",
         f"{INSUFFICIENT}: too few compared articles for a score"),
]


def article_band(fidelity) -> str:
    """CSS class of an article's fidelity: green only when it lost no point, so any finding that costs points
    (even 2) shows."""
    if fidelity is None or fidelity == "":
        return "score-none"
    if fidelity >= 100:
        return "score-clean"
    return _band_below_clean(fidelity)


def mean_band(score) -> str:
    """CSS class of a mean fidelity (an outlet's score, a story's mean)."""
    if score is None or score == "":
        return "score-none"
    if score >= 100 - MEAN_GREEN_LOSS:
        return "score-clean"
    return _band_below_clean(score)


def _band_below_clean(value: float) -> str:
    if value >= 100 - DRIFT_POINTS:
        return "score-minor"
    return "score-mid" if value >= LOW_FIDELITY else "score-low"


def points(kind: str, severity: float) -> float:
    """Points a finding costs before its kind's cap (0 for kinds that cost nothing)."""
    return finding_points(kind, severity, DEFAULT_WEIGHTS)


def article_sum(findings: list, fidelity) -> dict | None:
    """How an article's fidelity was made from its findings that still cost points (editors' dismissals left out).

    `findings`: objects or dicts with kind and severity. Returns {"parts": per kind with points, cap and lost,
    "lost": total, "result": 100 - lost (at least 0), "matches": whether that is the stored fidelity} or None for an
    article that was not compared.
    """
    if fidelity is None:
        return None
    rows = [_KS(f) for f in findings]
    by_kind = points_lost(rows, DEFAULT_WEIGHTS)
    parts = [{"kind": k, **by_kind[k], "capped": by_kind[k]["points"] > by_kind[k]["cap"]}
             for k in PENALISED if by_kind[k]["findings"]]
    lost = sum(p["lost"] for p in parts)
    result = max(0.0, 100.0 - lost)
    return {"parts": parts, "lost": lost, "result": result, "matches": abs(result - fidelity) < 0.05,
            "floored": 100.0 - lost < 0}


class _KS:
    """kind and severity of a finding given as an object or a dict."""

    def __init__(self, f):
        self.kind = f["kind"] if isinstance(f, dict) else f.kind
        self.severity = f["severity"] if isinstance(f, dict) else f.severity


def outlet_sum(overall) -> dict | None:
    """How an outlet's score was made: the plain mean of its compared articles, pulled toward the typical outlet.

    `overall`: an OutletScore. The score is mean + pull x (prior - mean); pull is the share of the way toward the
    prior, larger the fewer articles the outlet has. None without a stored mean (nothing compared).
    """
    if overall is None or overall.mean is None:
        return None
    out = {"compared": overall.compared, "articles": overall.articles, "mean": overall.mean,
           "prior": overall.prior, "score": overall.score, "low": overall.low, "high": overall.high,
           "not_compared": overall.articles - overall.compared, "min_compared": settings.OUTLET_MIN_COMPARED}
    if overall.score is not None and overall.prior is not None and abs(overall.prior - overall.mean) > 1e-9:
        out["pull"] = max(0.0, min(1.0, (overall.mean - overall.score) / (overall.mean - overall.prior)))
    else:
        out["pull"] = None
    return out


# Consensus facts shown as facts: a complete statement an editor can read alone. The engine's consensus is made of
# sentences as the outlets split them, and some mean nothing alone: a quotation cut across sentences, a sentence
# whose subject is a pronoun pointing back ("It has now been quashed."), a bare wire dateline. Such facts still
# count for the engine; the pages leave them out of the consensus list, the heatmap and "leaves out", and say how
# many they left out. A dateline before a sentence is cut off, the sentence kept.
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[-–—:]\s+")
BACK_REFERENCE = frozenset({"it", "its", "they", "their", "them", "he", "she", "his", "her", "we", "i"})
MIN_FACT_WORDS = 3


def fact_statement(text: str) -> str | None:
    """The consensus fact as shown (dateline cut off), or None when it is a fragment that means nothing alone."""
    text = DATELINE.sub("", " ".join(str(text).split()), count=1)
    words = text.split()
    if len(words) < MIN_FACT_WORDS or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"):
        return None
    if words[0].lower().strip("\"“‘'") in BACK_REFERENCE and text[0] not in "\"“‘'":
        return None
    if (text.count("“") != text.count("”") or text.count('"') % 2) and not _opens_after_attribution(text):
        return None  # a quotation cut across sentences, without who said it at its start
    return text


def _opens_after_attribution(text: str) -> bool:
    """Whether the text's first quotation mark opens a quotation after some words (`X said: "...`): the sentence
    says who speaks, even when the quotation runs on into the next sentence."""
    for k, ch in enumerate(text):
        if ch in "“”\"":
            opening = ch == "“" or (ch == '"' and (k == 0 or text[k - 1] in " :(\u2014\u2013-"))
            return opening and k > 0
    return False
