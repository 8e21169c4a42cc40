"""What only a real browser can show about bad input: no traceback reaches the page, links and data text
never become live markup or a request. (tests/app/test_bad_input.py checks every broken table and hostile
link's message with AppTest.)"""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from lib.data.load import DEFAULT_DATA_DIR, read_parquet
from tests.browser.conftest import alerts, exceptions, main_area, open_view
from tests.support.server import streamlit_server

HOSTILE_QUERIES = ["importer=%3Cscript%3Ealert(1)%3C/script%3E", "sh_preset=%3Cimg%20src=x%20onerror=alert(1)%3E",
                   "ec_sel=javascript:alert(1)", "chain=%00"]
MARKDOWN_TEXT = "**NdPr** [link](https://example.org/)"
HTML_TEXT = "<img src=x onerror=alert(1)><script>alert(2)</script><a href='javascript:alert(3)'>click</a>"


def record_dialogs(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=[q[:30] for q in HOSTILE_QUERIES])
def test_hostile_link_is_shown_as_text_in_a_notice(offline, app_url, query):
    page = offline.page()
    dialogs = record_dialogs(page)
    open_view(page, f"{app_url}/sources?{query}")
    expect(exceptions(page)).to_have_count(0)
    expect(alerts(page).filter(has_text="could not be used")).to_contain_text(query.split("=", 1)[0])
    expect(page.get_by_role("heading", name="Sources and methods")).to_have_count(1)
    expect(page.locator("img[src='x']")).to_have_count(0)
    assert dialogs == []


def _mutate(directory, name, change):
    path = directory / f"{name}.parquet"
    change(read_parquet(path)).to_parquet(path, index=False)


@pytest.fixture
def server_with(tmp_path):
    """A server on a copy of the shipped data, damaged or injected by `change`."""
    def start(change):
        directory = tmp_path / "data"
        shutil.copytree(DEFAULT_DATA_DIR, directory, ignore=shutil.ignore_patterns("sources"))
        change(directory)
        return streamlit_server(env={"CM_DATA_DIR": str(directory)})
    return start


def test_broken_table_shows_a_message_and_no_traceback(offline, server_with):
    with server_with(lambda d: (d / "export_controls.parquet").write_bytes(b"not parquet")) as url:
        page = offline.page()
        open_view(page, f"{url}/export_controls")
        expect(exceptions(page)).to_have_count(0)
        expect(alerts(page).filter(has_text="cannot be read as parquet")).to_have_count(1)
        open_view(page, f"{url}/agreements")
        expect(exceptions(page)).to_have_count(0)
        expect(page.locator("[data-testid='stPlotlyChart'] .main-svg").first).to_be_visible()


def inject_markup(directory) -> None:
    _mutate(directory, "agreements",
            lambda f: f.assign(summary=HTML_TEXT, name=f["name"].where(f.index != 0, HTML_TEXT)))
    _mutate(directory, "export_controls", lambda f: f.assign(title=f["title"].where(f.index != 0, HTML_TEXT)))
    _mutate(directory, "chains",
            lambda f: f.assign(name=f["name"].where(f["chain_id"] != "ndpr_oxide", MARKDOWN_TEXT)))


def test_markup_in_data_is_shown_as_text(offline, server_with):
    with server_with(inject_markup) as url:
        page = offline.page()
        dialogs = record_dialogs(page)
        for name in ("agreements", "export_controls", "sources", "", "scenarios"):  # the last two show chain names
            open_view(page, f"{url}/{name}?ag_sel=us-jpn-cm-framework-2025")
            expect(exceptions(page)).to_have_count(0)
            expect(page.locator("img[src='x']")).to_have_count(0)
            expect(page.locator("a[href^='javascript']")).to_have_count(0)
        open_view(page, f"{url}/agreements")
        expect(page.get_by_text("<script>alert(2)</script>", exact=False).first).to_be_visible()
        open_view(page, f"{url}/")  # the chain's name goes through Markdown in the answer sentence and metrics
        # Shown literally; an invisible word joiner after 'https://' keeps the address from becoming a link.
        expect(alerts(page).filter(has_text=MARKDOWN_TEXT.split("//")[0])).to_have_count(1)
        # Markdown may still make the bare https URL clickable; the data's own link markup must not act.
        expect(main_area(page).get_by_role("link", name="link", exact=True)).to_have_count(0)
        expect(main_area(page).locator("strong", has_text="NdPr")).to_have_count(0)
        assert dialogs == []
