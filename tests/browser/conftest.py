"""Browser fixtures: one app server per session, Debian's Chromium through Playwright, and every request
to a non-loopback address blocked and recorded (the app must never try one)."""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.support.server import chromium_path, launch_chromium, streamlit_server, wait_for_app

LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium package")
        pytest.skip("Browser tests need Chromium: install it with `apt-get install chromium` (Debian)")
    return path


@pytest.fixture(scope="session")
def playwright_instance(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = launch_chromium(playwright_instance)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def app_url(chromium):
    with streamlit_server() as url:
        yield url


class OfflineContext:
    """A browser context where only loopback is reachable; attempts elsewhere are recorded."""

    def __init__(self, browser):
        self.external: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "file:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def page(self):
        return self.context.new_page()

    def close(self):
        self.context.close()


@pytest.fixture
def offline(browser):
    context = OfflineContext(browser)
    yield context
    context.close()
    assert context.external == [], f"the app tried to reach the network: {context.external[:5]}"


def open_view(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def rerun_done(page) -> None:
    page.wait_for_timeout(300)
    wait_for_app(page)


# Named locators, as in Streamlit's own e2e suite: one place for each data-testid.

def drawn_charts(page):
    return page.locator("[data-testid='stPlotlyChart'] .main-svg")


def alerts(page):
    return page.locator("[data-testid='stAlert']")


def error_alerts(page):
    return page.locator("[data-testid='stAlertContentError']")


def exceptions(page):
    return page.locator("[data-testid='stException']").or_(page.get_by_text("Traceback"))


def sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def main_area(page):
    return page.locator("[data-testid='stMain']")


def framework_switch(page):
    return page.get_by_role("switch", name="US–Japan framework on")


def sidebar_choice(page, label: str):
    return sidebar(page).locator(f"input[aria-label='{label}']")


def chart_data(page, chart_key: str) -> dict:
    """The plotted traces of one chart, read from plotly's graph object in the page."""
    return page.evaluate("""key => {
        for (const gd of document.querySelectorAll('.js-plotly-plot')) {
            if (gd.layout && gd.layout.meta && gd.layout.meta.chart_key === key) {
                // _fullData holds the arrays plotly decoded from the base64 payload: the numbers drawn.
                return Object.fromEntries(gd._fullData.filter(t => t.name)
                    .map(t => [t.name, Array.from(t.y || [])]));
            }
        }
        return null;
    }""", chart_key)
