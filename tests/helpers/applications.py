"""Applications built for tests: a complete profile, a draft, its documents (PDF and image bytes, uploads)."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services
from applications.models import ApplicantProfile, Education, Referee


def pdf_bytes(
    text: str = "Curriculum vitae",
    *,
    js=False,
    encrypt=False,
    attachment=False,
    launch=False,
    additional_action=False,
    open_action_js=False,
) -> bytes:
    """A real one-page PDF made with pypdf, optionally carrying the active content we refuse."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    if js:  # document-level JavaScript (the /Names /JavaScript tree)
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript("app.alert('hi');"))
    if attachment:
        writer.add_attachment("payload.txt", b"hello")
    if launch:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
    if open_action_js:
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("app.alert(1)"),
                }
            )
        )
    if additional_action:
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {
                NameObject("/O"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject("https://example.org"),
                    }
                )
            }
        )
    if encrypt:
        writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def image_bytes(fmt: str = "PNG") -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def complete_profile(user, *, diploma_country: str = "XK") -> ApplicantProfile:
    profile, _ = ApplicantProfile.objects.get_or_create(user=user)
    for field, value in {
        "first_name": "Alba",
        "last_name": "Krasniqi",
        "date_of_birth": dt.date(1990, 5, 17),
        "personal_number": "1234567890",
        "gender": "female",
        "address": "Rr. Agim Ramadani 1, Prishtinë",
        "phone": "+383 44 000 000",
        "email": user.email,
    }.items():
        setattr(profile, field, value)
    profile.save()
    Education.objects.create(
        profile=profile,
        level="master",
        field_of_study="Informatikë",
        institution="UP",
        country=diploma_country,
        graduation_date=dt.date(2014, 6, 30),
    )
    Referee.objects.create(
        profile=profile, name="Referee One", address="Prishtinë", contact="+383 44 111 111"
    )
    Referee.objects.create(profile=profile, name="Referee Two", address="Pejë", contact="two@example.org")
    return profile


def required_slots(position) -> list[str]:
    return [f"doc-{d.pk}" for d in position.documents.filter(required=True)]


def start_draft(user, position):
    application, _created = services.application_start(
        applicant=user, position=position, actor=user, language="sq"
    )
    return application


def attach_required(application, actor):
    for i, slot in enumerate(required_slots(application.position)):
        services.documents_add(
            application=application, slot=slot, uploads=[upload(f"doc{i}.pdf", pdf_bytes(slot))], actor=actor
        )
