from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.vote, name="vote"),
    path("report/", views.report, name="report"),
    path("<str:token>/", views.details, name="details"),
]
