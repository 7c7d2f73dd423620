"""The run's parameters: one object, read from JSON, that reaches every stage it names. No database."""
import json
from datetime import datetime, timezone

import pytest

from scoring.engine import ArticleText, score_corpus
from scoring.engine.copies import CopyParams
from scoring.engine.drift import DriftParams
from scoring.engine.fidelity import Weights
from scoring.engine.params import DEFAULT_PARAMS, DetectorParams, Params
from scoring.engine.spin import SpinParams
from scoring.engine.stories import StoryParams

SOURCE = ("The ferry operator cancelled all crossings on Friday morning after gale force winds battered the harbour.\n"
          "About 300 passengers waited in the terminal until the last sailing was called off shortly after noon.\n"
          "A spokesman for the operator said the service would resume once the coastguard lifted its warning.\n")
SPUN = (SOURCE.replace("battered the harbour", "battered the haven").replace("lifted its warning", "lifted its caution")
        .replace("gale force winds", "gale force breezes"))


def corpus():
    return [ArticleText("a", "Outlet A", SOURCE, published=datetime(2026, 3, 6, 8, tzinfo=timezone.utc)),
            ArticleText("b", "Outlet B", SPUN, published=datetime(2026, 3, 6, 10, tzinfo=timezone.utc))]


def test_the_defaults_read_back_from_their_json_unchanged():
    assert Params.from_dict(json.loads(json.dumps(DEFAULT_PARAMS.to_dict()))) == DEFAULT_PARAMS
    assert Params.from_dict({}) == DEFAULT_PARAMS


def test_a_part_given_keeps_the_rest_at_its_default():
    params = Params.from_dict({"copies": {"coverage": 1}, "weights": {"spin_points": 5}})
    assert params.copies == CopyParams(coverage=1.0) and params.weights == Weights(spin_points=5.0)
    assert params.stories == StoryParams() and params.detectors == DetectorParams()


@pytest.mark.parametrize("data, message", [
    ({"copies": {"coverag": 0.5}}, "unknown parameter copies.coverag"),
    ({"detector": {}}, "unknown parameter detector"),
    ({"detectors": {"spin": "no"}}, "detectors.spin: expected true or false"),
    ({"stories": {"window_days": 2.5}}, "stories.window_days: expected a whole number"),
    ({"weights": {"drift_points": "10"}}, "weights.drift_points: expected a number"),
    ({"detectors": {"spin_thresholds": {"min_change": 3}}}, "unknown parameter detectors.spin_thresholds.min_change"),
    ({"detectors": {"drift_thresholds": {"update_window": 24}}},
     "unknown parameter detectors.drift_thresholds.update_window"),
    ({"detectors": {"spin_thresholds": {"dense_swaps": 2.5}}},
     "detectors.spin_thresholds.dense_swaps: expected a whole number"),
])
def test_a_misspelt_or_mistyped_parameter_is_refused_by_name(data, message):
    with pytest.raises(ValueError, match=message):
        Params.from_dict(data)


def test_copy_detection_reads_its_parameters():
    spun = {a.id: a for a in score_corpus(corpus(), workers=1).articles}["b"]
    assert spun.copy_of == "a" and any(f.kind == "spin" for f in spun.findings)
    strict = Params(copies=CopyParams(coverage=1.01))  # more than all of a text: nothing is a copy
    alone = {a.id: a for a in score_corpus(corpus(), strict, workers=1).articles}["b"]
    assert alone.copy_of is None and not alone.findings


def test_a_detector_switched_off_finds_nothing_and_costs_nothing():
    off = Params(detectors=DetectorParams(spin=False))
    spun = {a.id: a for a in score_corpus(corpus(), off, workers=1).articles}["b"]
    assert spun.copy_of == "a" and not [f for f in spun.findings if f.kind == "spin"]
    assert spun.fidelity == 100.0


def test_the_weights_reach_the_article_scores():
    default = {a.id: a for a in score_corpus(corpus(), workers=1).articles}["b"]
    assert default.fidelity < 100
    dearer = {a.id: a for a in score_corpus(corpus(), Params(weights=Weights(spin_points=8.0)), workers=1).articles}
    assert 100 - dearer["b"].fidelity == pytest.approx(2 * (100 - default.fidelity))


def test_the_spin_thresholds_reach_the_spin_detector():
    spun = {a.id: a for a in score_corpus(corpus(), workers=1).articles}["b"]
    assert len([f for f in spun.findings if f.kind == "spin"]) == 2  # two swaps: enough, at min_changes 2
    stricter = Params(detectors=DetectorParams(spin_thresholds=SpinParams(min_changes=3)))
    lone = {a.id: a for a in score_corpus(corpus(), stricter, workers=1).articles}["b"]
    assert lone.copy_of == "a" and not [f for f in lone.findings if f.kind == "spin"] and lone.fidelity == 100.0


def test_the_drift_thresholds_reach_the_drift_detector():
    # A copy published 30 hours after its source, with another count: a later report that updated the count (no
    # finding) when about the same time is 12 hours; a changed fact when it is 36 hours, as given in JSON.
    updated = SOURCE.replace("About 300 passengers", "About 400 passengers")
    articles = [ArticleText("a", "Outlet A", SOURCE, published=datetime(2026, 3, 6, 8, tzinfo=timezone.utc)),
                ArticleText("b", "Outlet B", updated, published=datetime(2026, 3, 7, 14, tzinfo=timezone.utc))]
    later = {a.id: a for a in score_corpus(articles, workers=1).articles}["b"]
    assert later.copy_of == "a" and not [f for f in later.findings if f.kind == "drift"]
    wider = Params.from_dict({"detectors": {"drift_thresholds": {"update_window_hours": 36}}})
    assert wider.detectors.drift_thresholds == DriftParams(update_window_hours=36.0)
    same_time = {a.id: a for a in score_corpus(articles, wider, workers=1).articles}["b"]
    assert [(f.kind, f.text, f.expected) for f in same_time.findings if f.kind == "drift"] == [("drift", "400", "300")]


def test_the_drift_thresholds_reach_the_consensus_drift_detector():
    # Three independent reports, the first 14 hours before the others with another count: updated by the later
    # reports at the default 12 hours, contradicted by reports of about the same time at 24.
    ferry = ("About {n} passengers were evacuated from the ferry terminal early on Monday after a fire in its cafe.",
             "Firefighters said about {n} passengers were evacuated from the terminal on Monday when the cafe caught "
             "fire.",
             "Staff evacuated some {n} passengers from the ferry terminal before dawn on Monday as fire spread from "
             "the cafe.")
    early, later = datetime(2026, 9, 1, 6, tzinfo=timezone.utc), datetime(2026, 9, 1, 20, tzinfo=timezone.utc)
    articles = [ArticleText(k, f"Outlet {k}", text.format(n=n), published=when)
                for k, text, n, when in zip("abc", ferry, (120, 140, 140), (early, later, later))]

    def first(params=None):
        (article,) = [a for a in score_corpus(articles, params, workers=1).articles if a.id == "a"]
        assert article.copy_of is None and article.has_consensus
        return [(f.kind, f.text, f.expected) for f in article.findings]

    assert first() == [("updated", "120", "140")]
    wider = Params(detectors=DetectorParams(drift_thresholds=DriftParams(update_window_hours=24)))
    assert first(wider) == [("drift", "120", "140")]
