"""Factories for the engine's stored results, so dashboard tests do not depend on the engine.

Plain functions with defaults, like `make_outlet` and `make_article` in tests/conftest.py.
`make_world` builds a small consistent corpus (stories, copies, drift, spin, sidebars) whose
size is a parameter, for query-count tests at two data sizes and for the browser tests.
"""
from datetime import date, datetime, timedelta, timezone
from itertools import count

from scoring.engine.version import ENGINE_VERSION
from scoring.models import ArticleScore, ConsensusFact, FactCoverage, Finding, OutletScore
from sources.models import Story
from tests.conftest import make_article, make_outlet

_keys = count(1)


def make_story(title="Council approves the harbour bridge", **fields):
    fields.setdefault("key", f"story-{next(_keys)}")
    return Story.objects.create(title=title, **fields)


def make_score(article, fidelity=90.0, **fields):
    fields.setdefault("body_end", len(article.text))
    return ArticleScore.objects.create(article=article, engine_version=ENGINE_VERSION, fidelity=fidelity, **fields)


def make_finding(score, kind="drift", start=0, end=None, expected="", support=(), severity=0.5,
                 explanation="", text=None, **fields):
    end = len(score.article.text) if end is None else end
    return Finding.objects.create(score=score, kind=kind, start=start, end=end,
                                  text=score.article.text[start:end] if text is None else text,
                                  expected=expected, support=list(support), severity=severity,
                                  explanation=explanation, **fields)


def make_coverage(score, fact, state):
    """One article's state for one consensus fact: "states", "contradicts" or "omits"."""
    return FactCoverage.objects.create(score=score, fact=fact, state=state)


def find(score, needle):
    """A finding's (start, end) for the first occurrence of needle in the score's text."""
    start = score.article.text.index(needle)
    return start, start + len(needle)


def make_fact(story, text, support, position=0):
    return ConsensusFact.objects.create(story=story, engine_version=ENGINE_VERSION, key=f"fact-{next(_keys)}",
                                        text=text, support=list(support), position=position)


def make_outlet_score(outlet, score=80.0, low=None, high=None, articles=5, window_start=None, window_end=None,
                      **components):
    return OutletScore.objects.create(
        outlet=outlet, engine_version=ENGINE_VERSION, score=score,
        low=score - 8 if low is None else low, high=min(100.0, score + 8) if high is None else high,
        articles=articles, window_start=window_start, window_end=window_end, **components)


FAITHFUL = ("The council approved the new harbour bridge on Monday after a long debate. "
            "The bridge will cost 40 million pounds, the mayor said.\n\n"
            "Construction starts in spring and takes two years.\n\nSign up for our newsletter.")
SPUN = ("The council approved the new harbour overpass on Monday after a lengthy discussion. "
        "The bridge will cost 40 million pounds, the mayor said.\n\n"
        "Construction starts in spring and takes two years.")
DRIFTED = ("The council approved the new harbour bridge on Friday after a long debate. "
           "The bridge will cost 90 million pounds, the mayor said.\n\n"
           "Construction starts in spring and takes two years.\n\n"
           "Trending: Mayor's secret plot exposed! Radical council wastes your money!")

FACTS = ["The council approved the new harbour bridge on Monday after a long debate.",
         "The bridge will cost 40 million pounds, the mayor said.",
         "Construction starts in spring and takes two years."]


def make_world(stories=2, outlet_names=("Harbour Herald", "Coast Courier", "Daily Drift", "Spin Weekly")):
    """A corpus: per story one article per outlet; Daily Drift drifts, Spin Weekly spins a copy of the Herald.

    Returns {"outlets": {name: Outlet}, "stories": [...], "articles": [...], "scores": [...]}.
    """
    outlets = {name: make_outlet(name=name, country="GB" if i % 2 == 0 else "IE", is_reviewed=i != 3)
               for i, name in enumerate(outlet_names)}
    herald, courier, drift, spin = (outlets[n] for n in outlet_names)
    start = datetime(2024, 3, 4, 9, tzinfo=timezone.utc)
    world = {"outlets": outlets, "stories": [], "articles": [], "scores": []}
    for s in range(stories):
        when = start + timedelta(days=7 * s)
        story = make_story(title=f"Council approves the harbour bridge, part {s + 1}",
                           first_seen=when, last_seen=when + timedelta(hours=3))
        world["stories"].append(story)
        texts = {herald: FAITHFUL, courier: FAITHFUL.replace("Sign up for our newsletter.", "Share this."),
                 drift: DRIFTED, spin: SPUN}
        articles = {}
        for h, (outlet, text) in enumerate(texts.items()):
            articles[outlet] = make_article(outlet=outlet, text=text + f" [{s}]", story=story,
                                            title=f"{outlet.name}: bridge approved ({s + 1})",
                                            published_at=when + timedelta(hours=h))
        world["articles"] += articles.values()
        stating = [articles[herald].pk, articles[courier].pk]
        facts = [make_fact(story, fact, stating + ([articles[spin].pk] if n else []), position=n)
                 for n, fact in enumerate(FACTS)]

        scores = {o: make_score(a, fidelity=f) for (o, a), f in zip(articles.items(), (96.0, 94.0, 52.0, 61.0))}
        scores[drift].drift, scores[drift].sidebar = 0.35, 0.12
        scores[drift].save()
        scores[spin].spin, scores[spin].copied_from, scores[spin].copy_similarity = 0.3, articles[herald], 0.91
        scores[spin].save()
        world["scores"] += scores.values()

        make_finding(scores[herald], "boilerplate", *find(scores[herald], "Sign up for our newsletter."),
                     explanation="Newsletter appeal: site chrome, not penalised.")
        make_finding(scores[drift], "drift", *find(scores[drift], "Friday"), expected=FACTS[0], support=stating,
                     severity=0.6, explanation="The day differs from the consensus (Monday).", fact=facts[0],
                     fact_type="weekday")
        make_finding(scores[drift], "drift", *find(scores[drift], "90 million"), expected="40 million",
                     support=stating, severity=0.7, explanation="The amount differs from the consensus.",
                     fact=facts[1], fact_type="number")
        make_finding(scores[drift], "sidebar", *find(scores[drift], "Trending: Mayor's secret plot exposed! "
                                                                    "Radical council wastes your money!"),
                     severity=0.5, explanation="A block of loaded one-sided headlines.")
        source = articles[herald]
        make_finding(scores[spin], "spin", *find(scores[spin], "overpass"), expected="bridge",
                     support=[source.pk], severity=0.5,
                     explanation="'harbour overpass' replaces the fixed phrase 'harbour bridge'.",
                     source_article=source, source_start=source.text.index("bridge"),
                     source_end=source.text.index("bridge") + len("bridge"))
        make_finding(scores[spin], "spin", *find(scores[spin], "lengthy discussion"), expected="long debate",
                     support=[source.pk], severity=0.4,
                     explanation="Synonym swap of 'long debate' in a copied sentence.",
                     source_article=source, source_start=source.text.index("long debate"),
                     source_end=source.text.index("long debate") + len("long debate"))
        # Coverage as the bridge stores it: the Herald and the Courier state every fact, Spin Weekly leaves out the
        # first (it swapped its words), Daily Drift contradicts the two its drifts quote and leaves out the third.
        for outlet, states in ((herald, "SSS"), (courier, "SSS"), (spin, "OSS"), (drift, "CCO")):
            for fact, state in zip(facts, states):
                make_coverage(scores[outlet], fact, {"S": "states", "C": "contradicts", "O": "omits"}[state])

    components = ({}, {}, {"drift": 0.35, "sidebar": 0.12}, {"spin": 0.3})  # as on the articles above
    for outlet, base, parts in zip(outlets.values(), (95.0, 93.0, 55.0, 62.0), components):
        make_outlet_score(outlet, score=base, articles=stories, **parts)
        for w in range(3):
            window = date(2024, 3, 4) + timedelta(days=7 * w)
            make_outlet_score(outlet, score=base - 2 * w, articles=stories, window_start=window,
                              window_end=window + timedelta(days=6))
    return world
