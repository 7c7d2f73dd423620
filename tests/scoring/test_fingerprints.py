"""Spin fingerprints: a spinner's swaps learned in stories with a source, found in a story without one.

Hand-written texts, no database and no Django, like test_engine.py.
"""
from datetime import date

from scoring.engine import ArticleText, Observation, score_corpus, score_stories
from scoring.engine.fingerprints import Fingerprints, learn
from tests.scoring.test_engine import DAM, DAM_REWRITES, REWRITE_A, SOURCE, _swap

# The spinner always rewrites "news conference" as "news gathering" and "flood barrier" as "flood wall"; the
# third event's source is not in the corpus and both its copies made the same swap.
FLOOD = SOURCE + "Mayor Ellen Marsh presented the plans at a news conference on Tuesday evening.\n"
FLOOD_REPORT = REWRITE_A + "The mayor spoke at a news conference after the vote.\n"
DAMS = DAM + "The agency gave its decision at a news conference in the state capital.\n"
DAM_REPORT = DAM_REWRITES[0] + "The agency took questions at a news conference in the capital.\n"
FIRE = (
    "A fire destroyed the old grain warehouse at Harbour docks on Saturday night.\n"
    "Firefighters from three stations fought the blaze for six hours before it was under control.\n"
    "Fire chief Omar Reyes told a news conference on Sunday that no one was hurt in the blaze.\n"
    "The cause of the fire is still under investigation, and the docks will stay closed until Wednesday.\n"
    "The warehouse had stood empty since the grain trade moved to the new port ten years ago.\n"
)
FIRE_REPORTS = (
    "Nobody was injured when fire gutted an empty grain warehouse on the Harbour docks late on Saturday.\n"
    "Crews from three stations needed six hours to control the flames, chief Omar Reyes said at a news "
    "conference.\nInvestigators have not yet found the cause; the docks reopen on Wednesday.\n",
    "Omar Reyes, the fire chief, said at a news conference on Sunday that the Saturday blaze at the Harbour "
    "grain warehouse hurt nobody.\nThe building had been empty for ten years. Three stations sent crews, "
    "who fought the fire for six hours.\n",
)


FIRST, SECOND, THIRD = date(2026, 9, 1), date(2026, 9, 20), date(2026, 10, 10)


def spun(text):
    return _swap(text, ("news conference", "news gathering"))


def corpus(include_sources=True):
    texts = [
        ("flood-src", FLOOD, FIRST), ("flood-spun", spun(FLOOD).replace("flood barrier", "flood wall"), FIRST),
        ("flood-copy", FLOOD + "Share this article\n", FIRST), ("flood-report", FLOOD_REPORT, FIRST),
        ("dam-src", DAMS, SECOND), ("dam-spun", spun(DAMS), SECOND),
        ("dam-copy", DAMS + "Share this article\n", SECOND), ("dam-report", DAM_REPORT, SECOND),
        ("fire-spun", spun(FIRE), THIRD), ("fire-republished", spun(FIRE) + "Read more\n", THIRD),
        ("fire-report0", FIRE_REPORTS[0], THIRD), ("fire-report1", FIRE_REPORTS[1], THIRD),
    ]
    if not include_sources:
        texts = [t for t in texts if t[0].startswith("fire")]
    return [ArticleText(id=k, outlet=f"Outlet {k}", text=v, published=day) for k, v, day in sorted(texts)]


def spin_of(result, article_id):
    article = next(a for a in result.articles if a.id == article_id)
    return {(f.text, f.expected, f.detail) for f in article.findings if f.kind == "spin"}


def test_a_swap_seen_against_its_source_in_two_stories_is_found_where_the_source_is_missing():
    result = score_corpus(corpus())
    assert len(result.stories) == 3
    assert ("gathering", "conference", "swap") in spin_of(result, "flood-spun")
    # dam-spun's one swap is a lone change against its source (SpinParams.min_changes): the learned fingerprint finds it.
    assert ("news gathering", "news conference", "fingerprint") in spin_of(result, "dam-spun")
    for copy in ("fire-spun", "fire-republished"):
        article = next(a for a in result.articles if a.id == copy)
        (finding,) = [f for f in article.findings if f.kind == "spin"]
        assert (finding.text, finding.expected, finding.detail) == ("news gathering", "news conference",
                                                                     "fingerprint")
        assert article.body[finding.start:finding.end] == finding.text
        assert set(finding.support) == {"fire-report0", "fire-report1"}
        assert finding.severity < 0.5  # lower than a swap seen against a source
    # Seen in one story only, "flood wall" is not a fingerprint; nothing is held against the reports.
    assert not any(spin_of(result, k) for k in ("fire-report0", "fire-report1", "flood-src", "dam-report"))


def test_without_the_other_stories_nothing_is_learned_and_their_observations_stand_in_for_them():
    fire_only = corpus(include_sources=False)
    assert not spin_of(score_corpus(fire_only), "fire-spun")
    with score_stories(corpus()) as scored:
        observed = [o for story, _ in scored if "fire-spun" not in story.articles for o in story.observations]
    with score_stories(fire_only, observed=observed) as scored:
        (story, articles), = list(scored)
    found = {a.id: {(f.text, f.detail) for f in a.findings if f.kind == "spin"} for a in articles}
    assert found["fire-spun"] == found["fire-republished"] == {("news gathering", "fingerprint")}


def test_a_phrase_another_voice_of_the_story_writes_is_not_a_spinners_swap():
    # One independent report of the fire happens to write "news gathering" too.
    reports = (FIRE_REPORTS[0], spun(FIRE_REPORTS[1]))
    texts = [a for a in corpus() if a.id not in ("fire-report0", "fire-report1")]
    texts += [ArticleText(f"fire-report{i}", f"Outlet r{i}", t, published=THIRD) for i, t in
              enumerate(reports)]
    result = score_corpus(texts)
    assert not spin_of(result, "fire-spun")


def test_the_direction_of_a_swap_is_the_wording_more_voices_use():
    seen = [Observation("public wellbeing", "national security", 1, 3),
            Observation("public wellbeing", "national security", 1, 2),
            # A copy group's vote the wrong way round: the spinner's wording taken for the original.
            Observation("national security", "public wellbeing", 2, 1),
            Observation("national security", "public wellbeing", 3, 1),
            Observation("national security", "public wellbeing", 2, 1)]
    learned = learn(seen)
    assert learned.learned == {"public wellbeing": ("national security", 2)}
    assert learned.contradicted("national security", "public wellbeing")
    assert not learned.contradicted("public wellbeing", "national security")
    assert len(learn(seen[:1])) == 0  # one story is not enough


def test_a_tie_of_voices_is_settled_by_the_stories_that_observed_the_swap():
    # The spinner's copy group is one voice with the source it copied, and no other voice writes either phrase with
    # the same neighbour: each story's voices tie. The copy groups' votes then settle the direction.
    seen = [Observation("gathering pioneers", "party leaders", 1, 1),
            Observation("gathering pioneers", "party leaders", 1, 1),
            Observation("gathering pioneers", "Party leaders", 1, 1)]
    assert learn(seen).learned == {"gathering pioneers": ("party leaders", 3)}
    # Observed as often the other way round: no direction, no fingerprint either way.
    both = [Observation("presidential up-and-corner", "presidential candidate", 1, 1)] * 2 + [
        Observation("presidential candidate", "presidential up-and-corner", 1, 1)] * 2
    assert len(learn(both)) == 0
    assert learn(both[:3]).learned == {"presidential up-and-corner": ("presidential candidate", 2)}
    assert len(learn(seen[:1])) == 0  # one story is still not enough


def test_fingerprints_are_found_on_word_boundaries_with_their_offsets():
    fp = Fingerprints({"news gathering": ("news conference", 3), "gathering": ("meeting", 2)})
    text = "At a News\ngathering, he spoke. Newsgathering is a trade. A gathering."
    hits = fp.find(text, [(0, len(text))])
    assert [(text[s:e], k) for s, e, k in hits] == [("News\ngathering", "news gathering"), ("gathering", "gathering")]


def test_the_expected_phrase_is_capitalised_as_the_text_writes_the_spun_one():
    from scoring.engine.fingerprints import _in_case_of

    assert _in_case_of("Public Wellbeing", "national security") == "National Security"
    assert _in_case_of("Public wellbeing", "national security") == "National security"
    assert _in_case_of("public wellbeing", "national security") == "national security"
    assert _in_case_of("white home", "White House") == "White House"


def test_one_word_is_a_phrase_of_its_own_only_when_an_ordinary_rare_word_stands_for_a_common_one():
    from scoring.engine.fingerprints import _rare_for_common
    from scoring.engine.text import tokenize

    def pair(new, old):
        return tokenize(new), tokenize(old)

    assert _rare_for_common(*pair("indagation", "investigation"))
    assert _rare_for_common(*pair("investigation", "indagation"))  # a vote the wrong way round makes the same pair
    assert not _rare_for_common(*pair("inquiry", "investigation"))  # both common
    assert not _rare_for_common(*pair("Sestak", "Brennan"))  # names are rare by nature: a changed name is drift
    assert not _rare_for_common(*pair("indagation process", "investigation"))


def test_a_spinners_coinage_in_another_copy_group_is_not_how_the_story_is_told():
    # Two sources in one story (two events of one kind on the same days), each copied by the same spinning tool: the
    # other group's words are its root's, so its spun copy does not make "Info-emics" a name the story writes.
    from scoring.engine.testing import story

    flood = FLOOD + "The council put information about the works on its website.\n"
    fire = FIRE + "Officials gave information about the blaze to the dock workers.\n"
    coin = ("information", "Info-emics")
    st = story(flood, _swap(flood, coin, ("debate", "deliberation")), flood + "Read more\n", fire, _swap(fire, coin),
               fire + "Share this article\n")
    assert st.groups == [[0, 1, 2], [3, 4, 5]] and st.root_of == [0, 0, 0, 3, 3, 3]
    assert "Info-emics" in {f.text for f in st.copy_findings[1] if f.kind == "spin"}
