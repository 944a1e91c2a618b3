"""HR's slips of codes list the candidates in the shortlist's Albanian alphabetical order (R-18.4): "Çeku" is
third among Berisha, Cana, Çeku, Dema, not last as a plain code-point order puts it."""

import pytest
from django.test import Client
from django.urls import reverse

from scoring import selectors
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import admit

pytestmark = pytest.mark.django_db

SURNAMES = ["Dema", "Çeku", "Berisha", "Dhima", "Cana"]


def test_the_slips_list_the_candidates_in_the_albanian_alphabet(evaluation, hr_officer):
    for surname in SURNAMES:
        admit(evaluation, "Arta", surname)
    page = login_with_second_factor(Client(), hr_officer).get(reverse("scoring:slips", args=[evaluation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    positions = [html.index(f"Arta {surname}") for surname in ("Berisha", "Cana", "Çeku", "Dema", "Dhima")]
    assert positions == sorted(positions)


def test_the_selector_of_named_candidates_orders_by_surname_then_name_in_the_albanian_alphabet(evaluation):
    admit(evaluation, "Dritë", "Çeku")
    admit(evaluation, "Çlirim", "Çeku")
    admit(evaluation, "Zana", "Cana")
    names = [
        (
            c.application.applicant.applicant_profile.last_name,
            c.application.applicant.applicant_profile.first_name,
        )
        for c in selectors.candidates_with_names(evaluation)
    ]
    assert names == [("Cana", "Zana"), ("Çeku", "Çlirim"), ("Çeku", "Dritë")]
