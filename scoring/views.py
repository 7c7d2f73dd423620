"""Editors' dashboard. Placeholder views until the dashboard issue lands."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def overview(request, **kwargs):
    return HttpResponse("Concordance")


outlet_list = outlet_detail = story_list = story_detail = article_detail = overview
