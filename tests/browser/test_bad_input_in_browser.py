"""Hostile links and broken data directories through the real app in Chromium: no traceback reaches the
page, each case shows its own clear message, unaffected pages keep working, data text is never HTML."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from lib.data.load import DEFAULT_DATA_DIR, read_parquet
from tests.support.server import streamlit_server
from tests.browser.conftest import open_view

HOSTILE_QUERIES = [
    "importer=CHN", "importer=", "importer=USA&importer=JPN", "importer=%3Cscript%3Ealert(1)%3C/script%3E",
    "chain=lithium", "chain=%00", "chain=..%2F..%2Fetc%2Fpasswd", "framework=maybe", "framework=2",
    "as_of=2025-13-01", "as_of=27/11/2026", "as_of=1999-01-01", "as_of=2099-12-31", "as_of=now",
    "p.ramp_years=abc", "p.ramp_years=-1", "p.ramp_years=1e309", "p.ramp_years=nan",
    "p.pooling_share=0x10", "sh_year=twenty", "sh_fraction=1.5", "sh_preset=%3Cimg%20src=x%20onerror=alert(1)%3E",
    "cand=invented-project", "ag_party=Atlantis", "ag_from=2020.5", "ec_sel=javascript:alert(1)",
    "src_table=users;DROP", "unknown_param=1", "__proto__=polluted", "ag_q=" + "a" * 5000,
    "dp_basis=both", "v=" + "9" * 100,
]


def no_traceback(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Traceback").count() == 0


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=[q[:30] for q in HOSTILE_QUERIES])
def test_hostile_link_opens_with_a_notice(offline, app_url, query):
    page = offline.page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_view(page, f"{app_url}/sources?{query}")  # the lightest page: every parameter is read on any page
    no_traceback(page)
    key = query.split("=", 1)[0]
    if key != "v":
        notice = page.locator("[data-testid='stAlert']").filter(has_text="could not be used")
        assert notice.count() == 1 and key in notice.inner_text()
    else:
        assert page.get_by_text("This link was made with data version").count() == 1
    assert page.get_by_role("heading", name="Sources and methods").count() == 1, "the view still opens"
    assert dialogs == [] and page.locator("img[src='x']").count() == 0


MARKDOWN_TEXT = "**NdPr** [link](https://example.org/)"
HTML_TEXT = "<img src=x onerror=alert(1)><script>alert(2)</script><a href='javascript:alert(3)'>click</a>"


def _mutate(name, change):
    def apply(directory):
        path = directory / f"{name}.parquet"
        frame = read_parquet(path)
        change(frame).to_parquet(path, index=False)
    return apply


def _set(column, value, row=0):
    def change(frame):
        frame.loc[row, column] = value
        return frame
    return change


def _unlink(name):
    return lambda directory: (directory / name).unlink()


# (case, damage, page showing the problem, text it must show, an unaffected page that must still work)
BROKEN = [
    ("missing file", _unlink("agreements.parquet"), "agreements", "agreements.parquet", "dependencies"),
    ("corrupt file", lambda d: (d / "export_controls.parquet").write_bytes(b"not parquet"), "export_controls",
     "cannot be read as parquet", "agreements"),
    ("missing column", _mutate("dependency_shares", lambda f: f.drop(columns=["value"])), "dependencies",
     "required column 'value' is missing", "agreements"),
    ("wrong type", _mutate("dependency_shares", lambda f: f.assign(value=f["value"].astype(str))), "dependencies",
     "must hold numbers", "export_controls"),
    ("share out of range", _mutate("dependency_shares", _set("value", 70.0)), "dependencies",
     "looks like a percentage", "agreements"),
    ("duplicate id", _mutate("agreements", lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True)), "agreements",
     "appears more than once", "export_controls"),
    ("dangling reference", _mutate("export_controls", lambda f: f.assign(
        suspends=f["suspends"].where(f["suspends"].isna(), "no-such-event"))), "export_controls",
     "does not exist in export_controls.event_id", "agreements"),
    ("dates out of order", _mutate("agreements", _set("status_date", pd.Timestamp("1990-01-01"))), "agreements",
     "is before date_signed", "dependencies"),
    ("non-http URL", _mutate("agreements", _set("source_url", "javascript:alert(1)")), "agreements",
     "is not an http:// or https:// address", "dependencies"),
    ("empty table", _mutate("supply_projects", lambda f: f.iloc[0:0]), "scenarios", "the table has no rows",
     "agreements"),
    ("wrong units", _mutate("supply_projects", lambda f: f.assign(capacity_unit=f["capacity_unit"].where(
        f["capacity_unit"].isna(), "kt/yr"))), "scenarios", "'kt/yr' is not allowed", "export_controls"),
    ("unknown confidence", _mutate("minerals", _set("confidence", "certain")), "agreements",
     "'certain' is not allowed", "dependencies" if False else "sources"),
    ("missing manifest", _unlink("manifest.json"), "sources", "manifest.json", "dependencies"),
]


@pytest.fixture
def broken_server(tmp_path):
    def start(damage):
        directory = tmp_path / "data"
        shutil.copytree(DEFAULT_DATA_DIR, directory, ignore=shutil.ignore_patterns("sources"))
        damage(directory)
        return streamlit_server(env={"CM_DATA_DIR": str(directory)})
    return start


@pytest.mark.parametrize("case, damage, page_name, expected, healthy", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_data_is_explained_and_other_pages_work(offline, broken_server, case, damage, page_name, expected,
                                                        healthy):
    with broken_server(damage) as url:
        page = offline.page()
        open_view(page, f"{url}/{page_name}")
        no_traceback(page)
        messages = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
        assert expected in messages, messages[:500]
        open_view(page, f"{url}/{healthy}")
        no_traceback(page)
        if healthy != "sources":
            assert page.locator("[data-testid='stAlertContentError']").count() == 0
            assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 1


def test_markup_in_data_is_shown_as_text(offline, broken_server):
    def inject(directory):
        _mutate("agreements", lambda f: f.assign(summary=HTML_TEXT, name=f["name"].where(f.index != 0, HTML_TEXT)))(
            directory)
        _mutate("export_controls", lambda f: f.assign(title=f["title"].where(f.index != 0, HTML_TEXT)))(directory)
        _mutate("chains", lambda f: f.assign(name=f["name"].where(f["chain_id"] != "ndpr_oxide", MARKDOWN_TEXT)))(
            directory)
    with broken_server(inject) as url:
        page = offline.page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for name in ("agreements", "export_controls", "sources", "", "scenarios"):  # the last two show chain names
            open_view(page, f"{url}/{name}?ag_sel=us-jpn-cm-framework-2025")
            no_traceback(page)
            assert page.locator("img[src='x']").count() == 0
            assert page.locator("a[href^='javascript']").count() == 0
        open_view(page, f"{url}/agreements")
        assert page.get_by_text("<script>alert(2)</script>", exact=False).count() >= 1, "shown literally"
        open_view(page, f"{url}/")  # the chain's name goes through Markdown in the answer sentence and metrics
        answer = page.locator("[data-testid='stAlert']").filter(has_text=MARKDOWN_TEXT)
        assert answer.count() == 1, "shown literally in the answer sentence"
        # Markdown may still make the bare https URL clickable; the data's own link markup must not act.
        assert page.locator("[data-testid='stMain']").get_by_role("link", name="link", exact=True).count() == 0
        assert page.locator("[data-testid='stMain'] strong", has_text="NdPr").count() == 0
        assert dialogs == []
