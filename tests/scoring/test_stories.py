"""Stories on a stream: names, time that follows each event, no blobs, and later articles grouped as a batch would."""
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from scoring.engine import stories, story_index
from scoring.engine.entities import names
from scoring.engine.pipeline import group_articles, prepare
from scoring.engine.prepare import story_doc
from scoring.engine.text import tokenize
from scoring.engine.types import ArticleText
from tests.conftest import shared_path

DAY = date(2026, 9, 1)

# Two fires of one kind on one day in two towns, and an undated report of the first.
HARLOW = [
    ("Warehouse fire in Harlow", "A fire destroyed a timber warehouse on Mill Lane in Harlow on Monday night. "
     "Fire chief Dana Okafor said 40 firefighters fought the blaze for six hours. Nobody was hurt, and the cause "
     "is not yet known."),
    ("Harlow timber store burns", "Forty firefighters spent six hours on Monday night putting out a fire at a "
     "timber warehouse in Mill Lane, Harlow. Chief Dana Okafor told reporters no one was injured. Investigators "
     "will look for the cause."),
    ("Blaze on Mill Lane", "Crews fought a fire at the Mill Lane timber warehouse in Harlow through Monday night, "
     "said fire chief Dana Okafor. The warehouse was lost. There were no injuries; the cause is being investigated."),
]
DENBY = [
    ("School fire in Denby", "A fire damaged the gym of Denby Grammar School on Monday evening. Fire officer Lucas "
     "Brandt said 12 firefighters had it under control within an hour. Two caretakers were treated for smoke."),
    ("Denby school gym burns", "Twelve firefighters brought a fire in the gym at Denby Grammar School under control "
     "on Monday evening, officer Lucas Brandt said. Two caretakers were treated for smoke inhalation."),
]


def _articles(published=DAY):
    out = [ArticleText(f"h{k}", f"Harlow desk {k}", text, title=title, published=published)
           for k, (title, text) in enumerate(HARLOW)]
    out += [ArticleText(f"d{k}", f"Denby desk {k}", text, title=title, published=published)
            for k, (title, text) in enumerate(DENBY)]
    return out


def test_names_are_capitalised_words_not_sentence_openings_or_headline_capitals():
    sentence = tokenize("Another fire broke out in Harlow, where Dana Okafor's crews work on Monday.")
    title = tokenize("Fire Chief Okafor Says Harlow Is Safe")
    # "Another" opens the sentence and is common; "Monday" is a date; "Fire", "Chief", "Says", "Safe" are common words a
    # headline capitalises.
    assert names([sentence], title) == ["harlow", "dana", "okafor", "okafor", "harlow"]


def test_two_fires_of_one_kind_on_one_day_stay_apart_and_an_undated_report_joins_its_event():
    undated = ArticleText("h9", "Harlow desk 9", "Firefighters in Harlow battled a timber warehouse fire on Mill "
                          "Lane on Monday night; chief Dana Okafor said nobody was hurt.",
                          title="Harlow warehouse fire")
    groups = group_articles(_articles() + [undated], workers=1)
    assert sorted(groups) == [["d0", "d1"], ["h0", "h1", "h2", "h9"]]


def test_a_story_runs_for_days_when_each_article_is_near_another():
    # Reports a few days apart in a chain: 1, 5, 9 September. No pair is over the window apart (7 days) except the
    # first and the last, and the story holds them all.
    days = [DAY, DAY + timedelta(days=4), DAY + timedelta(days=8)]
    items = [ArticleText(f"h{k}", f"Harlow desk {k}", text, title=title, published=days[k])
             for k, (title, text) in enumerate(HARLOW)]
    assert group_articles(items, workers=1) == [["h0", "h1", "h2"]]
    far = [ArticleText(f"h{k}", f"Harlow desk {k}", text, title=title, published=DAY + timedelta(days=30 * k))
           for k, (title, text) in enumerate(HARLOW)]
    assert len(group_articles(far, workers=1)) == 3  # a month apart: never one event's pair


def test_a_pair_of_the_same_days_gains_only_as_much_as_its_names_agree():
    bag, other = stories.Bag({"fire": 1.0}), stories.Bag({"court": 1.0})
    docs = [stories.StoryDoc("a", bag, bag, DAY, names=stories.Bag({"harlow": 1.0})),
            stories.StoryDoc("b", bag, bag, DAY, names=stories.Bag({"harlow": 1.0})),
            stories.StoryDoc("c", bag, bag, DAY, names=stories.Bag({"denby": 1.0})),
            stories.StoryDoc("d", other, other, DAY + timedelta(days=5), names=stories.Bag({"harlow": 1.0}))]
    params = stories.StoryParams()
    sim = stories._Similarity(stories._Index(docs), params)
    scores = sim.score_pairs(np.array([(0, 1), (0, 2), (0, 3)])).tolist()
    text = params.body_weight + params.lead_weight
    assert scores == pytest.approx([(text + params.names_weight) * (1 + params.same_day),  # same names, same day
                                    text,  # same day, other names: no gain from the day
                                    params.far_days * params.names_weight])  # 5 days apart, names only


def test_a_story_past_the_big_size_grows_only_while_its_articles_stay_close():
    # A campaign's articles each share a little with the others (cosine 0.4 on average): they would chain into one
    # story; past BIG_STORY articles the story stops growing.
    import random

    rng = random.Random(0)
    vocabulary = [f"w{k}" for k in range(30)]
    docs = []
    for k in range(3 * stories.BIG_STORY):
        bag = stories.Bag({w: 1.0 for w in rng.sample(vocabulary, 12)})  # two share 12 * 12 / 30 words on average
        docs.append(stories.StoryDoc(f"a{k:03d}", bag, bag, None, names=bag))
    assert max(map(len, stories.group_stories(docs))) < 2 * stories.BIG_STORY
    loose = stories.StoryParams(big_story_link=0.0, meet_size=0)  # meet_size would hold two big parts apart too
    assert len(stories.group_stories(docs, loose)) == 1  # the bound is what holds them apart


def _incremental(docs_in_arrival: list[list[stories.StoryDoc]]) -> list[list[str]]:
    """Stories after each batch of docs arrives: the components the new docs join are grouped again, the other
    stories left as they were (what tasks.score_new_articles does with stored articles)."""
    stored: dict[str, frozenset[str]] = {}
    corpus: list[stories.StoryDoc] = []
    for batch in docs_in_arrival:
        corpus = sorted(corpus + batch, key=lambda d: d.id)
        new = {d.id for d in batch}
        linked = {corpus[i].id for c in stories.link_components(corpus) if any(corpus[i].id in new for i in c)
                  for i in c}
        linked |= {a for i in linked if i in stored for a in stored[i]}
        part = [d for d in corpus if d.id in linked]
        for group in stories.group_stories(part):
            members = frozenset(part[i].id for i in group)
            stored.update(dict.fromkeys(members, members))
    return sorted(sorted(s) for s in set(stored.values()))


def _batch(docs: list[stories.StoryDoc]) -> list[list[str]]:
    docs = sorted(docs, key=lambda d: d.id)
    return sorted(sorted(docs[i].id for i in g) for g in stories.group_stories(docs))


def test_articles_arriving_one_at_a_time_make_the_stories_of_a_batch_run():
    undated = ArticleText("h9", "Harlow desk 9", "Firefighters in Harlow battled a timber warehouse fire on Mill "
                          "Lane on Monday night; chief Dana Okafor said nobody was hurt.",
                          title="Harlow warehouse fire")
    docs = [story_doc(prepare(a)) for a in _articles() + [undated]]
    assert _incremental([[d] for d in docs]) == _batch(docs) == [["d0", "d1"], ["h0", "h1", "h2", "h9"]]
    assert _incremental([[d] for d in reversed(docs)]) == _batch(docs)


def test_ecbplus_in_arrival_order_makes_the_stories_of_a_batch_run():
    path = shared_path("realdata", "ecbplus_event_clusters", "articles.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # Arrival: dated reports in order of their dates, the undated ones (the original ECB has none) after them.
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
    docs = [story_doc(prepare(ArticleText(r["id"], r["outlet"] or "unknown", r["text"], title=r["title"] or "",
                                           published=date.fromisoformat(r["date"]) if r["date"] else None)))
            for r in rows]
    batches = [docs[k:k + 100] for k in range(0, len(docs), 100)]
    assert _incremental(batches) == _batch(docs)


def test_the_seed_meeting_reports_are_one_story_and_the_earlier_arrival_another():
    path = shared_path("seeds", "articles.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    items = [ArticleText(r["id"], r["outlet"], r["text"], title=r.get("title") or "",
                         published=date.fromisoformat(r["published"][:10]) if r.get("published") else None)
             for r in rows]
    assert sorted(group_articles(items, workers=1)) == [["seed-000", "seed-001", "seed-002", "seed-004"],
                                                        ["seed-003"]]


@pytest.mark.django_db
def test_stored_articles_scored_as_they_arrive_get_the_stories_of_a_run_over_all():
    from scoring import tasks
    from sources.models import Article
    from tests.conftest import make_article, make_outlet

    at = datetime(2026, 9, 1, 21, 0, tzinfo=timezone.utc)
    made = []
    for k, (title, text) in enumerate(HARLOW + DENBY):
        made.append(make_article(make_outlet(f"Desk {k}"), text=text, title=title, published_at=at))
        tasks.score_new_articles([made[-1].pk])  # one at a time, as an import stream

    def partition():
        by_story: dict[int, set[int]] = {}
        for pk, story in Article.objects.values_list("pk", "story"):
            by_story.setdefault(story, set()).add(pk)
        return sorted(sorted(s) for s in by_story.values())

    arrived = partition()
    tasks.score_all()
    assert arrived == partition() == [[a.pk for a in made[:3]], [a.pk for a in made[3:]]]


def _bag(*words: str) -> stories.Bag:
    return stories.Bag(dict.fromkeys(words, 1.0))


CORE = ("x1", "x2", "x3")


def test_a_report_left_alone_joins_the_story_it_is_closest_to_unless_its_lead_dates_another_day():
    # Three reports alike, and a fourth that shares their three words among 27 of its own: its pair score
    # (cosine 0.316 on every bag, undated) is under the link threshold but over attach_link.
    story = [stories.StoryDoc(f"a{k}", _bag(*CORE), _bag(*CORE), None, frozenset({"monday"}), _bag(*CORE))
             for k in range(3)]
    loose = _bag(*CORE, *(f"y{k:02d}" for k in range(27)))
    alone = stories.StoryDoc("b", loose, loose, None, frozenset({"monday"}), loose)
    params = stories.StoryParams()
    score = stories._Similarity(stories._Index(story + [alone]), params).score_pairs(np.array([(0, 3)]))[0]
    assert params.attach_link <= score < params.link_threshold
    assert stories.group_stories(story + [alone]) == [[0, 1, 2, 3]]
    assert stories.group_stories(story + [alone], replace(params, attach_link=params.link_threshold)) == [[0, 1, 2],
                                                                                                         [3]]
    # A lead that dates the event on another weekday is a follow-up: 9 words of its own (cosine 0.5, times
    # when_conflict 0.6 = 0.3) would attach it, but it stays a story of its own.
    other = _bag(*CORE, *(f"y{k:02d}" for k in range(9)))
    follow_up = stories.StoryDoc("b", other, other, None, frozenset({"tuesday"}), other)
    score = stories._Similarity(stories._Index(story + [follow_up]), params).score_pairs(np.array([(0, 3)]))[0]
    assert params.attach_link <= score < params.link_threshold
    assert stories.group_stories(story + [follow_up]) == [[0, 1, 2], [3]]


def test_two_stories_of_many_reports_each_join_only_when_their_reports_are_close_across():
    # Two events of one topic, each with its own reports: they share the topic's three words (who and where) and
    # not the event's four, a pair across scores 3/7 = 0.43 on every bag, over the link threshold; once both
    # stories hold meet_size reports they stay apart, as smaller stories would not.
    topic = ("t1", "t2", "t3")

    def event(name: str, size: int) -> list[stories.StoryDoc]:
        bag = _bag(*topic, *(f"{name}{k}" for k in range(4)))
        return [stories.StoryDoc(f"{name}{k:02d}", bag, bag, None, names=bag) for k in range(size)]

    params = stories.StoryParams()
    docs = event("a", params.meet_size) + event("b", params.meet_size)
    score = stories._Similarity(stories._Index(docs), params).score_pairs(np.array([(0, len(docs) - 1)]))[0]
    assert params.link_threshold <= score < params.meet_link
    assert sorted(map(len, stories.group_stories(docs))) == [params.meet_size, params.meet_size]
    assert len(stories.group_stories(docs, replace(params, meet_size=0))) == 1  # the bound is what holds them apart
    fewer = event("a", params.meet_size - 1) + event("b", params.meet_size - 1)
    assert len(stories.group_stories(fewer)) == 1


def test_a_weekday_conflict_between_undated_reports_has_its_own_discount():
    # Two undated reports alike whose leads give different weekdays: with no dates, a different weekday may be a
    # follow-up (the arrival before the meeting) or another day's report of one event, so it has its own factor.
    bag = _bag(*CORE)
    docs = [stories.StoryDoc("a", bag, bag, None, frozenset({"monday"}), bag),
            stories.StoryDoc("b", bag, bag, None, frozenset({"tuesday"}), bag)]
    pair = np.array([(0, 1)])
    for factor in (0.6, 1.0):
        params = stories.StoryParams(when_conflict_undated=factor)
        score = stories._Similarity(stories._Index(docs), params).score_pairs(pair)[0]
        assert score == pytest.approx(factor)  # identical bags: text 1, times the factor; not when_conflict's 0.6


def test_a_report_that_is_all_lead_is_compared_by_its_lead():
    # A brief whose one paragraph is its title has no body beyond its lead: it is not a body that shares nothing.
    brief = stories.StoryDoc("b", stories.Bag({}), _bag(*CORE), None, names=_bag(*CORE))
    full = stories.StoryDoc("a", _bag(*CORE), _bag(*CORE), None, names=_bag(*CORE))
    sim = stories._Similarity(stories._Index([full, brief]), stories.StoryParams())
    assert sim.score_pairs(np.array([(0, 1)]))[0] == pytest.approx(1.0)


def test_the_grouping_evaluation_measures_a_known_grouping_with_dates_given_removed_or_one_day():
    from scoring.evaluation import grouping

    docs = grouping.docs_of(_articles())
    gold = {d.id: d.id[0] for d in docs}  # h*: the Harlow fire, d*: the Denby fire
    topic = {d.id: "fire" for d in docs}  # two events of one kind: 6 pairs of different events
    for variant in (docs, grouping.dated(docs, lambda d: None), grouping.dated(docs, lambda d: grouping.ONE_DAY)):
        assert grouping.measure(variant, gold, topic) == {"stories": 2, "largest": 3, "precision": 1.0,
                                                          "recall": 1.0, "f1": 1.0, "same_topic": 0.0,
                                                          "span_f1": 1.0}
    # Told that all five report one event, the same stories have full precision and recall 13/25.
    m = grouping.measure(docs, {d.id: "one" for d in docs})
    assert (m["precision"], round(m["recall"], 6)) == (1.0, round((3 * 3 + 2 * 2) / 25, 6))
    # An experiment's parameters are the ones grouped with: a link no pair reaches leaves every report alone.
    never = stories.StoryParams(link_threshold=10.0, attach_link=10.0)
    assert grouping.measure(docs, gold, topic, never)["stories"] == 5
    # Every pair scored, not only the index's candidates: the same stories here.
    assert grouping.measure(docs, gold, topic, every_pair=True) == grouping.measure(docs, gold, topic)


def test_an_event_is_cut_where_a_story_must_end_for_the_span_figure():
    from scoring.evaluation import grouping

    def doc(aid, day):
        return stories.StoryDoc(aid, _bag(*CORE), _bag(*CORE), day)

    start = date(2024, 5, 1)
    docs = [doc("a", start), doc("b", start + timedelta(days=14)), doc("c", start + timedelta(days=15)),
            doc("d", start + timedelta(days=40)), doc("e", None), doc("x", start)]
    cut = grouping.cut_at_span(docs, {"a": "E", "b": "E", "c": "E", "d": "E", "e": "E", "x": "F"}, 14)
    # 14 days from the first report is still its part; the 15th day starts the next, and day 40 a third. An undated
    # report stays with the first part; another event is cut on its own.
    assert cut == {"a": "E/0", "b": "E/0", "e": "E/0", "c": "E/1", "d": "E/2", "x": "F/0"}


def test_a_headline_written_as_a_sentence_names_its_capitalised_words():
    # "Matt" and "Smith" are common words (Zipf over 4): in a title-case headline they might be its capitals, but in a
    # headline written as a sentence, as in the body, a capital past the first word marks a name.
    headline = tokenize("Relatively unknown actor Matt Smith was named as the next face of TV's time traveller")
    assert names([], headline) == ["matt", "smith", "tv"]
    assert names([], tokenize("Unknown Actor Matt Smith Named As The Next Doctor")) == []


def test_a_masthead_before_the_repeated_title_is_not_the_lead():
    # A page without its paragraph breaks keeps its banner and headline in the body: the lead, which dates the event
    # ("arrived on Tuesday"), starts at the title's repetition.
    title = "Foreign minister arrives in Russia for talks"
    text = ("Support The Daily Ledger! Foreign minister arrives in Russia for talks with Putin. The foreign minister "
            "arrived in Vladivostok on Tuesday for an official visit. Talks begin next week in Moscow. She will meet "
            "the president on Monday.")
    doc = story_doc(prepare(ArticleText("a", "ledger", text, title=title)))
    assert doc.when == {"tuesday"}
    assert "support" not in doc.lead.words and "vladivostok" in doc.lead.words
    # A real first sentence before a later repetition of the title stays the lead.
    text = ("The foreign minister arrived in Vladivostok on Tuesday for an official visit to Russia. Officials said "
            "so. Foreign minister arrives in Russia for talks, the agency wrote.")
    doc = story_doc(prepare(ArticleText("b", "ledger", text, title=title)))
    assert "vladivostok" in doc.lead.words


def test_the_seed_reports_without_paragraph_breaks_keep_the_earlier_arrival_apart():
    path = shared_path("seeds", "articles.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    items = [ArticleText(r["id"], r["outlet"], " ".join(r["text"].split()), title=r.get("title") or "",
                         published=date.fromisoformat(r["published"][:10]) if r.get("published") else None)
             for r in rows]
    assert sorted(group_articles(items, workers=1)) == [["seed-000", "seed-001", "seed-002", "seed-004"],
                                                        ["seed-003"]]


def test_reports_that_inflect_the_event_s_words_differently_share_them():
    from scoring.engine.text import idf_vector, stem_vector, word_weight

    bag = stem_vector(["robbers", "robber", "diamonds", "1990s", "x"])
    assert list(bag) == ["robber", "diamond", "1990s"]  # forms of one word add up; a number stays; "x" weighs 0
    assert bag["robber"] == pytest.approx((1 + np.log(2)) * max(word_weight("robbers"), word_weight("robber")))

    # The same event told in other forms of its words: by stems the body and the lead share most of them.
    first = story_doc(prepare(ArticleText("a", "ledger", "Armed robbers stole diamonds and necklaces from a jeweller "
                                          "in Paris. Police were searching for the thieves.", title="Robbers raid jeweller")))
    second = story_doc(prepare(ArticleText("b", "courier", "An armed robber stole a diamond necklace from the "
                                           "jewellers in Paris. Police searched for the thief.",
                                           title="Robber raids jewellers")))

    def cosine(x, y):
        x, y = dict(x.items()), dict(y.items())
        dot = sum(v * y.get(k, 0.0) for k, v in x.items())
        return dot / (sum(v * v for v in x.values()) * sum(v * v for v in y.values())) ** 0.5

    assert {"robber", "diamond", "necklac", "jewel", "search"} <= set(first.body) & set(second.body)
    unstemmed = [stories.Bag(idf_vector(["armed", "robbers", "stole", "diamonds", "necklaces", "jeweller", "paris",
                                         "police", "searching", "thieves"])),
                 stories.Bag(idf_vector(["armed", "robber", "stole", "diamond", "necklace", "jewellers", "paris",
                                         "police", "searched", "thief"]))]
    assert cosine(first.body, second.body) > 0.6 > cosine(*unstemmed)


def test_dated_pairs_further_apart_than_the_window_are_not_candidates():
    # One report a day for three weeks: blocks span two windows, so a block holds pairs up to 13 days apart. Those
    # over the window (7 days) score zero and are never averaged, so they are not proposed; undated reports pair
    # with every day.
    params = stories.StoryParams()
    title, text = HARLOW[0]
    items = [ArticleText(f"h{k:02d}", f"desk {k}", text, title=title, published=DAY + timedelta(days=k))
             for k in range(21)]
    items.append(ArticleText("undated", "desk u", text, title=title))
    docs = [story_doc(prepare(a)) for a in sorted(items, key=lambda a: a.id)]
    index = stories._Index(docs)
    pairs = stories.candidate_pairs(index, params.window_days)
    day = {i: d.day for i, d in enumerate(index.docs)}
    gaps = [abs((day[i] - day[j]).days) for i, j in pairs.tolist() if day[i] and day[j]]
    assert gaps and max(gaps) == params.window_days
    assert sum(1 for i, j in pairs.tolist() if day[i] is None or day[j] is None) == 21
    # Every dated pair within the window is proposed (the texts are the same), and no pair dropped was strong.
    assert len(gaps) == sum(min(params.window_days, 20 - k) for k in range(21))
    sim = stories._Similarity(index, params)
    far = np.array([(i, j) for i in range(21) for j in range(i + 1, 21)
                    if abs((day[i] - day[j]).days) > params.window_days])
    assert not sim.score_pairs(far).any()
    # The reference the evaluation measures blocking against: every pair within the window, the candidates among
    # them (all of them here: the texts are the same).
    every = {tuple(p) for p in story_index.window_pairs(index, params.window_days).tolist()}
    assert every == {tuple(p) for p in pairs.tolist()}
    assert len(every) == len(gaps) + 21
