"""Responses to an authenticated request are marked `Cache-Control: private, no-store`: a shared proxy must not
serve one user's pages, API answers or exports to another, and a browser must not keep them on disk."""
from django.utils.cache import patch_cache_control


def private_no_store(get_response):
    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        # An API token authenticates inside the view (django-ninja sets request.auth), not through the session.
        if (user is not None and user.is_authenticated) or getattr(request, "auth", None) is not None:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
