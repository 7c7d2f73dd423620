"""The import_articles and load_demo commands, as a user runs them."""
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources.models import Article, Outlet
from tests.conftest import shared_path

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"


def run(command: str, *args: str) -> tuple[str, str, CommandError | None]:
    """(stdout, stderr, the CommandError raised or None); a CommandError is a non-zero exit status."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except CommandError as e:
        return out.getvalue(), err.getvalue(), e
    return out.getvalue(), err.getvalue(), None


def test_a_file_with_a_valid_a_broken_and_an_empty_line_imports_the_valid_one_and_fails():
    path = DATA / "import" / "mixed.jsonl"
    out, err, failure = run("import_articles", str(path))
    assert Article.objects.count() == 1
    assert err.splitlines() == [
        f"{path}:2: invalid JSON (Expecting ',' delimiter at column 66)",
        f"{path}:3: neither text nor html",
    ]
    assert out.strip() == "imported 1, updated 0, rejected 2, unchanged 0"
    assert failure is not None and failure.returncode == 1


def test_a_clean_import_succeeds_and_says_what_it_did():
    out, err, failure = run("import_articles", str(DATA / "import" / "articles.csv"))
    assert (out.strip(), err, failure) == ("imported 2, updated 0, rejected 0, unchanged 0", "", None)


@pytest.mark.shared
def test_importing_the_seeds_twice_leaves_five_articles_from_four_outlets():
    seeds = shared_path("seeds", "articles.jsonl")
    first, _, failure = run("import_articles", str(seeds))
    assert failure is None
    second, _, failure = run("import_articles", str(seeds))
    assert failure is None
    assert first.strip() == "imported 5, updated 0, rejected 0, unchanged 0"
    assert second.strip() == "imported 0, updated 0, rejected 0, unchanged 5"
    assert Article.objects.count() == 5
    assert Outlet.objects.count() == 4
    assert not Outlet.objects.filter(is_reviewed=True).exists()


def test_a_folder_needs_the_outlet_option():
    folder = str(DATA / "import" / "folder")
    _, err, failure = run("import_articles", folder)
    assert failure is not None
    assert err.count("missing outlet") == 2
    out, _, failure = run("import_articles", folder, "--outlet", "Harbour Herald")
    assert failure is None and out.startswith("imported 2,")
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Harbour Herald"}


def test_load_demo_twice_gives_the_same_counts(tmp_path):
    demo = DATA / "demo_tiny"
    first, _, failure = run("load_demo", "--path", str(demo))
    assert failure is None
    state = (Outlet.objects.count(), Article.objects.count(), Outlet.objects.filter(is_reviewed=True).count())
    second, _, failure = run("load_demo", "--path", str(demo))
    assert failure is None
    assert state == (2, 3, 2)
    assert (Outlet.objects.count(), Article.objects.count(), Outlet.objects.filter(is_reviewed=True).count()) == state
    # (Lines after these two belong to the scoring step.)
    assert first.splitlines()[:2] == ["outlets: created 2, updated 0",
                                      "articles: imported 3, updated 0, rejected 0, unchanged 0"]
    assert second.splitlines()[:2] == ["outlets: created 0, updated 0",
                                       "articles: imported 0, updated 0, rejected 0, unchanged 3"]
    courier = Outlet.objects.get(slug="valley-courier")
    assert (courier.domains, courier.country, courier.feed_url) == (
        "valleycourier.example", "NL", "https://valleycourier.example/feed.xml")


def test_load_demo_adopts_an_outlet_an_import_created_and_marks_it_reviewed(tmp_path):
    run("import_articles", str(DATA / "import" / "articles.csv"))  # creates "Valley Courier", unreviewed
    out, _, failure = run("load_demo", "--path", str(DATA / "demo_tiny"))
    assert failure is None
    assert out.splitlines()[0] == "outlets: created 1, updated 1"
    assert Outlet.objects.count() == 2
    assert Outlet.objects.get(name="Valley Courier").is_reviewed


def test_load_demo_refuses_a_broken_demo_corpus(tmp_path):
    shutil.copy(DATA / "demo_tiny" / "outlets.json", tmp_path / "outlets.json")
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "1", "outlet": "Harbour Herald"}) + "\n")
    _, err, failure = run("load_demo", "--path", str(tmp_path))
    assert failure is not None
    assert err.strip() == f"{tmp_path / 'articles.jsonl'}:1: neither text nor html"

    (tmp_path / "outlets.json").write_text('[{"name": "No slug"}]')
    _, _, failure = run("load_demo", "--path", str(tmp_path))
    assert "outlet #1 needs at least a name and a slug" in str(failure)
    assert not Outlet.objects.filter(name="No slug").exists()
