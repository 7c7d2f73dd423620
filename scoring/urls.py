from django.urls import path

from scoring import review_views, search_views, views

app_name = "scoring"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("outlets/", views.outlet_list, name="outlet-list"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet-detail"),
    path("stories/", views.story_list, name="story-list"),
    path("stories/<int:pk>/", views.story_detail, name="story-detail"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("search/", search_views.search_page, name="search"),
    # Editorial review, replies and alerts (scoring/review_views.py)
    path("review/", review_views.review_queue, name="review-queue"),
    path("findings/<int:pk>/review/", review_views.review_finding, name="review-finding"),
    path("outlets/<slug:slug>/replies/", review_views.add_reply, name="reply-add"),
    path("alerts/", review_views.alert_list, name="alert-list"),
    path("alerts/<int:pk>/acknowledge/", review_views.acknowledge_alert, name="alert-acknowledge"),
]
