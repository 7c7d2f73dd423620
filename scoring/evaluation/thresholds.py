"""The engine's first-milestone quality thresholds, in one place. The goal is 0.95 everywhere."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Threshold:
    metric: str  # a key of the evaluation's flat metrics
    op: str  # ">=" or "<="
    value: float
    means: str

    def holds(self, measured: float | None) -> bool:
        """False when the metric is missing (None): a metric that could not be measured does not pass."""
        if measured is None:
            return False
        return measured >= self.value if self.op == ">=" else measured <= self.value

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


THRESHOLDS = (
    Threshold("story_bcubed_f1", ">=", 0.95, "stories recovered on the real BASIL clusters (B-cubed F1)"),
    Threshold("spin_recall", ">=", 0.80, "labelled spin swaps found"),
    Threshold("spin_precision", ">=", 0.90, "spin findings that are real changes"),
    Threshold("drift_precision", ">=", 0.90, "drift findings that are real changes"),
    Threshold("drift_recall", ">=", 0.85, "labelled fact changes found as drift"),
    Threshold("sidebar_recall", ">=", 0.90, "partisan sidebars found"),
    Threshold("neutral_blocks_flagged", "<=", 0.03, "neutral chrome blocks flagged as partisan sidebars"),
    Threshold("fidelity_auc", ">=", 0.90, "ROC AUC of fidelity, altered against faithful articles"),
    Threshold("outlet_auc", ">=", 0.95, "faithful outlets ranked above altered ones (AUC)"),
    Threshold("seed_checks", ">=", 1.0, "../shared/tools/check_seeds.py passes on the seeds (1) or not (0)"),
)


def failures(metrics: dict[str, float | None], thresholds=THRESHOLDS) -> list[str]:
    """One line per threshold missed (or not measured), naming the metric, its value and the threshold."""
    out = []
    for t in thresholds:
        if t.metric not in metrics:
            continue  # that part of the evaluation was not run
        value = metrics[t.metric]
        if not t.holds(value):
            shown = "not measured" if value is None else f"{value:.3f}"
            out.append(f"{t.metric} = {shown}, needs {t} ({t.means})")
    return out
