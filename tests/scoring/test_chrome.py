"""The chrome detector alone (extract.py, and sidebar.py for headline lists): a page's share rows, appeals and
footers are cut from the story's body; the story's own sentences stay. Each test writes its page. No database."""
import pytest

from scoring.engine import extract, sidebar
from scoring.engine.testing import body, chrome, headline_lists

STORY = ("The ferry operator cancelled all crossings on Friday after gale force winds battered the harbour.\n\n"
         "About 300 passengers waited in the terminal until the last sailing was called off shortly after noon.\n\n"
         "A spokesman for the operator said the service would resume once the coastguard lifted its warning.\n")
SHARE = "Share on Facebook\nShare on Twitter\nEmail\n\n"
APPEAL = "\nSign up for our newsletter to get the latest news in your inbox every morning.\n"
FOOTER = "\n© 2026 Harbour Herald. All rights reserved.\n"
NEUTRAL_LIST = ("\nTrending\nMayor unveils plan for new harbour wall\nLocal team wins cup final in extra time\n"
                "School roof repairs delayed until spring\nNew cafe opens on the seafront\n")
LOADED_LIST = ("\nTrending\nRadical socialists want to destroy your family\nCorrupt senator caught lying AGAIN\n"
               "The shameful truth about the open border disaster\n"
               "Patriots slam woke mob's latest attack on free speech\n")
ADVICE = ("\nThe coastguard gave three steps for travellers:\n"
          "1. Stay away from the harbour wall while the gale lasts.\n2. Keep children and dogs off the beach.\n3. Report anyone in difficulty in the water at once.\n")


def flat(text: str) -> str:
    """The text on one line, as many feeds give it."""
    return " ".join(text.split())


def test_share_rows_appeals_and_footers_are_chrome_and_the_story_is_the_body():
    page = SHARE + STORY + APPEAL + FOOTER
    # Chrome blocks side by side are one block: the appeal and the footer below it.
    assert chrome(page) == ["Share on Facebook\nShare on Twitter\nEmail", APPEAL.strip() + "\n\n" + FOOTER.strip()]
    assert body(page) == STORY.strip()


def test_a_story_alone_has_no_chrome():
    assert chrome(STORY) == [] and headline_lists(STORY) == []
    assert body(STORY) == STORY.strip()


def test_a_sentence_of_the_story_about_subscribers_is_not_an_appeal():
    prose = STORY + "\nThe operator told subscribers of its text alert service that updates would follow every hour.\n"
    assert chrome(prose) == []


def test_a_story_on_one_line_keeps_its_body_and_loses_only_its_appeal():
    assert chrome(flat(STORY)) == []
    assert chrome(flat(STORY + APPEAL)) == [APPEAL.strip()]
    assert body(flat(STORY + APPEAL)) == flat(STORY)


def test_a_list_of_headlines_is_found_and_judged_partisan_only_when_its_wording_is_loaded():
    assert headline_lists(STORY + NEUTRAL_LIST) == [NEUTRAL_LIST.strip()]
    neutral = sidebar.classify_blocks(extract.extract(STORY + NEUTRAL_LIST))
    loaded = sidebar.classify_blocks(extract.extract(STORY + LOADED_LIST))
    assert [v.partisan for v in neutral] == [False]
    assert [v.partisan for v in loaded] == [True] and loaded[0].slanted == 4


def test_a_numbered_list_of_the_storys_own_advice_is_no_headline_list():
    assert headline_lists(STORY + ADVICE) == []


@pytest.mark.xfail(strict=True, reason="extract.py reads a numbered list of imperatives as chrome: the story's "
                                       "advice to readers is cut from its body (prose lost, at no cost in points)")
def test_a_numbered_list_of_the_storys_own_advice_stays_in_the_body():
    assert chrome(STORY + ADVICE) == []


@pytest.mark.xfail(strict=True, reason="extract.py, on a whole page given on one line (share row, story, appeal, "
                                       "headline list, footer), labels the whole text chrome: the body is empty")
def test_a_whole_page_on_one_line_keeps_its_story():
    page = flat(SHARE + STORY + APPEAL + NEUTRAL_LIST + FOOTER)
    assert flat(STORY) in body(page)
