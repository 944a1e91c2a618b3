"""Issue 13: a draft's page writes out what it rendered per line (the upload form's inputs, the library's
choices, the document links, one CSRF input) and reads its lists in queries compiled once. The page must say
the same: the inputs Django's form renders, every file and library pick, in a number of queries that does not
grow with the files."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.forms import StartForm, UploadForm
from applications.library import library_documents_add
from tests.factories import PositionPlaceFactory
from tests.helpers.applications import complete_profile, pdf_bytes, start_draft, upload

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(client, draft) -> str:
    return client.get(reverse("applications:detail", args=[draft.pk])).content.decode()


def test_each_line_has_the_inputs_the_upload_form_renders_for_its_slot(applicant, open_position):
    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    page = _page(_client(applicant), draft)
    slots = re.findall(r'<li id="item-([^"]+)">', page)
    assert len(slots) == open_position.documents.count()
    for slot in slots:
        form = UploadForm(initial={"slot": slot}, auto_id=f"id_{slot}_%s")
        line = page[page.index(f'<li id="item-{slot}">') :]
        line = line[: line.index("</li>")]
        assert str(form["slot"]) in line
        assert str(form["files"]) in line
        assert f'<label for="id_{slot}_files" class="visually-hidden">' in line


def test_the_files_the_library_and_the_csrf_inputs_are_written_for_every_line(
    applicant, open_position, private_storage
):
    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    docs = services.documents_add(
        application=draft,
        slot=slot,
        uploads=[upload("a<b>.pdf", pdf_bytes("a")), upload("c.pdf", pdf_bytes("c"))],
        actor=applicant,
    )
    kept = library_documents_add(
        owner=applicant, uploads=[upload("dip&loma.pdf", pdf_bytes("d"))], actor=applicant
    )
    page = _page(_client(applicant), draft)
    for doc in docs:
        assert f'<a href="{reverse("applications:document", args=[draft.pk, doc.pk])}">' in page
        assert f'action="{reverse("applications:document_remove", args=[draft.pk, doc.pk])}"' in page
    assert "a&lt;b&gt;.pdf" in page
    day = timezone.localtime(kept[0].uploaded_at).strftime("%d.%m.%Y")
    option = f'<option value="{kept[0].pk}">dip&amp;loma.pdf ({day})</option>'
    assert page.count(option) == open_position.documents.count()
    forms = page.count('<form method="post"')
    assert page.count('name="csrfmiddlewaretoken"') >= forms


def test_the_place_is_asked_only_where_the_position_is_split_by_place(applicant, open_position):
    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    client = _client(applicant)
    assert 'name="place"' not in _page(client, draft)
    PositionPlaceFactory(position=open_position, place_sq="Zveçan")
    page = _page(client, draft)
    form = StartForm(initial={"place": None}, position=open_position)
    assert str(form["place"]) in page


def test_a_draft_page_reads_as_many_queries_with_ten_files_and_a_library_as_with_none(
    applicant, open_position, private_storage
):
    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    client = _client(applicant)
    _page(client, draft)
    with CaptureQueriesContext(connection) as empty:
        _page(client, draft)
    slot = f"doc-{open_position.documents.get(order=2).pk}"
    for n in range(5):
        services.documents_add(
            application=draft, slot=slot, uploads=[upload(f"f{n}.pdf", pdf_bytes(f"f{n}"))], actor=applicant
        )
    library_documents_add(
        owner=applicant, uploads=[upload(f"l{n}.pdf", pdf_bytes(f"l{n}")) for n in range(3)], actor=applicant
    )
    with CaptureQueriesContext(connection) as full:
        page = _page(client, draft)
    assert page.count("f0.pdf") >= 1 and page.count("l2.pdf") == open_position.documents.count()
    assert len(full.captured_queries) == len(empty.captured_queries)


# The checklist's lines as templates/applications/detail.html rendered them before they were written out in
# Python (applications/detail_html.checklist_html): the reference the written-out lines must equal.
ROW_TEMPLATE = """{% load i18n %}{% for row in items %}
    <li id="item-{{ row.item.slot }}">
      <h3>{{ row.name }} <span class="tag">{% if row.item.required %}{% translate "required" %}{% else %}{% translate "if any" %}{% endif %}</span>
        {% if row.documents %}<span class="done">✓ {% translate "attached" %}</span>{% elif row.item.required %}<span class="missing">{% translate "missing" %}</span>{% endif %}</h3>
      {% if row.notes %}<p class="note">{{ row.notes }}</p>{% endif %}
      {% if row.documents %}<ul class="files">{% for doc in row.documents %}
        <li><a href="{% url 'applications:document' app.pk doc.pk %}">{{ doc.label }}</a> <span class="meta">{{ doc.size|filesizeformat }}</span> <span class="hash" title="SHA-256">{{ doc.sha256|truncatechars:17 }}</span>
          <form method="post" action="{% url 'applications:document_remove' app.pk doc.pk %}" class="inline-form">{% csrf_token %}<button type="submit" class="button-secondary" aria-label="{% blocktranslate with name=doc.label %}Remove {{ name }}{% endblocktranslate %}">{% translate "Remove" %}</button></form></li>
      {% endfor %}</ul>{% endif %}
      <form method="post" action="{% url 'applications:upload' app.pk %}" enctype="multipart/form-data" class="upload-row" data-upload data-anchor="#item-{{ row.item.slot }}" data-sending="{% translate 'Sending…' %}">
        {% csrf_token %}{{ row.form.slot }}
        <label for="{{ row.form.files.id_for_label }}" class="visually-hidden">{% blocktranslate with name=row.name %}File for: {{ name }}{% endblocktranslate %}</label>
        {{ row.form.files }}
        <button type="submit">{% translate "Upload" %}</button>
      </form>
      {% if library %}
      <form method="post" action="{% url 'applications:attach_from_library' app.pk %}" class="upload-row library-row">
        {% csrf_token %}<input type="hidden" name="slot" value="{{ row.item.slot }}">
        <label for="library-{{ row.item.slot }}">{% translate "Or attach from my library" %}</label>
        <select name="document" id="library-{{ row.item.slot }}">{{ library_options }}</select>
        <button type="submit" class="button-secondary">{% translate "Attach" %}<span class="visually-hidden">: {{ row.name }}</span></button>
      </form>
      {% endif %}
    </li>
  {% endfor %}"""


def _norm(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", str(html))
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).replace("> ", ">").replace(" <", "<").strip()


@pytest.mark.parametrize("language", ["sq", "en", "sr-latn"])
@pytest.mark.parametrize("with_library", [False, True])
def test_the_checklist_lines_are_those_the_template_rendered(
    applicant, open_position, private_storage, language, with_library
):
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.utils import translation

    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    open_position.documents.filter(order=3).update(notes_sq="Nëse <keni>", notes_en="If <any>")
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    services.documents_add(
        application=draft,
        slot=slot,
        uploads=[upload("a<b>&.pdf", pdf_bytes("a")), upload("c.pdf", pdf_bytes("c"))],
        actor=applicant,
    )
    if with_library:
        library_documents_add(owner=applicant, uploads=[upload("d&.pdf", pdf_bytes("d"))], actor=applicant)
    with translation.override(language):
        response = _client(applicant).get(reverse("applications:detail", args=[draft.pk]))
        context = response.context
        request = RequestFactory().get("/")
        request.META["CSRF_COOKIE"] = "x" * 32
        expected = Template(ROW_TEMPLATE).render(
            Context(
                {
                    "items": context["items"],
                    "app": context["app"],
                    "library": context["library"],
                    "library_options": context["library_options"],
                    "csrf_token": "token",
                }
            )
        )
    page = response.content.decode()
    lines = page[page.index('<ul class="checklist">') + len('<ul class="checklist">') :]
    lines = lines[: re.search(r"</ul>\s*<h2>", lines).start()]
    assert _norm(re.sub(r"\{#.*?#\}", "", lines)) == _norm(expected)


# The history's lines as templates/applications/detail.html rendered them before they were written out in
# Python (applications/detail_html.history_html), in the institution's time zone.
HISTORY_TEMPLATE = """{% load i18n tz %}{% timezone time_zone %}{% for event in events %}
    <li><time datetime="{{ event.at|date:'c' }}">{{ event.at|date:"d.m.Y H:i:s" }}</time> · {{ event.get_kind_display }}{% if event.detail %}: {{ event.detail }}{% endif %}{% if event.data.reference %} ({{ event.data.reference }}){% endif %}{% if event.actor_id and event.actor_id != app.applicant_id %} · {% translate "by HR" %}{% endif %}</li>
  {% endfor %}{% endtimezone %}"""


def _between(page: str, start: str, end: str) -> str:
    page = page[page.index(start) + len(start) :]
    return page[: page.index(end)]


@pytest.mark.parametrize("language", ["sq", "en", "sr-latn"])
def test_the_history_lines_are_those_the_template_rendered(
    applicant, other_applicant, open_position, language
):
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    from applications.models import ApplicationEvent, EventKind

    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    at = timezone.now().replace(microsecond=0)
    for kind, data, actor, when in (
        (EventKind.PLACE_CHOSEN, {"detail": [["Place: %(place)s", {"place": "Zve<çan>"}]]}, applicant, at),
        (EventKind.SUBMITTED, {"reference": "KQZ-1 & <2>"}, applicant, at + dt.timedelta(microseconds=1234)),
        (EventKind.REOPENED, {}, other_applicant, at + dt.timedelta(days=200)),
        (EventKind.DOCUMENT_ADDED, {"reference": ""}, None, at + dt.timedelta(hours=5)),
    ):
        ApplicationEvent.objects.create(application=draft, kind=kind, data=data, actor=actor, at=when)
    with translation.override(language):
        response = _client(applicant).get(reverse("applications:detail", args=[draft.pk]))
        context = response.context
        expected = Template(HISTORY_TEMPLATE).render(
            Context(
                {
                    "events": context["events"],
                    "app": context["app"],
                    "time_zone": context["institution"].time_zone,
                }
            )
        )
    assert len(context["events"]) == 5
    lines = _between(response.content.decode(), '<ol class="history">', "</ol>")
    assert _norm(re.sub(r"\{#.*?#\}", "", lines)) == _norm(expected)
    assert "KQZ-1 &amp; &lt;2&gt;" in lines


@pytest.mark.parametrize("language", ["sq", "en", "sr-latn"])
@pytest.mark.parametrize("profile_state", ["none", "incomplete", "complete"])
def test_the_profile_summary_is_the_one_the_template_rendered(
    applicant, open_position, language, profile_state
):
    from django.template.loader import get_template
    from django.utils import translation

    from applications.models import ApplicantProfile

    if profile_state == "complete":
        profile = complete_profile(applicant)
        ApplicantProfile.objects.filter(pk=profile.pk).update(first_name="Al<ba>", email="a&b@example.org")
    elif profile_state == "incomplete":
        ApplicantProfile.objects.create(user=applicant, first_name="Alba", last_name="K'rasniqi")
    draft = start_draft(applicant, open_position)
    with translation.override(language):
        response = _client(applicant).get(reverse("applications:detail", args=[draft.pk]))
        context = response.context
        expected = get_template("applications/_profile_review.html").render(
            {
                "profile": context["profile"],
                "gaps": context["gaps"],
                "app": context["app"],
                "user": context["user"],
            }
        )
    start = '<section class="card" aria-labelledby="review-h">'
    section = start + _between(response.content.decode(), start, "</section>") + "</section>"
    assert _norm(section) == _norm(expected)
    assert ("gaps" in section) == (profile_state != "complete")
    assert "applications/_profile_review.html" not in [t.name for t in response.templates]


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement on PostgreSQL (json_agg)")
@pytest.mark.parametrize("with_profile", [False, True])
def test_the_page_reads_in_one_statement_what_the_selectors_read(
    applicant, open_position, private_storage, with_profile
):
    from applications import detail_reads, selectors
    from applications.models import ApplicationEvent, EventKind

    if with_profile:
        complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    PositionPlaceFactory(position=open_position, place_sq="Zveçan", order=2)
    PositionPlaceFactory(position=open_position, place_sq="Zubin Potok", order=1)
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    docs = services.documents_add(
        application=draft,
        slot=slot,
        uploads=[upload("a.pdf", pdf_bytes("a")), upload("b.pdf", pdf_bytes("b"))],
        actor=applicant,
    )
    services.document_remove(application=draft, document=docs[0], actor=applicant)
    library_documents_add(
        owner=applicant, uploads=[upload(f"l{n}.pdf", pdf_bytes(f"l{n}")) for n in range(3)], actor=applicant
    )
    ApplicationEvent.objects.create(
        application=draft, kind=EventKind.PLACE_CHOSEN, data={"reference": "R-1", "n": [1, {"a": None}]}
    )
    expected_app = selectors.get_application_for_user(applicant, draft.pk, long_texts=False)
    expected = selectors.application_page_data(expected_app)
    expected_profile = selectors.profile_for(applicant)
    expected_library = list(selectors.library_of(user=applicant))
    app = selectors.get_application_for_user(applicant, draft.pk, long_texts=False)
    with CaptureQueriesContext(connection) as queries:
        got = detail_reads.page_lists(app, library_owner_id=applicant.pk)
        position = got["application"].position
        lists = (
            [_fields(d) for d in position.documents.all()],
            [_fields(p) for p in position.places.all()],
            [_fields(e) for e in got["application"].events.all()],
        )
        profile = got["profile"]
        if with_profile:
            profile_lists = [
                [_fields(i) for i in getattr(profile, name).all()] for name in selectors.PROFILE_LISTS
            ]
    assert len(queries.captured_queries) == 1
    assert lists == (
        [_fields(d) for d in expected_app.position.documents.all()],
        [_fields(p) for p in expected_app.position.places.all()],
        [_fields(e) for e in expected["events"]],
    )
    assert len(lists[1]) == 2 and len(lists[2]) >= 4
    # The documents and the library as the few columns the page shows (detail_reads.Attached, Kept).
    shown = ("pk", "slot", "label", "size", "sha256")
    assert [[getattr(d, c) for c in shown] for d in got["documents"]] == [
        [getattr(d, c) for c in shown] for d in expected["documents"]
    ]
    assert len(got["documents"]) == 1
    shown = ("pk", "label", "uploaded_at")
    assert [[getattr(d, c) for c in shown] for d in got["library"]] == [
        [getattr(d, c) for c in shown] for d in expected_library
    ]
    assert len(got["library"]) == 3
    if with_profile:
        assert _fields(profile) == _fields(expected_profile)
        assert profile_lists == [
            [_fields(i) for i in getattr(expected_profile, name).all()] for name in selectors.PROFILE_LISTS
        ]
        assert any(profile_lists)
    else:
        assert profile is None and expected_profile is None
    assert detail_reads.page_lists(app, library_owner_id=None)["library"] == []


def test_the_written_out_parts_translate_no_text_inside_an_f_string():
    """makemessages (xgettext) does not read a gettext call inside an f-string: its msgid is dropped from the
    catalogue at the next run and the page shows it in English (as "Remove %(name)s" and "Upload" were)."""
    import ast
    from pathlib import Path

    import applications.detail_html

    tree = ast.parse(Path(applications.detail_html.__file__).read_text())
    inside = [
        node.func.id
        for joined in ast.walk(tree)
        if isinstance(joined, ast.JoinedStr)
        for node in ast.walk(joined)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "gettext", "ngettext", "pgettext"}
    ]
    assert inside == []
    assert "Remove %(name)s" in Path(applications.detail_html.__file__).read_text()
