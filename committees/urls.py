from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    # Public: every draw, its inputs and result, and its JSON at a stable address.
    path("committees/draws/", views.draw_list, name="draw_list"),
    path("committees/draws/<int:pk>/", views.draw_detail, name="draw"),
    path("committees/draws/<int:pk>/draw.json", views.draw_json, name="draw_json"),
    # The member's own committees and declarations.
    path("committees/mine/", views.my_committees, name="my_committees"),
    path("committees/mine/<int:pk>/", views.my_committee, name="my_committee"),
    # Observers.
    path("committees/observers/register/", views.observer_register, name="observer_register"),
    path("committees/observers/", views.observer_home, name="observer_home"),
    path("committees/observers/evaluations/<int:pk>/", views.observer_evaluation, name="observer_evaluation"),
    # HR accepts or refuses each notice before the observer sees anything.
    path("committees/observers/notices/", views.observer_notices, name="observer_notices"),
    path(
        "committees/observers/notices/<int:pk>/decide/",
        views.observer_notice_decide,
        name="observer_notice_decide",
    ),
    # HR: fees owed to members who are not civil servants.
    path("committees/compensation/", views.compensation_report, name="compensation_report"),
]
