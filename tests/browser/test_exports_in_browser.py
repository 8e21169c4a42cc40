"""Downloads from the running app: the briefing opens with the network blocked and shows every chart;
the chart CSV holds the numbers drawn."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.browser.conftest import OfflineContext, chart_data, open_view, rerun_done


def download(page, button_text: str, within=None):
    with page.expect_download() as info:
        (within or page).get_by_role("button", name=button_text, exact=True).first.click()
    return info.value


def open_chart_menu(page, index: int = 0):
    """Open the index-th 'Sources and downloads' popover (one per section of charts) and return its body."""
    page.get_by_role("button", name="Sources and downloads").nth(index).click()
    body = page.locator("[data-testid='stPopoverBody']")
    body.wait_for()
    return body


def test_briefing_opens_offline_with_every_chart(offline, browser, app_url, tmp_path):
    page = offline.page()
    open_view(page, f"{app_url}/dependencies?dp_mineral=REE&dp_stage=mining")
    charts_on_page = page.locator("[data-testid='stPlotlyChart']").count()
    saved = tmp_path / "briefing.html"
    item = download(page, "Briefing (HTML, works offline)")
    assert item.suggested_filename.startswith("dependencies_briefing_usa_ndpr-oxide_")
    item.save_as(saved)
    reader = OfflineContext(browser)
    try:
        view = reader.page()
        view.goto(saved.as_uri())
        view.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= %d" % charts_on_page,
                               timeout=30_000)
        assert view.locator(".js-plotly-plot").count() == charts_on_page
        assert view.locator(".geo .layer.countries path").count() >= 1, "the map draws from the embedded outline"
        assert "Data version" in view.content() and app_url in view.content()
    finally:
        reader.close()
    assert reader.external == [], "the briefing must not reach the network"


def test_chart_csv_is_what_the_chart_draws(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN&chain=ndpr_oxide")
    drawn = chart_data(page, "dependency_paths")
    item = download(page, "Dependency paths · CSV", within=open_chart_menu(page, 0))
    assert item.suggested_filename.startswith("scenarios_dependency-paths_jpn_ndpr-oxide_framework-on_2")
    csv = pd.read_csv(io.StringIO(open(item.path(), encoding="utf-8").read()), skiprows=1)  # line 1: version, link
    for state, name in (("off", "Framework off (for comparison)"), ("on", "Framework on")):
        assert csv[csv["state"] == state]["dependency (full precision)"].tolist() == pytest.approx(drawn[name],
                                                                                                  abs=1e-12)


def test_briefing_follows_a_section_rerun(offline, app_url, tmp_path):
    """The framework switch reruns only its section; the briefing drawn before must still export the new view."""
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN&chain=ndpr_oxide")
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    assert "framework=false" in page.url
    saved = tmp_path / "briefing.html"
    download(page, "Briefing (HTML, works offline)").save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert "framework=false" in html, "the briefing's link is the view after the switch"
    assert "framework off" in html and "framework on:" not in html, "its charts are the ones redrawn"


def test_chart_csv_follows_a_section_rerun(offline, app_url):
    """After the switch reruns its part of the page, the downloads export the charts drawn after it."""
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN&chain=ndpr_oxide")
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    drawn = chart_data(page, "dependency_paths")
    menu = open_chart_menu(page, 0)
    item = download(page, "Dependency paths · CSV", within=menu)
    assert "_framework-off_" in item.suggested_filename
    csv = pd.read_csv(item.path(), skiprows=1)
    for state, name in (("off", "Framework off"), ("on", "Framework on (for comparison)")):
        assert csv[csv["state"] == state]["dependency (full precision)"].tolist() == pytest.approx(drawn[name],
                                                                                                  abs=1e-12)
    about = open(download(page, "Dependency paths · About", within=menu).path(), encoding="utf-8").read()
    assert "framework=false" in about, "the metadata's link is the view after the switch"
