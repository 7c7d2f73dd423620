"""The copy relation and the root of a copy group, on hand-written stories. No database."""
from datetime import datetime, timezone

from scoring.engine import align
from scoring.engine.testing import story_matrix
from scoring.engine.types import ArticleText

SOURCE = ("Around 60 homes were cleared on Tuesday night after the river burst its banks near the old mill, the "
          "county council said.\n"
          "Three elderly residents were taken to hospital with mild hypothermia after the water reached their "
          "ground floors.\n"
          "The council leader told a news briefing that the main road into the village would stay shut until the "
          "weekend at the earliest.\n")
SPUN = SOURCE.replace("burst its banks", "exploded its banks").replace("stay shut", "stay latched")
# Written from the same briefing: the same facts, names and stock phrases ("news briefing", "mild hypothermia",
# "the old mill"), each report in its own sentences.
INDEPENDENT = ("Some 60 households by the old mill had to leave on Tuesday night when the river rose over its banks.\n"
               "Three pensioners needed hospital care for mild hypothermia once the flood reached their homes.\n"
               "At a news briefing the council leader said nobody should expect the main road to reopen before the "
               "weekend.\n")
ANOTHER = ("Flood water forced the evacuation of about 60 homes near the old mill late on Tuesday, the county council "
           "said.\nThree elderly people were treated for mild hypothermia.\n"
           "The main road into the village is closed until at least the weekend, the council leader told a news "
           "briefing.\n")


def at(hour: int) -> datetime:
    return datetime(2026, 11, 30, hour, 0, tzinfo=timezone.utc)


def article(k: int, text: str, hour: int | None = None) -> ArticleText:
    return ArticleText(id=f"a{k}", outlet=f"Outlet {k}", text=text, published=None if hour is None else at(hour))


def test_a_spun_copy_is_a_copy_of_its_source():
    assert align.copy_groups(story_matrix(SOURCE, SPUN)) == [[0, 1]]


def test_independent_rewording_is_not_a_copy():
    assert align.copy_groups(story_matrix(SOURCE, INDEPENDENT, ANOTHER)) == [[0], [1], [2]]
    assert align.copy_groups(story_matrix(SOURCE, INDEPENDENT, ANOTHER, SPUN)) == [[0, 3], [1], [2]]


def test_copy_groups_join_every_copy_pair_without_testing_the_pairs_a_group_already_holds(monkeypatch):
    from scoring.engine import copies

    texts = (SOURCE, INDEPENDENT, SPUN, ANOTHER, SOURCE.replace("stay shut", "stay closed"), SPUN)
    matrix = story_matrix(*texts)
    params = copies.CopyParams()
    every_pair = [(a, b) for a in range(len(texts)) for b in range(a + 1, len(texts))
                  if copies._is_copy_pair(matrix, a, b, params)]
    expected = sorted(align.connected_groups(len(texts), every_pair), key=lambda g: matrix.docs[g[0]].id)
    tested = []
    real = copies._is_copy_pair
    monkeypatch.setattr(copies, "_is_copy_pair", lambda m, a, b, p: tested.append((a, b)) or real(m, a, b, p))
    assert align.copy_groups(matrix) == expected == [[0, 2, 4, 5], [1], [3]]
    # (0, 2), (0, 4) and (0, 5) join the source's copies: the pairs among them are never tested.
    assert not {(2, 4), (2, 5), (4, 5)} & set(tested) and {(0, 2), (0, 4), (0, 5), (1, 3)} <= set(tested)


def test_an_earlier_article_is_never_the_copy_of_a_later_one():
    # The same pair either way round in time: the root follows publication time.
    early_source = story_matrix(article(0, SOURCE, 8), article(1, SPUN, 14))
    early_copy = story_matrix(article(0, SOURCE, 14), article(1, SPUN, 8))
    assert align.choose_root(early_source, [0, 1]) == 0
    assert align.choose_root(early_copy, [0, 1]) == 1


def test_a_later_article_does_not_become_the_root_even_when_it_agrees_with_the_others():
    # Two verbatim copies published later outweigh the source in the vote; time still makes the source the root.
    later = SOURCE.replace("main road", "only road")
    matrix = story_matrix(article(0, SOURCE, 8), article(1, later, 12), article(2, later, 13))
    assert align.choose_root(matrix, [0, 1, 2]) == 0
    undated = story_matrix(article(0, SOURCE), article(1, later), article(2, later))
    assert align.choose_root(undated, [0, 1, 2]) != 0


def test_a_date_says_nothing_about_the_hour():
    day = ArticleText(id="d", outlet="D", text=SOURCE, published=datetime(2026, 11, 30, tzinfo=timezone.utc))
    matrix = story_matrix(day, article(1, SOURCE, 9))
    assert not align.published_before(matrix.docs[0], matrix.docs[1])
    assert not align.published_before(matrix.docs[1], matrix.docs[0])


def test_an_outlets_earlier_version_is_one_voice_with_the_latest_and_never_penalised_against_it():
    from scoring.engine import score_corpus

    update = SOURCE.replace("Around 60", "Around 80").replace("mild hypothermia", "shock")
    articles = [
        ArticleText(id="v1", outlet="Wire", text=SOURCE, url="https://wire.example/river-flood?ref=home",
                    published=at(8)),
        ArticleText(id="v2", outlet="Wire", text=update, url="https://wire.example/river-flood", published=at(11)),
        ArticleText(id="x", outlet="Other", text=INDEPENDENT, published=at(12)),
    ]
    result = {a.id: a for a in score_corpus(articles, workers=1).articles}
    assert result["v1"].version_of == "v2" and result["v2"].version_of is None
    penalised = [f for a in result.values() for f in a.findings if f.kind in ("spin", "drift")]
    assert penalised == []
    assert result["v2"].copy_of is None and result["v1"].copy_of is None


def test_near_identical_texts_of_one_outlet_are_versions_without_a_url():
    matrix = story_matrix(ArticleText(id="a", outlet="Wire", text=SOURCE, published=at(8)),
                          ArticleText(id="b", outlet="Wire", text=SOURCE.replace("main road", "only road"),
                                      published=at(9)),
                          ArticleText(id="c", outlet="Other", text=SOURCE, published=at(10)))
    assert align.versions(matrix, ["", "", ""]) == {0: 1}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_republication_with_chrome_glued_into_one_line_is_verbatim_with_its_original():
    # On one line, chrome without a stop of its own ("Advertisement") is read as the start of the sentence after
    # it: the republication changed no word of the text, and weighs as one voice with its original.
    glued = _flat(SPUN).replace("Three elderly", "Advertisement Three elderly")
    matrix = story_matrix(_flat(SPUN), glued, _flat(SOURCE))
    assert align.copy_groups(matrix) == [[0, 1, 2]]
    classes = align.verbatim_classes(matrix, [0, 1, 2])
    assert classes[0] == classes[1] != classes[2]


def test_a_copy_that_changed_words_inside_a_sentence_is_not_verbatim():
    edited = SPUN.replace("mild hypothermia", "severe hypothermia")
    matrix = story_matrix(SPUN, edited)
    classes = align.verbatim_classes(matrix, [0, 1])
    assert classes[0] != classes[1]
