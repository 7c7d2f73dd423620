"""The engine on inputs that once broke it: no database, no Django."""
import json

from scoring.engine import ArticleText, align, copies, pipeline, score_corpus, spin
from tests.conftest import shared_path

# A copy that merged two of its source's sentences ("... had split over Christmas." and "We just live ...") into
# one, rewording the words across the seam: its change against the source runs over a sentence boundary.
MERGED_SOURCE = (
    "Comedian Jane Doe said on Monday that she and her partner, the actor John Roe, had split over Christmas.\n"
    "The couple met at a film festival in Toronto in 2014.\n"
    "We just live in different countries and it got hard.\n"
)
MERGED_COPY = (
    "Jane Doe said on Monday that she and her partner, the actor John Roe, live apart as they live in different "
    "countries and it got hard.\n"
    "The couple met at a film festival in Toronto in 2014.\n"
)


def _docs(**texts):
    return [pipeline.prepare(ArticleText(id=k, outlet=k, text=v)).doc for k, v in texts.items()]


def test_a_change_across_two_merged_source_sentences_is_not_moved_into_one_of_them():
    docs = _docs(copy=MERGED_COPY, source=MERGED_SOURCE)
    matrix = align.StoryMatrix(docs)
    comp = align.compare(matrix, 0, 1)
    crossing = [ch for diff in comp.diffs for ch in diff.changes
                if ch.ref and copies._sentence_at(docs[1], ch.ref[0].start)
                != copies._sentence_at(docs[1], ch.ref[-1].start)]
    assert crossing, "the story no longer builds a change across two source sentences"
    # Two outside reports use the copy's wording as a fixed phrase: the vote gives it to the copy, so the
    # change would move to the source, whose sentences cannot hold it (it used to index past their end).
    outside = [" jane doe and john roe live apart as they live in two countries ",
               " the actors john roe live apart as they said "]
    settled = align.settle_by_majority(matrix, {0: comp}, [0, 1], 1, outside)
    for c in settled.values():
        for diff in c.diffs:
            for ch in diff.changes:
                assert 0 <= ch.a0 <= ch.a1 <= len(diff.sentence.tokens)
        spin.find_spin(c, lambda ref: ())  # reads every change's tokens


def test_the_four_reports_that_crashed_the_engine_score():
    path = shared_path("regressions", "engine-crash-four-reports.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = score_corpus([ArticleText(id=r["id"], outlet=r["outlet"], text=r["text"], title=r.get("title", ""))
                           for r in rows], workers=1)
    assert len(result.articles) == len(rows)
    for a in result.articles:
        for f in a.findings:
            assert a.body[f.start:f.end] == f.text


class _EngineFault(Exception):
    pass


def _fail_story_with(article_id):
    """A before_story hook that raises for the story holding this article, as a detector's bug would."""
    def check(ids):
        if article_id in ids:
            raise _EngineFault(f"injected for {article_id}")
    return check


def test_a_story_whose_scoring_raises_is_reported_and_the_others_are_scored():
    from tests.scoring.test_engine import OTHER_EVENT, REWRITE_A, REWRITE_B, SOURCE, SPUN, articles

    corpus = articles(src=SOURCE, spun=SPUN, a=REWRITE_A, b=REWRITE_B, fire=OTHER_EVENT)
    clean = score_corpus(corpus, workers=1)
    faulty = score_corpus(corpus, workers=1, before_story=_fail_story_with("fire"))
    (failed,) = faulty.failed
    assert failed.articles == ["fire"] and failed.error.startswith("_EngineFault: injected for fire (")
    assert failed.to_dict()["error"] == failed.error
    assert [a.id for a in faulty.articles] == ["a", "b", "spun", "src"]
    assert [a.to_dict() for a in faulty.articles] == [a.to_dict() for a in clean.articles if a.id != "fire"]
    assert not clean.failed and "error" not in clean.stories[0].to_dict()


# Chrome is decided by sentence and block, never for a whole text of prose (issue 19).
from scoring.engine.extract import extract  # noqa: E402
from tests.scoring.test_engine import REWRITE_A, REWRITE_B  # noqa: E402


def _chrome(text: str) -> list[str]:
    ex = extract(text)
    return [text[b.start:b.end] for b in ex.blocks if b.kind in ("boilerplate", "headlines")]


def test_a_text_without_paragraph_breaks_is_not_thrown_away_for_one_cue():
    flat = " ".join((REWRITE_A + REWRITE_B).split()) + (
        " Polls show 46 percent support the barrier, and the US Army Corps of Engineers has offered advice."
        " Residents say the flood season is upon us.")
    assert _chrome(flat) == []


def test_us_in_capitals_is_not_the_reader_addressed():
    text = REWRITE_A + "The US Treasury said it would support the scheme with a grant.\n"
    assert _chrome(text) == []


def test_a_cue_inside_running_prose_does_not_remove_its_sentence():
    paragraph = ("Councillors debated the plan for three hours. The mayor said the donations the campaign received "
                 "were declared. She called for a vote before the summer.")
    assert _chrome(REWRITE_A + "\n" + paragraph + "\n") == []


def test_chrome_sentences_are_cut_out_of_a_one_line_text_and_the_prose_around_them_stays():
    flat = (" ".join(REWRITE_A.split()) + " Sign up for our morning newsletter to get the news in your inbox. "
            + " ".join(REWRITE_B.split()))
    assert _chrome(flat) == ["Sign up for our morning newsletter to get the news in your inbox."]


def test_an_appeal_over_several_paragraphs_is_still_chrome():
    appeal = ("Sign up for our weekly newsletter\n\nDear readers,\n\nWe are facing unprecedented pressure. Our reporters "
              "keep working.\n\nYour support, however small, keeps us going. If you can, please support us monthly. "
              "Every contribution helps.\n\nDonate\nRemind me later.\n")
    chrome = _chrome(REWRITE_A + "\n" + appeal)
    assert "".join(chrome).replace("\n", "") == appeal.replace("\n", "")


def test_on_html_what_trafilatura_kept_stays_unless_it_is_chrome_by_its_own_cues():
    paragraphs = ["Councillors in Harbour voted on Tuesday to build a flood barrier along the river.",
                  "Work starts in March",  # short and unclosed: our layout rules alone would take it for chrome
                  "Construction should take two years, and the bill comes to 14 million pounds.",
                  "Sign up for our newsletter"]
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    ex = extract(html=html)
    assert ex.extracted_by == "trafilatura"
    kept = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "body"]
    assert any("Work starts in March" in k for k in kept)
    assert [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "boilerplate"] == ["Sign up for our newsletter"]
    plain = extract("\n".join(paragraphs[1:]))  # as plain text, the same line before the body is chrome by place
    assert plain.text[plain.blocks[0].start:plain.blocks[0].end] == "Work starts in March"
    assert plain.blocks[0].kind == "boilerplate" and plain.extracted_by == ""
