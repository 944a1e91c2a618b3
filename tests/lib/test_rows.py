"""A list edited on one page reaches its service as values (recruitment.lib.rows): the view turns the validated
formset into rows, the service applies them to the list of the row it locked."""

import datetime as dt

import pytest

from applications.forms import EducationFormSet
from applications.models import ApplicantProfile, Education
from recruitment.lib.rows import Row, changed_fields, formset_rows, rows_apply
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


GRADUATED = dt.date(2016, 9, 1)
NEW = {
    "level": "master",
    "field_of_study": "Law",
    "institution": "UP",
    "country": "XK",
    "graduation_date": GRADUATED,
}


@pytest.fixture
def profile():
    return ApplicantProfile.objects.create(user=UserFactory(), first_name="Arta", last_name="Zhubi")


def _education(profile, field_of_study="Law"):
    return Education.objects.create(
        profile=profile,
        level="bachelor",
        field_of_study=field_of_study,
        institution="UP",
        country="XK",
        graduation_date=GRADUATED,
    )


def test_rows_add_change_and_delete_only_in_the_owner_s_list(profile):
    kept, gone = _education(profile), _education(profile, field_of_study="History")
    done = rows_apply(
        profile.education,
        [
            Row(pk=kept.pk, values={"field_of_study": "Economics"}),
            Row(pk=gone.pk, values=None),
            Row(pk=None, values=NEW),
        ],
    )
    assert done.counts() == {"added": 1, "changed": 1, "removed": 1}
    assert done.changed == [(kept, ["field_of_study"])]
    assert sorted(profile.education.values_list("field_of_study", flat=True)) == ["Economics", "Law"]
    other = _education(ApplicantProfile.objects.create(user=UserFactory()))
    with pytest.raises(Education.DoesNotExist):
        rows_apply(profile.education, [Row(pk=other.pk, values=None)])


def test_a_formset_gives_the_rows_it_would_save(profile):
    kept = _education(profile)
    prefix = "education"
    data = {
        f"{prefix}-TOTAL_FORMS": "3",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": str(kept.pk),
        f"{prefix}-0-level": kept.level,
        f"{prefix}-0-field_of_study": "Economics",
        f"{prefix}-0-institution": kept.institution,
        f"{prefix}-0-country": kept.country,
        f"{prefix}-0-graduation_date": "01.09.2016",
        f"{prefix}-1-level": "master",
        f"{prefix}-1-field_of_study": "Law",
        f"{prefix}-1-institution": "UP",
        f"{prefix}-1-country": "XK",
        f"{prefix}-1-graduation_date": "01.09.2016",
        f"{prefix}-2-country": "XK",  # the third form is left as the page shows it: blank but its default
    }
    formset = EducationFormSet(data, instance=profile, prefix=prefix)
    assert formset.is_valid(), formset.errors
    rows = formset_rows(formset)
    assert [(row.pk, (row.values or {}).get("field_of_study")) for row in rows] == [
        (kept.pk, "Economics"),
        (None, "Law"),
    ]


def test_changed_fields_reads_the_row_as_it_stands(profile):
    entry = _education(profile)
    assert changed_fields(entry, {"field_of_study": "Law", "level": "master"}) == ["level"]
    assert changed_fields(profile, {"user": profile.user}) == []
