"""Issue 10, finding 7: ``?q=%00`` answered 500 on PostgreSQL (public vacancy search). Every search and filter
input reaches the database without NUL or other control characters."""

import pytest
from django.test import Client
from django.urls import reverse

from recruitment.lib.text import without_control_characters
from tests.factories import AnnouncementFactory, PositionFactory


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=IT%00officer",
        "category=%00",
        "institution=%00KQZ",
        "place=Prisht%00in%C3%AB",
        "q=%01%02%1b%7f",
        "q=%E2%80%AE",
        "page=%00",
        "q=%00&category=%00&institution=%00&place=%00&page=%00",
        "%00=%00",
    ],
)
@pytest.mark.parametrize("name", ["vacancies:list", "vacancies:archive", "home"])
def test_a_search_or_filter_with_control_characters_is_answered_not_failed(db, name, query):
    position = PositionFactory(
        announcement=AnnouncementFactory(), title_sq="Zyrtar për IT", title_en="IT officer"
    )
    response = Client(raise_request_exception=False).get(f"{reverse(name)}?{query}")
    assert response.status_code == 200
    if query == "q=IT%00officer" and name == "vacancies:list":
        assert position.code in response.content.decode() or "Zyrtar" in response.content.decode()


def test_the_admin_search_with_a_nul_is_answered_not_failed(db, admin_client):
    for url in ("/admin/auth/user/?q=%00", "/admin/applications/application/?q=%00&status__exact=%00"):
        response = admin_client.get(url, follow=True)
        assert response.status_code < 500


def test_control_characters_are_dropped_and_white_space_kept_single():
    assert without_control_characters("a\x00b\tc\u202ed\n\ne ", max_length=20) == "a b c d e"
    assert without_control_characters("Prishtinë") == "Prishtinë"
