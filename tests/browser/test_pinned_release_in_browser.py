"""A link keeps the sender's numbers: a chart's CSV exported at release A, then release B built with one changed
row, then A's link opened again gives the same bytes under a banner, and the change is on the What changed page and
in the feed. Runs on a copy of the app and its data in a temporary directory; the repository is not touched."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from lib.data.build import build
from tests.browser.conftest import OfflineContext, open_view
from tests.browser.test_exports_in_browser import download, open_chart_menu
from tests.support.server import REPO, streamlit_server

COPIED = ("app.py", "pages", "lib", "static", ".streamlit", "docs", "data")
IGNORED = shutil.ignore_patterns("__pycache__")
OLD_NAME, NEW_NAME = "ndpr_oxide,NdPr oxide separation,", "ndpr_oxide,NdPr oxide separation (renamed),"


@pytest.fixture
def app_copy(tmp_path) -> Path:
    root = tmp_path / "app"
    root.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=IGNORED)
        else:
            shutil.copy2(source, root / name)
    return root


def build_release_b(root: Path) -> None:
    chains = root / "data" / "sources" / "chains.csv"
    text = chains.read_text(encoding="utf-8")
    assert text.count(OLD_NAME) == 1
    chains.write_text(text.replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    problems = build(root / "data" / "sources", root / "data", root / "static", today=dt.date(2026, 12, 1))
    assert not [p for p in problems if p.severity == "error"]


def dependency_csv(page) -> bytes:
    return Path(download(page, "Dependency paths · CSV", within=open_chart_menu(page, 0)).path()).read_bytes()


def test_a_link_reopens_the_release_it_was_made_with(browser, chromium, app_copy):
    with streamlit_server(app_copy / "app.py", cwd=app_copy) as url:
        context = OfflineContext(browser)
        try:
            page = context.page()
            open_view(page, f"{url}/scenarios?importer=JPN&chain=ndpr_oxide")
            link_a, csv_a = page.url, dependency_csv(page)
            assert "v=" in link_a and b"data version" in csv_a.splitlines()[0]

            build_release_b(app_copy)

            current = context.page()
            open_view(current, f"{url}/scenarios?importer=JPN&chain=ndpr_oxide")
            assert dependency_csv(current) != csv_a, "release B changed the chart (its title names the chain)"

            pinned = context.page()
            open_view(pinned, link_a)
            banner = pinned.locator("[data-testid='stAlert']").filter(has_text="You are seeing the data of")
            banner.first.wait_for()
            assert "1 row changed since" in banner.first.inner_text()
            assert dependency_csv(pinned) == csv_a, "A's link must give A's CSV byte for byte"

            changes = context.page()
            open_view(changes, f"{url}/changes")
            main = changes.locator("[data-testid='stMain']")
            assert "NdPr oxide separation (renamed)" in main.inner_text()
            feed = changes.request.get(f"{url}/app/static/changes.atom")
            assert feed.ok and "name: NdPr oxide separation → NdPr oxide separation (renamed)" in feed.text()
            assert changes.request.get(f"{url}/app/static/changes.json").ok
        finally:
            context.close()
        assert context.external == [], context.external[:5]
