"""Property tests on the scoring engine: any articles in, a well-formed, reproducible result out.

No database: the engine is pure Python. Articles are drawn from a small pool of news sentences with
numbers, names and weekdays swapped, plus random Unicode, control characters and broken HTML, so that
stories, consensus and findings actually form and the detectors run, not only the empty paths.
"""
import random
import re
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.engine import ArticleText, lexicon, score_corpus

EPS = 1e-9
# Derandomised, as in test_real_sentences: the suite gives the same verdict on every run (a random draw found an
# earlier version with a consensus but no score once, a case now asserted below).
FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

SENTENCES = [
    "The council approved the new bridge on Monday after a vote of 7 to 2.",
    "Mayor Anna Berg said the project would take three years and cost 40 million euros.",
    "\"We have waited long enough,\" Berg told reporters outside the town hall.",
    "The Kremlin said the military deal with the foreign minister was signed in Moscow.",
    "Opponents, led by councillor Tom Reyes, argued the money should go to schools.",
    "Construction is due to start in March, the city's transport office said.",
]
SWAPS = [("Monday", "Friday"), ("7 to 2", "9 to 0"), ("three years", "three weeks"), ("military deal", "military cope"),
         ("foreign minister", "foreign secretary"), ("Anna Berg", "Anna Borg"), ("40", "400"), ("Moscow", "Kyiv")]
CHROME = ["Sign up for our newsletter", "Share this article", "Trending:\nShocking radical plot exposed\n"
          "Elites destroy everything", "© 2024 Herald Media. All rights reserved.", "Read more"]
awkward = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=120)
broken_html = st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<script>x()</script>", "<!--", "&nbsp;", "<b",
                                        "<table><td>", "\x00", "<p>" + SENTENCES[0], SENTENCES[1] + "</p>"]),
                       max_size=15).map("".join)


@st.composite
def article_bodies(draw) -> tuple[str, str]:
    """(text, html): a news-like text with some swaps, chrome and noise, or broken html."""
    if draw(st.integers(0, 9)) == 0:
        return "", draw(broken_html)
    rng = random.Random(draw(st.integers(0, 2**32)))
    parts = rng.sample(SENTENCES, rng.randint(1, len(SENTENCES)))
    for old, new in rng.sample(SWAPS, rng.randint(0, 3)):
        parts = [p.replace(old, new) for p in parts]
    if rng.random() < 0.4:
        parts.append(rng.choice(CHROME))
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), draw(awkward))
    separator = draw(st.sampled_from([" ", "\n\n", "\r\n", "\t", "\u2028", "\x0b"]))
    return separator.join(parts), ""


@st.composite
def corpora(draw) -> list[ArticleText]:
    n = draw(st.integers(0, 7))
    start = datetime(2024, 11, 4, tzinfo=timezone.utc)
    articles = []
    for i in range(n):
        text, html = draw(article_bodies())
        articles.append(ArticleText(
            id=f"a{i}", outlet=draw(st.sampled_from(["Herald", "Post", "Times", "Gazette", "ÜberNews"])),
            text=text, html=html, title=draw(st.one_of(st.just(""), awkward, st.sampled_from(SENTENCES))),
            published=draw(st.one_of(st.none(), st.integers(0, 40).map(lambda d: start + timedelta(days=d)))),
        ))
    return articles


def _check_well_formed(articles: list[ArticleText], result) -> None:
    ids = {a.id for a in articles}
    assert sorted(a.id for a in result.articles) == sorted(ids)
    in_stories = [a for s in result.stories for a in s.articles]
    assert sorted(in_stories) == sorted(ids)  # every article in exactly one story
    for story in result.stories:
        for fact in story.consensus:
            assert set(fact.support) <= set(story.articles)
    for article in result.articles:
        # None: not compared (no consensus in its story, and no source it copies), or an earlier version of an
        # article its outlet published again, which is shown beside the latest and never scored against it.
        assert article.fidelity is None or 0.0 <= article.fidelity <= 100.0
        assert article.fidelity is not None or article.has_consensus is False or article.version_of is not None
        assert article.version_of is None or article.fidelity is None
        assert all(0.0 <= v <= 1.0 for v in article.components.values()), article.components
        for f in article.findings:
            assert 0 <= f.start <= f.end <= len(article.body)
            assert article.body[f.start:f.end] == f.text
            assert set(f.support) <= ids
            assert 0.0 <= f.severity <= 1.0
    for outlet in result.outlets:
        assert 0 <= outlet.compared <= outlet.articles
        if outlet.score is None:  # insufficient evidence
            assert outlet.low is None and outlet.high is None
            continue
        # Within float rounding: a shrunk mean of all-100 articles can come out as 100.00000000000001.
        assert -EPS <= outlet.low <= outlet.score + EPS and outlet.score <= outlet.high + EPS <= 100.0 + 2 * EPS


@FUZZ
@given(corpora(), st.randoms(use_true_random=False))
def test_any_corpus_gives_a_well_formed_reproducible_result(articles, rng):
    result = score_corpus(articles)
    _check_well_formed(articles, result)
    shuffled = list(articles)
    rng.shuffle(shuffled)
    assert score_corpus(shuffled).to_dict() == result.to_dict()  # input order does not matter


@settings(max_examples=15, deadline=None, derandomize=True, database=None)
@given(st.lists(awkward, min_size=1, max_size=4))
def test_random_unicode_and_control_characters_never_crash(texts):
    articles = [ArticleText(id=str(i), outlet=f"O{i % 2}", text=t) for i, t in enumerate(texts)]
    _check_well_formed(articles, score_corpus(articles))


def test_an_outlet_publishing_one_text_twice_has_one_scored_version():
    text = " ".join(SENTENCES[:4])
    articles = [ArticleText(id="a0", outlet="Herald", text="", title="council/approved7"),
                ArticleText(id="a1", outlet="Herald", text=text), ArticleText(id="a2", outlet="Herald", text=text)]
    result = score_corpus(articles)
    _check_well_formed(articles, result)
    versions = [a for a in result.articles if a.version_of]
    assert len(versions) == 1 and versions[0].fidelity is None


def test_an_empty_corpus_gives_an_empty_result():
    result = score_corpus([])
    assert (result.stories, result.articles, result.outlets) == ([], [], [])


def test_a_huge_article_is_scored_with_valid_offsets():
    text = " ".join(SENTENCES * 400) + " " + "x" * 50_000  # about 100 KB, one 50 KB "word"
    copy = text.replace("Monday", "Friday")
    articles = [ArticleText(id="big", outlet="Herald", text=text), ArticleText(id="copy", outlet="Post", text=copy),
                ArticleText(id="third", outlet="Times", text=" ".join(SENTENCES))]
    _check_well_formed(articles, score_corpus(articles))


# Lines that match a chrome pattern (made by hypothesis from the regex itself, with any text around it), and lines
# of the patterns' own words in any case and order: where a literal pre-test could wrongly skip a pattern.
_CHROME = [re.compile(p, re.IGNORECASE) for p in lexicon.lines("chrome_patterns.txt")]
_CHROME_WORDS = sorted({w for p in _CHROME for w in re.findall(r"[a-z©/@]+", p.pattern)})
chrome_line = st.one_of(
    st.one_of([st.from_regex(p) for p in _CHROME]),
    st.lists(st.one_of(st.sampled_from(_CHROME_WORDS), st.sampled_from(_CHROME_WORDS).map(str.upper),
                       st.sampled_from([" ", ": ", "!", ".", "/ ", "©", "é", "12", "3:45"])), max_size=12).map("".join))


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(chrome_line)
def test_chrome_patterns_tried_by_their_literals_match_what_the_plain_regexes_match(line):
    assert lexicon.line_patterns("chrome_patterns.txt").search(line) == any(p.search(line) for p in _CHROME)
