from django.urls import path

from resources import feeds, views

app_name = "resources"
# Fixed paths come before <slug> (the service never gives a resource one of these slugs).
urlpatterns = [
    path("", views.search, name="search"),
    path("feed/", feeds.LatestResourcesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestResourcesAtomFeed(), name="feed-atom"),
    path("topics/<slug:slug>/feed/", feeds.TopicResourcesFeed(), name="topic-feed"),
    path("topics/<slug:slug>/feed/atom/", feeds.TopicResourcesAtomFeed(), name="topic-feed-atom"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export-json"),
    path("submit/", views.submit, name="submit"),
    path("<int:pk>/open/", views.open_resource, name="open"),
    path("<slug:slug>/", views.detail, name="detail"),
]
