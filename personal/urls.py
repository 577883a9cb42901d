from django.urls import path

from personal import views

app_name = "personal"
urlpatterns = [
    path("programme/", views.programme, name="programme"),
    path("programme.ics", views.programme_calendar, name="programme_calendar"),
    path("calendar/new/", views.renew_feed, name="renew_feed"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("proposals/", views.proposals, name="proposals"),
    path("searches/", views.searches, name="searches"),
    path("searches/save/", views.save_search, name="save_search"),
    path("searches/<int:pk>/", views.change_search, name="change_search"),
    path("searches/<int:pk>/delete/", views.delete_search, name="delete_search"),
    path("searches/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
