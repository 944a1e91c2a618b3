"""Every date of the applicant's forms is typed as the site writes it (dd.mm.yyyy), with a visible hint; a date
that could be read month-first (09/01/2016) is refused with a message, never stored as 1 September."""

import datetime as dt

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications.forms import SECTIONS, ExperienceForm, PersonalForm  # noqa
from applications.models import WorkExperience

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 1) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def experience(start: str, end: str = "") -> dict:
    return {
        **management("experience"),
        "experience-0-employer": "KQZ",
        "experience-0-employer_address": "Prishtinë",
        "experience-0-function": "Zyrtar",
        "experience-0-start_date": start,
        "experience-0-end_date": end,
        "experience-0-duties": "IT",
        "experience-0-staff_supervised_count": "0",
    }


@pytest.fixture
def client(applicant):
    client = Client()
    client.force_login(applicant)
    return client


def test_work_experience_takes_the_sites_own_format_from_and_to(client, applicant):
    response = client.post(
        reverse("applications:profile_section", args=["experience"]), experience("01.09.2016", "31.12.2019")
    )
    assert response.status_code == 302
    job = WorkExperience.objects.get(profile__user=applicant)
    assert (job.start_date, job.end_date) == (dt.date(2016, 9, 1), dt.date(2019, 12, 31))


@pytest.mark.parametrize("typed", ["09/01/2016", "9/1/2016", "09-01-2016"])
def test_a_month_first_date_is_refused_with_a_clear_message_and_nothing_is_saved(client, applicant, typed):
    response = client.post(reverse("applications:profile_section", args=["experience"]), experience(typed))
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors["start_date"]
    assert errors == [
        f"“{typed}” can be read in two ways: enter the date as dd.mm.yyyy, for example 01.09.2016."
    ]
    assert not WorkExperience.objects.exists()


def test_the_personal_data_takes_the_date_of_birth_as_dd_mm_yyyy(client, applicant):
    response = client.post(
        reverse("applications:profile_personal"),
        {
            "first_name": "Alba",
            "last_name": "Krasniqi",
            "date_of_birth": "03.04.1992",
            "personal_number": "1234567890",
            "gender": "female",
            "address": "Prishtinë",
            "phone": "044000000",
            "email": "alba@example.org",
        },
    )
    assert response.status_code == 302
    applicant.applicant_profile.refresh_from_db()
    assert applicant.applicant_profile.date_of_birth == dt.date(1992, 4, 3)
    # And shows it back as typed.
    page = client.get(reverse("applications:profile_personal")).content.decode()
    assert 'value="03.04.1992"' in page


def test_each_date_field_of_the_applicants_pages_shows_the_format_hint(client):
    for url in [reverse("applications:profile_personal")] + [
        reverse("applications:profile_section", args=[s])
        for s in ("education", "experience", "qualifications")
    ]:
        page = client.get(url).content.decode()
        assert "Format: dd.mm.yyyy, for example 01.09.2016." in page, url
        assert 'placeholder="dd.mm.yyyy"' in page, url
        assert 'type="date"' not in page, url


def _date_fields(form):
    return {name: field for name, field in form.fields.items() if isinstance(field, forms.DateField)}


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_every_date_field_of_the_applicants_forms_refuses_month_first_and_reads_day_first(language):
    made = [PersonalForm(), ExperienceForm()] + [
        formset(prefix=slug).forms[0] for slug, (_t, formset, _h) in SECTIONS.items()
    ]
    fields = [field for form in made for field in _date_fields(form).values()]
    assert len(fields) >= 5  # birth, graduation, from, to, a qualification's date
    with translation.override(language):
        for field in fields:
            assert field.clean("01.09.2016") == dt.date(2016, 9, 1)
            assert field.clean("2016-09-01") == dt.date(2016, 9, 1)  # ISO cannot be misread
            with pytest.raises(forms.ValidationError):
                field.clean("09/01/2016")


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_the_site_reads_day_first_in_every_language_for_any_date_field(language):
    """The setting, not only the applicant's forms: a plain DateField of any form (HR's, the admin's)."""
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("01.09.2016") == dt.date(2016, 9, 1)
        with pytest.raises(forms.ValidationError):
            field.clean("09/01/2016")
