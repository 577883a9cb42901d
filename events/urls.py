from django.urls import path

from events import views
from events.feeds import EventFeed, SeriesFeed

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    # Fixed addresses first: they must not be read as event slugs.
    path("calendar.ics", views.calendar, name="calendar"),
    path("feed/", EventFeed(), name="feed"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>/feed/", SeriesFeed(), name="series_feed"),
    path("series/<slug:slug>/calendar.ics", views.series_calendar, name="series_calendar"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="event_calendar"),
    path("<slug:slug>/star/", views.star_event, name="star"),
    path("<slug:slug>/sessions/<int:pk>/star/", views.star_session, name="star_session"),
]
