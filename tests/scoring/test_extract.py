"""extract.py on HTML: trafilatura's main text, then our rules; no database."""
from scoring.engine import extract

STORY = ("The ferry operator cancelled all crossings on Friday after gale force winds battered the harbour and the "
         "coastguard issued a warning to all vessels.",
         "About 300 passengers waited in the terminal until the last sailing was called off shortly after noon, the "
         "operator said in a statement.",
         "A spokesman for the operator said the service would resume once the coastguard lifted its warning, "
         "probably on Sunday morning.")


def page(extra: str = "") -> str:
    body = "".join(f"<p>{s}</p>" for s in STORY)
    return ("<html><head><title>Gale halts all ferry crossings - Harbour Herald</title>"
            '<meta property="og:title" content="Gale halts all ferry crossings"></head><body><article>'
            f"<h1>Gale halts all ferry crossings</h1>{body}{extra}</article><footer>About us</footer></body></html>")


def test_the_pages_headline_repeated_in_its_main_text_is_the_title_not_the_body():
    ex = extract.extract(html=page())
    assert [(b.kind, ex.text[b.start:b.end]) for b in ex.blocks][0] == ("title", "Gale halts all ferry crossings")
    assert "\n\n".join(ex.text[b.start:b.end] for b in ex.body_blocks) == "\n".join(STORY)
    assert ex.extracted_by == "trafilatura"


def test_a_title_given_with_the_html_is_used_as_given():
    ex = extract.extract(html=page(), title="Another headline altogether")
    assert ex.blocks[0].kind == "body" and ex.text[ex.blocks[0].start:ex.blocks[0].end].startswith("Gale halts")


def test_what_trafilatura_kept_stays_unless_it_is_chrome_by_its_own_cues():
    # A short line after the story is chrome by place on a plain text, but trafilatura chose to keep it.
    kept = extract.extract(html=page("<p>Rest of the week stays calm</p>"))
    assert "Rest of the week stays calm" in kept.text[kept.body_blocks[-1].start:kept.body_blocks[-1].end]
    notice = extract.extract(html=page("<p>Sign up for our newsletter to get the latest news in your inbox.</p>"))
    assert [ex for ex in notice.blocks if ex.kind == "boilerplate"]


def test_a_dateline_trafilatura_kept_above_the_story_is_chrome_by_its_own_form():
    # Chrome by place only (a short line above the story) stays when trafilatura kept it; a dateline does not.
    text = "Monday, April 6, 2026\n\n" + "\n\n".join(STORY)
    ex = extract.classify(text, from_html=True)
    assert [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "boilerplate"] == ["Monday, April 6, 2026"]
    assert ex.text[ex.body_blocks[0].start:].startswith("The ferry operator")


def _removed(ex) -> list[str]:
    return [ex.text[b.start:b.end] for b in ex.blocks if b.kind != "body"]


def test_a_table_inside_the_story_is_kept_one_line_a_row():
    table = ("<table><tr><th>Port</th><th>Sailings cancelled</th></tr><tr><td>Northgate</td><td>14</td></tr>"
             "<tr><td>Eastwick</td><td>9</td></tr></table>")
    ex = extract.extract(html=page(table))
    body = "\n".join(ex.text[b.start:b.end] for b in ex.body_blocks)
    assert "Northgate" in body and "14" in body and "Eastwick" in body
    assert body.index("Northgate") < body.index("Eastwick")


def test_a_labelled_link_to_another_story_in_a_pages_main_text_is_chrome():
    text = "\n\n".join([STORY[0], "Read more: Storm warnings issued for the whole northern coast", STORY[1],
                        "RELATED: Harbour master retires after forty years", STORY[2]])
    ex = extract.classify(text, from_html=True)
    assert _removed(ex) == ["Read more: Storm warnings issued for the whole northern coast",
                            "RELATED: Harbour master retires after forty years"]


def test_a_sentence_that_opens_with_more_is_not_a_related_link():
    text = "\n\n".join(STORY + ("More than 300 passengers were still waiting for news of the last sailing, which "
                               "the operator said it would announce later in the day.",))
    assert _removed(extract.classify(text, from_html=True)) == []


def test_a_tag_heading_and_its_keyword_line_are_chrome_wherever_the_text_came_from():
    text = "\n\n".join(STORY + ("Tags", "ferries, harbour news, storms, transport"))
    for from_html in (True, False):
        assert _removed(extract.classify(text, from_html=from_html)) == [
            "Tags\n\nferries, harbour news, storms, transport"]


def test_a_sentence_with_commas_under_a_tag_heading_is_not_a_tag_list():
    text = "\n\n".join(STORY[:2] + ("Topics", "The crossings, the operator said, will resume on Sunday, weather "
                                               "permitting.", STORY[2]))
    removed = _removed(extract.classify(text, from_html=True))
    assert removed == ["Topics"]


def test_a_known_heading_that_trails_off_in_an_ellipsis_heads_a_list():
    text = "\n\n".join(STORY) + ("\n\nYou may also like...\nHarbour master retires after forty years\n"
                                 "New ferry terminal opens on the east quay\nWho will run the island's buses next year?")
    ex = extract.classify(text, from_html=True)
    assert [b.kind for b in ex.blocks if b.kind != "body"] == ["headlines"]
    assert ex.text[ex.body_blocks[-1].start:ex.body_blocks[-1].end] == STORY[2]
