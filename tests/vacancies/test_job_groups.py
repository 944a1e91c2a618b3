"""R-6.1: the group of positions a competition fills is named wherever the position is shown: the list cards, the
announcement's page and PDF, the position's page; and naming it costs no query per position."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import AnnouncementFactory, PositionFactory, RequirementFactory
from vacancies.models import JobGroup
from vacancies.pdf import announcement_pdf_path
from vacancies.selectors import announcement_for_reader

pytestmark = pytest.mark.django_db


def url(name, lang, *args):
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def group(institution):
    return JobGroup.objects.create(
        institution=institution,
        code="G-IT",
        name="Zyrtarë të IT",
        name_sq="Zyrtarë të IT",
        name_en="IT officers",
    )


@pytest.fixture
def grouped(institution, group):
    announcement = AnnouncementFactory(institution=institution, reference="KQZ 70/2026")
    position = PositionFactory(
        announcement=announcement,
        code="KQZ 70/2026",
        title_en="IT officer",
        number_of_positions=3,
        job_group=group,
    )
    RequirementFactory(position=position)
    return announcement, position


@pytest.mark.parametrize("name", ["home", "vacancies:list"])
def test_r6_1_the_list_cards_name_the_group_of_positions(client, grouped, name):
    page = client.get(url(name, "en")).content.decode()
    assert "Group of positions (R-6.1): G-IT IT officers" in page


def test_r6_1_a_position_without_a_group_shows_none_on_its_card(client, institution):
    PositionFactory(announcement=AnnouncementFactory(institution=institution))
    assert "Group of positions" not in client.get(url("vacancies:list", "en")).content.decode()


def test_r6_1_the_announcement_pdf_names_the_group_and_its_posts(client, grouped):
    from pypdf import PdfReader

    announcement, _position = grouped
    response = client.get(url("vacancies:announcement_pdf", "en", announcement.pk))
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.getvalue())).pages)
    text = " ".join(text.split())
    assert "Group of positions (R-6.1)" in text
    assert "G-IT IT officers: 3 posts filled by this competition" in text


def test_r6_1_a_renamed_group_gives_the_announcement_pdf_a_new_version(grouped, group, hr_officer):
    announcement, _position = grouped
    before = announcement_pdf_path(announcement_for_reader(user=hr_officer, pk=announcement.pk), "en")
    group.name_en = "Information technology officers"
    group.save()
    after = announcement_pdf_path(announcement_for_reader(user=hr_officer, pk=announcement.pk), "en")
    assert before != after


def _queries(client, target):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "announcement"])
def test_naming_the_group_costs_no_query_per_position(
    client, institution, group, page, django_assert_max_num_queries
):
    announcement = AnnouncementFactory(institution=institution)

    def add(n):
        for _ in range(n):
            RequirementFactory(position=PositionFactory(announcement=announcement, job_group=group))

    target = (
        url("vacancies:list", "sq")
        if page == "list"
        else url("vacancies:announcement", "sq", announcement.pk)
    )
    add(2)
    small = _queries(client, target)
    add(20)
    with django_assert_max_num_queries(small):
        client.get(target)
