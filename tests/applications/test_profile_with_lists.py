"""selectors.profile_with_lists (the submission's one-query read of the profile) gives what profile_for gives:
the same rows, values and order, so the frozen copy of a submission (R-11.1) does not depend on which was used."""

import datetime as dt

import pytest
from django.db import connection

from applications import selectors, services
from applications.models import ApplicantProfile, Education, LanguageSkill, Qualification, WorkExperience
from tests.helpers.applications import complete_profile

pytestmark = pytest.mark.django_db


def _rich_profile(user) -> ApplicantProfile:
    profile = complete_profile(user, diploma_country="AL")  # one education, two referees
    profile.computer_skills = "LibreOffice, “QGIS”"
    profile.parent_name = "Ëngjëll"
    profile.save()
    Education.objects.create(
        profile=profile,
        level="bachelor",
        field_of_study="Ekonomi",
        institution="UP",
        country="XK",
        graduation_date=dt.date(2012, 6, 30),
        nostrification="",
    )
    Education.objects.create(
        profile=profile,
        level="doctorate",
        field_of_study="Drejtësi",
        institution="UP",
        country="XK",
        graduation_date=dt.date(2012, 6, 30),
    )  # same date: ordered by id
    for start, end in ((dt.date(2015, 1, 1), None), (dt.date(2018, 3, 1), dt.date(2020, 2, 29))):
        WorkExperience.objects.create(
            profile=profile,
            employer="KQZ",
            employer_address="Prishtinë",
            function="IT",
            start_date=start,
            end_date=end,
            duties="Rrjeti\nserverët",
            staff_supervised_count=3,
        )
    LanguageSkill.objects.create(profile=profile, language="English", level="C1")
    LanguageSkill.objects.create(profile=profile, language="Deutsch", level="B2")
    for kind, date in (
        ("publication", None),
        ("training", dt.date(2019, 5, 1)),
        ("training", None),
        ("publication", dt.date(2020, 1, 1)),
    ):
        Qualification.objects.create(profile=profile, kind=kind, title=f"{kind} {date}", date=date)
    return profile


def test_profile_with_lists_equals_profile_for(applicant):
    _rich_profile(applicant)
    expected = selectors.profile_for(applicant.pk)
    got = selectors.profile_with_lists(applicant.pk)

    assert services.profile_snapshot(got) == services.profile_snapshot(expected)
    assert services.profile_facts(got) == services.profile_facts(expected)
    for field in ApplicantProfile._meta.concrete_fields:
        assert getattr(got, field.attname) == getattr(expected, field.attname), field.name
    for name in selectors.PROFILE_LISTS:
        assert [(o.pk, o.__class__) for o in getattr(got, name).all()] == [
            (o.pk, o.__class__) for o in getattr(expected, name).all()
        ], name
        assert all(o.profile is got for o in getattr(got, name).all())


def test_profile_with_lists_reads_once(applicant, django_assert_num_queries):
    _rich_profile(applicant)
    expected_queries = 1 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected_queries):
        profile = selectors.profile_with_lists(applicant.pk)
        services.profile_snapshot(profile)
        services.profile_facts(profile)


def test_profile_with_lists_without_profile(applicant):
    assert selectors.profile_with_lists(applicant.pk) is None


def test_profile_with_lists_empty_lists(applicant):
    ApplicantProfile.objects.create(user=applicant, first_name="Alba")
    got = selectors.profile_with_lists(applicant.pk)
    assert services.profile_snapshot(got) == services.profile_snapshot(selectors.profile_for(applicant.pk))
    assert all(list(getattr(got, name).all()) == [] for name in selectors.PROFILE_LISTS)
