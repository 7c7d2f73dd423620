"""Search: stories and articles by words of their text (sources/search.py), ranked, with the matching passage."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from scoring.models import ArticleScore
from sources.models import Article
from sources.search import MAX_RESULTS, search


@login_required
def search_page(request):
    query = (request.GET.get("q") or "").strip()[:200]
    hits = search(query) if query else []
    articles = Article.objects.select_related("outlet", "story").in_bulk([h.article_id for h in hits])
    fidelity = dict(ArticleScore.objects.current().filter(article_id__in=articles)
                    .values_list("article_id", "fidelity"))
    rows = [{"article": articles[h.article_id], "passage": h.passage, "fidelity": fidelity.get(h.article_id),
             "scored": h.article_id in fidelity} for h in hits if h.article_id in articles]
    stories = []  # each story once, at the rank of its best-matching article
    for row in rows:
        story = row["article"].story
        if story and story not in [s["story"] for s in stories]:
            stories.append({"story": story, "article": row["article"], "passage": row["passage"]})
    return render(request, "scoring/search.html", {"query": query, "rows": rows, "stories": stories,
                                                   "limit": MAX_RESULTS})
