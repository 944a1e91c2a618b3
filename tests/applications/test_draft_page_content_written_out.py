"""Issue 13: a draft the reader may change is shown with detail.html's content block written out in Python
(applications/detail_html.draft_content, through applications/detail_written.html), its documents' sizes and
hashes written without the filters, its library's choices without the date filter. templates/applications/
detail.html stays the reference: the whole page must be the one it renders from the same context, in the
three languages, for the applicant's own draft and HR's assisted one, with files, a library, places and
hostile labels."""

import re

import pytest
from django.template import Context, Template
from django.template.defaultfilters import filesizeformat, truncatechars
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications import detail_html, services
from applications.library import library_documents_add
from applications.models import Application, ApplicationDocument, LibraryDocument
from tests.factories import PositionPlaceFactory
from tests.helpers.applications import complete_profile, pdf_bytes, start_draft, upload
from tests.helpers.auth import login_with_second_factor

pytestmark = pytest.mark.django_db

LANGUAGES = ["sq", "sr-latn", "en"]
HOSTILE = "<script>alert('x')</script> \"q\" & 'a'.pdf"


def _norm(html: str) -> str:
    return (
        re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).replace("> ", ">").replace(" <", "<").strip()
    )


def _reference(response) -> str:
    """detail.html rendered from the context the view gave the written-out page (the same request: the
    same CSRF input, menu and language links)."""
    # (the page's templates share one context; a form's widget templates have theirs)
    context = next(c for c in response.context if "content_html" in c).flatten()
    return get_template("applications/detail.html").render(context, response.wsgi_request)


def _check(response) -> str:
    assert response.status_code == 200
    assert "applications/detail_written.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert _norm(page) == _norm(_reference(response))
    return page


def _own_draft(applicant, open_position, *, places: bool):
    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    open_position.documents.filter(order=3).update(notes_sq="Nëse <keni>", notes_en='If <any> "q"')
    if places:
        PositionPlaceFactory(position=open_position, place_sq="Zve<çan>", order=2)
        PositionPlaceFactory(position=open_position, place_sq="Zubin Potok", order=1)
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    services.documents_add(
        application=draft,
        slot=slot,
        uploads=[upload("a.pdf", pdf_bytes("a")), upload("c.pdf", pdf_bytes("c" * 3000))],
        actor=applicant,
    )
    library_documents_add(owner=applicant, uploads=[upload("d.pdf", pdf_bytes("d"))], actor=applicant)
    # (an upload's name is cleaned, its folders dropped: the hostile label is put in the rows themselves)
    ApplicationDocument.objects.filter(application=draft, label="a.pdf").update(label=HOSTILE)
    LibraryDocument.objects.filter(owner=applicant).update(label=HOSTILE)
    return draft


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("places", [False, True])
def test_the_written_out_page_of_an_own_draft_is_the_one_the_template_renders(
    applicant, open_position, language, places
):
    draft = _own_draft(applicant, open_position, places=places)
    client = Client()
    client.force_login(applicant)
    with translation.override(language):
        page = _check(client.get(reverse("applications:detail", args=[draft.pk])))
    assert ('name="place"' in page) == places
    # The hostile label is escaped wherever it is shown (its line, the removal's label, the library's choice).
    assert "<script>" not in page
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;q&quot; &amp; &#x27;a&#x27;.pdf"
    assert (
        page.count(escaped) == 2 + open_position.documents.count()
    )  # its link, its removal, each line's pick


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_written_out_page_of_an_empty_draft_is_the_one_the_template_renders(
    applicant, open_position, language
):
    draft = start_draft(applicant, open_position)  # no profile, no file, no library
    client = Client()
    client.force_login(applicant)
    with translation.override(language):
        _check(client.get(reverse("applications:detail", args=[draft.pk])))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_written_out_page_of_an_assisted_draft_is_the_one_the_template_renders(
    hr_officer, open_position, language
):
    client = login_with_second_factor(Client(), hr_officer)
    client.post(
        reverse("applications:assisted_start"),
        {"position": open_position.pk, "first_name": "Drita", "last_name": "Ga<shi>", "email": ""},
    )
    application = Application.objects.get(assisted=True)
    services.documents_add(
        application=application,
        slot=f"doc-{open_position.documents.get(order=1).pk}",
        uploads=[upload("h.pdf", pdf_bytes("h"))],
        actor=hr_officer,
    )
    ApplicationDocument.objects.filter(application=application).update(label=HOSTILE)
    with translation.override(language):
        page = _check(client.get(reverse("applications:detail", args=[application.pk])))
        assert f'<nav class="breadcrumb"><a href="{reverse("applications:assisted_list")}">' in page
    assert "<script>" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_library_choices_are_those_the_template_renders(applicant, language):
    kept = library_documents_add(
        owner=applicant,
        uploads=[upload("a.pdf", pdf_bytes("l1")), upload("b.pdf", pdf_bytes("l2"))],
        actor=applicant,
    )
    LibraryDocument.objects.filter(pk=kept[0].pk).update(label=HOSTILE)
    library = list(LibraryDocument.objects.filter(owner=applicant).order_by("-uploaded_at", "-id"))
    template = Template(
        '{% for d in library %}<option value="{{ d.pk }}">{{ d.label }} ({{ d.uploaded_at|date:"d.m.Y" }})'
        "</option>{% endfor %}"
    )
    with translation.override(language):
        written = detail_html.library_options(library)
        assert written == template.render(Context({"library": library}))
    assert "<script>" not in written


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sizes_and_hashes_are_those_the_filters_write(language):
    sizes = [
        None,
        -5,
        0,
        1,
        1023,
        1024,
        1025,
        1500,
        120_000,
        999_999,
        1023 * 1024,
        1 << 20,
        5 * (1 << 20) + 77,
    ]
    sizes += [10**9, (1 << 40) + 5, 1 << 50]
    texts = [
        "",
        "abc",
        "0" * 17,
        "0123456789abcdef01",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b",
    ]
    texts += ["é" * 30, "a\u0301" * 20, "<b>&" * 9]
    with translation.override(language):
        for size in sizes:
            assert detail_html.file_size(size, language) == filesizeformat(size), size
        for text in texts:
            assert detail_html.short_hash(text, language) == truncatechars(text, 17), text


def _page_queries(client, url) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return len(queries.captured_queries), page


@pytest.mark.parametrize("state", ["draft", "submitted", "withdrawn", "reopened"])
def test_the_page_reads_its_application_in_as_many_queries_as_the_selectors_whole_row(
    applicant, ready_draft, state, monkeypatch
):
    """detail_reads.application_for_page reads the columns the page shows: no column it leaves out is read
    afterwards (a deferred column's query), whatever the application's state; the page is the same."""
    from applications import detail_reads, selectors
    from applications.services import submission

    place = PositionPlaceFactory(position=ready_draft.position, place_sq="Zveçan", order=1)
    Application.objects.filter(pk=ready_draft.pk).update(place=place)
    ready_draft.refresh_from_db()
    if state != "draft":
        submission.application_submit(application=ready_draft, actor=applicant, declaration_accepted=True)
        ready_draft.refresh_from_db()
    if state in ("withdrawn", "reopened"):
        submission.application_withdraw(application=ready_draft, actor=applicant)
        ready_draft.refresh_from_db()
    if state == "reopened":
        submission.application_reopen(application=ready_draft, actor=applicant)
    client = Client()
    client.force_login(applicant)
    url = reverse("applications:detail", args=[ready_draft.pk])
    narrow, page = _page_queries(client, url)
    monkeypatch.setattr(
        detail_reads,
        "application_for_page",
        lambda user, pk: selectors.get_application_for_user(user, pk, long_texts=False),
    )
    whole, expected = _page_queries(client, url)
    assert narrow == whole
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", page) == token.sub("", expected)


def test_the_page_answers_404_for_an_application_of_someone_else_or_a_key_that_is_not_one(
    applicant, other_applicant, open_position
):
    draft = start_draft(other_applicant, open_position)
    client = Client()
    client.force_login(applicant)
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("applications:detail", args=[draft.pk + 1000])).status_code == 404
