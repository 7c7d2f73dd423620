"""The real part of the evaluation and the harder worlds (issue 17): every new metric on small hand-made inputs,
each shown able to fail (a scorer that flags everything, one that removes every line as chrome, one that puts
every article in one story); the harder worlds' labels; the real part on ../shared (skipped without it, never
in CI).
"""
import hashlib
import re

import pytest

from scoring.evaluation import baseline, real
from scoring.evaluation.worlds import VARIANTS, Change, Doc, build_world, check_world, flatten_doc
from tests.conftest import shared_path

TEXTS = {
    "a": "The council approved the bridge on Monday.\n\nIt will cost 12 million pounds, officials said.",
    "b": "Councillors backed the new bridge on Monday.\n\nThe cost is 12 million pounds.",
    "c": "Storms closed the valley railway.\n\nTrains resume on Friday.",
}


def _result(findings: dict, stories: dict | None = None, fidelity: dict | None = None) -> dict:
    return {"articles": [{"id": k, "outlet": k.upper(), "story": (stories or {}).get(k, k),
                          "fidelity": (fidelity or {}).get(k, 100.0), "body": t, "findings": findings.get(k, [])}
                         for k, t in TEXTS.items()], "stories": []}


def _finding(aid: str, kind: str, start: int, end: int, expected: str = "") -> dict:
    return {"kind": kind, "start": start, "end": end, "text": TEXTS[aid][start:end], "expected": expected}


def flag_everything(aid: str) -> list[dict]:
    """A scorer that calls every word spin."""
    return [_finding(aid, "spin", m.start(), m.end(), "x") for m in re.finditer(r"\w+", TEXTS[aid])]


def every_line_chrome(aid: str) -> list[dict]:
    """A scorer that removes every line as chrome."""
    return [_finding(aid, "boilerplate", m.start(), m.end()) for m in re.finditer(r"[^\n]+", TEXTS[aid])]


# ---------------------------------------------------------------- false alarms


def test_false_alarms_are_zero_on_a_quiet_scorer_and_total_on_one_that_flags_everything():
    quiet = real.false_alarms(_result({}))
    assert (quiet["penalised"], quiet["per_100"], quiet["not_compared"]) == (0.0, 0.0, 0.0)
    loud = real.false_alarms(_result({k: flag_everything(k) for k in TEXTS}))
    assert loud["penalised"] == 1.0 and loud["per_100"] > 500
    # Chrome is not penalising: an article whose only findings are chrome is not a false alarm.
    assert real.false_alarms(_result({"a": every_line_chrome("a")}))["penalised"] == 0.0
    one = real.false_alarms(_result({"b": [_finding("b", "drift", 55, 57, "13")]}))
    assert one["penalised"] == pytest.approx(1 / 3) and one["per_100"] == pytest.approx(100 / 3)


def test_not_compared_counts_null_fidelity():
    r = _result({}, fidelity={"a": None, "b": None, "c": 80.0})
    assert real.false_alarms(r)["not_compared"] == pytest.approx(2 / 3)


# ---------------------------------------------------------------- prose lost


def test_prose_lost_is_zero_without_removals_and_total_when_every_line_is_chrome():
    assert real.prose_lost(_result({})) == {"words": sum(real.words(t) for t in TEXTS.values()),
                                            "lost_words": 0.0, "gutted": 0.0}
    everything = real.prose_lost(_result({k: every_line_chrome(k) for k in TEXTS}))
    assert everything["lost_words"] == 1.0 and everything["gutted"] == 1.0


def test_prose_lost_counts_words_once_and_spares_labelled_chrome():
    first_line = TEXTS["a"].index("\n")
    twice = [_finding("a", "boilerplate", 0, first_line), _finding("a", "sidebar", 4, first_line)]
    lost = real.prose_lost(_result({"a": twice}))
    words_a = real.words(TEXTS["a"])
    assert lost["lost_words"] == pytest.approx(7 / sum(real.words(t) for t in TEXTS.values()))
    assert lost["gutted"] == pytest.approx(1 / 3)  # 7 of a's 15 words: more than 30%
    assert words_a == 15
    # The same removal of a line labelled as chrome loses no prose at all.
    spared = real.prose_lost(_result({"a": twice}), chrome={"a": [TEXTS["a"][:first_line]]})
    assert spared["lost_words"] == 0.0 and spared["gutted"] == 0.0


def test_labelled_chrome_of_several_lines_is_spared_in_the_flattened_text_too():
    r = _result({"a": every_line_chrome("a")})
    for a in r["articles"]:
        a["body"] = real.flatten(a["body"])
        a["findings"] = [{"kind": "boilerplate", "start": 0, "end": len(a["body"]), "text": a["body"]}] \
            if a["id"] == "a" else []
    spared = real.prose_lost(r, chrome={"a": [TEXTS["a"]]})  # the label keeps its paragraph break
    assert spared["lost_words"] == 0.0 and spared["gutted"] == 0.0


def test_ecbplus_labels_only_the_datasets_datelines_that_are_stamps_as_chrome():
    shared_path("realdata", "ecbplus_event_clusters", "articles.jsonl")  # skips without ../shared
    corpus = real.ecbplus()
    labels = [t for ts in corpus.chrome.values() for t in ts]
    assert labels and all(len(t.split()) <= 16 for t in labels)
    assert not any(t.endswith(".") and len(t.split()) >= 8 for t in labels)  # a sentence of the story stays body


def test_prose_lost_reads_the_input_text_when_a_scorer_gives_no_body():
    r = _result({"c": every_line_chrome("c")})
    for a in r["articles"]:
        del a["body"]
    assert real.prose_lost(r, texts=TEXTS)["gutted"] == pytest.approx(1 / 3)


# ---------------------------------------------------------------- stories


def test_one_story_for_everything_merges_every_pair_of_different_events():
    gold = {"a": "e1", "b": "e1", "c": "e2"}
    topic = {"a": "t", "b": "t", "c": "t"}
    apart = real.different_events_merged(_result({}, stories={"a": "s1", "b": "s1", "c": "s2"}), gold, topic)
    assert apart == {"pairs": 2, "merged": 0.0}
    merged = real.different_events_merged(_result({}, stories={k: "one" for k in TEXTS}), gold, topic)
    assert merged["merged"] == 1.0
    corpus = real.Corpus("t", [{"id": k, "text": t, "outlet": k} for k, t in TEXTS.items()], gold, topic)
    figures = real.corpus_metrics(_result({}, stories={k: "one" for k in TEXTS}), corpus)
    assert figures["stories_p"] == pytest.approx(5 / 9) and figures["stories_f1"] < 0.75
    assert real.corpus_metrics(_result({}, stories={"a": "s", "b": "s", "c": "t"}), corpus)["stories_f1"] == 1.0


def test_ferry_verdicts_read_the_truth_per_article():
    truth = {"story": ["a", "b", "c"], "faithful": ["a", "c"], "spin": {"b": [["x", "y"]]}, "drift": {}}
    right = real.ferry_verdicts(_result({"b": [_finding("b", "spin", 0, 11)]}), truth)
    assert right["right"] == 1.0 and right["faithful_penalised"] == 0 and right["altered_missed"] == 0
    loud = real.ferry_verdicts(_result({k: flag_everything(k) for k in TEXTS}), truth)
    assert loud["right"] == pytest.approx(1 / 3) and loud["faithful_penalised"] == 2
    quiet = real.ferry_verdicts(_result({}), truth)
    assert quiet["altered_missed"] == 1


# ---------------------------------------------------------------- goals, split, texts, sheet


def test_goals_fail_on_a_bad_engine_and_the_table_says_so():
    report = {"corpora": {"ECB+": 3}, "metrics": {"engine": {"ECB+": {"penalised": 0.2, "losing_30": 0.0}},
                                                    "baseline": {"ECB+": {"penalised": 0.0, "losing_30": 0.0}}}}
    text = real.table(report, ["engine", "baseline"])
    line = next(l for l in text.splitlines() if "articles penalised" in l)
    assert line.rstrip().endswith("NO") and "0.200" in line
    assert real.goals_met(report)[0] < real.goals_met(report)[1]
    report["metrics"]["engine"]["ECB+"]["penalised"] = 0.0
    assert "NO" not in real.table(report, ["engine", "baseline"])


def test_allsides_half_is_the_documented_rule():
    for name in ("Reuters", "Breitbart News", "CNN (Web News)", "x"):
        odd = int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 1
        assert real.allsides_half(name) == ("held-out" if odd else "lexicon")


def test_flatten_puts_a_text_on_one_line():
    assert real.flatten(" One.\n\nTwo  three.\nFour \n") == "One. Two three. Four"


def test_sentence_around_finds_the_sentence_of_a_span():
    text = "First one here. The bridge will cost 12 million. Last."
    k = text.index("12")
    sentence, a, b = real.sentence_around(text, k, k + 2)
    assert sentence == "The bridge will cost 12 million." and sentence[a:b] == "12"


def test_the_sheet_draws_n_findings_with_their_context_and_sources():
    findings = {k: flag_everything(k) for k in TEXTS}
    findings["a"][0]["support"] = ["b"]
    findings["a"][0]["expected"] = "Councillors"
    corpus = real.Corpus("tiny", [{"id": k, "outlet": k.upper(), "text": t} for k, t in TEXTS.items()])
    sheet = real.sample_sheet({"tiny": (corpus, _result(findings))}, 5)
    assert sheet.count("\n## ") == 5 and "judgement:" in sheet
    assert real.sample_sheet({"tiny": (corpus, _result(findings))}, 5) == sheet  # fixed seed
    full = real.sample_sheet({"tiny": (corpus, _result(findings))}, 1000)
    assert "from b (B): **Councillors** backed the new bridge on Monday." in full


# ---------------------------------------------------------------- harder worlds


def test_flatten_doc_moves_every_label_with_its_text():
    doc = Doc("Lead para.\n\nTrending\nOne\nTwo\n\nLast  words.",
              [Change("sidebar", "partisan-left", 12, 28, "Trending\nOne\nTwo")],
              [Change("desk", "honorific", 30, 30, "")])
    out = flatten_doc(doc)
    assert out.text == "Lead para. Trending One Two Last words."
    assert out.changes[0].text == "Trending One Two" and out.text[out.changes[0].start:out.changes[0].end] == out.changes[0].text
    assert out.desk[0].start == out.text.index("Last")


def test_harder_worlds_keep_their_labels_exact_and_their_changes_faithful():
    shared_path("realdata")
    plain = build_world(seed=1, clusters=6)
    for v in VARIANTS:
        w = build_world(seed=1, clusters=6, variants=(v,))
        check_world(w)
        assert build_world(seed=1, clusters=6, variants=(v,)).articles == w.articles  # same seed, same world
        new = {aid: lab for aid, lab in w.labels.items() if aid not in plain.labels}
        if v == "flat":
            assert all("\n" not in a["text"] for a in w.articles)
        if v == "same-days":
            firsts: dict = {}
            for a in w.articles:
                story = w.labels[a["id"]].story
                firsts[story] = min(firsts.get(story, _d(a["published"])), _d(a["published"]))
            # Every story's first day inside one three-day window (its articles keep their spacing).
            assert (max(firsts.values()) - min(firsts.values())).days <= 2 and len(set(firsts.values())) > 1
        if v == "versions":
            assert new and all(not lab.altered for lab in new.values()) and any(lab.desk for lab in new.values())
            assert {d.type for lab in new.values() for d in lab.desk} & {"spelling", "sentence-removed",
                                                                       "sentence-added", "figure-updated"}
        if v == "developing":
            updates = [d for lab in w.labels.values() for d in lab.desk if d.type == "developing-update"]
            assert updates and all(d.text != d.expected for d in updates)
        # A faithful change never makes an article altered, and the plain world's alterations are all kept.
        for aid, lab in plain.labels.items():
            assert w.labels[aid].altered == lab.altered
    with pytest.raises(ValueError):
        build_world(seed=1, clusters=2, variants=("upside-down",))


def _d(s):
    from datetime import date

    return date.fromisoformat(s)


def test_a_finding_on_a_faithful_version_edit_counts_against_precision():
    shared_path("realdata")
    from scoring.evaluation import metrics

    w = build_world(seed=1, clusters=6, variants=("versions",))
    edits = [(aid, d) for aid, lab in w.labels.items() for d in lab.desk if d.end > d.start]
    result = {"articles": [{"id": aid, "findings": [{"kind": "drift", "start": d.start, "end": d.end}]}
                           for aid, d in edits[:5]], "stories": [], "outlets": []}
    assert metrics.span_metrics(result, w)["drift"]["precision"] == 0.0
    assert metrics.desk_flagged(result, w)["flagged"] > 0


# ---------------------------------------------------------------- the real part on ../shared


def test_the_held_out_sidebars_use_only_held_out_outlets():
    shared_path("realdata")
    from scoring.evaluation.shared import read_jsonl, shared_file

    pool = real.held_out_headlines()
    rows = read_jsonl(shared_file("realdata", "allsides_article_bias", "articles.jsonl"))
    lexicon = {" ".join(r["headline"].split()) for r in rows if real.allsides_half(r["source"]) == "lexicon"}
    assert all(pool[k] for k in ("left", "center", "right"))
    assert not (set().union(*pool.values()) - {" ".join(r["headline"].split()) for r in rows})
    w = real.sidebar_world()
    blocks = [c for lab in w.labels.values() for c in lab.changes]
    assert sum(c.kind == "sidebar" for c in blocks) >= 90 and sum(c.type == "neutral-headlines" for c in blocks) >= 90
    items = {line for c in blocks for line in c.text.split("\n")[1:]}
    assert not any(h in lexicon and h not in set().union(*pool.values()) for h in items)


def test_the_real_part_runs_and_the_baseline_shows_false_alarms_on_basil():
    shared_path("realdata")
    corpus = real.basil()
    corpus.records = corpus.records[:30]
    corpus.gold = {r["id"]: corpus.gold[r["id"]] for r in corpus.records}
    report = real.evaluate_real({"baseline": baseline.score}, corpus_list=[corpus, real.flat(corpus)])
    figures = report["metrics"]["baseline"]["BASIL"]
    assert figures["scored"] == 1.0 and figures["penalised"] > 0.1  # the naive scorer's false alarms show
    assert 0 < figures["stories_f1"] <= 1
    assert "BASIL flat" in report["metrics"]["baseline"] and "held-out sidebars" in report["metrics"]["baseline"]
    assert "articles penalised" in real.table(report, ["baseline"])


def test_a_crashing_scorer_is_reported_not_fatal():
    def crash(articles):
        raise IndexError("tuple index out of range")

    corpus = real.Corpus("tiny", [{"id": k, "outlet": k, "text": t} for k, t in TEXTS.items()])
    result, error = real.run_corpus(crash, corpus)
    assert result is None and error.startswith("IndexError: tuple index out of range")


def test_bench_section_5_prints_the_real_part_beside_the_worlds():
    from tests.bench import report

    real_part = {"corpora": {"ECB+": 982, "ECB+ flat": 982, "held-out sidebars": 300},
                 "metrics": {"engine": {"ECB+": {"penalised": 0.204, "findings_per_100": 96.3, "losing_30": 0.01,
                                                 "prose_lost": 0.017, "stories_f1": 0.734},
                                        "ECB+ flat": {"scored": 0.0, "error": "IndexError: x"},
                                        "held-out sidebars": {"sidebar_recall": 0.93}},
                             "baseline": {"ECB+": {"penalised": 0.649, "findings_per_100": 363.1, "losing_30": 0.0}}},
                 "goals_met": [3, 10]}
    r = report.Results(command="make bench", mode="full", sizes=[1000], quality=("cmd", "world table"),
                       quality_real=real_part)
    text = report._quality(r)
    assert "| ECB+ | 0.204 / 0.649 | 96.3 / 363.1 | 0.010 / 0.000 | 0.017 / - | 0.734 / - |" in text
    assert "| ECB+ flat | engine crashed" in text and "meets 3 of the 10 goals" in text
    assert "world table" in text and "held-out sidebars |" not in text
    assert "Real news: not run" in report._quality(report.Results(command="c", mode="quick", sizes=[1],
                                                                  quality=("cmd", "out")))


def test_make_world_flags_write_the_harder_worlds(tmp_path):
    shared_path("realdata")
    import json

    from django.core.management import call_command

    call_command("make_world", "--out", str(tmp_path / "plain"), "--clusters", "3", "--seed", "2")
    call_command("make_world", "--out", str(tmp_path / "hard"), "--clusters", "3", "--seed", "2", "--flat",
                 "--versions", "--developing", "--same-days")
    read = lambda d: [json.loads(line) for line in (tmp_path / d / "articles.jsonl").read_text().splitlines()]
    plain, hard = read("plain"), read("hard")
    assert len(hard) > len(plain) and all("\n" not in a["text"] for a in hard)
    labels = json.loads((tmp_path / "hard" / "labels.json").read_text())
    assert any(lab["profile"] in ("version", "wire-copy") for lab in labels["articles"].values())


def test_ferry_lines_name_each_article_and_the_wrong_ones():
    truth = {"story": ["a", "b"], "faithful": ["a"], "spin": {"b": [["x", "y"]]}, "drift": {}}
    fv = real.ferry_verdicts(_result({"a": flag_everything("a")}), truth)
    lines = real.ferry_lines({"details": {"engine": {"ferry": fv}}}, ["engine"])
    assert lines == ["ferry, engine: a faithful 15 penalising, fidelity 100.0 (WRONG); "
                     "b altered 0 penalising, fidelity 100.0 (WRONG)"]
