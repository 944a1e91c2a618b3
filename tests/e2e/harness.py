"""What every browser journey shares: a screenshot and an axe-core check of each page it visits, the
language switch clicked as a person clicks it, the authenticator code typed at a staff log-in.

A journey starts at ``/`` and then only clicks and types: :class:`Journey` refuses a second ``goto``.
"""

import functools
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The site's language switch names each language by its code (templates/base.html, hreflang).
HREFLANG = {"sq": "sq", "en": "en", "sr-latn": "sr-Latn"}
# Impacts axe grades as failures (WCAG 2.1 A/AA and best practices, as axe runs them by default).
BLOCKING = ("critical", "serious")


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;'axe-core loaded'"


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (injected through DevTools, so the CSP does not apply)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # The site's CSP refuses an injected <script> (add_script_tag); DevTools' evaluate is not bound by it.
        page.evaluate(_axe_source())
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({"
        "id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => ({"
        "target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary}))}))"
    )


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


@dataclass
class Journey:
    """One person's walk: the page, the folder of its screenshots, the pages it checked."""

    page: object
    shots: Path
    language: str = "sq"
    step: int = 0
    visited: list[str] = field(default_factory=list)
    report: dict = field(default_factory=dict)

    def start(self, live_server_url: str):
        """The only URL a journey types: the home page."""
        if self.visited:
            raise AssertionError("a journey opens the home page once; after that it clicks")
        self.page.goto(live_server_url + "/")
        self.page.wait_for_load_state()

    def check(self, name: str, *, full_page: bool = True):
        """Screenshot the page as step N and assert axe finds nothing critical or serious on it."""
        self.page.wait_for_load_state()
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.page.screenshot(path=self.shots / f"{self.step:02d}-{slug}.png", full_page=full_page)
        found = axe_violations(self.page)
        self.visited.append(self.page.url)
        self.report[f"{self.step:02d}-{slug}"] = {"url": self.page.url, "violations": found}
        (self.shots / "axe.json").write_text(json.dumps(self.report, indent=1, ensure_ascii=False))
        bad = blocking(found)
        assert not bad, f"axe on {self.page.url} ({name}):\n" + json.dumps(bad, indent=1, ensure_ascii=False)
        if self.page.viewport_size["width"] < 600 and "/admin/" not in self.page.url:
            self.no_horizontal_scroll()  # the public site fits a phone; HR's admin is built for 1280 px

    def click(self, locator, name: str | None = None):
        """Click what a person clicks and wait for the page it leads to; check it when it is named."""
        # Wait for the next page itself: wait_for_load_state alone returns at once while the old page still shows.
        # In view first: on a phone the review screen opens scrolled, and a click whose scroll moves the page again
        # lands beside the button.
        locator.scroll_into_view_if_needed()
        with self.page.expect_navigation():
            locator.click()
        self.page.wait_for_load_state()
        if name:
            self.check(name)

    def t(self, msgid: str) -> str:
        """A text of the site as the page shows it in the journey's language."""
        from django.utils import translation

        with translation.override(self.language):
            return translation.gettext(msgid)

    def nav(self, msgid: str, name: str | None = None):
        """Click a link of the main menu by its words."""
        self.click(
            self.page.locator("nav.main-nav").get_by_role("link", name=self.t(msgid), exact=True), name
        )

    def main_text(self) -> str:
        return self.page.locator("main").first.inner_text()

    def switch_language(self, code: str):
        """Click the site's language switch (on a phone it may sit behind the menu button)."""
        link = self.page.locator(f".lang-switch a[hreflang='{HREFLANG[code]}']").first
        if not link.is_visible():
            toggle = self.page.locator(".nav-toggle, [aria-controls=main-nav], summary.menu").first
            if toggle.count():
                toggle.click()
        with self.page.expect_navigation():
            link.click()
        self.page.wait_for_load_state()
        assert self.page.locator("html").get_attribute("lang").lower() == code, self.page.url

    def no_horizontal_scroll(self):
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > self.page.viewport_size["width"] + 1:
            wide = self.page.evaluate(
                "w => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w)"
                ".slice(0, 4).map(e => e.outerHTML.slice(0, 160))",
                self.page.viewport_size["width"],
            )
            raise AssertionError(f"{self.page.url} is {width}px wide, past the screen: {wide}")


_USED: dict[str, int] = {}


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now. A code is accepted once (allauth remembers it), so a second
    log-in waits for the next one, as a person waits for the app to change; the last seconds of a period are
    waited out too, so the code is still valid when the form is posted."""
    from tests.accounts.helpers import totp_code  # allauth's own HOTP helpers

    while True:
        now = time.time()
        counter = int(now // 30)
        if counter > _USED.get(secret, -1) and 30 - now % 30 >= 4:
            _USED[secret] = counter
            return totp_code(secret)
        time.sleep(30 - now % 30 + 0.3)


def log_in(j: Journey, email: str, password: str):
    """The main menu's Log in, the e-mail and password typed."""
    j.nav("Log in", "log-in")
    j.page.locator("main input[name=login]").fill(email)
    j.page.locator("main input[name=password]").fill(password)
    j.click(j.page.locator("main form button[type=submit]").first, "signed-in")


def pass_second_factor(j: Journey, password: str, secret: str | None = None) -> str:
    """Through allauth's pages between a staff member and a staff page: the password again when asked, the
    authenticator set up on the first visit (the secret read from the page, the code computed from it as an app
    does and typed), the code at each log-in. Returns the secret."""
    page = j.page
    for _ in range(6):
        url = page.url
        if "/accounts/" not in url or "/recovery-codes/" in url:
            return secret
        if page.locator("#authenticator_secret").count():
            secret = page.locator("#authenticator_secret").input_value()
            page.locator("main input[name=code]").fill(totp_now(secret))
            j.check("authenticator-set-up")
        elif page.locator("main input[name=code]").count():
            assert secret, f"{url} asks for a code before the authenticator is set up"
            page.locator("main input[name=code]").fill(totp_now(secret))
            j.check("authenticator-code")
        elif page.locator("main input[name=password]").count():
            page.locator("main input[name=password]").fill(password)
            j.check("password-again")
        else:
            raise AssertionError(f"unexpected page on the way to a staff page: {url}")
        j.click(page.locator("main form button[type=submit]").first)
        errors = page.locator("main .errorlist, main .errornote")
        assert errors.count() == 0, errors.all_inner_texts()
    raise AssertionError(f"still in the account pages at {page.url}")
