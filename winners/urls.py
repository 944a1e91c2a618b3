from django.urls import path

from . import views

app_name = "winners"

urlpatterns = [
    # The winner (R-26.3 … ): their own invitation only.
    path("winners/invitations/<int:pk>/", views.invitation, name="invitation"),
    path("winners/invitations/<int:pk>/consent/", views.invitation_consent, name="invitation_consent"),
    path("winners/invitations/<int:pk>/refuse/", views.invitation_decline, name="invitation_decline"),
    path("winners/invitations/<int:pk>/cause/", views.invitation_cause, name="invitation_cause"),
    path("winners/invitations/<int:pk>/consent.pdf", views.consent_scan, name="consent_scan"),
    # HR of the institution: the list of an evaluation's published results.
    path("winners/hr/evaluations/<int:evaluation_pk>/", views.hr_list, name="hr_list"),
    path("winners/hr/evaluations/<int:evaluation_pk>/create/", views.hr_list_create, name="hr_list_create"),
    path("winners/hr/evaluations/<int:evaluation_pk>/invite/", views.hr_invite, name="hr_invite"),
    path("winners/hr/evaluations/<int:evaluation_pk>/posts/add/", views.hr_post_add, name="hr_post_add"),
    path("winners/hr/evaluations/<int:evaluation_pk>/close/", views.hr_expire, name="hr_expire"),
    path("winners/hr/invitations/<int:pk>/paper-consent/", views.hr_paper_consent, name="hr_paper_consent"),
    path("winners/hr/invitations/<int:pk>/cause/", views.hr_cause, name="hr_cause"),
    path("winners/hr/invitations/<int:pk>/refusal/", views.hr_decline, name="hr_decline"),
    path("winners/hr/winners/<int:pk>/remove/", views.hr_remove, name="hr_remove"),
    path(
        "winners/hr/winners/<int:pk>/exclusion-decision/",
        views.hr_exclusion_decide,
        name="hr_exclusion_decide",
    ),
    # public.
    path("results/<int:evaluation_pk>/appointed/", views.public_lists, name="public_lists"),
]
