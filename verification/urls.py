"""The public pages of the verification and the document view of HR's review screen (included in
recruitment/urls.py inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path("shortlists/<int:position_id>/", views.shortlist_page, name="shortlist"),
    path("shortlists/<int:position_id>/pdf/", views.shortlist_pdf, name="shortlist_pdf"),
    path(
        "verification/applications/<int:pk>/documents/<int:document_pk>/",
        views.document_inline,
        name="document_inline",
    ),
]
