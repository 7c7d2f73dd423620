"""The sidebar detector alone (sidebar.py): is a list of headlines partisan, or neutral site furniture?"""
from scoring.engine import extract, lexicon, sidebar

STORY = ("The council approved the new harbour wall on Tuesday after a two-hour debate in the chamber.\n\n"
         "Work will begin in the spring and is expected to last eighteen months, the council said.\n")


def verdict(*headlines: str, heading: str = "Most Read") -> sidebar.SidebarVerdict:
    """The detector's verdict on one list of headlines placed after a short story."""
    verdicts = sidebar.classify_blocks(extract.extract(STORY + "\n" + heading + "\n" + "\n".join(headlines) + "\n"))
    assert len(verdicts) == 1 and verdicts[0].items == len(headlines)
    return verdicts[0]


def test_a_neutral_list_of_political_news_with_one_loaded_word_is_not_partisan():
    v = verdict("Judge blasts former adviser and delays his sentencing",
                "Senate passes the budget after a long night of votes",
                "Governor apologises for racist photo in old yearbook",
                "Republican senator says a deal on the border is close",
                "Central bank holds interest rates for a third month")
    # Two headlines carry news-register words ("blasts", "racist"): the news of the day, not a side taken.
    assert v.slanted == 2 and not v.partisan


def test_initialisms_and_section_labels_in_capitals_are_not_shouting():
    v = verdict("NASCAR rallies around driver as FBI investigates", "ANALYSIS: The economy turns a corner",
                "NOAA scientist says the agency broke its own rules", "COVID-19 cases fall for a fifth week")
    assert v.slanted == 0 and not v.partisan


def test_a_loaded_word_inside_a_quotation_is_someone_elses():
    v = verdict("Senator says 'I'm not a racist,' and keeps the door open to a deal",
                "Minister calls the report \"a shameful cover-up\"",
                "Council approves the harbour wall", "Storm closes the coast road for a day")
    assert v.slanted == 0 and not v.partisan


def test_a_list_with_an_epithet_in_the_outlets_own_voice_is_partisan():
    v = verdict("Council approves the harbour wall", "Woke elites want to ban your car",
                "Storm closes the coast road for a day", "School reopens after roof repairs")
    assert v.partisan and "woke" in v.examples


def test_a_shouted_loaded_word_is_no_news_register():
    # "outrage" is a word news uses ("outrage over the photo"); shouted as a label it is the outlet's cry.
    assert sidebar.headline_slant("Outrage over the new parking charges")[0] == sidebar.NEWS_REGISTER_WEIGHT
    assert sidebar.headline_slant("OUTRAGE: new parking charges")[0] == 1.0


def test_loaded_wording_across_several_headlines_is_partisan_without_an_epithet():
    headlines = ("Mayor blasts the council over the harbour wall", "Parking scandal deepens at city hall",
                 "Budget disaster looms for the county", "School reopens after roof repairs")
    assert verdict(*headlines).partisan  # three news-register headlines: 1.5
    assert not verdict(*headlines[1:]).partisan  # two: 1.0, under PARTISAN_WEIGHT


def test_no_single_epithet_is_enough_when_the_parameter_asks_for_two():
    text = STORY + "\nTrending\nCouncil approves the harbour wall\nWoke elites want to ban your car\n" \
                   "Storm closes the coast road for a day\nSchool reopens after roof repairs\n"
    assert [v.partisan for v in sidebar.classify_blocks(extract.extract(text), min_epithets=2)] == [False]


def test_every_news_register_term_is_a_loaded_term():
    assert lexicon.word_set("news_register_terms.txt") <= lexicon.word_set("loaded_terms.txt")


def test_a_loaded_word_reported_after_a_verb_of_saying_is_no_epithet():
    # Reported speech without quotation marks is someone else's word: less than news register.
    own = "Senator's hypocritical email habits"
    assert sidebar.headline_slant(own)[0] == 1.0
    assert sidebar.headline_slant("Rival suggests the senator's email habits were hypocritical")[0] == \
        sidebar.REPORTED_WEIGHT
    assert sidebar.headline_slant("The deal is rigged for the rich, union leader says")[0] == \
        sidebar.REPORTED_WEIGHT
    # A verb that is not one of saying ("calls on") leaves the outlet's own voice as it was.
    assert sidebar.headline_slant("Watchdog calls on agency to act as party hypocrisy hits a new low")[0] == 1.0


def test_explainer_journalism_is_not_partisan():
    # Questions, the reader addressed and "X: Why ..." titles are the forms of explanatory news desks too (tried
    # as half-weight cues and dropped: docs/ENGINE.md).
    v = verdict("Will the senate pass the budget this week?", "Shutdown: What you need to know",
                "Interest rates: Why the central bank held them", "Is the storm season getting longer?",
                "School reopens after roof repairs")
    assert v.slanted == 0 and not v.partisan


def test_contempt_for_a_side_in_the_outlets_own_voice_is_an_epithet():
    assert sidebar.headline_slant("The party's ludicrous primary")[0] == 1.0
    assert sidebar.headline_slant("The senator's latest big lie about the budget")[0] == 1.0


def test_the_development_measure_reads_no_held_out_headline():
    from scoring.evaluation import real, sidebar_dev
    from scoring.evaluation.shared import read_jsonl, shared_file
    from tests.conftest import shared_path

    shared_path("realdata")
    pools = sidebar_dev.development_pools()
    rows = read_jsonl(shared_file("realdata", "allsides_article_bias", "articles.jsonl"))
    held_out = {" ".join(r["headline"].split()) for r in rows if real.allsides_half(r["source"]) == "held-out"}
    lexicon = {" ".join(r["headline"].split()) for r in rows if real.allsides_half(r["source"]) == "lexicon"}
    assert pools["left"] and pools["right"] and pools["BASIL"] and pools["ECB+"]
    assert not (set(pools["left"]) | set(pools["right"])) - lexicon
    assert not (set(pools["left"]) | set(pools["right"])) & (held_out - lexicon)
    figures = sidebar_dev.run(lists=20)
    assert set(figures) == {"partisan recall (development half)", "neutral BASIL title lists flagged",
                            "neutral ECB+ title lists flagged", "partisan lists missed as not found whole by extraction"}
    assert all(0 <= v <= 1 for v in figures.values())


def test_reported_speech_ends_with_its_clause():
    # The outlet's own comment after the reported clause is its own voice again.
    assert sidebar.headline_slant("Senator says the deal is fair — and the radical left is furious")[0] == 1.0
    assert sidebar.headline_slant("Senator says the budget is balanced as party hypocrisy hits a new low")[0] == 1.0
    assert sidebar.headline_slant("Senator says the budget is balanced: the swamp strikes back")[0] == 1.0
    assert sidebar.headline_slant("Senator says the budget process is a swamp")[0] == sidebar.REPORTED_WEIGHT


def test_mockery_in_the_outlets_own_voice_is_an_epithet():
    # Ridicule of a person or the press is a choice of side, as a judgement word is.
    assert sidebar.headline_slant("Television host takes aim at the mayor, misses spectacularly")[0] == 1.0
    assert sidebar.headline_slant("Oops, the council did it again")[0] == 1.0
    assert sidebar.headline_slant("The ten biggest newspaper screw-ups of the year")[0] == 1.0
    assert sidebar.headline_slant("The minister's bumbling week of budget shenanigans")[0] == 1.0
    assert sidebar.headline_slant("The press gives the governor a free pass again")[0] == 1.0
    assert verdict("Party conference offers an utterly uninspiring vision",
                   "Senate passes the budget after a long night of votes",
                   "Central bank holds interest rates for a third month",
                   "School reopens after roof repairs").partisan


def test_insanity_as_a_legal_plea_is_news_register():
    # "Feigned insanity" and "insanity defence" are court reporting: alone they weigh half, never an epithet.
    assert sidebar.headline_slant("Gang boss who feigned insanity dies in prison at 80")[0] == sidebar.NEWS_REGISTER_WEIGHT
    assert not verdict("Gang boss who feigned insanity dies in prison at 80",
                       "Senate passes the budget after a long night of votes",
                       "Central bank holds interest rates for a third month",
                       "School reopens after roof repairs").partisan


def test_a_day_of_reported_accusations_is_not_partisan():
    # Three headlines that report someone else's loaded word, and one in the news register: the news of a day of
    # accusations, told in the words news uses (each reported word weighs less than a news-register one).
    v = verdict("Mayor says the audit was a witch hunt",
                "Union leader says the pay deal is rigged",
                "Senator claims the inquiry is a cover-up",
                "Council corruption scandal widens",
                "School reopens after roof repairs")
    assert v.slanted == 4 and not v.partisan
