from django.urls import path

from registrations import views

app_name = "registrations"
urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("registrations/", views.my_registrations, name="list"),
    path("registrations/my-data.json", views.my_data, name="my_data"),
    path("registrations/cancel/<str:token>/", views.cancel_link, name="cancel_link"),
    path("registrations/<int:pk>/", views.detail, name="detail"),
    path("registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("registrations/<int:pk>/calendar.ics", views.calendar, name="calendar"),
]
