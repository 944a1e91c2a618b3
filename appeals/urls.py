from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    # The candidate: lodge an appeal against the final results of their application, follow it.
    path("applications/<int:application_pk>/appeal/", views.lodge, name="lodge"),
    path("appeals/<int:pk>/", views.detail, name="detail"),
    path("appeals/<int:pk>/scan/", views.scan, name="scan"),
    path("appeals/<int:pk>/decision-scan/", views.decision_scan, name="decision_scan"),
    # HR: the appeals of their institutions, a paper appeal recorded, KPMSHCK's decision recorded.
    path("hr/appeals/", views.hr_list, name="hr_list"),
    path("hr/appeals/record/", views.hr_record, name="hr_record"),
    path("hr/appeals/<int:pk>/", views.hr_detail, name="hr_detail"),
    path("hr/appeals/<int:pk>/decision-scan/", views.hr_decision_scan, name="hr_decision_scan"),
    path("hr/appeals/<int:pk>/decide/", views.hr_decide, name="hr_decide"),
]
