from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from scoring.api import api

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", api.urls),
    path("exports/", include("scoring.export_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("scoring.urls")),
]
