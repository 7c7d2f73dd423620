"""Headline lists inside one line without a heading the engine knows (chrome_flat_runs.py): found by their shape
between two sentences of the story, and never a sentence of the story's own. Each test writes its page."""
from scoring.engine import extract, sidebar
from scoring.engine.testing import body, headline_lists

_BEFORE = ("The harbour board voted on Tuesday to close the old pier for repairs that will take three weeks and cost "
           "about two million pounds. ")
_AFTER = "The closure will begin next week, the board said in a statement. Ferries will use the north quay until then."
# Headlines as lists give them, in Title Case and in sentence case: where one ends and the next begins shows
# ("... a long night Mayor ...", "... panic OUTRAGE: ...").
_LIST = ("Picked For You Tonight Senate Passes the Budget Bill After a long night Mayor vows to fight on as woke "
         "elites panic OUTRAGE: Governor Signs New Law on voting rules Council Defends Plan for a Stadium")


def test_a_list_under_an_unknown_heading_inside_one_line_is_split_off_and_the_prose_stays():
    page = _BEFORE + _LIST + " " + _AFTER
    ex = extract.extract(page)
    assert [page[b.start:b.end] for b in ex.blocks if b.kind == "headlines"] == [_LIST]
    assert [v.partisan for v in sidebar.classify_blocks(ex)] == [True]
    kept = body(page)
    assert _BEFORE.strip() in kept and _AFTER in kept


def test_a_list_under_an_unknown_heading_at_the_end_of_one_line_is_split_off():
    page = _BEFORE + _AFTER + " " + _LIST
    assert headline_lists(page) == [_LIST] or [h.strip() for h in headline_lists(page)] == [_LIST]


def test_questions_answers_and_lists_of_names_in_one_line_stay_prose():
    texts = [
        _BEFORE + "Q: Favourite Food? A: Fish and Chips Q: Favourite Place? A: The Old Harbour Wall at Dawn "
        "Q: Favourite Team? A: Harbour Rovers, Since My Father Took Me as a Boy " + _AFTER,
        _BEFORE + "The topics discussed were: The Harbour Wall The Ferry Timetable Parking Charges The New Quay "
        "Fishing Rights Tourism and the Summer Season The Lifeboat Station Funding " + _AFTER,
        _BEFORE + "Was the board told? Did The Mayor Know About The Cost? Who Signed The Contract In March? "
        "Nobody on the council would say, and the Harbour Master Declined To Comment On The Matter. " + _AFTER,
    ]
    for text in texts:
        assert headline_lists(text) == [], text
        assert body(text) == text


def test_a_first_headline_that_reads_as_a_sentence_after_a_known_heading_is_the_lists():
    first = "Most Read A judge was embarrassed for his lack of legal knowledge."
    rest = ("Right-wing cruelty on full display Mayor vows to fight on as woke elites panic OUTRAGE: Governor Signs "
            "New Law on voting rules Council Defends Plan for a Stadium")
    page = _BEFORE + first + " " + rest + " " + _AFTER
    assert headline_lists(page) == [first + " " + rest]
    assert _AFTER in body(page) and _BEFORE.strip() in body(page)


def test_a_sentence_after_a_known_heading_word_with_prose_after_it_stays():
    page = _BEFORE + "Trending topics on social media were the talk of the town on Monday. " + _AFTER
    assert headline_lists(page) == []
    assert body(page) == page.strip()


def test_a_sentence_after_headlines_under_a_known_heading_stays_though_chrome_follows():
    said = "When asked if the pier would reopen, the mayor replied, “Not this year.”"
    page = (_BEFORE + "Trending Council backs new budget Harbour cafe wins award for its chowder Storm damage "
            "repairs 'complete' " + said + " Share this story Facebook Twitter Email Print " + _AFTER)
    assert said in body(page) and _AFTER in body(page)


# Branch flatsb: a list's sentences that read as prose, and its open end.
_HEADS = "Council Backs the Harbour Budget After a Long Night Ferry Strike Ends as Crews Return to Work"


def test_a_title_case_headline_that_capitalises_been_or_was_is_headlinese():
    from scoring.engine.chrome_flat_shapes import _headlinese
    assert _headlinese("Fishermen Have Never Been So Busy")
    assert not _headlinese("Fishermen have never been so busy")


def test_a_headline_closed_by_a_stop_after_a_known_heading_stays_in_its_list_before_two_headlinese_ones():
    # "... new quay." reads as a sentence; two more sentences in headlinese, then Title Case headlines: all one list.
    listed = ("Most Read Lifeboat crew rescues two walkers from the cliffs near the new quay. Storm damage repairs "
              "complete. Pier cafe wins award. " + _HEADS)
    page = _BEFORE + listed + " " + _AFTER
    assert headline_lists(page) == [listed]
    assert _AFTER in body(page) and _BEFORE.strip() in body(page)


def test_a_headline_in_sentence_case_is_the_lists_when_title_case_headlines_follow_it():
    listed = ("Trending Lifeboat Crew Rescues Two Walkers Ferry Timetable Changes for Winter Council worries about "
              "the cost of the new quay. " + _HEADS)
    page = _BEFORE + listed + " " + _AFTER
    assert headline_lists(page) == [listed]
    assert _AFTER in body(page)


def test_a_sentence_of_the_story_stays_before_a_notice_or_a_single_link_in_title_case():
    # It opens as a heading would ("Some Harbour Board ..."); what follows it is no list going on.
    said = "Some Harbour Board members believe the repairs were planned to avoid the summer season and its visitors."
    for after in ("CLICK HERE TO GET OUR NEWS APP", "Share this story Facebook Twitter Email Print " + _AFTER,
                  "(RELATED: Harbour Board Names New Chair) " + _AFTER, "Harbour Board Names New Chair After Long Search"):
        page = _BEFORE + said + " " + after
        assert headline_lists(page) == [] and said in body(page), after


def test_an_open_stretch_at_the_end_of_a_one_line_page_is_all_headlines():
    # The last headline has a sentence-case end after an opener ("After ..."); no story sentence ends without a stop.
    listed = "Related Stories " + _HEADS + " Harbour Board Delays Vote After the Survey: what it found"
    page = _BEFORE + _AFTER + " " + listed
    assert headline_lists(page) == [listed]
    assert _BEFORE.strip() in body(page) and _AFTER in body(page)
