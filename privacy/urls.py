from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/my-data/", views.my_data, name="my_data"),
    path("privacy/my-data/export.zip", views.export, name="export"),
    path("privacy/my-data/erase/", views.erase, name="erase"),
]
