"""Included once from recruitment/urls.py (inside i18n_patterns): the applications' pages under
/applications/ (namespace "applications") and the person's inbox under /inbox/ (namespace
"notifications", notifications/urls.py)."""

from django.urls import include, path

from . import views

application_patterns = [
    path("", views.my_applications, name="mine"),
    path("profile/", views.profile_overview, name="profile"),
    path("profile/personal/", views.profile_personal, name="profile_personal"),
    path("profile/<slug:section>/", views.profile_section, name="profile_section"),
    path("apply/<int:position_id>/", views.apply_start, name="apply"),
    path("library/", views.library, name="library"),
    path("library/<int:pk>/", views.library_document, name="library_document"),
    path("library/<int:pk>/delete/", views.library_delete, name="library_delete"),
    path("assisted/", views.assisted_list, name="assisted_list"),
    path("assisted/new/", views.assisted_start, name="assisted_start"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/place/", views.choose_place, name="place"),
    path("<int:pk>/documents/", views.document_upload, name="upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("<int:pk>/documents/<int:document_pk>/remove/", views.document_remove, name="document_remove"),
    path("<int:pk>/documents/from-library/", views.attach_from_library, name="attach_from_library"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/receipt/<int:number>/", views.receipt, name="receipt_number"),
    path("<int:pk>/decision/", views.decision_pdf, name="decision"),
    # HR fills in the profile of the candidate it applies for.
    path("<int:application_pk>/candidate/", views.profile_overview, name="candidate_profile"),
    path(
        "<int:application_pk>/candidate/personal/", views.profile_personal, name="candidate_profile_personal"
    ),
    path(
        "<int:application_pk>/candidate/<slug:section>/",
        views.profile_section,
        name="candidate_profile_section",
    ),
]

urlpatterns = [
    path("applications/", include((application_patterns, "applications"))),
    path("inbox/", include("notifications.urls")),
]
