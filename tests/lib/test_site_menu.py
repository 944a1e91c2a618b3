"""Issue 13 keeps the base template's menu rendered once per process, language and kind of reader
(recruitment/templatetags/site_menu.py): one process serving, one after the other, HR, an applicant and an
anonymous visitor must still give each the links of their own roles, never those of the reader before them."""

import pytest
from django.test import Client
from django.urls import reverse

from recruitment.templatetags import site_menu
from tests.helpers.auth import login_with_second_factor

pytestmark = pytest.mark.django_db

HR_ONLY = reverse("appointments:due_this_week")
ADMIN = reverse("admin:index")
SIGNED_IN = reverse("applications:mine")
ANONYMOUS = reverse("account_login")


def _menu(client) -> str:
    html = client.get(reverse("privacy:notice")).content.decode()
    return html[
        html.index('<nav class="main-nav"') : html.index("</nav>", html.index('<nav class="main-nav"'))
    ]


def test_each_reader_gets_the_menu_of_their_own_roles_from_one_process(
    hr_officer, applicant, committee_member
):
    site_menu._rendered.clear()
    hr = Client()
    login_with_second_factor(hr, hr_officer)
    people = Client()
    people.force_login(applicant)
    for _round in range(2):  # the second round is served from the kept copies
        menu = _menu(hr)
        assert f'href="{HR_ONLY}"' in menu and f'href="{ADMIN}"' in menu and f'href="{ANONYMOUS}"' not in menu
        menu = _menu(people)
        assert f'href="{SIGNED_IN}"' in menu
        assert f'href="{HR_ONLY}"' not in menu and f'href="{ADMIN}"' not in menu
        menu = _menu(Client())
        assert f'href="{ANONYMOUS}"' in menu and f'href="{SIGNED_IN}"' not in menu
    assert len(site_menu._rendered) >= 3
