from django.urls import path

from . import views

app_name = "vacancies"

urlpatterns = [
    path("vacancies/", views.vacancy_list, name="list"),
    path("vacancies/archive/", views.archive, name="archive"),
    path("vacancies/<int:announcement_id>/", views.announcement_detail, name="announcement"),
    path("vacancies/<int:announcement_id>/pdf/", views.announcement_pdf, name="announcement_pdf"),
    path(
        "vacancies/<int:announcement_id>/positions/<int:position_id>/", views.position_detail, name="position"
    ),
]
