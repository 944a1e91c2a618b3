from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("audit/checkpoints/", views.checkpoints, name="checkpoints"),
    path("audit/checkpoints.json", views.checkpoints_json, name="checkpoints_json"),
    path("audit/checkpoints.txt", views.checkpoints_text, name="checkpoints_text"),
]
