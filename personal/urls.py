from django.urls import path

from personal import views

app_name = "personal"
urlpatterns = [
    path("programme/", views.programme, name="programme"),
    path("programme.ics", views.programme_calendar, name="programme_calendar"),
    path("calendar/new/", views.renew_feed, name="renew_feed"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("proposals/", views.proposals, name="proposals"),
]
