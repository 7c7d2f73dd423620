"""The fictional demo corpus (sources/demo): files parse, labels match the texts, stories and copies hang together.

No database: these tests read the three files directly, plus the importer's pure-Python reader.
"""
import itertools
import math
import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scoring.engine.align import StoryMatrix
from scoring.engine.pipeline import prepare
from scoring.engine.types import ArticleText
from sources.records import read_records

DEMO = Path(__file__).resolve().parents[2] / "sources" / "demo"
ROLES = {"faithful", "republished", "spun", "drifted", "partisan"}
KINDS = {"spin", "drift", "sidebar", "boilerplate"}
DRIFT_REASONS = {"number", "date", "weekday", "duration", "nationality", "name", "role", "quote"}
FIRST_DAY, LAST_DAY = "2026-08-01", "2026-10-15"
COPY_SHARE = 0.6  # a copy, spun or not, keeps most of its source's sentence frames
INDEPENDENT_SHARE = 0.3  # independent newsrooms share names and quotes, not sentence frames


def _load_json(name):
    path = DEMO / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        pytest.fail(f"{path}:{e.lineno}: invalid JSON ({e.msg})")


@pytest.fixture(scope="module")
def outlets():
    return _load_json("outlets.json")


@pytest.fixture(scope="module")
def articles():
    path = DEMO / "articles.jsonl"
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            pytest.fail(f"{path}:{number}: invalid JSON ({e.msg})")
    return rows


@pytest.fixture(scope="module")
def by_id(articles):
    return {a["id"]: a for a in articles}


@pytest.fixture(scope="module")
def labels():
    return _load_json("labels.json")


def _roles(label):
    return set(label["role"].split("+"))


def test_the_corpus_has_the_promised_size(outlets, articles, labels):
    assert len(outlets) >= 6
    assert len(labels["stories"]) >= 10
    assert 45 <= len(articles) <= 60


def test_outlets_have_every_field_the_importer_reads(outlets):
    for outlet in outlets:
        assert set(outlet) >= {"name", "slug", "domains", "homepage", "feed_url", "country", "language", "notes"}
        assert len(outlet["country"]) == 2 and outlet["country"].isupper(), outlet["name"]
        assert outlet["language"] == "en"
        assert all(d.strip().endswith(".example") for d in outlet["domains"].split(",")), outlet["name"]
    assert len({o["name"] for o in outlets}) == len(outlets)
    assert len({o["slug"] for o in outlets}) == len(outlets)


def test_article_ids_are_unique(articles):
    ids = [a["id"] for a in articles]
    assert len(set(ids)) == len(ids)


def test_every_article_names_a_known_outlet_and_one_of_its_domains(articles, outlets):
    domains = {o["name"]: {d.strip() for d in o["domains"].split(",")} for o in outlets}
    for article in articles:
        assert article["outlet"] in domains, article["id"]
        assert article["domain"] in domains[article["outlet"]], article["id"]
        assert urlsplit(article["url"]).hostname == article["domain"], article["id"]
        assert article["title"].strip() and article["text"].strip(), article["id"]


def test_publication_dates_parse_with_a_timezone_inside_the_corpus_window(articles):
    for article in articles:
        published = datetime.fromisoformat(article["published"])
        assert published.tzinfo is not None, article["id"]
        assert FIRST_DAY <= published.date().isoformat() <= LAST_DAY, article["id"]
        # The url carries the publication year and month, as the outlets' sites do.
        assert urlsplit(article["url"]).path.startswith(published.strftime("/%Y/%m/")), article["id"]


def test_every_article_has_exactly_one_label_and_no_label_is_orphaned(articles, labels):
    assert set(labels["articles"]) == {a["id"] for a in articles}


def test_every_article_belongs_to_exactly_one_story(articles, labels):
    members = [i for ids in labels["stories"].values() for i in ids]
    assert sorted(members) == sorted(a["id"] for a in articles)


def test_labels_name_the_same_outlet_as_the_article(by_id, labels):
    for id_, label in labels["articles"].items():
        assert label["outlet"] == by_id[id_]["outlet"], id_


def test_every_outlet_has_a_known_truth(outlets, labels):
    assert set(labels["outlet_truth"]) == {o["name"] for o in outlets}
    assert set(labels["outlet_truth"].values()) <= {"faithful", "altered"}
    assert "altered" in labels["outlet_truth"].values() and "faithful" in labels["outlet_truth"].values()


def test_roles_kinds_and_reasons_are_from_the_documented_sets(labels):
    for id_, label in labels["articles"].items():
        assert _roles(label) <= ROLES, id_
        for finding in label["findings"]:
            assert finding["kind"] in KINDS, id_
            if finding["kind"] in ("spin", "drift"):
                assert finding["expected"] and finding["expected"] != finding["text"], (id_, finding)
            if finding["kind"] == "drift":
                assert finding["why"] in DRIFT_REASONS, (id_, finding)


def test_every_labelled_text_occurs_in_its_article_exactly_once_or_at_its_occurrence(by_id, labels):
    for id_, label in labels["articles"].items():
        text = by_id[id_]["text"]
        for finding in label["findings"]:
            count = text.count(finding["text"])
            if "occurrence" in finding:
                assert count > finding["occurrence"], (id_, finding["text"])
            else:
                assert count == 1, (id_, finding["text"], count)


def test_roles_agree_with_the_findings(labels):
    for id_, label in labels["articles"].items():
        roles, kinds = _roles(label), [f["kind"] for f in label["findings"]]
        assert ("drifted" in roles) == ("drift" in kinds), id_
        assert ("partisan" in roles) == ("sidebar" in kinds), id_
        if "spun" in roles:
            assert kinds.count("spin") >= 3, id_
        else:
            assert "spin" not in kinds, id_
        if roles <= {"faithful", "republished"}:
            assert set(kinds) <= {"boilerplate"}, id_


def test_every_story_has_three_outlets_and_three_independent_faithful_reports(labels):
    for key, ids in labels["stories"].items():
        members = [labels["articles"][i] for i in ids]
        assert len({m["outlet"] for m in members}) >= 3, key
        independent = [m for m in members if _roles(m) == {"faithful"} and m["copy_of"] is None]
        assert len(independent) >= 3, key


def test_copies_name_a_source_in_the_same_story(labels):
    story_of = {i: key for key, ids in labels["stories"].items() for i in ids}
    for id_, label in labels["articles"].items():
        is_copy = bool(_roles(label) & {"spun", "republished"})
        assert (label["copy_of"] is not None) == is_copy, id_
        if is_copy:
            assert label["copy_of"] in labels["articles"] and label["copy_of"] != id_, id_
            assert story_of[label["copy_of"]] == story_of[id_], id_


def test_copies_share_their_sources_prose_and_independent_reports_do_not(articles, labels):
    # The engine's own measure: the share of an article's prose (outside quotations) explained as copied from
    # another's sentences. Real same-event reports from different newsrooms stay under 0.3 on it.
    docs = {a["id"]: prepare(ArticleText(a["id"], a["outlet"], a["text"], title=a["title"])).doc for a in articles}
    copy_of = {i: label["copy_of"] for i, label in labels["articles"].items()}
    for ids in labels["stories"].values():
        matrix = StoryMatrix([docs[i] for i in ids])
        for (x, a), (y, b) in itertools.combinations(enumerate(ids), 2):
            shares = (matrix.copied_share(x, y), matrix.copied_share(y, x))
            if copy_of[a] == b or copy_of[b] == a:
                assert min(shares) >= COPY_SHARE, (a, b, shares)
            elif not copy_of[a] or copy_of[a] != copy_of[b]:  # copies of one source are not independent
                assert max(shares) < INDEPENDENT_SHARE, (a, b, shares)


def test_the_early_answer_on_a_copied_share_is_the_full_sums(articles, labels):
    # copied_share_reaches stops reading sentences once the answer is known; it must give the answer of the
    # whole share for every pair, at the pair's exact share and the floats on either side of it too.
    docs = {a["id"]: prepare(ArticleText(a["id"], a["outlet"], a["text"], title=a["title"])).doc for a in articles}
    copies = pairs = 0
    for ids in labels["stories"].values():
        matrix = StoryMatrix([docs[i] for i in ids])
        for x, y in itertools.permutations(range(len(ids)), 2):
            share = matrix.copied_share(x, y)
            for threshold in (0.0, 0.1, 0.3, 0.5, 0.9, 1.0, share, math.nextafter(share, 2), math.nextafter(share, -1)):
                assert matrix.copied_share_reaches(x, y, threshold) == (share >= threshold), (ids[x], ids[y], threshold)
            copies, pairs = copies + (share >= 0.3), pairs + 1
    assert 0 < copies < pairs  # copies and independent reports both


def test_what_a_copy_changed_is_what_its_source_says(by_id, labels):
    for id_, label in labels["articles"].items():
        if label["copy_of"]:
            source = by_id[label["copy_of"]]["text"]
            for finding in label["findings"]:
                if finding["kind"] in ("spin", "drift"):
                    assert finding["expected"] in source, (id_, finding["expected"])


def test_drift_in_a_rewrite_contradicts_what_another_outlet_in_the_story_says(by_id, labels):
    story_of = {i: key for key, ids in labels["stories"].items() for i in ids}
    for id_, label in labels["articles"].items():
        if label["copy_of"]:
            continue
        for finding in label["findings"]:
            if finding["kind"] == "drift":
                others = [by_id[i]["text"] for i in labels["stories"][story_of[id_]]
                          if labels["articles"][i]["outlet"] != label["outlet"]]
                assert any(finding["expected"] in t for t in others), (id_, finding["expected"])


def test_partisan_sidebars_are_a_heading_and_five_to_eight_headlines(by_id, labels):
    inside_the_story = 0
    for id_, label in labels["articles"].items():
        for finding in label["findings"]:
            if finding["kind"] != "sidebar":
                continue
            heading, *headlines = finding["text"].split("\n")
            assert heading.strip() and not heading.startswith("- "), id_
            assert 5 <= len(headlines) <= 8 and all(h.startswith("- ") for h in headlines), id_
            text = by_id[id_]["text"]
            inside_the_story += bool(text[text.index(finding["text"]) + len(finding["text"]):].strip())
    assert inside_the_story >= 1


def test_the_corpus_has_every_kind_of_case_it_promises(labels):
    roles = [_roles(label) for label in labels["articles"].values()]
    assert sum("spun" in r for r in roles) >= 5
    assert sum("partisan" in r for r in roles) >= 5
    republished_stories = {key for key, ids in labels["stories"].items()
                           if any("republished" in _roles(labels["articles"][i]) for i in ids)}
    assert len(republished_stories) >= 2
    rewrite_drifts = sum(f["kind"] == "drift" for label in labels["articles"].values() if not label["copy_of"]
                         for f in label["findings"])
    assert 3 <= rewrite_drifts <= 5


def test_the_importer_reads_every_article_without_errors(articles):
    records, errors = read_records([DEMO / "articles.jsonl"])
    assert [str(e) for e in errors] == []
    assert [r.id for r in records] == [a["id"] for a in articles]
    assert all(r.published is not None and r.url for r in records)
