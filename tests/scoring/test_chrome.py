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


def test_a_numbered_list_of_the_storys_own_advice_stays_in_the_body():
    assert chrome(STORY + ADVICE) == []


def test_a_whole_page_on_one_line_keeps_its_story_and_loses_its_appeal_and_footer():
    page = flat(SHARE + STORY + APPEAL + NEUTRAL_LIST + FOOTER)
    assert flat(STORY) in body(page)
    removed = " ".join(chrome(page))
    assert APPEAL.strip() in removed and FOOTER.strip() in removed


def test_a_paragraph_of_running_prose_keeps_its_sentences_about_subscriptions():
    # One cue ("subscribers", "sign up", "subscription") in a paragraph of several plain sentences of prose is
    # the story's subject, not an appeal: before, the whole paragraph went as an appeal's.
    deal = ("The offer only applies to new subscribers of the streaming service, but you need not own a speaker. "
            "Sign up for four months of the service for one pound. "
            "The service works much like the paid versions of its two main rivals. "
            "It carries about fifty million songs and several thousand podcasts.")
    assert chrome(STORY + "\n" + deal + "\n") == []
    # An appeal's paragraph (every sentence cued) beside chrome is still chrome.
    appeal = ("Can you support local journalism? The Herald is funded by readers, not shareholders. "
              "Give from three pounds a month.")
    assert appeal in " ".join(chrome(STORY + "\n" + appeal + "\n" + FOOTER))


def test_short_closing_sentences_stay_and_a_closing_notice_to_the_reader_goes():
    ending = "\nNobody was hurt.\nThe inquiry resumes today.\n"
    assert chrome(STORY + ending) == []
    assert chrome(STORY + ending + "\nHave a news tip? Write to our newsroom.\n") == [
        "Have a news tip? Write to our newsroom."]


def test_the_storys_own_table_and_announced_list_after_it_stay():
    dates = ("\nThe band will play these dates:\nJune 9 - Riverside Arena, Harbour Town\n"
             "June 12 - Old Mill Theatre, Lakeside\nJune 15 - Bay Park, Port Ellen\n")
    assert chrome(STORY + dates) == [] and headline_lists(STORY + dates) == []
    table = ("\nTour Dates\nJune 9 - Riverside Arena, Harbour Town\nJune 12 - Old Mill Theatre, Lakeside\n"
             "June 15 - Bay Park, Port Ellen\n")
    assert chrome(STORY + table) == [] and headline_lists(STORY + table) == []
    foods = ("\nFoods the diet allows:\n\nany fish from sea or river\nany poultry including game\n"
             "eggs of every kind\nhard cheese in small amounts\n")
    assert headline_lists(STORY + foods) == [] and chrome(STORY + foods) == []


def test_a_headline_above_the_story_stays_and_a_dateline_goes():
    page = "Gale halts all ferry crossings\nPosted: 04/09/2026 8:33 am\n" + STORY
    assert chrome(page) == ["Posted: 04/09/2026 8:33 am"]
    assert body(page).startswith("Gale halts all ferry crossings")


def test_a_byline_with_a_comma_above_the_story_is_chrome_not_a_standfirst():
    # Five words above the story, like a standfirst: the byline cue must still take it (it allowed no comma).
    page = "By Eleanor Vance, Business Reporter\n" + STORY
    assert chrome(page) == ["By Eleanor Vance, Business Reporter"]
    assert "Vance" not in body(page)


def test_the_title_is_found_when_tokens_and_words_are_counted_apart():
    text = "Ferry firm's 30-year-old boat sold for €2m\n" + STORY
    ex = extract.extract(text, title="Ferry firm's 30-year-old boat sold for €2m")
    assert [b.kind for b in ex.blocks][0] == "title"


def test_a_dateline_under_a_standfirst_is_chrome_and_a_time_inside_the_story_stays():
    standfirst = "Hundreds of travellers were stranded as the storm closed the port for a second day.\n"
    page = standfirst + "Tue Apr 9, 2026 8:33PM GMT\n" + STORY + "\n4:14 p.m.\n\nThe first ferry sailed at dusk.\n"
    assert chrome(page) == ["Tue Apr 9, 2026 8:33PM GMT"]
    assert "4:14 p.m." in body(page) and body(page).startswith("Hundreds of travellers")


def test_a_line_of_a_stamp_and_other_words_is_not_a_dateline():
    from scoring.engine.chrome import _is_dateline

    assert _is_dateline("Posted: Fri., May 3, 2026 11:45 AM PDT") and _is_dateline("Updated 14 hours ago, 2026")
    assert not _is_dateline("5:45 AM PST 4/9/2026 by Eleanor Vance")
    assert not _is_dateline("Three ferries sailed on May 3, 2026.") and not _is_dateline("$139.00")


def test_the_signature_of_a_post_the_story_quotes_is_the_storys():
    post = "\nThe port will reopen at dawn, weather permitting. Thanks for your patience.\n— Harbour Authority (@harbourauth) April 9, 2026\n"
    assert chrome(STORY + post) == []


def test_a_table_of_rows_of_one_form_after_the_story_is_the_storys_own_and_a_sidebar_is_not():
    rows = ("\nQualified crews\n\nRiverside (Heat A): third final\nLakeside (Heat B): first final\n"
            "Port Ellen (Heat A): second final\nBay Park (Heat C): fifth final\n")
    assert chrome(STORY + rows) in ([], ["Qualified crews"]) and headline_lists(STORY + rows) == []
    assert "Lakeside (Heat B): first final" in body(STORY + rows)
    links = "\nRead more: Mayor unveils plan for new harbour wall\nRead more: Local team wins cup final\nRead more: School roof repairs delayed\n"
    assert "Read more" not in body(STORY + links)


def test_an_announced_list_runs_on_through_long_items_that_close_nothing():
    items = ("\nThe new timetable brings:\n"
             "Hourly crossings between the harbour and the island from the first week of May until late September\n"
             "Two extra evening sailings on Fridays and Saturdays during the busy summer holiday season\n"
             "A late ferry for island workers\n")
    assert chrome(STORY + items) == [] and "A late ferry for island workers" in body(STORY + items)


def test_a_follow_us_line_shaped_like_a_post_signature_stays_chrome():
    follow = "\n— Follow us on Twitter (@harbourherald)\n"
    assert chrome(STORY + follow) == [follow.strip()]


def test_a_sources_headline_in_a_list_is_a_headline_and_a_source_credit_is_chrome():
    # "Sources: ..." opens wire headlines ("Sources: club close to signing striker"); a credit names a source in
    # a few words. A headline taken for a credit cut its list short, or left no list at all.
    listed = ("\nTrending\nSources: council set to approve the harbour wall next week\nLocal team wins cup final in "
              "extra time\nSchool roof repairs delayed until spring\nNew cafe opens on the seafront\n")
    assert headline_lists(STORY + listed) == [listed.strip()]
    assert chrome(STORY + "\nSource: national weather service\n") == ["Source: national weather service"]


def test_a_long_title_case_headline_closed_by_a_full_stop_stays_in_its_list_and_a_sentence_of_names_does_not():
    # Many outlets write headlines in title case, some as two sentences closed by a full stop; a long closed line
    # ended the list as the story's resumed prose, so the list was cut short or not found.
    listed = ("\nMost Read\nHarbour Board Sacks Its Chairman Over the Secret Ferry Contract He Signed Last Year. "
              "This Is a Big Deal.\n"
              "Local team wins cup final in extra time\nSchool roof repairs delayed until spring\n"
              "New cafe opens on the seafront\n")
    assert headline_lists(STORY + listed) == [listed.strip()]
    # A sentence full of names still capitalises its verbs and common nouns in lower case: it is prose.
    names = ("\nHarbour Herald\nToday, Harbour Master John Smith announced his intent to nominate Mary Jones as Deputy "
             "Harbour Master, Department of Ports and Ferries.\nThe board approved the choice on Friday.\n"
             "Ferries will use the north quay until then.\n")
    assert headline_lists(STORY + names) == []


def test_a_headline_addressing_the_reader_with_an_appeal_word_stays_in_its_list_under_a_known_heading():
    # "we" and "support" in one line made it an appeal, so chrome, and the whole list with it: a partisan list
    # went unjudged. Under a known heading it is a headline; a donation appeal without one stays chrome.
    listed = ("\nMost Read\nSenate passes budget bill after long night\nWhy we must support the teachers who walked "
              "out\nMayor vows to fight on as council votes\nSchool roof repairs delayed until spring\n")
    assert headline_lists(STORY + listed) == [listed.strip()]
    appeal = ("\nSupport our journalism\nWe rely on readers like you to fund our reporting\n"
              "Your donation keeps our newsroom going\nEvery contribution to us counts\n")
    assert headline_lists(STORY + appeal) == []


# A page delivered on one line: its "Trending" list is glued between two paragraphs of the story.
_FLAT_PAGE = (
    "The harbour board voted on Tuesday to close the old ferry berth for repairs. Officials said the work would "
    "take three weeks and cost about two million pounds. "
    "Trending Senate Passes the Budget Bill After a Long Night Mayor Vows to Fight On as woke elites panic "
    "OUTRAGE: Governor Signs New Law on Voting Rules Council Defends Plan for a Stadium "
    "The closure will begin next week, the board said in a statement. Ferries will use the north quay until then.")


def test_a_headline_list_inside_a_one_line_page_is_split_off_and_judged_partisan():
    ex = extract.extract(_FLAT_PAGE)
    lists = [b for b in ex.blocks if b.kind == "headlines"]
    assert [_FLAT_PAGE[b.start:b.end] for b in lists] == [
        "Trending Senate Passes the Budget Bill After a Long Night Mayor Vows to Fight On as woke elites panic "
        "OUTRAGE: Governor Signs New Law on Voting Rules Council Defends Plan for a Stadium"]
    assert [v.partisan for v in sidebar.classify_blocks(ex)] == [True]
    kept = body(_FLAT_PAGE)
    assert "The harbour board voted on Tuesday" in kept and "The closure will begin next week" in kept
    assert "Ferries will use the north quay until then." in kept


def test_a_one_line_story_with_short_title_case_phrases_keeps_all_its_prose():
    text = ("Related Party Leaders Met The Press on Monday. The Most Read Report of the Year found that Trending "
            "Topics on Social Media shaped the vote. Latest Figures From The Treasury show the deficit fell, "
            "and Popular Support For The Plan rose in every region. Top Stories In The Local Press said the same.")
    assert headline_lists(text) == []
    assert body(text) == text


def test_a_copyright_notice_that_reads_as_a_sentence_is_chrome_and_the_word_in_a_sentence_is_not():
    notice = "© 2026 Westbay Courier, part of Harbour Media Group Ltd."
    # Its own line, or the last line of the story's paragraph: a notice, whatever its sentence shape.
    assert chrome(STORY + "\n\n" + notice) == [notice]
    assert chrome(STORY.rstrip() + "\n" + notice) == [notice]
    prose = "The singer said the band had lost its rights.\n\nCopyright 2019 was a bad year for the label, she added."
    assert chrome(prose) == []


def test_a_syndication_credit_on_its_own_line_is_chrome_and_the_same_words_in_the_story_stay():
    credit = "\nThis story was supplied by Northline Press Agency.\n"
    assert chrome(STORY + credit) == [credit.strip()]
    assert chrome(STORY + "\nThis article originally appeared on The Conversation.\n") == [
        "This article originally appeared on The Conversation."]
    # Inside a paragraph of the story it is the story's sentence.
    told = STORY + "\nThe figures were checked twice. This report was supplied by the coastguard to the inquiry.\n"
    assert chrome(told) == []


def test_an_offer_over_its_own_button_is_chrome_and_the_story_about_subscribers_is_not():
    offer = "\nGet the Herald delivered: subscribe from £1 a week, print and digital.\nSubscribe\n"
    assert chrome(STORY + offer) == [offer.strip()]
    # One pattern in a sentence of prose, with no button of its words beside it, is the story's.
    story = STORY + "\nThe Herald said it now has 20,000 subscribers in print and digital.\nShare\n"
    assert chrome(story) == ["Share"]
