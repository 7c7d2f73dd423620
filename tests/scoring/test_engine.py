"""The engine on short hand-written texts: no database (no `db` fixture), no Django."""
import json
import pickle
import os
import subprocess
import sys
from datetime import date

import pytest

from scoring.engine import ArticleText, lexicon, score_corpus
from scoring.evaluation.shared import for_seed_checks
from scoring.engine.extract import extract
from scoring.engine.fidelity import Weights, article_fidelity, outlet_scores
from scoring.engine.sidebar import classify_blocks
from scoring.engine.types import Finding
from tests.conftest import ROOT, shared_path

SOURCE = (
    "Harbour city council approved a new flood barrier on Tuesday after a three-hour debate.\n"
    "The barrier will cost 14 million pounds and take two years to build, the council said.\n"
    "Mayor Ellen Marsh called the vote “a promise kept to every family on the riverside”.\n"
    "Engineers from the Dutch firm Vanlo will start work in March.\n"
    "The river burst its banks twice last winter, flooding 300 homes.\n"
)
# A spun copy: ordinary words swapped (breaking fixed phrases), and facts changed.
SPUN = (
    "Harbour town board approved a new flood wall on Tuesday after a three-hour argument.\n"
    "The barrier will cost 14 million pounds and take two decades to build, the council said.\n"
    "Mayor Ellen Marsh called the vote “a promise kept to every household on the riverside”.\n"
    "Engineers from the German firm Vanlo will start work in March.\n"
    "The river burst its banks twice last winter, flooding 300 homes.\n"
)
REWRITE_A = (
    "Councillors in Harbour voted on Tuesday to build a flood barrier along the river.\n"
    "Construction should take two years, and the bill comes to 14 million pounds.\n"
    "Vanlo, a contractor from the Netherlands, begins in March; it is a Dutch company with river experience.\n"
    "Twice last winter the water reached 300 homes.\n"
)
REWRITE_B = (
    "Riverside families in Harbour will get their flood defence at last: on Tuesday the city council backed\n"
    "a barrier whose construction, led by Dutch contractor Vanlo from March, should last two years.\n"
    "Officials put the bill at 14 million pounds.\n"
    "“A promise kept to every family on the riverside,” Mayor Ellen Marsh told reporters after the vote.\n"
)
OTHER_EVENT = (
    "A fire destroyed the old grain warehouse at Harbour docks on Saturday night.\n"
    "Firefighters from three stations fought the blaze for six hours.\n"
    "No one was hurt, the fire service said, and the cause is under investigation.\n"
)


def articles(**texts):
    return [ArticleText(id=k, outlet=f"Outlet {k}", text=v, published=date(2026, 9, 1)) for k, v in texts.items()]


def by_id(result):
    return {a.id: a for a in result.articles}


def test_importing_the_engine_does_not_load_django():
    code = "import sys, scoring.engine; scoring.engine.score_corpus; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_it_groups_reports_of_one_event_and_keeps_another_event_apart():
    result = score_corpus(articles(src=SOURCE, a=REWRITE_A, b=REWRITE_B, fire=OTHER_EVENT))
    groups = sorted(sorted(s.articles) for s in result.stories)
    assert groups == [["a", "b", "src"], ["fire"]]


def test_articles_far_apart_in_time_are_different_stories():
    early = ArticleText("early", "X", REWRITE_A, published=date(2026, 1, 1))
    late = ArticleText("late", "Y", REWRITE_B, published=date(2026, 6, 1))
    assert len(score_corpus([early, late]).stories) == 2


def test_a_spun_copy_is_found_with_its_swaps_and_drifted_facts():
    result = by_id(score_corpus(articles(src=SOURCE, spun=SPUN, a=REWRITE_A, b=REWRITE_B)))
    spun = result["spun"]
    assert spun.copy_of == "src"
    spins = {f.text for f in spun.findings if f.kind == "spin"}
    drifts = {(f.text, f.detail) for f in spun.findings if f.kind == "drift"}
    # "argument" for debate is a commoner word that no report of the story shows to be the odd one: a copy desk's
    # choice as much as a spinner's (see docs/ENGINE.md, section 4), so it is not claimed.
    assert {"town board", "wall"} <= spins
    assert ("German", "nationality") in drifts
    assert ("decades", "duration") in drifts
    assert ("household", "quote") in drifts
    for f in spun.findings:
        assert SPUN[f.start:f.end] == f.text
    # What the consensus says instead, and who says it.
    german = next(f for f in spun.findings if f.text == "German")
    assert german.expected == "Dutch" and {"src", "a", "b"} <= set(german.support)


def _swap(text, *pairs):
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_spun_copy_copied_verbatim_does_not_outvote_two_other_copies_of_a_missing_source():
    # SOURCE itself is not in the corpus. Three spinners rewrote it, each in its own places, and one outlet
    # republished the first spinner's text unchanged: at each of that spinner's swaps two copies keep the
    # original wording against one verbatim pair.
    first = _swap(SOURCE, ("three-hour debate", "three-hour quarrel"), ("burst its banks", "burst its shores"))
    result = by_id(score_corpus(articles(
        first=first, republished=first + "Share this article\n",
        second=_swap(SOURCE, ("will start work", "will begin labour"), ("years to build", "years to construct")),
        third=_swap(SOURCE, ("new flood barrier", "new flood wall"), ("300 homes", "300 dwellings")))))
    spins = {k: {f.text for f in result[k].findings if f.kind == "spin"} for k in result}
    assert spins["first"] == spins["republished"] == {"quarrel", "shores"}
    assert spins["second"] == {"begin labour", "construct"} and spins["third"] == {"wall", "dwellings"}


DAM = (
    "The national water agency said on Monday that it will pay for repairs to the Millbrook dam.\n"
    "Spring floods damaged the spillway of the dam in April, and engineers closed the road across it.\n"
    "The repairs will cost 40 million dollars and take two years, the agency said.\n"
    "Families in the valley below the dam were told to prepare for an evacuation during the floods.\n"
    "The governor welcomed the decision and promised state money for a new warning system.\n"
)
DAM_REWRITES = (
    "Federal money from the national water agency will cover repairs to the Millbrook dam, officials "
    "announced on Monday.\nThe spillway was damaged by spring floods in April.\nThe work is expected to cost "
    "40 million dollars over two years.\nThe governor praised the move and said the state would fund a flood "
    "warning system.\n",
    "The Millbrook dam will be repaired at the expense of the national water agency, a spokesperson told "
    "reporters on Monday.\nIts spillway cracked during the April floods, when valley residents were warned "
    "they might have to leave.\nRepairs are estimated at 40 million dollars.\nState officials plan to pay "
    "for a new warning system.\n",
)


@pytest.mark.parametrize("independent", [2, 1])
def test_independent_reports_settle_a_broken_fixed_phrase_between_two_copies(independent):
    # Two copies of a missing source: a spun one, republished verbatim elsewhere, and a faithful one. Inside
    # the copy group the verbatim pair outweighs the faithful copy; two independent reports that write
    # "water agency" and "warning system" tip it (one report could use either wording by chance).
    spun = _swap(DAM, ("water agency", "water bureau"), ("warning system", "alert system"))
    texts = {"spun": spun, "republished": spun + "Share this article\n",
             "faithful": DAM + "Sign up for our newsletter\n"}
    texts.update({f"report{i}": t for i, t in enumerate(DAM_REWRITES[:independent])})
    result = by_id(score_corpus(articles(**texts)))
    assert len({a.story for a in result.values()}) == 1
    spins = {k: {f.text for f in result[k].findings if f.kind == "spin"} for k in ("spun", "republished", "faithful")}
    if independent == 2:
        assert spins == {"spun": {"bureau", "alert"}, "republished": {"bureau", "alert"}, "faithful": set()}
    else:
        assert spins["spun"] == set()


def test_faithful_reports_keep_a_high_fidelity_and_the_spun_copy_loses_points():
    result = by_id(score_corpus(articles(src=SOURCE, spun=SPUN, a=REWRITE_A, b=REWRITE_B)))
    assert all(result[k].fidelity == 100 for k in ("src", "a", "b"))
    assert result["spun"].fidelity <= 75


def test_drift_in_an_independent_report_is_found_against_two_other_outlets():
    drifted = REWRITE_A.replace("take two years", "take two months")
    result = by_id(score_corpus(articles(src=SOURCE, a=drifted, b=REWRITE_B)))
    findings = [f for f in result["a"].findings if f.kind == "drift"]
    assert [(f.text, f.expected) for f in findings] == [("two months", "two years")]
    assert set(findings[0].support) == {"b", "src"}


def test_without_a_consensus_a_copy_is_compared_with_its_source_and_the_source_is_not_compared():
    # "altercation" is rarer than "debate": a swap even with no other report to show which wording is odd.
    # "altercation" and "shores" are rarer than "debate" and "banks": swaps even with no other report to show which
    # wording is odd.
    spun = _swap(SPUN, ("three-hour argument", "three-hour altercation"), ("burst its banks", "burst its shores"))
    result = by_id(score_corpus(articles(src=SOURCE, spun=spun)))
    assert result["spun"].has_consensus is False
    # A copy's differences from its own source count without a consensus...
    assert any(f.kind == "spin" and f.severity > 0 for f in result["spun"].findings)
    assert result["spun"].fidelity < 100
    # ...but the source copies nobody and has no consensus to be held to: no score at all.
    assert result["src"].fidelity is None
    assert result["src"].to_dict()["fidelity"] is None


def test_an_article_nobody_else_reports_is_not_compared_and_not_counted_for_its_outlet():
    result = score_corpus(articles(src=SOURCE, a=REWRITE_A, b=REWRITE_B, fire=OTHER_EVENT))
    fid = {a.id: a.fidelity for a in result.articles}
    assert fid["fire"] is None and fid["src"] == 100
    outlets = {o.outlet: o for o in result.outlets}
    assert outlets["Outlet fire"].compared == 0 and outlets["Outlet fire"].score is None


def test_an_outlet_cannot_corroborate_itself():
    # Two independent reports of one event, both by one outlet: no other outlet states anything, so no consensus.
    alone = [ArticleText(id=k, outlet="Herald", text=t) for k, t in (("a", REWRITE_A), ("b", REWRITE_B))]
    result = score_corpus(alone)
    assert [a.fidelity for a in result.articles] == [None, None]
    assert not any(s.consensus for s in result.stories)
    # Another outlet's report makes the same two articles comparable.
    result = by_id(score_corpus([*alone, ArticleText(id="src", outlet="Post", text=SOURCE)]))
    assert result["a"].has_consensus and result["a"].fidelity is not None
    # A wire story both outlets carry does not make their own reports one voice.
    carried = [ArticleText(id="wire-h", outlet="Herald", text=SOURCE),
               ArticleText(id="wire-p", outlet="Post", text=SOURCE),
               ArticleText(id="a", outlet="Herald", text=REWRITE_A), ArticleText(id="b", outlet="Post", text=REWRITE_B)]
    result = by_id(score_corpus(carried))
    assert result["b"].has_consensus and result["b"].fidelity is not None


def test_consensus_facts_are_stated_by_two_independent_voices():
    result = score_corpus(articles(src=SOURCE, spun=SPUN, a=REWRITE_A, b=REWRITE_B))
    (story,) = result.stories
    assert story.consensus
    for fact in story.consensus:
        # A copy and its source are one voice: a fact needs support beyond them.
        assert set(fact.support) - {"src", "spun"}


def test_copies_are_one_voice_so_a_copied_error_does_not_become_consensus():
    wrong = SOURCE.replace("two years", "two months")
    copy = wrong.replace("approved", "rubber-stamped")
    result = by_id(score_corpus(articles(w=wrong, c=copy, a=REWRITE_A, b=REWRITE_B)))
    assert [f.text for f in result["w"].findings if f.kind == "drift"] == ["two months"]


def test_chrome_is_reported_as_boilerplate_and_costs_nothing():
    page = ("Share: Facebook Twitter Email\n\n" + REWRITE_A +
            "\nSign up for our morning newsletter to get the news in your inbox.\n© 2026 Harbour Post")
    result = by_id(score_corpus(articles(src=SOURCE, b=REWRITE_B, p=page)))
    chrome = [f for f in result["p"].findings if f.kind == "boilerplate"]
    assert any("newsletter" in f.text for f in chrome) and any("Facebook" in f.text for f in chrome)
    assert result["p"].fidelity == 100


PARTISAN = (
    "Trending\n"
    "- Radical mayor's tax grab exposed by furious voters\n"
    "- Election hoax: lawmakers caught in cover-up\n"
    "- Woke council wastes millions on pet projects\n"
    "- Local bakery wins regional prize\n"
)
NEUTRAL_LIST = (
    "Most Read\n"
    "- Local bakery wins regional prize\n"
    "- New bus timetable starts next month\n"
    "- School choir to perform at the cathedral\n"
)


def test_a_partisan_headline_list_is_a_sidebar_and_a_neutral_one_is_chrome():
    verdicts = [v.partisan for v in classify_blocks(extract(REWRITE_A + "\n" + PARTISAN))]
    assert verdicts == [True]
    verdicts = [v.partisan for v in classify_blocks(extract(REWRITE_A + "\n" + NEUTRAL_LIST))]
    assert verdicts == [False]


def test_a_partisan_sidebar_inserted_mid_text_is_found_and_penalised():
    lines = REWRITE_B.splitlines(keepends=True)
    page = "".join(lines[:2]) + "\n" + PARTISAN + "\n" + "".join(lines[2:])
    result = by_id(score_corpus(articles(src=SOURCE, a=REWRITE_A, p=page)))
    sidebars = [f for f in result["p"].findings if f.kind == "sidebar"]
    assert len(sidebars) == 1 and sidebars[0].text.startswith("Trending")
    assert result["p"].fidelity < 100


def test_html_input_is_extracted_and_offsets_refer_to_the_extracted_body():
    html = ("<html><body><nav>Home | World | Sport</nav><article><h1>Barrier approved</h1>"
            + "".join(f"<p>{line}</p>" for line in REWRITE_A.splitlines())
            + "</article><footer>© 2026 Example</footer></body></html>")
    (art,) = score_corpus([ArticleText("h", "X", html=html)]).articles
    assert "Councillors in Harbour voted" in art.body
    assert "Home | World" not in art.body


def test_the_same_input_gives_the_same_output_in_any_order():
    items = articles(src=SOURCE, spun=SPUN, a=REWRITE_A, b=REWRITE_B, fire=OTHER_EVENT)
    first = score_corpus(items).to_dict()
    again = score_corpus(list(reversed(items))).to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


def test_fidelity_formula_uses_the_weights_and_caps():
    spin = Finding("spin", 0, 1, "x", severity=0.5)
    drift = Finding("drift", 0, 1, "x", severity=1.0)
    fid, comp = article_fidelity([spin, drift], Weights(spin_points=4, drift_points=10))
    assert fid == 100 - 2 - 10
    assert comp == {"spin": 0.02, "drift": 0.10, "sidebar": 0.0}
    fid, _ = article_fidelity([drift] * 20, Weights(drift_points=10, drift_cap=60))
    assert fid == 40


def test_outlets_with_few_articles_are_pulled_to_the_mean_with_wider_intervals():
    rows = [("many", 60.0)] * 20 + [("one", 60.0)] + [("good", 100.0)] * 20
    scores = {o.outlet: o for o in outlet_scores(rows, Weights(min_compared=1))}
    assert scores["one"].score > scores["many"].score  # pulled toward the overall mean (80)
    assert scores["one"].high - scores["one"].low > scores["many"].high - scores["many"].low
    for o in scores.values():
        assert o.low <= o.score <= o.high


# The real case (../shared/seeds, hand-labelled): the checks of the engine issue.
def test_seeds_meet_the_hand_labelled_expectations(tmp_path):
    seeds = shared_path("seeds")
    out = tmp_path / "seeds.json"
    records = [json.loads(line) for line in (seeds / "articles.jsonl").open(encoding="utf-8")]
    result = score_corpus([ArticleText(r["id"], r["outlet"], r["text"], title=r.get("title") or "") for r in records])
    out.write_text(json.dumps(for_seed_checks(result.to_dict(), seeds)), encoding="utf-8")
    check = subprocess.run([sys.executable, str(shared_path("tools", "check_seeds.py")), str(seeds), str(out)],
                           capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert check.returncode == 0, check.stdout + check.stderr
    fid = {a.id: a.fidelity for a in result.articles}
    assert fid["seed-003"] is None  # alone in its story: not compared
    assert fid["seed-001"] == min(f for f in fid.values() if f is not None)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01", "word " * 5, "É" * 1000])
def test_odd_texts_do_not_break_the_engine(text):
    (art,) = score_corpus([ArticleText("x", "X", text)]).articles
    assert art.fidelity is None  # alone in its story: not compared


@pytest.mark.parametrize("pattern, alternatives, literals", [
    (r"^share( this| on)?\b", [r"^share( this| on)?\b"], ["share"]),
    (r"\bsign up\b|\bnews(letter|feed)\b|©", [r"\bsign up\b", r"\bnews(letter|feed)\b", "©"], ["sign up", "news", "©"]),
    (r"[|]x|a\|b|[^]|]y|comments?", ["[|]x", r"a\|b", "[^]|]y", "comments?"], ["", "a", "", "comment"]),
    (r"^(once|monthly)$|\d{1,2}:\d{2}|ab{2}", ["^(once|monthly)$", r"\d{1,2}:\d{2}", "ab{2}"], ["", "", "a"]),
])
def test_a_pattern_splits_into_its_top_level_alternatives_each_with_the_literal_it_begins_with(
        pattern, alternatives, literals):
    assert lexicon._top_level_alternatives(pattern) == alternatives
    assert [lexicon._literal_prefix(a) for a in alternatives] == literals


def test_a_preparation_written_for_pass_1_reads_back_as_the_article_prepared_again():
    from scoring.engine.prepare import packed, prepare, unpacked

    paragraphs = "".join(f"<p>{line}</p>" for line in REWRITE_B.splitlines())
    html = f"<html><body><article>{paragraphs}</article></body></html>"
    chrome = "Share on Facebook\n\n" + SPUN + "\nTrending\nA headline\nAnother headline here\nA third headline now\n"
    for a in [*articles(src=SOURCE, chrome=chrome), ArticleText("h", "X", title="Barrier", html=html)]:
        prepared = prepare(a)
        assert unpacked(pickle.loads(pickle.dumps(packed(prepared)))) == prepared


def test_scoring_a_stream_of_articles_needs_them_in_order_of_their_ids():
    from scoring.engine import score_stories

    items = articles(a=REWRITE_A, b=REWRITE_B, src=SOURCE)
    with score_stories(iter(items)) as scored:  # read once, as a generator gives them
        assert sorted(a.id for _, results in scored for a in results) == ["a", "b", "src"]
    with pytest.raises(ValueError, match="order of their ids: 'a' came after 'b'"):
        with score_stories(iter([items[1], items[0], items[2]])):
            pass


def test_articles_prepared_ahead_are_scored_as_if_given_and_prepared_once(monkeypatch):
    from scoring.engine import pipeline, score_stories

    items = articles(a=REWRITE_A, b=REWRITE_B, spun=SPUN, src=SOURCE)
    with score_stories(iter(items)) as scored:
        expected = [(story, results) for story, results in scored]
    made = []
    real = pipeline.prepare
    monkeypatch.setattr(pipeline, "prepare", lambda article, *rest: made.append(article.id) or real(article, *rest))
    with pipeline.prepared_ahead([items[1], items[2]]) as ahead:  # the newcomers, linked first (see tasks)
        assert sorted(ahead.docs) == ["b", "spun"]
        # Given again or not, an article prepared ahead is not prepared again, and the results are those above.
        with score_stories(iter(items[:2] + items[3:]), ahead=ahead) as scored:
            assert [(story, results) for story, results in scored] == expected
    assert sorted(made) == ["a", "b", "spun", "src"]
    changed = pipeline.Params.from_dict({"weights": {"spin_points": 9.0}})
    with pipeline.prepared_ahead(items[:1]) as ahead, pytest.raises(ValueError, match="other parameters"):
        with score_stories(iter(items[1:]), params=changed, ahead=ahead):
            pass


def test_a_pair_score_mixes_body_lead_and_names_and_time_scales_it_by_the_names():
    import numpy as np

    from scoring.engine.stories import Bag, StoryDoc, StoryParams, _Index, _Similarity

    days = [date(2026, 9, 1), date(2026, 9, 1), date(2026, 9, 3), date(2026, 9, 6), date(2026, 9, 10), None]
    when = [{"monday"}, {"tuesday"}, {"monday", "friday"}, set(), set(), set()]
    bag = Bag({"barrier": 1.0})
    index = _Index([StoryDoc(str(k), bag, bag, d, frozenset(w)) for k, (d, w) in enumerate(zip(days, when))])
    sim = _Similarity(index, StoryParams())
    pairs = np.array([(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)])
    body, lead, names = np.full(5, 0.4), np.full(5, 0.8), np.full(5, 0.5)
    # 0.4 body, 0.3 lead, 0.3 names (0.55); weekdays that differ (monday / tuesday) take 40% off; published within
    # a day the text counts 1 + 1.2 times the names' cosine, within three days 1 + 0.6 times it; 4-7 days apart 0.85
    # times; more than the window (7 days) apart is no pair; undated, the text alone.
    expected = [0.55 * 0.6 * 1.6, 0.55 * 1.3, 0.55 * 0.85, 0.0, 0.55]
    assert sim._combine(pairs[:, 0], pairs[:, 1], body, lead, names).tolist() == pytest.approx(expected)
    # No names given: their cosine is 0, and time adds nothing.
    assert sim.score_pairs(pairs).tolist() == pytest.approx([0.7 * 0.6, 0.7, 0.7 * 0.85, 0.0, 0.7])


def _greedy_average_link(docs, params):
    """group_stories' merge loop as it was before it remembered cluster pairs found apart: the oracle."""
    import numpy as np

    from scoring.engine import stories

    index = stories._Index(docs)
    sim = stories._Similarity(index, params)
    pairs = stories.candidate_pairs(index, params.window_days)
    scores = sim.score_pairs(pairs)
    sim.remember(pairs, scores)
    rank = np.empty(len(docs), dtype=np.int64)
    rank[sorted(range(len(docs)), key=lambda k: index.docs[k].id)] = np.arange(len(docs))
    strong = scores >= params.link_threshold
    pairs, scores = pairs[strong], scores[strong]
    cluster_of, members = list(range(len(docs))), {i: [i] for i in range(len(docs))}
    for i, j in pairs[np.lexsort((rank[pairs[:, 1]], rank[pairs[:, 0]], -scores))].tolist():
        a, b = cluster_of[i], cluster_of[j]
        if a == b:
            continue
        if sim.average_link(members[a], members[b]) >= stories._needed(len(members[a]), len(members[b]), params):
            small, big = sorted((a, b), key=lambda c: (len(members[c]), c))
            for k in members[small]:
                cluster_of[k] = big
            members[big].extend(members.pop(small))
    return sorted((sorted(m, key=lambda k: index.docs[k].id) for m in members.values()),
                  key=lambda g: index.docs[g[0]].id)


def test_grouping_that_remembers_clusters_found_apart_merges_as_the_plain_greedy_loop(monkeypatch):
    import random

    from scoring.engine import stories

    asked = []
    average_link = stories._Similarity.average_link
    monkeypatch.setattr(stories._Similarity, "average_link", lambda self, a, b: asked.append(1) or average_link(self, a, b))
    params = stories.StoryParams(attach_size=0)  # the merge loop alone: no reports left alone attached after it
    remembered = 0
    for seed in range(30):
        rng = random.Random(seed)
        # Articles drawn from a few overlapping topics, over two weeks: clusters that many strong pairs join and
        # average link keeps apart, and clusters cut by the time window.
        topics = [[f"w{t}{k}" for k in range(12)] for t in range(4)]
        docs = []
        for k in range(60):
            words = rng.sample(topics[rng.randrange(4)], 6) + rng.sample(topics[rng.randrange(4)], 4)
            bag = stories.Bag({w: 1.0 + rng.random() for w in words})
            docs.append(stories.StoryDoc(f"a{k:03d}", bag, bag, date(2026, 9, 1 + rng.randrange(14))))
        asked.clear()
        expected = _greedy_average_link(docs, params)
        plain = len(asked)
        asked.clear()
        assert stories.group_stories(docs, params) == expected, seed
        remembered += plain - len(asked)
    assert remembered > 0  # the memory was used, and changed nothing


def test_average_link_one_pair_at_a_time_gives_the_bits_of_the_arrays():
    import random

    from scoring.engine import stories

    rng = random.Random(7)
    topics = [[f"w{t}{k}" for k in range(12)] for t in range(4)]
    docs = []
    for k in range(80):
        words = rng.sample(topics[rng.randrange(4)], 6) + rng.sample(topics[rng.randrange(4)], 4)
        bag = stories.Bag({w: 1.0 + rng.random() for w in words})
        day = None if k % 9 == 0 else date(2026, 9, 1 + rng.randrange(14))
        docs.append(stories.StoryDoc(f"a{k:03d}", bag, bag, day))
    params = stories.StoryParams()
    one, arrays = (stories._Similarity(stories._Index(docs), params) for _ in range(2))
    pairs = stories.candidate_pairs(stories._Index(docs), params.window_days)
    scores = one.score_pairs(pairs)
    one.remember(pairs, scores)
    arrays.remember(pairs, scores)
    asked = 0
    for _ in range(300):
        a, b = rng.sample(range(80), rng.randrange(2, 12)), rng.sample(range(80), rng.randrange(1, 6))
        b = [k for k in b if k not in a] or [k for k in range(80) if k not in a][:1]
        if len(a) * len(b) <= one.SMALL_LINK:
            asked += 1
            assert one.average_link(a, b) == arrays._average_link_arrays(a, b)  # exactly: merges depend on it
    assert asked > 100 and one.extra  # pairs the index did not propose were scored on the way


def test_sentence_matches_are_each_documents_similar_sentences_best_first():
    from scoring.engine.align import StoryMatrix
    from scoring.engine.pipeline import prepare

    matrix = StoryMatrix([prepare(a).doc for a in articles(a=REWRITE_A, b=REWRITE_B, src=SOURCE, spun=SPUN)])
    assert matrix.sim.nnz
    for d, doc in enumerate(matrix.docs):
        for s in range(len(doc.sentences)):
            row = matrix.sim.getrow(matrix.row(d, s)).tocoo()
            for o, other in enumerate(matrix.docs):
                # Read the row entry by entry: doc o's sentences among its columns, best first, ties by position.
                expected = sorted(((int(c) - matrix.row(o, 0), float(v)) for c, v in zip(row.col, row.data)
                                   if 0 <= c - matrix.row(o, 0) < len(other.sentences)), key=lambda m: (-m[1], m[0]))
                assert matrix.matches(d, s, o) == expected
    stopwords_only = StoryMatrix([prepare(ArticleText("x", "X", text="It was there. They were.")).doc])
    assert stopwords_only.sim.nnz == 0 and stopwords_only.matches(0, 1, 0) == []


def test_sentences_end_at_periods_but_not_after_abbreviations():
    from scoring.engine.text import split_sentences

    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2  # longer than the window read back
    text = (f"It weighs approx. 5 tons. The U.S. Army left. It said {long_word}. "
            f"The talks went on past {long_word}approx. Noon came.")
    assert [s.text for s in split_sentences(text)] == [
        "It weighs approx. 5 tons.", "The U.S. Army left.", f"It said {long_word}.",
        f"The talks went on past {long_word}approx.", "Noon came.",
    ]


def test_quotations_pair_their_marks_in_order_whatever_their_shape():
    from scoring.engine.text import quote_regions

    text = 'He said “we will go” and then ”it is over“, as «all» knew; a stray " here.'
    assert [text[a:b] for a, b in quote_regions(text)] == ["we will go", "it is over", "all"]
    start = text.index("then")
    assert [text[a:b] for a, b in quote_regions(text, start)] == ["it is over", "all"]
