"""Models and their constraints."""
import pytest
from django.db import IntegrityError, transaction

from sources.models import Outlet, content_hash
from tests.conftest import make_article, make_outlet

pytestmark = pytest.mark.django_db


def test_an_outlet_gets_a_unique_slug_from_its_name():
    first = make_outlet("Harbour Herald")
    second = Outlet.objects.create(name="Harbour  Herald!")  # different name, same slug base
    third = make_outlet("Valley Courier", slug="the-courier")
    assert (first.slug, second.slug, third.slug) == ("harbour-herald", "harbour-herald-2", "the-courier")


def test_outlet_names_are_unique():
    make_outlet("Harbour Herald")
    with pytest.raises(IntegrityError):
        make_outlet("Harbour Herald", slug="another")


def test_an_article_url_is_unique_but_many_articles_may_have_none():
    outlet = make_outlet()
    make_article(outlet, url="https://harbourherald.example/a")
    make_article(outlet, url=None)
    make_article(outlet, url=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(outlet, url="https://harbourherald.example/a")


def test_an_external_id_is_unique_per_outlet_when_set():
    herald, courier = make_outlet("Harbour Herald"), make_outlet("Valley Courier")
    make_article(herald, external_id="42")
    make_article(courier, external_id="42")  # another outlet's 42 is another article
    make_article(herald, external_id="")
    make_article(herald, external_id="")  # no id: the constraint does not apply
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(herald, external_id="42")


def test_the_content_hash_ignores_how_whitespace_is_laid_out():
    assert content_hash("The council  approved\nthe bridge. ") == content_hash("The council approved the bridge.")
    assert content_hash("The council approved the bridge.") != content_hash("The council rejected the bridge.")


def test_outlets_are_annotated_with_article_counts():
    herald, courier = make_outlet("Harbour Herald"), make_outlet("Valley Courier")
    make_article(herald, external_id="1")
    make_article(herald, external_id="2")
    counts = {o.name: o.article_count for o in Outlet.objects.with_article_counts()}
    assert counts == {"Harbour Herald": 2, "Valley Courier": 0}
    assert courier.domain_list == []


def test_domain_list_splits_and_trims_the_domains():
    assert make_outlet(domains=" harbourherald.example, hh.example ,").domain_list == [
        "harbourherald.example", "hh.example"]
