from django.urls import path

from bench import views

app_name = "bench"
urlpatterns = [
    # The benchmark's baseline: the framework's cost without a query or a template.
    path("floor", views.floor, name="floor"),
]
