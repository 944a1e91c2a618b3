"""Issue 10: an upload corpus generated here (no binary fixtures), posted through the real upload view.

More than 300 crafted files: PDF actions of every kind in every place they can hide (/OpenAction, /AA of the
catalog, a page and an annotation, a link's /A, an outline item, an action chained by /Next, the /Names
trees), encrypted PDFs, polyglots, decompression bombs, object bombs, truncated and malformed files, wrong
types behind the right extension, and hostile names. Each case says whether it must be accepted; the test
asserts 0 accepted that should be refused, every valid control accepted, and 0 server errors.
"""

import io
import struct
import zlib
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import ApplicationDocument
from tests.factories import AnnouncementFactory, PositionFactory, RequiredDocumentFactory
from tests.helpers.applications import complete_profile, start_draft

# --- PDF by hand: every object written out, so the corpus can put anything anywhere ---------------------------


def raw_pdf(
    catalog_extra: bytes = b"",
    page_extra: bytes = b"",
    extra_objects: list[bytes] = (),
    trailer_extra: bytes = b"",
) -> bytes:
    """A one-page PDF: 1 catalog, 2 pages, 3 page, then ``extra_objects`` as 4, 5, ... with a correct xref."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b" >>",
        *extra_objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1)
        + trailer_extra
        + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return out.getvalue()


ACTION_BODY = {
    "GoTo": b"/D [3 0 R /Fit]",
    "GoToR": b"/F (other.pdf) /D [0 /Fit]",
    "GoToE": b"/T << /R /C /N (embedded.pdf) >>",
    "GoToDp": b"/Dp 3 0 R",
    "Launch": b"/F (calc.exe) /Win << /F (cmd.exe) /P (/c calc) >>",
    "Thread": b"/D 1",
    "URI": b"/URI (http://127.0.0.1:9/track)",
    "Sound": b"/Sound 3 0 R",
    "Movie": b"/T (film)",
    "Hide": b"/T (field) /H true",
    "Named": b"/N /Print",
    "SubmitForm": b"/F << /FS /URL /F (http://127.0.0.1:9/submit) >>",
    "ResetForm": b"",
    "ImportData": b"/F (data.fdf)",
    "SetOCGState": b"/State [/OFF]",
    "Rendition": b"/OP 0 /JS (app.alert(1))",
    "Trans": b"/Trans << /S /Dissolve >>",
    "GoTo3DView": b"/TA 3 0 R /V 0",
    "JavaScript": b"/JS (app.alert(1))",
    "ECMAScript": b"/JS (app.alert(1))",
    "RichMediaExecute": b"/TA 3 0 R /TI 3 0 R /CMD << /C (play) >>",
}
CLICK_OK = {"GoTo", "URI", "Thread"}  # a link a reader clicks


def action(kind: str) -> bytes:
    return b"<< /Type /Action /S /" + kind.encode() + b" " + ACTION_BODY[kind] + b" >>"


@dataclass
class Case:
    name: str  # the file's name as sent
    content: bytes
    accept: bool  # what the portal must do with it
    why: str

    def __str__(self):
        return self.why


def action_cases() -> list[Case]:
    cases = []
    for kind in ACTION_BODY:
        a = action(kind)
        places = {
            # (how, pdf bytes, accepted?)
            "OpenAction direct": (raw_pdf(catalog_extra=b"/OpenAction " + a), kind == "GoTo"),
            "OpenAction indirect": (
                raw_pdf(catalog_extra=b"/OpenAction 4 0 R", extra_objects=[a]),
                kind == "GoTo",
            ),
            "OpenAction chained by Next": (
                raw_pdf(catalog_extra=b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next " + a + b" >>"),
                kind == "GoTo",
            ),
            "catalog AA": (raw_pdf(catalog_extra=b"/AA << /WC " + a + b" >>"), False),
            "page AA open": (raw_pdf(page_extra=b"/AA << /O " + a + b" >>"), False),
            "annotation AA": (
                raw_pdf(
                    page_extra=b"/Annots [4 0 R]",
                    extra_objects=[
                        b"<< /Type /Annot /Subtype /Widget /Rect [0 0 50 50] /AA << /E " + a + b" >> >>"
                    ],
                ),
                False,
            ),
            "link annotation click": (
                raw_pdf(
                    page_extra=b"/Annots [4 0 R]",
                    extra_objects=[b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A " + a + b" >>"],
                ),
                kind in CLICK_OK,
            ),
            "outline item click": (
                raw_pdf(
                    catalog_extra=b"/Outlines 4 0 R",
                    extra_objects=[
                        b"<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>",
                        b"<< /Title (Item) /Parent 4 0 R /A " + a + b" >>",
                    ],
                ),
                kind in CLICK_OK,
            ),
        }
        for place, (content, accept) in places.items():
            cases.append(Case(f"{kind}-{place}.pdf".replace(" ", "_"), content, accept, f"{kind} in {place}"))
    return cases


def names_tree_cases() -> list[Case]:
    js = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    return [
        Case(
            "names-javascript.pdf",
            raw_pdf(catalog_extra=b"/Names << /JavaScript << /Names [(a) 4 0 R] >> >>", extra_objects=[js]),
            False,
            "JavaScript in the names tree",
        ),
        Case(
            "names-embedded.pdf",
            raw_pdf(
                catalog_extra=b"/Names << /EmbeddedFiles << /Names [(x.exe) 4 0 R] >> >>",
                extra_objects=[
                    b"<< /Type /Filespec /F (x.exe) /EF << /F 5 0 R >> >>",
                    b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
                ],
            ),
            False,
            "an embedded file in the names tree",
        ),
        Case(
            "xfa.pdf",
            raw_pdf(
                catalog_extra=b"/AcroForm << /Fields [] /XFA 4 0 R >>",
                extra_objects=[b"<< /Length 7 >>\nstream\n<xdp/>\nendstream"],
            ),
            False,
            "an XFA form",
        ),
        Case(
            "file-attachment-annot.pdf",
            raw_pdf(
                page_extra=b"/Annots [4 0 R]",
                extra_objects=[
                    b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS << /Type /Filespec /F (a.exe) >> >>"
                ],
            ),
            False,
            "a file attachment annotation",
        ),
        Case(
            "richmedia-annot.pdf",
            raw_pdf(
                page_extra=b"/Annots [4 0 R]",
                extra_objects=[
                    b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] /RichMediaContent << >> >>"
                ],
            ),
            False,
            "rich media",
        ),
        Case(
            "screen-annot.pdf",
            raw_pdf(
                page_extra=b"/Annots [4 0 R]",
                extra_objects=[b"<< /Type /Annot /Subtype /Screen /Rect [0 0 9 9] >>"],
            ),
            False,
            "a screen annotation",
        ),
        Case(
            "sound-annot.pdf",
            raw_pdf(
                page_extra=b"/Annots [4 0 R]",
                extra_objects=[b"<< /Type /Annot /Subtype /Sound /Rect [0 0 9 9] >>"],
            ),
            False,
            "a sound annotation",
        ),
        Case(
            "movie-annot.pdf",
            raw_pdf(
                page_extra=b"/Annots [4 0 R]",
                extra_objects=[b"<< /Type /Annot /Subtype /Movie /Rect [0 0 9 9] >>"],
            ),
            False,
            "a movie annotation",
        ),
        Case(
            "js-key-anywhere.pdf", raw_pdf(catalog_extra=b"/Foo << /JS (app.alert(1)) >>"), False, "a /JS key"
        ),
    ]


def writer_pdf(text: str = "Curriculum vitae", pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def encrypted_cases() -> list[Case]:
    from pypdf import PdfWriter

    cases = []
    for algorithm in ("RC4-40", "RC4-128", "AES-128", "AES-256-R5", "AES-256"):
        for user_password in ("secret", ""):
            writer = PdfWriter()
            writer.add_blank_page(width=595, height=842)
            writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
            buf = io.BytesIO()
            writer.write(buf)
            cases.append(
                Case(
                    f"encrypted-{algorithm}-{bool(user_password)}.pdf",
                    buf.getvalue(),
                    False,
                    f"encrypted with {algorithm}, user password {bool(user_password)}",
                )
            )
    return cases


def png_bytes(width=40, height=30) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def jpeg_bytes(width=40, height=30) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (20, 30, 200)).save(buf, format="JPEG")
    return buf.getvalue()


def zip_bytes() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("payload.exe", b"MZ" + b"\0" * 100)
    return buf.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_with_header(width: int, height: int, idat: bytes = b"") -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat or zlib.compress(b"\0" * 64))
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header (SOF0) claims another size."""
    data = bytearray(jpeg_bytes())
    at = data.find(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def polyglot_cases() -> list[Case]:
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    pdf = writer_pdf()
    return [
        Case("pdf-zip.pdf", pdf + zip_bytes(), False, "a PDF followed by a ZIP"),
        Case("pdf-html.pdf", pdf + html, False, "a PDF followed by HTML"),
        Case("pdf-svg.pdf", pdf + b"<svg onload='alert(1)'/>", False, "a PDF followed by SVG"),
        Case("pdf-exe.pdf", pdf + b"MZ" + b"\x90" * 2000, False, "a PDF followed by a program"),
        Case("pdf-big-tail.pdf", pdf + b"A" * 5000, False, "a PDF followed by 5 KB of something"),
        Case("jpeg-html.jpg", jpeg_bytes() + html, False, "a JPEG followed by HTML"),
        Case("jpeg-zip.jpg", jpeg_bytes() + zip_bytes(), False, "a JPEG followed by a ZIP"),
        Case(
            "png-script.png", png_bytes() + b"<script>alert(1)</script>", False, "a PNG followed by a script"
        ),
        Case("png-zip.png", png_bytes() + zip_bytes(), False, "a PNG followed by a ZIP"),
        Case("png-php.png", png_bytes() + b"<?php system($_GET['c']); ?>", False, "a PNG followed by PHP"),
        Case("html-pdf-header.pdf", b"%PDF-1.4\n" + html, False, "HTML behind a PDF header"),
        Case("zip-pdf-inside.pdf", zip_bytes() + pdf, False, "a ZIP with a PDF after it"),
        Case("pdf-padded.pdf", pdf + b"\n\0\0\0\n", True, "a PDF with a few bytes of padding (valid)"),
    ]


def bomb_cases() -> list[Case]:
    zeros = zlib.compress(b"\0" * 200_000_000, 9)  # 200 MB of zeros in ~200 KB
    objstm_bomb = raw_pdf(
        extra_objects=[
            b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(zeros)
            + zeros
            + b"\nendstream"
        ]
    )
    many = [b"null"] * 30_000
    object_bomb = raw_pdf(
        catalog_extra=b"/Junk [" + b" ".join(b"%d 0 R" % n for n in range(4, 30_004)) + b"]",
        extra_objects=many,
    )
    unreachable_bomb = raw_pdf(extra_objects=[b"<< /A %d >>" % n for n in range(30_000)])
    declared_objstm = raw_pdf(
        extra_objects=[b"<< /Type /ObjStm /N 5000000 /First 10 /Length 1 >>\nstream\n0\nendstream"]
    )
    deep = raw_pdf(catalog_extra=b"/Deep " + b"[" * 50_000 + b"]" * 50_000)
    deep_dict = raw_pdf(catalog_extra=b"/Deep " + b"<< /A " * 20_000 + b">>" * 20_000)
    self_ref = raw_pdf(catalog_extra=b"/Loop 4 0 R", extra_objects=[b"[4 0 R 4 0 R 1 0 R]"])
    many_pages_kids = b" ".join(b"3 0 R" for _ in range(5_000))
    many_pages = raw_pdf().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [" + many_pages_kids + b"] /Count 5000")
    return [
        Case("objstm-flate-bomb.pdf", objstm_bomb, False, "an object stream inflating to 200 MB"),
        Case("object-bomb.pdf", object_bomb, False, "30,000 reachable objects"),
        Case("object-bomb-unreachable.pdf", unreachable_bomb, False, "30,000 objects in the file"),
        Case(
            "objstm-declares-millions.pdf",
            declared_objstm,
            False,
            "an object stream declaring 5 million objects",
        ),
        Case("deep-arrays.pdf", deep, False, "arrays nested 50,000 deep"),
        Case("deep-dicts.pdf", deep_dict, False, "dictionaries nested 20,000 deep"),
        Case("self-reference.pdf", self_ref, True, "an array that refers to itself (valid, walked once)"),
        Case("pages-bomb.pdf", many_pages, False, "one page listed 5,000 times"),
        Case("png-huge-ihdr.png", png_with_header(100_000, 100_000), False, "a PNG header of 10 gigapixels"),
        Case("png-large-ihdr.png", png_with_header(9_000, 9_000), False, "a PNG header of 81 megapixels"),
        Case(
            "png-idat-bomb.png",
            png_with_header(10_000, 10_000, zlib.compress(b"\0" * 30_001_000, 9)),
            False,
            "a PNG whose pixels inflate to 300 MB",
        ),
        Case("png-wide.png", png_with_header(2**31 - 1, 1), False, "a PNG 2^31 pixels wide"),
        Case("jpeg-huge-sof.jpg", jpeg_with_size(65_000, 65_000), False, "a JPEG frame of 4 gigapixels"),
    ]


def malformed_cases() -> list[Case]:
    pdf, png, jpeg = writer_pdf(), png_bytes(), jpeg_bytes()
    cases = []
    for cut in (6, 10, 20, 40, 64, 100, 150, 200, 300, len(pdf) // 2, len(pdf) - 60):
        cases.append(Case(f"truncated-{cut}.pdf", pdf[:cut], False, f"a PDF cut at byte {cut}"))
    for cut in (8, 16, 33, 40, 50, len(png) // 2, len(png) - 12):
        cases.append(Case(f"truncated-{cut}.png", png[:cut], False, f"a PNG cut at byte {cut}"))
    for cut in (3, 10, 50, 100, len(jpeg) // 2, len(jpeg) - 10):
        cases.append(Case(f"truncated-{cut}.jpg", jpeg[:cut], False, f"a JPEG cut at byte {cut}"))
    cases += [
        Case("header-only.pdf", b"%PDF-1.7\n", False, "a PDF header and nothing else"),
        Case(
            "no-pages.pdf",
            raw_pdf().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0"),
            False,
            "a PDF without pages",
        ),
        Case("garbage-after-header.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, False, "garbage"),
        Case(
            "root-missing.pdf",
            raw_pdf().replace(b"/Root 1 0 R", b""),
            True,
            "a PDF that lost its root (repaired)",
        ),
        Case(
            "root-wrong-type.pdf",
            raw_pdf().replace(b"/Root 1 0 R", b"/Root 2 0 R"),
            True,
            "a root that is not a catalog (repaired)",
        ),
        Case(
            "png-bad-crc.png",
            png[:29] + b"\0\0\0\0" + png[33:],
            False,
            "a PNG whose header checksum is wrong",
        ),
        Case("empty.pdf", b"", False, "an empty file"),
        Case("one-byte.pdf", b"%", False, "one byte"),
        Case("nul-bytes.pdf", b"\0" * 4096, False, "zeros"),
    ]
    return cases


def wrong_type_cases() -> list[Case]:
    exe = b"MZ\x90\x00\x03" + b"\0" * 58 + b"PE\0\0" + b"\0" * 200
    html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    svg = b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
    from PIL import Image

    def pil(fmt):
        buf = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buf, format=fmt)
        return buf.getvalue()

    payloads = {
        "exe": exe,
        "html": html,
        "svg": svg,
        "zip": zip_bytes(),
        "gif": pil("GIF"),
        "bmp": pil("BMP"),
        "tiff": pil("TIFF"),
        "webp": pil("WEBP"),
        "rtf": b"{\\rtf1\\ansi hello}",
        "txt": b"hello",
        "sh": b"#!/bin/sh\nrm -rf /\n",
        "docx": b"PK\x03\x04" + zip_bytes()[4:],
        "ps": b"%!PS-Adobe-3.0\n",
        "xml": b"<?xml version='1.0'?><a/>",
        "js": b"alert(1)",
    }
    cases = []
    for kind, content in payloads.items():
        for ext in ("pdf", "jpg", "png"):
            cases.append(Case(f"{kind}-renamed.{ext}", content, False, f"{kind} named .{ext}"))
    # Right content, misleading other known extension.
    cases += [
        Case("really-a-png.pdf", png_bytes(), False, "a PNG named .pdf"),
        Case("really-a-pdf.jpg", writer_pdf(), False, "a PDF named .jpg"),
        Case("really-a-jpeg.png", jpeg_bytes(), False, "a JPEG named .png"),
    ]
    return cases


HOSTILE_NAMES = [
    "../../../../etc/passwd.pdf",
    "..\\..\\..\\windows\\win.ini.pdf",
    "/absolute/path.pdf",
    "C:\\boot.pdf",
    "cv\x00.exe.pdf",
    "cv\u202egpj.exe.pdf",
    "\u202etxt.pdf",
    "CON.pdf",
    "NUL.pdf",
    "PRN.pdf",
    "AUX.pdf",
    "COM1.pdf",
    "LPT1.pdf",
    "a" * 500 + ".pdf",
    "é" * 300 + ".pdf",
    "<script>alert(1)</script>.pdf",
    '"onmouseover=alert(1) x=".pdf',
    ".pdf",
    "   .pdf",
    "....pdf",
    "cv.pdf.",
    "cv.pdf ",
    "%2e%2e%2fcv.pdf",
    "cv\r\nX-Injected: 1.pdf",
    "cv\ttab.pdf",
    "~/.ssh/id_rsa.pdf",
    "cv;rm -rf.pdf",
    "$(reboot).pdf",
    "cv`id`.pdf",
    "\ufeffbom.pdf",
    "zero\u200bwidth.pdf",
    "📄.pdf",
]


def hostile_name_cases() -> list[Case]:
    pdf = writer_pdf()
    return [Case(name, pdf, True, f"a valid PDF named {name[:40]!r}") for name in HOSTILE_NAMES]


def control_cases() -> list[Case]:
    return [
        Case("cv.pdf", writer_pdf(), True, "a plain PDF"),
        Case("cv-10-pages.pdf", writer_pdf(pages=10), True, "a PDF of ten pages"),
        Case("photo.jpg", jpeg_bytes(800, 600), True, "a JPEG photo"),
        Case("scan.png", png_bytes(1200, 1700), True, "a PNG scan"),
        Case(
            "hyperlink.pdf",
            raw_pdf(
                page_extra=b"/Annots [4 0 R]",
                extra_objects=[
                    b"<< /Type /Annot /Subtype /Link /Rect [0 0 50 50] /A << /S /URI /URI (https://example.org) >> >>"
                ],
            ),
            True,
            "a CV with a hyperlink",
        ),
        Case(
            "open-at-page.pdf",
            raw_pdf(catalog_extra=b"/OpenAction [3 0 R /Fit]"),
            True,
            "a PDF that opens at its first page",
        ),
        Case(
            "tagged.pdf",
            raw_pdf(
                catalog_extra=b"/StructTreeRoot 4 0 R /MarkInfo << /Marked true >>",
                extra_objects=[
                    b"<< /Type /StructTreeRoot /K 5 0 R >>",
                    b"<< /S /P /P 4 0 R /Pg 3 0 R /K 0 >>",
                ],
            ),
            True,
            "a tagged PDF (structure elements use /S too)",
        ),
        Case(
            "transparency.pdf",
            raw_pdf(page_extra=b"/Group << /S /Transparency /CS /DeviceRGB >>"),
            True,
            "a page with a transparency group",
        ),
    ]


def corpus() -> list[Case]:
    return (
        action_cases()
        + names_tree_cases()
        + encrypted_cases()
        + polyglot_cases()
        + bomb_cases()
        + malformed_cases()
        + wrong_type_cases()
        + hostile_name_cases()
        + control_cases()
    )


def test_the_corpus_holds_at_least_300_crafted_files_of_every_family():
    cases = corpus()
    assert len(cases) >= 300
    assert sum(not c.accept for c in cases) >= 250 and sum(c.accept for c in cases) >= 40


@pytest.fixture
def draft(db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.APPLICATION_MAX_BYTES = 10**10  # the corpus's accepted files add up; the per-file limit stays
    from tests.factories import UserFactory

    person = UserFactory(username="corpus@example.org")
    position = PositionFactory(announcement=AnnouncementFactory())
    RequiredDocumentFactory(position=position, order=1, name="CV", name_sq="CV", name_en="CV", required=True)
    complete_profile(person)
    application = start_draft(person, position)
    client = Client(raise_request_exception=False)
    client.force_login(person)
    return client, application, f"doc-{position.documents.get().pk}"


def test_the_upload_view_refuses_every_crafted_file_accepts_the_valid_ones_and_never_fails(draft):
    client, application, slot = draft
    from django.core.files.uploadedfile import SimpleUploadedFile

    wrongly_accepted, wrongly_refused, errors = [], [], []
    for case in corpus():
        before = ApplicationDocument.objects.filter(application=application).count()
        response = client.post(
            reverse("applications:upload", args=[application.pk]),
            {
                "slot": slot,
                "files": [SimpleUploadedFile(case.name, case.content, content_type="application/pdf")],
            },
        )
        if response.status_code >= 500:
            errors.append(case.why)
            continue
        accepted = ApplicationDocument.objects.filter(application=application).count() > before
        if accepted and not case.accept:
            wrongly_accepted.append(case.why)
        if case.accept and not accepted:
            wrongly_refused.append(case.why)
    assert errors == []
    assert wrongly_accepted == []
    assert wrongly_refused == []


def test_hostile_names_become_harmless_labels():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.documents import inspect_upload

    for case in hostile_name_cases():
        label = inspect_upload(SimpleUploadedFile(case.name, case.content)).label
        assert "/" not in label and "\\" not in label and "\x00" not in label and "\u202e" not in label, label
        assert "\r" not in label and "\n" not in label and len(label) <= 150 and label.strip() == label
