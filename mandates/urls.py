from django.urls import path

from . import views

app_name = "mandates"

urlpatterns = [
    path("mandates/", views.mandate_list, name="list"),
    path("mandates/<int:pk>/", views.mandate_detail, name="detail"),
    path("mandates/start/<int:appointment_pk>/", views.start, name="start"),
    path("mandates/<int:pk>/civil-servant/", views.civil_servant, name="civil_servant"),
    path("mandates/<int:pk>/proposal/", views.proposal, name="proposal"),
    path("mandates/<int:pk>/renewal/", views.renewal, name="renewal"),
    path("mandates/<int:pk>/end/", views.end, name="end"),
]
