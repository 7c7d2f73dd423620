"""The evaluation harness: world generator, metrics on hand-made examples, the baseline, and the smoke
evaluation that fails when the engine falls below the first-milestone thresholds.

No database. Tests that need ../shared (real data) get it through shared_path, which skips outside CI.
"""
import json
import random
from datetime import date

import pytest

from scoring.engine.params import DetectorParams, Params
from scoring.engine.types import ArticleText
from scoring.evaluation import baseline, metrics
from scoring.evaluation.run import evaluate
from scoring.evaluation.thresholds import THRESHOLDS, failures
from scoring.evaluation.worlds import (
    PENALISED, PROFILES, ArticleLabel, Change, Doc, Edit, World, apply_edits, build_world, check_world,
    desk_candidates, scale, _slug,
)
from tests.conftest import shared_path


def _needs_shared():
    shared_path("realdata")


@pytest.fixture(scope="module")
def world():
    shared_path("realdata")
    return build_world(seed=5, clusters=8)


# ---------------------------------------------------------------- generator


def test_applied_edits_are_labelled_at_their_output_offsets_and_old_labels_move():
    doc = Doc("The council met on Monday.\n\nIt voted 5 to 2.", [Change("boilerplate", "chrome", 28, 32, "It v")])
    out = apply_edits(doc, [
        Edit(4, 11, "committee", "spin", "synonym", "council"),
        Edit(19, 25, "Friday", "drift", "weekday", "Monday"),
        Edit(26, 26, "Trending\nA\nB", "sidebar", "partisan-left", "", "\n\n", ""),
    ])
    assert out.text == "The committee met on Friday.\n\nTrending\nA\nB\n\nIt voted 5 to 2."
    assert [(c.kind, out.text[c.start:c.end]) for c in out.changes] == [
        ("spin", "committee"), ("drift", "Friday"), ("sidebar", "Trending\nA\nB"), ("boilerplate", "It v")]


def test_overlapping_edits_are_refused():
    with pytest.raises(ValueError):
        apply_edits(Doc("one two three"), [Edit(0, 7, "x", "spin", "s"), Edit(4, 9, "y", "spin", "s")])
    with pytest.raises(ValueError):
        apply_edits(Doc("one two", [Change("drift", "number", 0, 3, "one")]), [Edit(1, 2, "x", "spin", "s")])


def test_copy_desk_candidates_change_style_only():
    doc = Doc("Mr. Hale said 5 boats sank on September 3, and “we lost 5 men” there.\n\nMore.\n\nMore.\n\nEnd.")
    edits = desk_candidates(doc, random.Random(0), dateline="LONDON —")
    kinds = {(e.type, e.expected, e.new) for e in edits}
    assert ("house-number", "5", "five") in kinds
    assert ("month-abbreviation", "September", "Sept.") in kinds
    assert ("honorific", "Mr. ", "") in kinds
    assert ("dateline", "", "LONDON —") in kinds
    assert all(e.kind == "desk" for e in edits)
    # Not inside the quotation, and never the day of a date.
    quoted = doc.text.index("5 men")
    assert not any(e.start == quoted for e in edits)
    assert not any(e.expected == "3" for e in edits)


def test_the_same_seed_gives_the_same_world_and_another_seed_another():
    _needs_shared()
    a, b = build_world(seed=2, clusters=3), build_world(seed=2, clusters=3)
    assert a.articles == b.articles and a.labels_dict() == b.labels_dict()
    assert build_world(seed=3, clusters=3).articles != a.articles


def test_every_label_span_matches_its_text(world):
    texts = {a["id"]: a["text"] for a in world.articles}
    checked = 0
    for aid, label in world.labels.items():
        for c in label.changes + label.desk:
            assert texts[aid][c.start:c.end] == c.text, (aid, c)
            checked += 1
    assert checked > 100
    check_world(world)


def test_the_world_has_every_outlet_kind_and_every_change_kind(world):
    profiles = {label.profile for label in world.labels.values()}
    assert {_slug(p.outlet) for p in PROFILES} | {"independent"} <= profiles
    kinds = {c.kind for label in world.labels.values() for c in label.changes}
    assert kinds == {"spin", "drift", "sidebar", "boilerplate"}
    spin_types = {c.type for label in world.labels.values() for c in label.changes if c.kind == "spin"}
    assert spin_types == {"synonym", "tortured-phrase"}
    assert set(world.outlets.values()) == {"faithful", "altered"}


def test_copy_desk_edits_and_chrome_carry_no_alteration_label(world):
    desk_outlets = {p.outlet for p in PROFILES if p.desk[1] and p.truth == "faithful"}
    desk_labels = [lab for lab in world.labels.values() if lab.outlet in desk_outlets]
    assert sum(len(lab.desk) for lab in desk_labels) >= 5
    for lab in desk_labels:
        assert not lab.altered
        assert not [c for c in lab.changes if c.kind in PENALISED]
    for d in (d for lab in desk_labels for d in lab.desk):
        assert d.text != d.expected  # a real edit of the text, only not of a fact


def test_spinners_altered_articles_carry_spin_and_copies_of_spinners_carry_it_too(world):
    by_outlet = {}
    for lab in world.labels.values():
        by_outlet.setdefault(lab.outlet, []).append(lab)
    spun = [lab for lab in by_outlet["Pinecrest Post"] if lab.altered]
    assert spun and all(any(c.kind == "spin" for c in lab.changes) for lab in spun)
    spun_ids = {lab.id for lab in spun}
    echoes = [lab for lab in by_outlet["Granite Gazette"] if lab.source in spun_ids]
    assert echoes and all(any(c.kind == "spin" for c in lab.changes) for lab in echoes)


def test_hidden_source_worlds_lack_the_source():
    _needs_shared()
    w = build_world(seed=4, clusters=4, hidden_share=1.0)
    ids = {a["id"] for a in w.articles}
    assert len(w.hidden) == 4 and not set(w.hidden) & ids
    spinners = {p.outlet for p in PROFILES if p.from_hidden and not p.copies}
    for lab in w.labels.values():
        if lab.outlet in spinners:
            assert lab.source in w.hidden


def test_scale_repeats_clusters_with_new_ids_outlets_and_dates(world):
    big = scale(world, 2 * len(world.articles) + 7)
    assert len(big.articles) == 2 * len(world.articles) + 7
    assert len({a["id"] for a in big.articles}) == len(big.articles)
    check_world(big)
    second = big.articles[len(world.articles)]
    first = world.articles[0]
    assert second["text"] == first["text"] and second["outlet"] == first["outlet"] + " 2"
    assert date.fromisoformat(second["published"]) - date.fromisoformat(first["published"]) == \
        date(2000, 3, 1) - date(2000, 1, 1)
    assert big.outlets[second["outlet"]] == world.outlets[first["outlet"]]


def test_make_world_writes_importable_articles_and_labels(tmp_path):
    _needs_shared()
    from django.core.management import call_command

    from sources.records import read_records

    call_command("make_world", "--out", str(tmp_path), "--clusters", "2", "--seed", "1")
    records, errors = read_records([tmp_path / "articles.jsonl"])
    labels = json.loads((tmp_path / "labels.json").read_text(encoding="utf-8"))
    assert not errors and records
    assert {r.id for r in records} == set(labels["articles"])


# ---------------------------------------------------------------- metrics on hand-made examples


def test_bcubed_and_pairwise_give_the_known_answers():
    b = metrics.bcubed({"a": "x", "b": "y", "c": "y"}, {"a": 1, "b": 1, "c": 2})
    assert b["precision"] == pytest.approx(2 / 3) and b["recall"] == pytest.approx(2 / 3)
    assert b["f1"] == pytest.approx(2 / 3)
    p = metrics.pairwise({"a": "x", "b": "x", "c": "y", "d": "y"}, {"a": 1, "b": 1, "c": 1, "d": 2})
    assert (p["precision"], p["recall"], p["f1"]) == pytest.approx((0.5, 1 / 3, 0.4))
    assert metrics.bcubed({"a": 1, "b": 1}, {"a": 1, "b": 1})["f1"] == 1.0


def _tiny_world(labels: dict[str, tuple[str, bool, list[Change]]], outlets=None) -> World:
    arts = [{"id": k, "outlet": v[0], "title": "", "published": "2020-01-01", "text": "x" * 200}
            for k, v in labels.items()]
    labs = {k: ArticleLabel(k, v[0], "s1", "p", None, v[1], v[2], []) for k, v in labels.items()}
    return World(0, arts, labs, outlets or {v[0]: "altered" if v[1] else "faithful" for v in labels.values()}, [])


def _result(fidelity: dict[str, float], findings=None, outlets=None) -> dict:
    return {"articles": [{"id": k, "fidelity": v, "findings": (findings or {}).get(k, [])}
                         for k, v in fidelity.items()], "outlets": outlets or [], "stories": []}


def test_fidelity_auc_gives_the_known_answer():
    w = _tiny_world({"a1": ("A", True, []), "a2": ("A", True, []), "f1": ("F", False, []), "f2": ("F", False, [])})
    # 100 - fidelity: a1 50, a2 10, f1 20, f2 0 -> altered above faithful in 3 of 4 pairs.
    assert metrics.fidelity_auc(_result({"a1": 50, "a2": 90, "f1": 80, "f2": 100}), w)["auc"] == 0.75


def test_outlet_ranking_puts_faithful_outlets_first():
    w = _tiny_world({"a1": ("A", True, [Change("spin", "s", 0, 1, "x")]), "f1": ("F", False, []),
                     "g1": ("G", False, [])})
    r = _result({}, outlets=[{"outlet": "A", "score": 50}, {"outlet": "F", "score": 90}, {"outlet": "G", "score": 95}])
    assert metrics.outlet_ranking(r, w)["auc"] == 1.0
    r["outlets"][0]["score"] = 92
    assert metrics.outlet_ranking(r, w)["auc"] == 0.5


def _f(kind, start, end):
    return {"kind": kind, "start": start, "end": end, "text": "x" * (end - start)}


def test_span_matching_gives_the_known_answer():
    changes = [Change("spin", "synonym", 10, 20, "x" * 10), Change("drift", "number", 30, 35, "x" * 5),
               Change("sidebar", "partisan-left", 50, 100, "x" * 50)]
    w = _tiny_world({"a": ("A", True, changes)})
    r = _result({"a": 40}, {"a": [_f("spin", 12, 15), _f("drift", 31, 33), _f("spin", 40, 45),
                                  _f("drift", 15, 18), _f("sidebar", 50, 70)]})
    m = metrics.span_metrics(r, w)
    assert (m["spin"]["recall"], m["spin"]["precision"]) == (1.0, 0.5)
    assert (m["drift"]["recall"], m["drift"]["precision"], m["drift"]["strict_precision"]) == (1.0, 1.0, 0.5)
    # The sidebar finding covers 20 of the block's 50 characters: under half, so the block is not found.
    assert (m["sidebar"]["recall"], m["sidebar"]["precision"]) == (0.0, 1.0)
    assert metrics.block_metrics(r, w)["partisan_recall"] == 0.0


def test_shingle_f1_gives_the_benchmarks_known_answer():
    assert metrics.extraction_scores([("a b c d e", "a b c d e")])["f1"] == 1.0
    # Shingles (a b c d), (b c d e) against (a b c d), (b c d x): one of two right on each side.
    half = metrics.extraction_scores([("a b c d e", "a b c d x")])
    assert (half["precision"], half["recall"]) == pytest.approx((0.5, 0.5))
    both = metrics.extraction_scores([("a b c d e", "a b c d e"), ("a b c d e", "a b c d x")])
    assert both["f1"] == pytest.approx(0.75)
    empty = metrics.extraction_scores([("a b c d e", "")])
    assert empty["precision"] is None and empty["recall"] == 0.0


def test_thresholds_name_the_metric_that_failed():
    good = {t.metric: (t.value if t.op == ">=" else 0.0) for t in THRESHOLDS}
    assert failures(good) == []
    bad = dict(good, spin_recall=0.5, neutral_blocks_flagged=0.2, outlet_auc=None)
    lines = failures(bad)
    assert [line.split(" ")[0] for line in lines] == ["spin_recall", "neutral_blocks_flagged", "outlet_auc"]


# ---------------------------------------------------------------- baseline


def test_the_baseline_groups_stories_finds_swaps_and_a_trailing_sidebar():
    lead = "The city council approved the new harbour bridge on Monday after a long and heated public debate."
    rest = "The bridge will cost 12 million pounds and should open to traffic next spring, officials said."
    sidebar = "Trending\nRadical plan exposed\nCouncil cover-up\nMayor under fire"
    articles = [
        ArticleText("src", "Herald", f"{lead}\n\n{rest}", title="Bridge approved", published=date(2024, 5, 6)),
        ArticleText("spun", "Mirror", f"{lead.replace('council', 'committee')}\n\n{rest.replace('12', '15')}"
                    f"\n\n{sidebar}", title="Bridge approved", published=date(2024, 5, 6)),
        ArticleText("other", "Gazette", "Storms flooded the valley railway line and trains to the coast were "
                    "cancelled for the weekend while engineers repaired the track.", title="Floods",
                    published=date(2024, 5, 7)),
    ]
    r = baseline.score(articles)
    stories = metrics.story_assignment(r)
    assert stories["src"] == stories["spun"] != stories["other"]
    spun = next(a for a in r["articles"] if a["id"] == "spun")
    text = articles[1].text
    got = {(f["kind"], f["text"]) for f in spun["findings"]}
    assert ("spin", "committee") in got and ("drift", "15") in got and ("sidebar", sidebar) in got
    assert all(text[f["start"]:f["end"]] == f["text"] for f in spun["findings"])
    assert spun["fidelity"] < 100 and {o["outlet"] for o in r["outlets"]} == {"Herald", "Mirror", "Gazette"}


# ---------------------------------------------------------------- smoke evaluation (the engine)


@pytest.fixture(scope="module")
def smoke_report():
    shared_path("realdata")
    shared_path("seeds")
    return evaluate(world="small", seed=0, scorers=("engine",), parts=("world", "stories", "seeds"))


# Milestone metrics the engine does not reach yet on the smoke world, and why. Strict: the day one is met,
# its test fails as an unexpected pass, so this list cannot silently outlive the shortfall.
NOT_YET_MET: dict[str, str] = {}


@pytest.mark.parametrize("threshold", [
    pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=NOT_YET_MET[t.metric])) if t.metric in NOT_YET_MET
    else t for t in THRESHOLDS], ids=lambda t: t.metric)
def test_smoke_evaluation_engine_meets_the_first_milestone(smoke_report, threshold):
    value = smoke_report["metrics"]["engine"].get(threshold.metric)
    assert threshold.holds(value), (f"smoke evaluation: {threshold.metric} = {value} misses {threshold} "
                                    f"({threshold.means})")


def test_smoke_evaluation_fails_the_spin_recall_threshold_when_the_spin_detector_is_broken(smoke_report):
    shared_path("realdata")
    # Both spin detectors off: the one against a source and the learned fingerprints.
    no_spin = Params(detectors=DetectorParams(spin=False, fingerprints=False))
    report = evaluate(world="small", seed=0, scorers=("engine",), parts=("world",), params=no_spin)
    broken, working = report["metrics"]["engine"]["spin_recall"], smoke_report["metrics"]["engine"]["spin_recall"]
    assert broken < 0.8 and broken < working - 0.2  # a regression the smoke evaluation sees
    assert any(line.startswith("spin_recall ") for line in report["failures"]["engine"])


def test_smoke_evaluation_fails_the_sidebar_threshold_when_the_sidebar_detector_is_broken():
    shared_path("realdata")
    no_sidebar = Params(detectors=DetectorParams(sidebar=False))
    report = evaluate(world="small", seed=0, scorers=("engine",), parts=("world",), params=no_sidebar)
    assert report["metrics"]["engine"]["sidebar_recall"] < 0.9
    assert any(line.startswith("sidebar_recall ") for line in report["failures"]["engine"])


def test_the_variants_option_builds_only_the_named_harder_worlds_and_refuses_unknown_names(capsys):
    from scoring.evaluation.__main__ import main

    report = evaluate(world="small", scorers=("baseline",), parts=("variants",), variants=("flat",))
    assert list(report["variants"]["metrics"]) == ["flat"]
    with pytest.raises(SystemExit):
        main(["--parts", "variants", "--variants", "flot"])
    assert "unknown scorer, part or variant: flot" in capsys.readouterr().err
