"""A change that swaps no word is no spin, even in a copy dense with swaps: a phrase moved inside its sentence, or
function words and a count's modifiers put where content words were (scoring/engine/moves.py); and the generic word
for whoever leads is no other role than a leading one (changes._same_role). Invented sentences. No database."""
from scoring.engine import changes, moves, spin
from scoring.engine.testing import aligned_story, no_support
from scoring.engine.text import tokenize
from tests.scoring.test_drift import copy_drift


def toks(text):
    return list(tokenize(text))


def run(sentence, words):
    """The tokens of `words` inside `sentence` (the first place they occur)."""
    all_, part = toks(sentence), [t.norm for t in toks(words)]
    i = next(i for i in range(len(all_)) if [t.norm for t in all_[i:i + len(part)]] == part)
    return all_, all_[i:i + len(part)]


def test_a_phrase_moved_inside_its_sentence_is_a_move():
    source = "The Italian coach Ida Holm thanked the fans after the final whistle."
    copy = "Ida Holm, the coach of Italy, thanked the fans after the final whistle."
    s_all, old = run(source, "Ida Holm")
    c_all, new = run(copy, "of Italy")
    assert moves.moved(new, old, c_all, s_all)  # "Ida Holm" is still in the copy; "Italy" is the source's "Italian"
    s_all, old = run(source, "Italian")
    c_all, new = run(copy, "Ida Holm, the coach of Italy")
    assert moves.moved(new, old, c_all, s_all)  # every word of the copy's run is the source sentence's


def test_a_word_swapped_for_another_is_no_move():
    source = "The Italian coach Ida Holm thanked the fans after the final whistle."
    copy = "The Italian coach Ida Holm praised the fans after the final whistle."
    s_all, old = run(source, "thanked")
    c_all, new = run(copy, "praised")
    assert not moves.moved(new, old, c_all, s_all)
    # A word the source sentence already has, put in place of another, is still a swap: the copy has it twice.
    source = "The storm cut power to the town and the storm surge flooded the harbour."
    copy = "The storm cut power to the town and the storm storm flooded the harbour."
    s_all, old = run(source, "surge")
    c_all = toks(copy)
    new = c_all[10:11]
    assert [t.norm for t in new] == ["storm"] and not moves.moved(new, old, c_all, s_all)


def test_function_words_or_a_counts_modifier_for_content_words_swap_in_nothing():
    assert moves.empty(toks("at the"), 0, 1, toks("officials announced"))
    assert moves.empty(toks("roughly 400 people"), 0, 1, toks("has estimated that some"))
    assert not moves.empty(toks("nearly 400"), 0, 1, toks("about"))  # a modifier for a modifier: the bounds' rule
    assert not moves.empty(toks("least wage"), 0, 1, toks("minimum"))  # no count: "least" is a content word here
    assert not moves.empty(toks("harbour"), 0, 1, toks("port"))


SOURCE = ("The regional council met in the town hall on Tuesday evening, officials announced.\n"
          "The meeting came amid complaints that the ferry timetable would be cut for the whole winter.\n"
          "Residents have been waiting for a decision for a month and have asked the board for a public hearing.\n"
          "The council chairman said in a statement, publishing a letter from the harbour board, that the talks "
          "would go on next week.\n"
          "The harbour board has estimated that some 400 passengers use the early morning crossing every day.\n"
          "The meeting was held as the Swedish minister Anna Berg visited the island and its small fishing port.\n")


def test_a_dense_copy_shows_its_swaps_and_not_its_moved_phrases():
    copy = ("The regional council met on Tuesday evening at the town hall, officials announced.\n"
            "The meeting came amid grievances that the ferry schedule would be cut for the whole winter.\n"
            "Residents have been waiting for a verdict for a month and have begged the board for a public hearing.\n"
            "The council chairman published a letter from the harbour board, stating that the negotiations "
            "would go on next week.\n"
            "According to the harbour board, roughly 400 passengers use the early dawn crossing every day.\n"
            "The meeting was held as Anna Berg, the minister of Sweden, visited the island and its small angling "
            "port.\n")
    shown = [f.text for f in spin.find_spin(aligned_story(SOURCE, copy), no_support)]
    assert {"grievances", "verdict", "begged", "dawn"} <= set(shown)  # the tool's swaps, in a dense copy
    assert not {"at", "published", "roughly"} & set(shown)  # a phrase moved, function words or a modifier
    assert not any("Anna Berg" in text or "Sweden" in text for text in shown)


def test_the_generic_word_for_a_leader_is_no_other_role():
    source = "The French leader greeted the delegation in the palace garden on a sunny morning."
    assert copy_drift(source, source.replace("leader", "president")) == []
    assert changes._one_leader({"leader"}, {"chancellor"}) and changes._one_leader({"ceo"}, {"head"})
    assert not changes._one_leader({"leader"}, {"minister"})  # a minister does not lead the government
    quoted = 'The mayor said: "The French leader greeted the delegation in the palace garden."'
    found = copy_drift(quoted, quoted.replace("leader", "president"))  # the speaker's word changed
    assert [f.detail for f in found] == ["role"]
    found = copy_drift(source.replace("leader", "governor"), source.replace("leader", "senator"))
    assert [(f.text, f.detail) for f in found] == [("senator", "role")]
