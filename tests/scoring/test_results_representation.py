"""R-28: HR declares its staff per category and year (read by R-27.1), and the yearly report, as a page and a PDF."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from recruitment.permissions import NotAllowed
from scoring import services
from scoring.models import Representation
from tests.helpers.auth import login_with_second_factor

pytestmark = pytest.mark.django_db


def figures_post(institution, **changes):
    data = {
        "institution": institution.pk,
        "year": timezone.localdate().year,
        "category": "professional",
        "staff": 200,
        "with_disability": 3,
        "non_majority": 15,
        "women": 90,
        "men": 110,
    }
    return {**data, **changes}


def test_r28_hr_declares_the_figures_and_the_report_shows_the_quotas(institution, hr_officer, english):
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("scoring:representation")
    assert client.post(url, figures_post(institution)).status_code == 302
    item = Representation.objects.get()
    assert (item.staff, item.non_majority, item.updated_by) == (200, 15, hr_officer)
    assert Event.objects.filter(action="scoring.representation_saved").exists()
    page = client.get(url).content.decode()
    assert "7.50 %" in page and "below the quota" in page  # 15 of 200 < 10 % (R-28.1)
    pdf = client.get(url, {"format": "pdf"})
    # Rendered by a worker (eager in the tests) and served as the stored file (issue 13).
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    # A group larger than the staff is refused.
    response = client.post(url, figures_post(institution, women=201))
    assert response.status_code == 200 and Representation.objects.get().women == 90


def test_r28_hr_of_another_institution_cannot_declare_figures(institution, other_hr_officer):
    with pytest.raises(NotAllowed):
        services.representation_save(
            actor=other_hr_officer,
            institution=institution.pk,
            year=2026,
            category="professional",
            staff=1,
            with_disability=0,
            non_majority=0,
            women=0,
            men=1,
        )
    client = login_with_second_factor(Client(), other_hr_officer)
    response = client.post(reverse("scoring:representation"), figures_post(institution))
    assert response.status_code == 200 and not Representation.objects.exists()  # not a choice of their form
