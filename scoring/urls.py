from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("outlets/", views.outlet_list, name="outlet-list"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet-detail"),
    path("stories/", views.story_list, name="story-list"),
    path("stories/<int:pk>/", views.story_detail, name="story-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
]
