"""Alignment alone (matrix.py, diffs.py, copies.py through align): what a copy changed against its source, and who
changed it. Each test writes its story and calls the stage directly. No database."""
from scoring.engine import align
from scoring.engine.testing import aligned_story, story_matrix

BUDGET = ("The city council approved the new budget on Monday after a long debate about school funding.\n"
          "Officials said the plan would add 200 teachers over the next three years.\n")
# The same event in another newsroom's words: the same facts, none of the sentences' frames.
REWORDED = ("Funding for schools dominated Monday's long session before councillors passed next year's spending plan.\n"
            "Two hundred extra teachers are to be hired within three years, according to city officials.\n")


def changed(comparison) -> list[tuple[list[str], list[str]]]:
    """(the copy's words, the source's words in their place) of every change."""
    return [([t.text for t in d.sentence.tokens[ch.a0:ch.a1]], [t.text for t in ch.ref])
            for d in comparison.diffs for ch in d.changes]


def test_a_swapped_word_is_a_change_set_against_the_sources_word():
    assert changed(aligned_story(BUDGET, BUDGET.replace("long debate", "lengthy debate"))) == [(["lengthy"], ["long"])]


def test_words_added_or_dropped_are_changes_with_nothing_on_one_side():
    assert changed(aligned_story(BUDGET, BUDGET.replace("would add", "would also add"))) == [(["also"], [])]
    assert changed(aligned_story(BUDGET, BUDGET.replace("next three years", "next years"))) == [([], ["three"])]


def test_a_clause_moved_inside_its_sentence_is_no_change():
    moved = BUDGET.replace("The city council approved the new budget on Monday after a long debate about school "
                           "funding.", "After a long debate about school funding, the city council approved the new "
                                       "budget on Monday.")
    assert changed(aligned_story(BUDGET, moved)) == []


def test_a_sentence_the_copy_added_is_set_against_nothing():
    added = BUDGET + "Readers can find the full budget on the council's website, which is updated every week.\n"
    comparison = aligned_story(BUDGET, added)
    assert [d.sentence.text for d in comparison.diffs] == BUDGET.strip().split("\n")


def test_a_copy_sentence_that_merged_two_of_the_source_is_set_against_both():
    merged = ("The city council approved the new budget on Monday after a long debate about school funding, and "
              "officials said the plan would add 200 teachers over the next three years.\n")
    assert align.reference_for(story_matrix(BUDGET, merged), 1, 0, 0) == [0, 1]


def test_a_copy_repeats_the_frames_of_its_sources_sentences_and_an_independent_report_does_not():
    copy = story_matrix(BUDGET, BUDGET.replace("long debate", "lengthy debate"))
    assert copy.copied_share(1, 0) > 0.9
    independent = story_matrix(BUDGET, REWORDED)
    assert independent.copied_share(1, 0) < 0.3
    assert align.copy_groups(independent) == [[0], [1]]


def test_where_the_other_copies_agree_with_a_copy_the_root_changed_the_text():
    lengthy = BUDGET.replace("long debate", "lengthy debate")
    copies = [lengthy, lengthy.replace("school funding", "school financing"), lengthy.replace("new budget",
                                                                                             "fresh budget")]
    matrix = story_matrix(BUDGET, *copies)
    assert align.copy_groups(matrix) == [[0, 1, 2, 3]]
    assert align.choose_root(matrix, [0, 1, 2, 3]) == 1  # the member that differs least from all the others
    settled = align.settle_by_majority(matrix, {d: align.compare(matrix, d, 0) for d in (1, 2, 3)}, [0, 1, 2, 3], 0)
    # Set against the first text as root: its "long" is the change (three copies write "lengthy"), and each copy
    # keeps only the swap of its own.
    assert changed(settled[0]) == [(["long"], ["lengthy"])]
    assert [changed(settled[d]) for d in (1, 2, 3)] == [[], [(["financing"], ["funding"])], [(["fresh"], ["new"])]]


def test_a_change_is_classified_once_for_every_detector():
    comparison = aligned_story(BUDGET, BUDGET.replace("200 teachers", "300 teachers"))
    (diff,) = [d for d in comparison.diffs if d.changes]
    (change,) = diff.changes
    assert comparison.fact(diff, change) == "number"
    assert len(comparison._facts) == 1
    assert comparison.fact(diff, change) == "number" and len(comparison._facts) == 1
