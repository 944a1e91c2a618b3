from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    # HR's "Due this week": every app's due items for the reader's institutions (HR only; others 404).
    path("hr/due/", views.due_this_week, name="due_this_week"),
]
