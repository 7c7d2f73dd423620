"""Spin is a spinner's substitution inside a copied sentence, not a copy desk's edit. Each test builds its story
from a few hand-written sentences and calls the detector directly. No database."""
from scoring.engine import align, drift, spin
from scoring.engine.facts import american, edit_kind, same_word
from scoring.engine.testing import aligned_story, no_support, story, story_matrix, story_texts
from scoring.engine.text import tokenize
from tests.scoring.test_copies import SOURCE  # the flood report both files copy and spin


def found(source: str, copy: str) -> list[tuple[str, str]]:
    return [(f.text, f.expected) for f in spin.find_spin(aligned_story(source, copy), no_support)]


def test_a_swap_inside_an_intact_frame_is_spin():
    copy = SOURCE.replace("burst its banks", "exploded its banks").replace("stay shut", "stay latched")
    assert found(SOURCE, copy) == [("exploded", "burst"), ("latched", "shut")]


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
    assert found(SOURCE, SOURCE.replace("Around 60", "Around 90")) == []


def test_a_replacement_no_rarer_and_used_by_nobody_else_is_spin_only_with_the_storys_usage():
    # "room" is no rarer than "hall"; the story's other reports write "city hall", nobody "city room".
    source = "Protesters gathered outside city hall on Tuesday as the council voted to close two libraries.\n"
    copy = source.replace("city hall", "city room")
    reports = ["The council met at city hall and voted to close two libraries, despite the protest outside.\n",
               "Hundreds protested at city hall on Tuesday before the vote on the libraries.\n"]
    matrix = story_matrix(source, copy, *reports)
    comparison = align.compare(matrix, 1, 0)
    assert [f.text for f in spin.find_spin(comparison, no_support)] == []  # no usage given: not shown rarer
    assert [f.text for f in spin.find_spin(comparison, no_support, story_texts(matrix))] == ["room"]


def test_a_replacement_the_independent_reports_write_too_is_not_spin():
    source = "The council leader said the road would stay shut until the weekend at the earliest.\n"
    copy = source.replace("stay shut", "stay blocked")
    reports = ["Police said the road would stay blocked until the weekend.\n",
               "The road will stay blocked until the weekend, the council said.\n"]
    matrix = story_matrix(source, copy, *reports)
    comparison = align.compare(matrix, 1, 0)
    texts = story_texts(matrix)
    assert [f.text for f in spin.find_spin(comparison, no_support, texts)] == ["blocked"]  # rarer than "shut"
    assert spin.find_spin(comparison, no_support, texts, outside=texts[2:]) == []


def test_a_dense_copy_counts_commoner_replacements_too():
    source = ("The council leader told a news briefing that the road would stay shut until the weekend.\n"
              "Engineers will inspect the bridge on Friday before any traffic is allowed back across it.\n"
              "Residents said the river had not risen so high in living memory, and many had lost furniture.\n"
              "The county has opened a rest centre in the school hall for families who cannot return home.\n")
    swaps = [("news briefing", "news instruction"), ("inspect", "check"), ("living memory", "living recall"),
             ("lost furniture", "lost stuff"), ("rest centre", "rest place"), ("allowed back", "let back")]
    copy = source
    for old, new in swaps:
        copy = copy.replace(old, new)
    found_words = [text for text, _ in found(source, copy)]
    assert "instruction" in found_words and "check" in found_words  # commoner than the originals
    one = source.replace("news briefing", "news instruction")
    assert found(source, one) == []  # the same swap alone: a copy desk's word, not shown rarer


def test_british_and_american_spellings_are_one_word_by_rule():
    pairs = [("defence", "defense"), ("colour", "color"), ("organisation", "organization"), ("centre", "center"),
             ("travelled", "traveled"), ("analysed", "analyzed"), ("programme", "program"), ("jewellery", "jewelry")]
    assert all(american(uk) == us for uk, us in pairs)
    assert same_word("drunk", "drunken") and same_word("killed", "killing")
    assert same_word("advisers", "advisors") and not same_word("start", "commence")


def test_edit_kind_names_the_copy_desks_edits():
    from scoring.engine.text import tokenize

    def kind(new, old):
        return edit_kind(tokenize(new), tokenize(old), tokenize("x " + new))

    assert kind("UK", "United Kingdom") == "abbreviation"
    assert kind("the", "a") == "function-words"
    assert kind("e-mail", "email") == "punctuation"
    assert kind("according to", "said") == "function-words"
    assert kind("he also", "Jones") == "reference"
    assert kind("gentle frigidity", "mild hypothermia") is None
    assert kind("possess", "have") is None  # a content word for an auxiliary: a tool's swap, possibly


def test_a_name_replaced_by_a_description_is_a_reference_but_a_mangled_name_is_not():
    from scoring.engine.text import tokenize

    sentence = tokenize("The coach will rejoin the team this week.")
    assert edit_kind(sentence[5:6], tokenize("the Hornets")[1:], sentence) == "reference"
    sentence = tokenize("The Grand panel heard the case on Monday.")
    assert edit_kind(sentence[2:3], tokenize("Grand Jury")[1:], sentence) is None


BRIDGE = ("Police chief Maria Lopez said on Wednesday that the bridge would remain closed for repairs until further "
          "notice.\n\"We cannot risk another collapse,\" Lopez told reporters outside the town hall.\n")


def test_a_changed_name_is_drift_not_spin():
    copy = BRIDGE.replace("Lopez", "Perez")
    comparison = aligned_story(BRIDGE, copy)
    assert spin.find_spin(comparison, no_support) == []
    assert [(f.text, f.detail) for f in drift.find_drift(comparison, no_support)] == [("Perez", "name")] * 2


def test_a_word_changed_inside_a_quotation_is_drift_not_spin():
    comparison = aligned_story(BRIDGE, BRIDGE.replace("cannot risk", "cannot gamble"))
    assert spin.find_spin(comparison, no_support) == []
    assert [(f.text, f.detail) for f in drift.find_drift(comparison, no_support)] == [("gamble", "quote")]


def test_an_independent_report_of_the_same_event_is_no_copy_and_has_no_spin():
    independent = ("The bridge stays shut until engineers finish their work, the town's police chief announced "
                   "midweek.\nLopez warned reporters that a second collapse was a risk nobody would take.\n")
    st = story(BRIDGE, independent)
    assert st.groups == [[0], [1]]
    assert not any(st.copy_findings.values())

# ---------------------------------------------------------------- a copy desk's edits on real wire copy

# After an AP story about a stabbing, as ECB+ holds it and a client paper republished it with one word changed.
WIRE = ("A 17-year-old boy was stabbed to death outside a school in north London on Thursday afternoon, police said.\n"
        "Officers were called to the scene shortly after 3pm and found the boy with serious injuries.\n"
        "Forensic policemen are examining the area and a murder inquiry has been launched, police said.\n"
        "Two men were arrested nearby and are being held in custody for questioning.\n")


def _copy_findings(source: str, copy: str) -> list[tuple[str, str]]:
    """A copy's spin findings as the engine keeps them (lone swaps dropped: spin.corroborated)."""
    spins = spin.find_spin(aligned_story(source, copy), no_support)
    return [(f.text, f.expected) for f in spin.corroborated(spins, [])]


def test_a_copy_desks_single_synonym_in_a_wire_copy_is_not_spin():
    copy = WIRE.replace("A 17-year-old boy", "A 17-year-old teenager")
    assert found(WIRE, copy) == [("teenager", "boy")]  # the swap itself is seen...
    assert _copy_findings(WIRE, copy) == []  # ...but one changed word in a whole copy is no evidence of a tool


def test_a_light_spin_of_two_swaps_is_still_found():
    copy = WIRE.replace("murder inquiry", "murder interrogation").replace("held in custody", "held in guardianship")
    assert _copy_findings(WIRE, copy) == [("interrogation", "inquiry"), ("guardianship", "custody")]


def test_a_lone_swap_beside_a_changed_fact_is_spin():
    from scoring.engine.types import Finding
    copy = WIRE.replace("murder inquiry", "murder interrogation")
    spins = spin.find_spin(aligned_story(WIRE, copy), no_support)
    drift = Finding(kind="drift", start=0, end=2, text="19", expected="17", support=(), severity=1.0)
    assert [f.text for f in spin.corroborated(spins, [drift])] == ["interrogation"]
    updated = Finding(kind="updated", start=0, end=2, text="19", expected="17", support=(), severity=0.0)
    assert spin.corroborated(spins, [updated]) == []  # an updated value is no change of the copy's own


def test_a_number_or_a_time_restated_is_not_spin():
    source = ("The gunman opened fire about 15 miles north of the city on Monday, killing two people, the sheriff "
              "said.\n")
    converted = source.replace("15 miles", "24 kilometres")
    assert found(source, converted) == []
    assert found(source, source.replace("on Monday", "today")) == []


def test_a_short_form_or_a_clause_joined_another_way_is_an_edit():
    tok = tokenize
    assert edit_kind(tok("Lt"), tok("Lieutenant"), tok("Police Lt Gerry Reed said")) == "abbreviation"
    assert edit_kind(tok("and took"), tok("taking"), tok("He broke his stride and took it")) == "construction"
    assert edit_kind(tok("although"), tok("while"), tok("on Friday night although a man")) == "construction"
    assert edit_kind(tok("supreme"), tok("preeminent"), tok("the preeminent court")) is None  # not a short form


def test_an_edited_copys_word_change_is_not_spin():
    # The desk rewrote three clauses and changed one word: an editor's copy.
    edited = (WIRE.replace("outside a school in north London on Thursday afternoon",
                           "in a street near his school in Tottenham as pupils were leaving")
              .replace("found the boy with serious injuries", "he was pronounced dead at the scene")
              .replace("are being held in custody for questioning", "remain in a police station tonight")
              .replace("murder inquiry", "murder interrogation"))
    assert found(WIRE, WIRE.replace("murder inquiry", "murder interrogation")) == [("interrogation", "inquiry")]
    assert found(WIRE, edited) == []


def test_a_copy_respelled_in_another_house_style_is_an_edited_copy():
    # Two word changes in a copy that an American desk respelled (a tool keeps the spelling it found): an editor's.
    source = (WIRE.replace("policemen are examining", "officers are analysing").replace("3pm", "3pm at the centre")
              .replace("serious injuries", "serious injuries in the theatre car park"))
    changed = (source.replace("murder inquiry", "murder interrogation")
               .replace("held in custody", "held in guardianship"))
    respelled = changed.replace("analysing", "analyzing").replace("centre", "center").replace("theatre", "theater")
    assert _copy_findings(source, changed) == [("interrogation", "inquiry"), ("guardianship", "custody")]
    assert _copy_findings(source, respelled) == []


def test_the_engine_drops_a_lone_swap_and_keeps_a_light_spin():
    from scoring.engine import ArticleText, score_corpus
    report = ("Police in north London have launched a murder inquiry after a boy of 17 was stabbed near his school on "
              "Thursday.\nTwo men were later arrested nearby, Scotland Yard said.\n")
    texts = {"wire": WIRE, "desk": WIRE.replace("A 17-year-old boy", "A 17-year-old teenager"),
             "spun": WIRE.replace("murder inquiry", "murder interrogation").replace("held in custody",
                                                                                   "held in guardianship"),
             "report": report}
    result = score_corpus([ArticleText(id=k, outlet=f"Outlet {k}", text=v) for k, v in texts.items()])
    spins = {a.id: [f.text for f in a.findings if f.kind == "spin"] for a in result.articles}
    assert spins["desk"] == []
    assert spins["spun"] == ["interrogation", "guardianship"]


def test_a_spinners_expansion_of_one_word_is_spin_beside_other_changes():
    spun = (WIRE.replace("murder inquiry", "murder interrogation").replace("held in custody", "held in guardianship")
            .replace("called to the scene", "called to the incident spot area"))
    spins = spin.find_spin(aligned_story(WIRE, spun), no_support)
    assert [(f.text, f.detail) for f in spin.corroborated(spins, [])] == [
        ("incident spot area", "expansion"), ("interrogation", "swap"), ("guardianship", "swap")]
    # An expansion is weaker evidence than a swap: with one other change it shows nothing.
    light = WIRE.replace("murder inquiry", "murder interrogation").replace("called to the scene",
                                                                           "called to the incident spot area")
    assert len(spin.find_spin(aligned_story(WIRE, light), no_support)) == 2
    assert _copy_findings(WIRE, light) == []


def test_an_expansion_is_one_content_word_for_content_words_that_keep_none_of_it():
    tok = tokenize
    assert edit_kind(tok("seven day stretch"), tok("week"), tok("last seven day stretch the")) == "expansion"
    assert edit_kind(tok("Government clinical thought"), tok("Medicare"), tok("cuts to Government clinical thought"))\
        == "expansion"
    # A copy desk's longer wording has function words of its own, keeps the word, or restates a number.
    assert edit_kind(tok("as part of an elaborate feigned"), tok("feigning"), tok("x")) == "rewording"
    assert edit_kind(tok("year old girlfriend"), tok("year-old"), tok("his 23 year old girlfriend")) == "rewording"
    assert edit_kind(tok("Two top leaders"), tok("leader"), tok("Two top leaders met")) == "rewording"
    assert edit_kind(tok("six weeks ago"), tok("9"), tok("on 9")) == "rewording"
    # Words alone cannot tell a desk's "former civil war foes" for nations (ECB+) from a tool's: that is why an
    # expansion shows only beside other changes (the test above).
    assert edit_kind(tok("former civil war foes"), tok("nations"), tok("the 2 former civil war foes")) == "expansion"


def test_each_changes_wording_is_judged_once_for_spin_and_the_fingerprints(monkeypatch):
    from scoring.engine import fingerprints
    calls = []
    judge = spin.substitution
    monkeypatch.setattr(spin, "substitution", lambda *a, **k: calls.append(a[1:3]) or judge(*a, **k))
    comparison = aligned_story(WIRE, WIRE.replace("murder inquiry", "murder interrogation")
                               .replace("held in custody", "held in guardianship"))
    texts, outside = [], []
    first = spin.find_spin(comparison, no_support, texts, outside)
    fingerprints.swap_phrases(comparison, texts, outside)
    assert len(calls) == len(set(calls)) == 2 and [f.text for f in first] == ["interrogation", "guardianship"]
    spin.find_spin(comparison, no_support, texts, outside, spin.SpinParams(frame_kept=0.5))  # other thresholds
    assert len(calls) == 4
