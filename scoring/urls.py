from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    # The committee's pages (second factor; a member sees only their own committee's evaluations).
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/test/", views.test_detail, name="test"),
    path("evaluations/<int:pk>/test/import/", views.test_import, name="test_import"),
    path("evaluations/<int:pk>/test/seal/", views.test_seal, name="test_seal"),
    path("evaluations/<int:pk>/sitting/open/", views.sitting_open, name="sitting_open"),
    path("evaluations/<int:pk>/results/import/", views.results_import, name="results_import"),
    path("evaluations/<int:pk>/results/lock/", views.written_lock, name="written_lock"),
    path("evaluations/<int:pk>/interview/", views.interview_setup, name="interview_setup"),
    path("evaluations/<int:pk>/candidates/<int:candidate_pk>/sheet/", views.sheet, name="sheet"),
    path(
        "evaluations/<int:pk>/candidates/<int:candidate_pk>/absent/",
        views.interview_absence,
        name="interview_absence",
    ),
    path(
        "evaluations/<int:pk>/candidates/<int:candidate_pk>/sheets/<int:sheet_pk>/correct/",
        views.sheet_correct,
        name="sheet_correct",
    ),
    # F1's evaluation of documents: the same sheets, keyed by criterion (cv|education|training|experience).
    path("evaluations/<int:pk>/documents/open/", views.documents_open, name="documents_open"),
    path(
        "evaluations/<int:pk>/candidates/<int:candidate_pk>/documents/",
        views.sheet,
        {"step": "documents"},
        name="documents_sheet",
    ),
    path(
        "evaluations/<int:pk>/candidates/<int:candidate_pk>/documents/<int:sheet_pk>/correct/",
        views.sheet_correct,
        {"step": "documents"},
        name="documents_sheet_correct",
    ),
    # The end of the evaluation and the results: committee and HR of the institution.
    path("evaluations/<int:pk>/complete/", views.evaluation_complete, name="complete"),
    path("evaluations/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("evaluations/<int:pk>/act/approve/", views.act_approve, name="act_approve"),
    path("evaluations/<int:pk>/act.pdf", views.act_pdf, name="act_pdf"),
    path("evaluations/<int:pk>/publish/", views.results_publish, name="results_publish"),
    path("evaluations/representation/", views.representation, name="representation"),
    # The published list of the qualified: public.
    path("results/<int:pk>/", views.public_results, name="public_results"),
    path("results/<int:pk>/pdf/", views.public_results_pdf, name="public_results_pdf"),
    # HR: start evaluations, admit candidates, and the codes to hand out in the room.
    path("evaluations/hr/", views.hr_evaluations, name="hr_evaluations"),
    path("evaluations/hr/positions/<int:position_pk>/scheme/", views.scheme_compose, name="scheme_compose"),
    path("evaluations/<int:pk>/slips/", views.slips, name="slips"),
    # The candidates' written test: a code, no account (R-20.3: anonymous).
    path("written-test/", views.sitting_enter, name="sitting_enter"),
    path("written-test/paper/", views.sitting_paper, name="sitting_paper"),
]
