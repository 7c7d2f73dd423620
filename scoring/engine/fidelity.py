"""Stage 5: fidelity of an article (0-100) from its findings, and outlet scores with their uncertainty.

Article fidelity, with every weight in `Weights`:

    lost_k   = min(cap_k, points_k * sum of the severities of its findings of kind k)   for k in spin, drift, sidebar
    fidelity = max(0, 100 - lost_spin - lost_drift - lost_sidebar)

Boilerplate, omissions and unverified claims are shown but cost nothing. Each component in the output is
lost_k / 100, so the components add up to (100 - fidelity) / 100.

Outlet score: the mean fidelity of its articles pulled toward the mean of all outlets, the more so the
fewer articles it has (empirical Bayes, normal-normal model), with a 90% interval from the posterior.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from scoring.engine.types import Finding, OutletResult

Z90 = 1.6449  # two-sided 90% normal quantile


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


DEFAULT_WEIGHTS = Weights()


def article_fidelity(findings: list[Finding], w: Weights = DEFAULT_WEIGHTS) -> tuple[float, dict[str, float]]:
    """(fidelity 0-100, components as shares of 100 lost) for one article's findings."""
    sev = defaultdict(float)
    for f in findings:
        sev[f.kind] += f.severity
    lost = {
        "spin": min(w.spin_cap, w.spin_points * sev["spin"]),
        "drift": min(w.drift_cap, w.drift_points * sev["drift"]),
        "sidebar": min(w.sidebar_cap, w.sidebar_points * sev["sidebar"]),
    }
    fidelity = max(0.0, 100.0 - sum(lost.values()))
    return fidelity, {k: v / 100.0 for k, v in lost.items()}


def outlet_scores(rows: list[tuple[str, float]], w: Weights = DEFAULT_WEIGHTS, window: str = "") -> list[OutletResult]:
    """Shrunk mean fidelity per outlet with a 90% interval, from (outlet, fidelity) rows; best first."""
    by_outlet: dict[str, list[float]] = defaultdict(list)
    for outlet, fid in rows:
        by_outlet[outlet].append(fid)
    if not by_outlet:
        return []
    all_scores = [f for fs in by_outlet.values() for f in fs]
    grand = sum(all_scores) / len(all_scores)
    within = _pooled_variance(by_outlet.values(), w.min_variance)
    means = [sum(fs) / len(fs) for fs in by_outlet.values()]
    mean_n = len(all_scores) / len(by_outlet)
    between = max(w.min_variance, _variance(means) - within / mean_n) if len(means) > 1 else w.min_variance
    out = []
    for outlet, fs in by_outlet.items():
        n = len(fs)
        precision = n / within + 1 / between
        score = min(100.0, max(0.0, (sum(fs) / within + grand / between) / precision))  # no rounding past 0-100
        half = Z90 / math.sqrt(precision)
        out.append(OutletResult(outlet, score, max(0.0, score - half), min(100.0, score + half), n, window))
    return sorted(out, key=lambda o: (-o.score, o.outlet))


def outlet_history(rows: list[tuple[str, float, date | None]], w: Weights = DEFAULT_WEIGHTS) -> list[OutletResult]:
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


def _pooled_variance(groups, floor: float) -> float:
    num = den = 0.0
    for g in groups:
        if len(g) > 1:
            num += _variance(g) * (len(g) - 1)
            den += len(g) - 1
    return max(floor, num / den) if den else floor
