"""HR's admin for announcements: scoped to its institution, read-only once published, amendments recorded."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from tests.factories import AnnouncementFactory, PositionFactory, make_publishable
from tests.helpers.auth import login_with_second_factor
from vacancies.models import AnnouncementStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours(institution):
    draft = AnnouncementFactory(
        institution=institution, status=AnnouncementStatus.DRAFT, published_at=None, reference="KQZ 1/2026"
    )
    PositionFactory(announcement=draft)
    return make_publishable(draft)


@pytest.fixture
def theirs(other_institution):
    return AnnouncementFactory(institution=other_institution, reference="MM 9/2026")


def test_hr_lists_only_its_institutions_announcements(client, hr_officer, ours, theirs):
    login_with_second_factor(client, hr_officer)
    html = client.get(reverse("admin:vacancies_announcement_changelist")).content.decode()
    assert "KQZ 1/2026" in html and "MM 9/2026" not in html


def test_hr_of_another_institution_cannot_open_or_change_ours(client, other_hr_officer, ours):
    login_with_second_factor(client, other_hr_officer)
    change_url = reverse("admin:vacancies_announcement_change", args=[ours.pk])
    response = client.get(change_url)
    assert response.status_code == 302 and response.url == reverse("admin:index")  # admin: "doesn't exist"
    client.post(
        reverse("admin:vacancies_announcement_changelist"),
        {"action": "publish_selected", "_selected_action": [ours.pk]},
    )
    ours.refresh_from_db()
    assert ours.status == AnnouncementStatus.DRAFT


@pytest.mark.parametrize("persona", ["applicant", "committee_member"])
def test_people_who_are_not_hr_do_not_reach_the_admin(client, persona, request, ours):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:vacancies_announcement_change", args=[ours.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_hr_publishes_from_the_admin_and_the_audit_log_records_it(client, hr_officer, ours):
    login_with_second_factor(client, hr_officer)
    response = client.post(
        reverse("admin:vacancies_announcement_changelist"),
        {"action": "publish_selected", "_selected_action": [ours.pk]},
        follow=True,
    )
    assert response.status_code == 200
    ours.refresh_from_db()
    assert ours.status == AnnouncementStatus.PUBLISHED
    assert Event.objects.filter(action="announcement.published", actor=hr_officer).count() == 1


def test_hr_previews_a_draft_from_the_admin(client, hr_officer, ours):
    login_with_second_factor(client, hr_officer)
    html = client.get(reverse("admin:vacancies_announcement_change", args=[ours.pk])).content.decode()
    assert f'href="{ours.get_absolute_url()}"' in html
    assert client.get(ours.get_absolute_url()).status_code == 200


def test_a_published_announcements_deadline_cannot_be_edited_in_the_form(client, hr_officer, ours):
    from vacancies.services import announcement_publish

    announcement = announcement_publish(announcement=ours, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    change_url = reverse("admin:vacancies_announcement_change", args=[ours.pk])
    html = client.get(change_url).content.decode()
    assert 'name="closes_at_0"' not in html  # read-only
    assert reverse("admin:vacancies_announcement_amend", args=[ours.pk]) in html
    position = announcement.positions.get()
    response = client.get(reverse("admin:vacancies_position_change", args=[position.pk]))
    assert 'name="title_sq"' not in response.content.decode()


def test_the_amendment_form_records_a_new_deadline_with_its_reason(client, hr_officer, ours):
    from vacancies.services import announcement_publish

    announcement_publish(announcement=ours, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    new_close = (timezone.now() + dt.timedelta(days=25)).astimezone(ours.institution.tzinfo)
    response = client.post(
        reverse("admin:vacancies_announcement_amend", args=[ours.pk]),
        {
            "closes_at_0": new_close.strftime("%Y-%m-%d"),
            "closes_at_1": "16:00:00",
            "reason_sq": "Zgjatje pas kërkesës",
            "reason_en": "Extended on request",
        },
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.closes_at.astimezone(ours.institution.tzinfo).strftime("%Y-%m-%d %H:%M") == (
        new_close.strftime("%Y-%m-%d") + " 16:00"
    )
    page = client.get(ours.get_absolute_url().replace("/vacancies/", "/en/vacancies/", 1)).content.decode()
    assert "Extended on request" in page


def test_the_amendment_form_refuses_an_empty_change(client, hr_officer, ours):
    from vacancies.services import announcement_publish

    announcement_publish(announcement=ours, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    response = client.post(reverse("admin:vacancies_announcement_amend", args=[ours.pk]), {"reason_sq": "x"})
    assert response.status_code == 200
    assert not ours.amendments.exists()


def test_a_split_by_place_that_does_not_add_up_is_refused_in_the_admin(client, hr_officer, ours, english):
    login_with_second_factor(client, hr_officer)
    position = ours.positions.get()
    url = reverse(
        "admin:vacancies_position_change", args=[position.pk]
    )  # /en/admin/…: the message in English
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list | dict)}
    data.update(
        {
            "announcement": ours.pk,
            "number_of_positions": 3,
            "category": position.category,
            "contract_type": position.contract_type,
            "scoring_scheme": position.scoring_scheme,
            "title_sq": position.title_sq,
            "order": 0,
        }
    )
    for prefix in ("places", "requirements", "documents"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(
        {
            "places-TOTAL_FORMS": 2,
            "places-0-place_sq": "Leposaviq",
            "places-0-count": 1,
            "places-0-order": 0,
            "places-1-place_sq": "Zveçan",
            "places-1-count": 1,
            "places-1-order": 1,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "adds up to 2" in response.content.decode()
    position.refresh_from_db()
    assert position.number_of_positions == 1 and not position.places.exists()
