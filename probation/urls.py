from django.urls import path

from . import views

app_name = "probation"

urlpatterns = [
    path("probation/", views.probation_list, name="list"),
    path("probation/<int:pk>/", views.probation_detail, name="detail"),
    path("probation/<int:pk>/suspensions/", views.suspension_add, name="suspension_add"),
    path(
        "probation/<int:pk>/suspensions/<int:suspension_pk>/end/",
        views.suspension_close,
        name="suspension_end",
    ),
    path("probation/<int:pk>/mentor/", views.mentor, name="mentor"),
    path("probation/<int:pk>/evaluation-request/", views.evaluation_request, name="evaluation_request"),
    path("probation/<int:pk>/meeting/", views.meeting, name="meeting"),
    path("probation/<int:pk>/decision/", views.decision, name="decision"),
    path("probation/<int:pk>/inform/", views.inform, name="inform"),
    path("probation/start/<int:appointment_pk>/", views.start, name="start"),
    path("probation/<int:pk>/act.pdf", views.act_pdf, name="act_pdf"),
]
