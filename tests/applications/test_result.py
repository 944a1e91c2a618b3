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


def status_card(html: str) -> str:
    import re

    return re.search(r'<p class="status[^"]*">(.*?)</p>', html, re.S).group(1)


def test_r25_4_after_the_results_the_status_card_tells_the_result_not_the_earlier_stage(
    ready_draft, applicant
):
    services.application_submit(application=ready_draft, actor=applicant, declaration_accepted=True)
    published(ready_draft, rank=5, qualified=True)
    client = Client()
    client.force_login(applicant)
    for url in (reverse("applications:mine"), reverse("applications:detail", args=[ready_draft.pk])):
        card = status_card(client.get(url).content.decode())
        assert "Qualified." in card and "Rank 5 of 8, with 35.00 points." in card
        assert "Submitted." not in card and "On the shortlist" not in card


def test_the_status_card_says_where_the_person_stands_after_the_latest_step_of_the_apps_above(
    ready_draft, applicant, monkeypatch
):
    import datetime as dt

    from recruitment.lib import later_steps
    from recruitment.lib.later_steps import Step

    services.application_submit(application=ready_draft, actor=applicant, declaration_accepted=True)
    published(ready_draft, rank=1, qualified=True)
    monkeypatch.setattr(later_steps, "_PROVIDERS", [])
    monkeypatch.setattr(later_steps, "_GATES", [])  # `published` tells the result without a results row
    later_steps.register(
        lambda apps: {
            ready_draft.pk: [
                Step(at=dt.date(2027, 3, 2), text="t1", status="Winner: post chosen.", stage=20),
                Step(
                    at=dt.date(2027, 3, 1),
                    text="t2",
                    status="Appointed: report to work by 16.03.2027.",
                    stage=30,
                ),
            ]
        }
    )
    client = Client()
    client.force_login(applicant)
    card = status_card(client.get(reverse("applications:mine")).content.decode())
    assert "<strong>Appointed: report to work by 16.03.2027.</strong>" in card
    assert "Rank 1 of 8" in card and "Winner: post chosen." not in card
