"""One Albanian alphabetical order for every list of people (R-18.4, recruitment.lib.albanian): HR's list of
reviews and the admin's list of applications put "Çeku" third among Berisha, Cana, Çeku, Dema, as the public
shortlist does (a plain order puts "Ç" after "Z")."""

import pytest
from django.urls import reverse

from applications.models import Application
from recruitment.collation import AlbanianOrder
from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import submitted
from verification import services
from verification.models import Review

pytestmark = pytest.mark.django_db

ORDER = ["Berisha", "Cana", "Çeku", "Dema", "Dhima", "Ëmini"]


@pytest.fixture
def people(position, hr_officer):
    for surname in ("Dema", "Ëmini", "Çeku", "Berisha", "Dhima", "Cana"):
        submitted(position, first_name="Arta", last_name=surname)
    services.reviews_open(position=position, actor=hr_officer)


def _order_on(html: str) -> list[str]:
    found = [(html.index(surname), surname) for surname in ORDER]
    return [surname for _at, surname in sorted(found)]


def test_the_database_orders_names_in_the_albanian_alphabet(people):
    surnames = list(Review.objects.order_by(AlbanianOrder("last_name")).values_list("last_name", flat=True))
    assert surnames == ORDER


def test_hrs_list_of_reviews_puts_ceku_third(client, hr_officer, people, position):
    login_with_second_factor(client, hr_officer)
    html = client.get(
        reverse("admin:verification_review_changelist"), {"position__id__exact": position.pk}
    ).content.decode()
    assert _order_on(html) == ORDER


def test_the_admins_list_of_applications_puts_ceku_third(client, hr_officer, people):
    login_with_second_factor(client, hr_officer)
    response = client.get(reverse("admin:applications_application_changelist"))
    assert response.status_code == 200
    assert Application.objects.count() == 6
    assert _order_on(response.content.decode()) == ORDER


def test_the_demos_sqlite_orders_by_the_same_albanian_key():
    """The demo runs on SQLite: its collation compares with recruitment.lib.albanian itself."""
    import sqlite3
    from types import SimpleNamespace

    from recruitment.collation import SQLITE_COLLATION, register_sqlite_collation

    raw = sqlite3.connect(":memory:")
    register_sqlite_collation(sender=None, connection=SimpleNamespace(vendor="sqlite", connection=raw))
    raw.execute("CREATE TABLE person (last_name TEXT)")
    raw.executemany(
        "INSERT INTO person VALUES (?)", [(n,) for n in reversed(ORDER + ["Llapi", "Lika", "Zhuri"])]
    )
    rows = [
        r[0]
        for r in raw.execute(f"SELECT last_name FROM person ORDER BY last_name COLLATE {SQLITE_COLLATION}")
    ]
    assert rows == ORDER + ["Lika", "Llapi", "Zhuri"]


def test_hrs_list_of_committee_pool_members_is_in_the_albanian_order(client, hr_officer, institution):
    from tests.committees.factories import MemberPoolFactory, PoolMemberFactory

    pool = MemberPoolFactory(institution=institution)
    for surname in ("Dema", "Ëmini", "Çeku", "Berisha", "Dhima", "Cana"):
        PoolMemberFactory(pool=pool, name=surname)
    login_with_second_factor(client, hr_officer)
    response = client.get(reverse("admin:committees_poolmember_changelist"))
    assert response.status_code == 200
    assert _order_on(response.content.decode()) == ORDER
