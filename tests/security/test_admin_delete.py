"""Finding 5: HR deleted a published announcement ("KQZ 42-51/2023", ten positions) through the admin; the public
page became 404 and the audit chain recorded nothing. Now a published or closed announcement is never deleted,
by anyone, and every delete the admin still allows is an audited service."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from audit import sites
from audit.models import Event
from audit.services import audit_verify
from tests.factories import AnnouncementFactory, PositionFactory, RequirementFactory, UserFactory
from tests.helpers.auth import login_with_second_factor
from vacancies.models import Announcement, AnnouncementStatus, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def k23(institution):
    announcement = AnnouncementFactory(institution=institution, reference="KQZ 42-51/2023")
    for n in range(10):
        PositionFactory(announcement=announcement, code=f"K23-{n}")
    return announcement


@pytest.fixture
def superuser(db):
    return UserFactory(username="root@example.org", is_staff=True, is_superuser=True)


def _delete_page(announcement):
    return f"/en/admin/vacancies/announcement/{announcement.pk}/delete/"


def test_hr_cannot_delete_a_published_announcement_from_its_delete_page(client, hr_officer, k23):
    login_with_second_factor(client, hr_officer)
    response = client.post(_delete_page(k23), {"post": "yes"})
    assert response.status_code == 403
    assert Announcement.objects.filter(pk=k23.pk).exists() and k23.positions.count() == 10
    assert client.get(k23.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", [AnnouncementStatus.PUBLISHED, AnnouncementStatus.CLOSED])
def test_not_even_a_superuser_deletes_a_public_announcement_with_the_bulk_action(
    client, superuser, k23, status
):
    Announcement.objects.filter(pk=k23.pk).update(status=status)
    login_with_second_factor(client, superuser)
    client.post(
        "/en/admin/vacancies/announcement/",
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [k23.pk], "post": "yes"},
    )
    assert (
        Announcement.objects.filter(pk=k23.pk).exists()
        and Position.objects.filter(announcement=k23).count() == 10
    )
    assert not Event.objects.filter(action="admin.delete").exists()


def test_a_position_of_a_published_announcement_cannot_be_deleted_in_the_admin(client, hr_officer, k23):
    login_with_second_factor(client, hr_officer)
    position = k23.positions.first()
    assert (
        client.post(f"/en/admin/vacancies/position/{position.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Position.objects.filter(pk=position.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_delete_a_published_announcement_whatever_code_asks(k23):
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        Announcement.objects.filter(pk=k23.pk).delete()
    assert Announcement.objects.filter(pk=k23.pk).exists()


def test_deleting_a_draft_in_the_admin_writes_one_audit_event_per_deleted_object(
    client, hr_officer, institution
):
    drafts = [AnnouncementFactory(institution=institution, status=AnnouncementStatus.DRAFT) for _ in range(2)]
    PositionFactory.create_batch(3, announcement=drafts[0])
    login_with_second_factor(client, hr_officer)
    response = client.post(
        "/en/admin/vacancies/announcement/",
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [d.pk for d in drafts], "post": "yes"},
    )
    assert (
        response.status_code == 302
        and not Announcement.objects.filter(pk__in=[d.pk for d in drafts]).exists()
    )
    events = list(Event.objects.filter(action="admin.delete").order_by("seq"))
    assert sorted(e.object_id for e in events) == sorted(str(d.pk) for d in drafts)
    assert {e.object_type for e in events} == {"vacancies.announcement"} and {e.actor for e in events} == {
        hr_officer
    }
    first = next(e for e in events if e.object_id == str(drafts[0].pk))
    assert first.data["cascade"]["vacancies.position"] == 3
    assert first.data["fields"]["reference"] == drafts[0].reference
    assert audit_verify() == []


def test_deleting_a_drafts_requirement_row_in_the_inline_is_audited(client, hr_officer, institution):
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, status=AnnouncementStatus.DRAFT)
    )
    requirement = RequirementFactory(position=position)
    login_with_second_factor(client, hr_officer)
    from django.forms.models import model_to_dict

    page = client.get(f"/en/admin/vacancies/position/{position.pk}/change/")
    data = {}
    for form in [page.context["adminform"].form]:
        for name, value in model_to_dict(position, fields=form.fields).items():
            if value is not None:
                data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{formset.formset.prefix}-{name}"] = management.initial.get(name, field.initial)
        for index, form in enumerate(formset.formset.forms):
            for name in form.fields:
                value = form.initial.get(name, form.fields[name].initial)
                if value is not None:
                    data[f"{formset.formset.prefix}-{index}-{name}"] = getattr(value, "pk", value)
    requirements = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model.__name__ == "Requirement"
    )
    data[f"{requirements.prefix}-0-DELETE"] = "on"
    response = client.post(f"/en/admin/vacancies/position/{position.pk}/change/", data)
    assert response.status_code == 302, getattr(response, "context", None) and [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    assert not type(requirement).objects.filter(pk=requirement.pk).exists()
    event = Event.objects.get(action="admin.delete")
    assert (event.object_type, event.object_id) == ("vacancies.requirement", str(requirement.pk))


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_model_admins_delete_paths_go_through_the_audited_service(model, monkeypatch, superuser):
    """Every ModelAdmin of every app (ours, Django's, allauth's): its delete page, its bulk action and its inline
    rows reach the database only through audit.deletion.object_delete."""
    model_admin = admin.site._registry[model]
    calls = []
    monkeypatch.setattr(sites, "object_delete", lambda **kwargs: calls.append(kwargs))
    request = RequestFactory().post("/")
    request.user = superuser
    obj, other = model(pk=-1), model(pk=-2)
    model_admin.delete_model(request, obj)
    model_admin.delete_queryset(request, [other])
    assert [c["obj"] for c in calls] == [obj, other] and all(c["actor"] == superuser for c in calls)
    actions = model_admin.get_actions(request)
    if "delete_selected" in actions:
        assert actions["delete_selected"][0] is sites._delete_selected_atomically
    assert type(model_admin).save_formset is sites.AuditedDeleteMixin.save_formset
