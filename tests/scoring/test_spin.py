"""Spin is a spinner's substitution inside a copied sentence, not a copy desk's edit. Each test builds its story
from a few hand-written sentences and calls the detector directly. No database."""
from scoring.engine import spin
from scoring.engine.facts import american, edit_kind, same_word
from scoring.engine.testing import aligned_story, no_support, story_matrix, story_texts
from scoring.engine import align

SOURCE = ("About 140 passengers were evacuated from the ferry terminal early on Monday after a fire broke out in its "
          "cafe, the port authority said.\n"
          "Two members of staff were treated in hospital for smoke inhalation after the blaze was put out.\n"
          "The port director told a press conference that all sailings to the island had been cancelled until "
          "further notice.\n")


def found(source: str, copy: str) -> list[tuple[str, str]]:
    return [(f.text, f.expected) for f in spin.find_spin(aligned_story(source, copy), no_support)]


def test_a_swap_inside_an_intact_frame_is_spin():
    copy = SOURCE.replace("smoke inhalation", "fume breathing").replace("press conference", "press consultation")
    assert found(SOURCE, copy) == [("fume breathing", "smoke inhalation"), ("consultation", "conference")]


def test_a_copy_desks_spelling_is_not_spin():
    source = ("The defense ministry said the new armored vehicles would be delivered to the army by the end of the "
              "year, and that the program was on schedule.\n")
    copy = source.replace("defense", "defence").replace("armored", "armoured").replace("program", "programme")
    assert found(source, copy) == []


def test_an_inflection_a_determiner_or_a_pronoun_is_not_spin():
    source = "The drunk driver was arrested by police officers near the stadium late on Saturday night.\n"
    copy = "A drunken driver was arrested by police officers near the stadium late on Saturday night.\n"
    assert found(source, copy) == []
    source = "Police said the gunman fired at the guards before he fled from the bank in a stolen car.\n"
    assert found(source, source.replace("he fled", "the man fled")) == []


def test_a_clause_replaced_by_one_of_another_length_is_not_spin():
    source = ("The minister resigned on Friday after a newspaper published letters showing he had lobbied for a "
              "company run by his brother.\n")
    copy = ("The minister resigned on Friday after weeks of pressure from members of his own party over his "
            "dealings with a company run by his brother.\n")
    assert found(source, copy) == []


def test_a_changed_number_is_not_spin():
    assert found(SOURCE, SOURCE.replace("About 140", "About 410")) == []


def test_a_replacement_no_rarer_and_used_by_nobody_else_is_spin_only_with_the_storys_usage():
    # "home" is no rarer than "house"; the story's other reports write "White House", nobody "White home".
    source = "The White House said on Tuesday that the president would sign the bill into law next week.\n"
    copy = source.replace("White House", "White home")
    reports = ["Officials at the White House said the bill would be signed next week, after a long fight.\n",
               "The White House confirmed the signing date in a statement to reporters on Tuesday.\n"]
    matrix = story_matrix(source, copy, *reports)
    comparison = align.compare(matrix, 1, 0)
    assert [f.text for f in spin.find_spin(comparison, no_support)] == []  # no usage given: not shown rarer
    assert [f.text for f in spin.find_spin(comparison, no_support, story_texts(matrix))] == ["home"]


def test_british_and_american_spellings_are_one_word_by_rule():
    pairs = [("defence", "defense"), ("colour", "color"), ("organisation", "organization"), ("centre", "center"),
             ("travelled", "traveled"), ("analysed", "analyzed"), ("programme", "program"), ("jewellery", "jewelry")]
    assert all(american(uk) == us for uk, us in pairs)
    assert same_word("drunk", "drunken") and same_word("killed", "killing")
    assert not same_word("filled", "filed") and not same_word("avoid", "avert")


def test_edit_kind_names_the_copy_desks_edits():
    from scoring.engine.text import tokenize

    def kind(new, old):
        return edit_kind(tokenize(new), tokenize(old), tokenize("x " + new))

    assert kind("UK", "United Kingdom") == "abbreviation"
    assert kind("the", "a") == "function-words"
    assert kind("year-it", "year it") == "punctuation"
    assert kind("fume breathing", "smoke inhalation") is None
