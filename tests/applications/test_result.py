"""An unsuccessful candidate reads the result told to them (R-25.4) on their application page, not only in the
history: rank, points and whether they qualified (the event scoring.services.results_publish writes)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext_noop

from applications import services
from applications.models import ApplicationEvent, EventKind

pytestmark = pytest.mark.django_db


def published(application, *, rank, qualified, total="35.00", candidates=8):
    # The data as results_publish stores it (scoring/services/publication.py).
    return ApplicationEvent.objects.create(
        application=application,
        kind=EventKind.RESULT_PUBLISHED,
        data={
            "rank": rank,
            "candidates": candidates,
            "total": total,
            "qualified": qualified,
            "winner": False,
            "steps": {"written": "20.00", "interview": "15.00"},
            "detail": [
                [
                    gettext_noop("rank %(rank)s of %(n)s, %(total)s points"),
                    {"rank": rank, "n": candidates, "total": total},
                ],
                [gettext_noop("qualified") if qualified else gettext_noop("not qualified"), {}],
            ],
        },
    )


def test_r25_4_an_unsuccessful_candidate_reads_the_result_on_the_application_page(ready_draft, applicant):
    services.application_submit(application=ready_draft, actor=applicant, declaration_accepted=True)
    published(ready_draft, rank=5, qualified=False)
    client = Client()
    client.force_login(applicant)
    page = client.get(reverse("applications:detail", args=[ready_draft.pk])).content.decode()
    section = page[page.index('id="result"') :]
    assert "Rank 5 of 8, with 35.00 points." in section and "Not qualified." in section


def test_before_the_results_there_is_no_result_section(ready_draft, applicant):
    services.application_submit(application=ready_draft, actor=applicant, declaration_accepted=True)
    client = Client()
    client.force_login(applicant)
    assert (
        'id="result"'
        not in client.get(reverse("applications:detail", args=[ready_draft.pk])).content.decode()
    )
