"""Publication dates outside settings.PUBLISHED_YEARS: found and cleared where they were stored before the import
checked them (psycopg and Python cannot read a year past 9999 or before 1, so every page showing one failed)."""
from __future__ import annotations

from datetime import datetime, timezone

from django.db.models import Q


def out_of_range(field: str, years: tuple[int, int]) -> Q:
    """Rows whose datetime `field` lies outside the years, compared in the database (the values are never read)."""
    first, last = years
    return (Q(**{f"{field}__lt": datetime(first, 1, 1, tzinfo=timezone.utc)})
            | Q(**{f"{field}__gte": datetime(min(last + 1, 9999), 1, 1, tzinfo=timezone.utc)}))


def repair(article_model, story_model, years: tuple[int, int], dry_run: bool = False) -> dict[str, int]:
    """Clear out-of-range publication dates (articles) and spans (stories; the next scoring sets them again);
    returns how many rows of each were (or, with dry_run, would be) changed. The model classes are passed in so a
    migration can run it with its historical models."""
    articles = article_model.objects.filter(out_of_range("published_at", years))
    stories = story_model.objects.filter(out_of_range("first_seen", years) | out_of_range("last_seen", years))
    if dry_run:
        return {"articles": articles.count(), "stories": stories.count()}
    return {"articles": articles.update(published_at=None),
            "stories": stories.update(first_seen=None, last_seen=None)}
