from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from scoring.api import api

admin.site.site_header = "Concordance administration"
admin.site.site_title = "Concordance administration"
admin.site.index_title = "Sources, scores and reviews"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", api.urls),
    path("exports/", include("scoring.export_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Browsers ask for /favicon.ico whatever the page says; the icon is a static file.
    path("favicon.ico", lambda request: redirect(static("favicon.ico"), permanent=True)),
    path("", include("scoring.urls")),
]
