"""Public open data, inside i18n_patterns: the feeds (and, below, statistics and the API's pages)."""

from django.urls import path

from . import feeds, views

app_name = "publicdata"

urlpatterns = [
    path("feeds/vacancies/", feeds.OpenVacanciesFeed(), name="feed"),
    path(
        "feeds/vacancies/institutions/<str:short_name>/",
        feeds.InstitutionVacanciesFeed(),
        name="feed_institution",
    ),
    path("feeds/vacancies/categories/<str:category>/", feeds.CategoryVacanciesFeed(), name="feed_category"),
    path("open-data/", views.open_data, name="api_docs"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/statistics.csv", views.statistics_csv, name="statistics_csv"),
    path("statistics/positions/<int:position_id>/", views.statistics_position, name="statistics_position"),
]
