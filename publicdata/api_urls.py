"""/api/v1/: outside the language prefixes (``lang`` chooses the language); see api.py."""

from django.urls import path, re_path

from . import api

app_name = "api"

urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.openapi, name="openapi"),
    path("positions/", api.positions, name="positions"),
    path("positions/<int:pk>/", api.position, name="position"),
    path("announcements/", api.announcements, name="announcements"),
    path("announcements/<int:pk>/", api.announcement, name="announcement"),
    path("shortlists/", api.shortlists, name="shortlists"),
    path("shortlists/<int:position_id>/", api.shortlist, name="shortlist"),
    path("results/", api.results, name="results"),
    path("results/<int:pk>/", api.result, name="result"),
    path("draws/", api.draws, name="draws"),
    path("draws/<int:pk>/", api.draw, name="draw"),
    path("statistics/", api.statistics, name="statistics"),
    re_path(r"^(?P<rest>.*)$", api.not_found),  # last: JSON for every other address of the API
]
