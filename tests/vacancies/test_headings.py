"""A position's own page has one title at the top (an h1), and a position whose code is its announcement's
reference is not named twice (issue 9: "KQZ 12/2026 · KQZ 12/2026")."""

import re

import pytest
from django.test import Client

from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def test_the_position_page_has_one_h1_and_it_is_the_position_title():
    position = PositionFactory(title_sq="Zyrtar për regjistrim")
    html = Client().get(position.get_absolute_url()).content.decode()
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)
    assert len(headings) == 1
    assert "Zyrtar për regjistrim" in headings[0]
    # Sub-headings of the position follow as h2, not h3 straight after the h1.
    section = html[html.index('class="position"') :]
    assert "<h3" not in section[: section.index("</section>")]


def test_inside_an_announcement_the_position_is_a_section_under_the_announcements_h1():
    position = PositionFactory()
    PositionFactory(announcement=position.announcement)
    html = Client().get(position.announcement.get_absolute_url()).content.decode()
    assert len(re.findall(r"<h1[^>]*>", html)) == 1
    assert f'<h2 id="position-{position.pk}-h">' in html
