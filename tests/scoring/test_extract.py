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
