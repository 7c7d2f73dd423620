"""Stage 5: fidelity of an article (0-100) from its findings, and outlet scores with their uncertainty.

Article fidelity, with every weight in `Weights`:

    lost_k   = min(cap_k, points_k * sum of the severities of its findings of kind k)   for k in spin, drift, sidebar
    fidelity = max(0, 100 - lost_spin - lost_drift - lost_sidebar)

Boilerplate, omissions and unverified claims are shown but cost nothing. Each component in the output is
lost_k / 100, so the components add up to (100 - fidelity) / 100.

An article that was not compared (its story has no consensus and it copies no source) has no fidelity (None):
it is shown "not compared" and left out of its outlet's score.

Outlet score: the mean fidelity of its compared articles pulled toward the typical outlet, the more so the fewer
articles it has (empirical Bayes, normal-normal model), with a 90% interval from the posterior. The prior is
robust: its centre is the median of the outlets' means and its spreads are medians too, so a few very bad outlets
neither drag the typical outlet down nor widen the prior. An outlet with fewer than MIN_COMPARED compared
articles (in the window) gets no score: "insufficient evidence".
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from scoring.engine.types import Finding, OutletResult

Z90 = 1.6449  # two-sided 90% normal quantile
PENALISED = ("spin", "drift", "sidebar")  # the finding kinds that cost points
MIN_COMPARED = 5  # compared articles an outlet needs (overall, or in a window) for a score
MAD_TO_SD = 1.4826  # median absolute deviation to standard deviation, for normally distributed values


@dataclass(frozen=True)
class Weights:
    spin_points: float = 4.0  # per unit of severity (a content-word swap has severity 0.5: 2 points)
    drift_points: float = 10.0  # a corroborated changed fact costs 10 points
    sidebar_points: float = 20.0  # a partisan sidebar costs 20 points
    spin_cap: float = 40.0
    drift_cap: float = 60.0
    sidebar_cap: float = 30.0
    min_variance: float = 100.0  # floor (points^2, i.e. 10 points) for within- and between-outlet variances
    window_days: int = 7  # outlet history: one score per window of this many days
    min_compared: int = MIN_COMPARED  # fewer compared articles than this: "insufficient evidence", no score


DEFAULT_WEIGHTS = Weights()


def finding_points(kind: str, severity: float, w: Weights = DEFAULT_WEIGHTS) -> float:
    """Points one finding costs before its kind's cap: the kind's points per unit of severity times the severity;
    0 for kinds that cost nothing (boilerplate, omission, unverified, updated)."""
    per_unit = {"spin": w.spin_points, "drift": w.drift_points, "sidebar": w.sidebar_points}.get(kind)
    return per_unit * severity if per_unit else 0.0


def points_lost(findings, w: Weights = DEFAULT_WEIGHTS) -> dict[str, dict]:
    """Per penalised kind: {"points": sum of its findings' points, "cap", "lost": min(cap, points), "findings": how
    many cost points}. `findings` need only `kind` and `severity` (engine findings or stored rows). The one place the
    weights and caps turn findings into points: fidelity and every page that explains it use this."""
    caps = {"spin": w.spin_cap, "drift": w.drift_cap, "sidebar": w.sidebar_cap}
    out = {k: {"points": 0.0, "cap": caps[k], "lost": 0.0, "findings": 0} for k in PENALISED}
    for f in findings:
        points = finding_points(f.kind, f.severity, w)
        if points > 0:
            out[f.kind]["points"] += points
            out[f.kind]["findings"] += 1
    for part in out.values():
        part["lost"] = min(part["cap"], part["points"])
    return out


def article_fidelity(findings: list[Finding], w: Weights = DEFAULT_WEIGHTS) -> tuple[float, dict[str, float]]:
    """(fidelity 0-100, components as shares of 100 lost) for one article's findings."""
    lost = {k: part["lost"] for k, part in points_lost(findings, w).items()}
    fidelity = max(0.0, 100.0 - sum(lost.values()))
    return fidelity, {k: v / 100.0 for k, v in lost.items()}


def not_compared() -> tuple[None, dict[str, float]]:
    """The fidelity and components of an article that was not compared: none, and nothing lost."""
    return None, {"spin": 0.0, "drift": 0.0, "sidebar": 0.0}


def outlet_scores(rows: list[tuple[str, float | None]], w: Weights = DEFAULT_WEIGHTS,
                  window: str = "") -> list[OutletResult]:
    """Shrunk mean fidelity per outlet with a 90% interval, from (outlet, fidelity) rows (None: not compared); best
    first, outlets with insufficient evidence (score None) last."""
    by_outlet: dict[str, list[float]] = defaultdict(list)
    total: dict[str, int] = defaultdict(int)
    for outlet, fid in rows:
        total[outlet] += 1
        if fid is not None:
            by_outlet[outlet].append(fid)
    if not total:
        return []
    grand, within, between = robust_prior(list(by_outlet.values()), w.min_variance)
    out = []
    for outlet in total:
        fs = by_outlet.get(outlet, [])
        n = len(fs)
        if n < max(1, w.min_compared):
            out.append(OutletResult(outlet, None, None, None, total[outlet], window, compared=n,
                                    mean=sum(fs) / n if n else None))
            continue
        precision = n / within + 1 / between
        score = min(100.0, max(0.0, (sum(fs) / within + grand / between) / precision))  # no rounding past 0-100
        half = Z90 / math.sqrt(precision)
        out.append(OutletResult(outlet, score, max(0.0, score - half), min(100.0, score + half), total[outlet],
                                window, compared=n, mean=sum(fs) / n, prior=grand))
    return sorted(out, key=lambda o: (o.score is None, -(o.score or 0.0), o.outlet))


def robust_prior(groups: list[list[float]], floor: float) -> tuple[float, float, float]:
    """(centre, within-outlet variance, between-outlet variance) of the outlets' fidelities, each a median: the
    median outlet mean, the median of the outlets' own variances, and the squared scaled median absolute deviation
    of the outlet means (less the part their sampling noise explains). Means and pooled variances would let a few
    very bad outlets pull the centre down and widen both spreads, ranking an honest outlet with two perfect
    articles below outlets that drift. Variances are at least `floor`."""
    groups = [g for g in groups if g]
    if not groups:
        return 100.0, floor, floor
    means = [sum(g) / len(g) for g in groups]
    centre = _median(means)
    spreads = [_variance(g) for g in groups if len(g) > 1]
    within = max(floor, _median(spreads)) if spreads else floor
    typical_n = _median([len(g) for g in groups])
    mad = _median([abs(m - centre) for m in means])
    between = max(floor, (MAD_TO_SD * mad) ** 2 - within / typical_n) if len(means) > 1 else floor
    return centre, within, between


def _median(xs) -> float:
    xs = sorted(xs)
    k = len(xs) // 2
    return xs[k] if len(xs) % 2 else (xs[k - 1] + xs[k]) / 2


def outlet_history(rows: list[tuple[str, float | None, date | None]], w: Weights = DEFAULT_WEIGHTS) -> list[OutletResult]:
    """Outlet scores per time window (windows start on Mondays); undated articles are left out."""
    windows: dict[date, list[tuple[str, float]]] = defaultdict(list)
    for outlet, fid, day in rows:
        if day is not None:
            start = day - timedelta(days=day.weekday()) if w.window_days == 7 else \
                date.fromordinal(day.toordinal() - day.toordinal() % w.window_days)
            windows[start].append((outlet, fid))
    out = []
    for start in sorted(windows):
        out.extend(outlet_scores(windows[start], w, window=start.isoformat()))
    return out


def _variance(xs) -> float:
    xs = list(xs)
    if len(xs) < 2:
        return 0.0
    m = sum(xs) / len(xs)
    return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)
