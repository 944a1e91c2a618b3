"""recruitment.lib.compiled.tuples: a values_list queryset compiled once per key and run again with other ids
or strings gives the rows the ORM gives (converters applied, columns by name, a page of them), on PostgreSQL
from its kept SQL and elsewhere by compiling each time; a value that does not reach the SQL is refused."""

import json

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.functions import JSONObject
from django.test.utils import CaptureQueriesContext

from recruitment.lib import compiled
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from vacancies.models import Position

pytestmark = pytest.mark.django_db

User = UserFactory._meta.model
POSITION_COLUMNS = ("pk", "code", "announcement__reference", "title_sq", "title_en")


@pytest.fixture(autouse=True)
def _forget():
    """Each test compiles its keys afresh."""
    compiled._compiled.clear()
    yield
    compiled._compiled.clear()


def _users(first_id, second_id):
    # JSONObject: a JSON column, whose converter turns the driver's text into a dict.
    return (
        User.objects.filter(pk__in=[first_id, second_id])
        .annotate(facts=JSONObject(name=F("username"), staff=F("is_staff")))
        .order_by("pk")
        .values_list("facts", "pk", "username")
    )


def _positions(institution_id, code):
    return (
        Position.objects.filter(announcement__institution_id=institution_id, code__gte=code)
        .order_by("code")
        .values_list(*POSITION_COLUMNS)
    )


def test_it_gives_the_orm_s_rows_with_the_converters_for_each_call_s_ids():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    first = compiled.tuples(("test", "users"), _users, a.pk, b.pk)
    assert first == list(_users(a.pk, b.pk))
    assert isinstance(first[0][0], dict) and isinstance(first[0], tuple)
    with CaptureQueriesContext(connection) as queries:
        again = compiled.tuples(("test", "users"), _users, c.pk, a.pk)
        orm = list(_users(c.pk, a.pk))
    assert (
        again
        == orm
        == [
            ({"name": a.username, "staff": False}, a.pk, a.username),
            ({"name": c.username, "staff": False}, c.pk, c.username),
        ]
    )
    assert queries[0]["sql"] == queries[1]["sql"]  # the ORM's SQL, with the second call's ids


def test_a_page_is_the_querysets_slice_with_its_limit_and_offset_as_parameters():
    users = sorted(UserFactory.create_batch(5), key=lambda u: u.pk)
    build = lambda a, b: User.objects.filter(pk__gte=a, pk__lte=b).order_by("pk").values_list("pk", "email")  # noqa: E731
    low, high = users[0].pk, users[-1].pk
    with CaptureQueriesContext(connection) as queries:
        page = compiled.tuples(("test", "page"), build, low, high, limit=2, offset=1)
        second = compiled.tuples(("test", "page"), build, low, high, limit=2, offset=3)
    assert page == list(build(low, high)[1:3])
    assert second == list(build(low, high)[3:5])
    assert queries[1]["sql"].endswith("LIMIT 2 OFFSET 3")


def test_a_string_is_a_parameter_and_the_columns_come_in_the_callers_order_by_name():
    announcement = AnnouncementFactory()
    for code in ("A-1", "B-1", "C-1"):
        PositionFactory(announcement=announcement, code=code)
    PositionFactory(code="Z-9")  # another institution's
    institution = announcement.institution_id
    rows = compiled.tuples(("test", "positions"), _positions, institution, "B", columns=POSITION_COLUMNS)
    assert rows == list(_positions(institution, "B"))
    assert [row[1] for row in rows] == ["B-1", "C-1"]
    again = compiled.tuples(("test", "positions"), _positions, institution, "A", columns=POSITION_COLUMNS)
    assert again == list(_positions(institution, "A"))
    reordered = compiled.tuples(
        ("test", "positions", "reordered"), _positions, institution, "C", columns=("title_en", "code")
    )
    assert reordered == [(row[4], row[1]) for row in _positions(institution, "C")]


def test_elsewhere_than_postgresql_it_compiles_each_call_and_gives_the_same_rows(monkeypatch):
    announcement = AnnouncementFactory()
    PositionFactory(announcement=announcement, code="A-1")
    PositionFactory(announcement=announcement, code="B-1")
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the demo's database
    institution = announcement.institution_id
    rows = compiled.tuples(
        ("test", "fallback"), _positions, institution, "A", columns=POSITION_COLUMNS, limit=1
    )
    assert rows == list(_positions(institution, "A")[:1])
    rows = compiled.tuples(("test", "fallback"), _positions, institution, "B", columns=POSITION_COLUMNS)
    assert rows == list(_positions(institution, "B"))
    assert compiled._compiled == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="elsewhere nothing is kept to refuse")
def test_a_value_that_does_not_reach_the_sql_as_a_parameter_is_refused():
    def ignores_its_second(user_id, other_id):
        return User.objects.filter(pk=user_id).values_list("pk")

    with pytest.raises(ValueError, match="every parameter of build"):
        compiled.tuples(("test", "ignored"), ignores_its_second, 1, 2)
    with pytest.raises(ValueError, match="every parameter of build"):
        compiled.tuples(("test", "ignored-text"), lambda name: User.objects.values_list("pk"), "A")
    assert compiled._compiled == {}


def test_a_flat_list_or_a_page_of_a_sliced_queryset_is_refused():
    with pytest.raises(ValueError, match="only a values_list"):
        compiled.tuples(
            ("test", "flat"), lambda pk: User.objects.filter(pk=pk).values_list("pk", flat=True), 1
        )
    sliced = lambda pk: User.objects.filter(pk__gte=pk).order_by("pk").values_list("pk")[:3]  # noqa: E731
    assert compiled.tuples(("test", "sliced"), sliced, 1) == list(sliced(1))
    with pytest.raises(ValueError, match="sliced"):
        compiled.tuples(("test", "sliced"), sliced, 1, limit=2)


def test_without_converters_a_json_column_comes_as_the_driver_gives_it():
    a, b = UserFactory(), UserFactory()
    rows = compiled.tuples(("test", "raw"), _users, a.pk, b.pk, convert=False)
    assert [(json.loads(facts), pk, name) for facts, pk, name in rows] == list(_users(a.pk, b.pk))
