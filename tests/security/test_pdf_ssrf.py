"""Issue 10, finding 2: the PDF renderer fetched what a typed text told it to.

The probe set an announcement's reference to a newline and ``}}body{background:url(http://127.0.0.1:…)}``;
WeasyPrint then requested that address on HR's preview and on every anonymous download of the announcement PDF.
These tests run a real HTTP server on the loopback that counts the requests it receives: it must receive none.
"""

import http.server
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from recruitment.lib.pdf import html_to_pdf
from tests.factories import AnnouncementFactory, PositionFactory


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A local HTTP server; yields (base URL, list of the paths it was asked for)."""
    handler = type("Handler", (_Counter,), {"hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.hits
    finally:
        server.shutdown()
        server.server_close()


def test_the_listener_counts_a_request_so_a_zero_below_means_something(listener):
    import urllib.request

    url, hits = listener
    urllib.request.urlopen(f"{url}/probe", timeout=5).read()
    assert hits == ["/probe"]


def test_an_announcement_reference_crafted_as_css_makes_the_public_pdf_fetch_nothing(db, listener, settings):
    settings.PDF_RATE_LIMIT = ""
    url, hits = listener
    announcement = AnnouncementFactory(
        reference=f"KQZ 1/2026\n}}}}body{{background:url({url}/ssrf-reference)}}"
    )
    PositionFactory(announcement=announcement)
    response = Client().get(reverse("vacancies:announcement_pdf", args=[announcement.pk]))
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF-")
    assert hits == []


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="{url}/img">',
        '<link rel="stylesheet" href="{url}/css">',
        '<div style="background:url({url}/inline)">x</div>',
        "<style>@import url({url}/import); body {{ background: url({url}/bg) }}</style>",
        "<style>@font-face {{ font-family: X; src: url({url}/font) }} p {{ font-family: X }}</style><p>x</p>",
        '<object data="{url}/object"></object><embed src="{url}/embed"><iframe src="{url}/iframe"></iframe>',
    ],
)
def test_the_pdf_renderer_requests_no_network_address_whatever_the_html_names(listener, markup):
    url, hits = listener
    pdf = html_to_pdf(f"<html><body><p>A</p>{markup.format(url=url)}</body></html>")
    assert pdf.startswith(b"%PDF-")
    assert hits == []


def test_the_pdf_renderer_reads_no_file_outside_the_static_folders(tmp_path):
    secret = tmp_path / "secret.png"
    from PIL import Image

    Image.new("RGB", (300, 300), (255, 0, 0)).save(secret)
    without = html_to_pdf("<p>A</p>")
    with_file = html_to_pdf(f'<p>A</p><img src="file://{secret}"><img src="file:///etc/passwd">')
    # The image would add an embedded picture to the PDF: refused, the document carries no image.
    assert b"/Image" not in with_file and len(with_file) < len(without) + 2000


def test_the_pdf_renderer_still_embeds_a_file_of_the_portals_static_folder():
    static_png = next(Path(settings.BASE_DIR, "static").rglob("*.png"))
    pdf = html_to_pdf(f'<p>A</p><img src="file://{static_png.resolve()}">')
    assert b"/Image" in pdf


def test_no_pdf_template_nor_what_it_includes_turns_escaping_off_or_marks_text_safe():
    import re

    root = Path(settings.BASE_DIR, "templates")
    pending = list(root.rglob("*_pdf.html"))
    assert len(pending) >= 5
    checked = set()
    while pending:
        template = pending.pop()
        if template in checked or not template.exists():
            continue
        checked.add(template)
        text = template.read_text()
        assert "autoescape off" not in text and "|safe" not in text and "safeseq" not in text, template
        pending += [
            root / name for name in re.findall(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""", text)
        ]
    assert any("_" in t.name and not t.name.endswith("_pdf.html") for t in checked)  # the includes were read
