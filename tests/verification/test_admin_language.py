"""The admin speaks the reader's language and writes dates as the site does: every label HR reads in the admin
(models, fields, columns, filters, fieldsets, the header) is a lazy translation, so "Nga institution",
"CHECKED AT" or "ACTOR" never stay English in sq/sr; and dates read "05.12.2026 18:24", not "Dhj. 5, 2026,
6:24 p.m."."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import submitted
from verification import services

# The portal's own apps (every app whose code lives in the repository, not in a library), found, not listed: a new
# app is walked too.
PORTAL_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    and "site-packages" not in Path(config.path).parts
}


def _untranslatable_labels() -> list[str]:
    found = []
    for config in apps.get_app_configs():
        if config.label in PORTAL_APPS and not isinstance(config.verbose_name, Promise):
            found.append(f"app {config.label}")
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in PORTAL_APPS:
            continue
        for attr in ("verbose_name", "verbose_name_plural"):
            if not isinstance(getattr(meta, attr), Promise):
                found.append(f"{meta.label} Meta.{attr}")
        for field in meta.get_fields():
            if getattr(field, "concrete", False) and not field.auto_created:
                if not isinstance(field.verbose_name, Promise):
                    found.append(f"{meta.label}.{field.name}")
                if field.help_text and not isinstance(field.help_text, Promise):
                    found.append(f"{meta.label}.{field.name} help_text")
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        label = model._meta.label
        for owner in [model_admin, *model_admin.inlines]:
            names = [
                *(getattr(owner, "list_display", ()) or ()),
                *(getattr(owner, "fields", None) or ()),
                *(getattr(owner, "readonly_fields", ()) or ()),
                *(
                    name
                    for _title, options in getattr(owner, "fieldsets", None) or ()
                    for name in options.get("fields", ())
                ),
            ]
            for name in names:
                attr = getattr(owner, name, None) if isinstance(name, str) else name
                if callable(attr) and not isinstance(getattr(attr, "short_description", None), Promise):
                    found.append(
                        f"{label} column {name} of {getattr(owner, '__name__', type(owner).__name__)}"
                    )
            for title, _options in getattr(owner, "fieldsets", None) or ():
                if title is not None and not isinstance(title, Promise):
                    found.append(f"{label} fieldset {title!r}")
        for list_filter in model_admin.list_filter:
            if isinstance(list_filter, type) and not isinstance(getattr(list_filter, "title", None), Promise):
                found.append(f"{label} filter {list_filter.__name__}")
    for attr in ("site_header", "site_title"):
        if not isinstance(getattr(admin.site, attr), Promise):
            found.append(f"admin.site.{attr}")
    return found


def test_every_label_the_admin_shows_is_translatable():
    assert {"vacancies", "verification", "applications", "audit"} <= PORTAL_APPS
    assert _untranslatable_labels() == []


@pytest.mark.django_db
def test_a_filter_of_the_admin_reads_in_albanian(client, hr_officer, position, other_institution):
    login_with_second_factor(client, hr_officer)
    with translation.override("sq"):
        html = client.get(reverse("admin:vacancies_announcement_changelist")).content.decode()
    assert "Nga institucioni" in html
    assert "Nga institution " not in html and "Nga institution<" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_the_admin_writes_dates_as_the_site_does(client, hr_officer, position, language):
    app = submitted(position, first_name="Arta", last_name="Hoxha")
    services.reviews_open(position=position, actor=hr_officer)
    when = dt.datetime(2026, 12, 5, 17, 24, tzinfo=dt.UTC)  # 18:24 in Prishtina
    type(app).objects.filter(pk=app.pk).update(updated_at=when)
    login_with_second_factor(client, hr_officer)
    with translation.override(language), timezone.override("Europe/Belgrade"):
        html = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert "05.12.2026 18:24" in html
    assert not re.search(r"\b[ap]\.m\.", html)
