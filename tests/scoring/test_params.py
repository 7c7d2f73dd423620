"""The run's parameters: one object, read from JSON, that reaches every stage it names. No database."""
import json
from datetime import datetime, timezone

import pytest

from scoring.engine import ArticleText, score_corpus
from scoring.engine.copies import CopyParams
from scoring.engine.fidelity import Weights
from scoring.engine.params import DEFAULT_PARAMS, DetectorParams, Params
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
