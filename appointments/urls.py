from django.urls import path

from . import views

app_name = "appointments"

urlpatterns = [
    # HR's "Due this week": every app's due items for the reader's institutions (HR only; others 404).
    path("hr/due/", views.due_this_week, name="due_this_week"),
    # HR: the final verification of originals (R-29) and the appointment (R-30) of its institutions' winners.
    path("hr/appointments/", views.hr_list, name="hr_list"),
    path("hr/winners/<int:winner_id>/verification/", views.verification, name="verification"),
    path("hr/verification/checks/<int:pk>/", views.check, name="check"),
    path("hr/winners/<int:winner_id>/appoint/", views.appoint, name="appoint"),
    path("hr/appointments/<int:pk>/", views.appointment, name="appointment"),
    path("hr/appointments/<int:pk>/extension/", views.extension_decide, name="extension_decide"),
    path("hr/appointments/<int:pk>/reported/", views.report_record, name="report_record"),
    # The appointee: the act, the last day to report, the request to report later.
    path("appointments/<int:pk>/", views.mine, name="mine"),
    path("appointments/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("appointments/<int:pk>/act.pdf", views.act_pdf, name="act_pdf"),
]
