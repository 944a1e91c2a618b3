from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.subscribe, name="subscribe"),
    path("alerts/<uuid:token>/confirm/", views.confirm, name="confirm"),
    path("alerts/<uuid:token>/unsubscribe/", views.unsubscribe, name="unsubscribe"),
]
