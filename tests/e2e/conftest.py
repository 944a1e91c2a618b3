"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Never downloads a browser: it uses /usr/bin/chromium (CHROMIUM_PATH overrides). Screenshots go to
test-artifacts/e2e/ (E2E_ARTIFACTS overrides), and each test prints where it wrote them.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("E2E_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e")
)
# A page that saves, renders PDFs in an eager task and sends its messages may take long on a loaded 2-core CI
# machine; a hung page still fails.
NAVIGATION_MS = int(os.environ.get("E2E_NAVIGATION_MS", "45000"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (scripts/system-deps.sh --browser)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="sq-AL", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.set_default_navigation_timeout(NAVIGATION_MS)
    yield page
    context.close()


@pytest.fixture
def shots(request):
    """A folder for this test's screenshots; printed so the run says where to look."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture
def demo(settings, live_server):
    """The demo as `make run` shows it (e-mails kept for the demo mailbox, links to the address served), loaded
    before the journey starts."""
    from django.core.cache import cache
    from django.core.management import call_command

    settings.DEMO_MAILBOX = True
    settings.EMAIL_BACKEND = "notifications.backends.DatabaseEmailBackend"
    settings.SITE_URL = live_server.url
    cache.clear()  # allauth's rate limits and used TOTP codes
    call_command("load_demo", verbosity=0)
    yield
    cache.clear()


@pytest.fixture
def open_journey(browser, live_server, shots):
    """open_journey(viewport, language) -> a Journey on a fresh browser (nobody signed in), at the home page,
    in ``language`` (chosen with the site's switch when it is not Albanian)."""
    from tests.e2e.harness import Journey

    contexts = []

    def open_(viewport, language, *, name=""):
        phone = viewport["width"] < 600
        context = browser.new_context(
            viewport=viewport, locale="sq-AL", is_mobile=phone, has_touch=phone, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.set_default_navigation_timeout(NAVIGATION_MS)
        folder = shots / name if name else shots
        folder.mkdir(parents=True, exist_ok=True)
        journey = Journey(page=page, shots=folder, language=language)
        journey.start(live_server.url)
        journey.check("home")
        if language != "sq":
            journey.switch_language(language)
            journey.check(f"home-{language}")
        return journey

    yield open_
    for context in contexts:
        context.close()
