"""Like with like (slots.py): an amount's scale and currency, addresses, a day's time of day, title-case headlines."""
from scoring.engine import slots
from scoring.engine.mentions import mentions
from scoring.engine.text import split_sentences, tokenize
from tests.scoring.test_drift import consensus_drift, copy_drift, story

HEIST = ["A lone thief fled with jewels worth {a} from the hotel on Monday, police said.",
         "Police said jewels worth {b} were taken from the hotel's exhibition by an armed man on Monday.",
         "Police said an armed man fled from the hotel with jewels worth {b} on Monday."]


def test_an_amount_is_compared_only_in_its_own_scale_and_currency():
    # Another heist's "$2 million" is not the same slot as "103 million euros" (nor a conversion of it).
    texts = [t.format(a="103 million euros", b="$2 million") for t in HEIST]
    assert consensus_drift(story(*texts, independent=True)) == []
    # One currency written as a symbol or as a word is one slot: the contradiction is still found.
    texts = [t.format(a="9 million dollars", b="$2 million") for t in HEIST]
    assert [(f.text, f.expected) for f in consensus_drift(story(*texts, independent=True))] == [("9", "2")]


def test_a_street_address_is_a_place_not_a_count():
    texts = ["The deputy followed him to an apartment complex in the 12500 block of East 223rd Street, police said.",
             "The deputy was shot outside an apartment complex in the 12000 block of East 223rd Street, police said.",
             "Police said the deputy was shot outside an apartment in the 12000 block of East 223rd Street."]
    assert consensus_drift(story(*texts)) == []
    toks = tokenize("He lives at 10 Downing Street and has 10 cats in the 300 block of Elm.")
    assert [slots.is_address(toks, i) for i, t in enumerate(toks) if t.norm[:1].isdigit()] == [True, False, True]


def test_a_days_time_of_day_says_nothing_about_its_event():
    # "Wednesday night" (the arrests) and "Saturday night" (the shooting) share only "night".
    texts = ["As fights erupted in the streets after the teenager was shot, 46 were arrested Wednesday night.",
             "The teenager was shot and killed by police on Saturday night, witnesses said.",
             "Police shot the teenager on Saturday night after he pointed a revolver at them."]
    assert consensus_drift(story(*texts)) == []
    sentence = split_sentences("Police shot him on Saturday night in the street.")[0]
    day = next(m for m in mentions(sentence) if m.cls == "weekday")
    assert "night" not in day.context


def test_a_headlines_title_case_words_are_not_names():
    source = ("Biologists Call on Obama Administration to Overturn Bush Rules That Cut Science Out of Endangered "
              "Species Decisions More than 1,300 scientists today called on the departments to act.")
    copy = source.replace("Decisions", "Legislation")
    assert copy_drift(source, copy) == []
    # A name changed in an ordinary sentence is still a changed name.
    source = "The minister met Secretary of State Hillary Clinton and President Obama in Washington on Monday."
    found = copy_drift(source, source.replace("Hillary Clinton", "John Kerry"))
    assert [f.detail for f in found] == ["name"]
