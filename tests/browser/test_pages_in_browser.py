"""The real app in headless Chromium with no network: every page draws, the toggle works, navigation
keeps the shared controls, links reproduce the view."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (chart_data, drawn_charts, exceptions, framework_switch, open_view, rerun_done,
                                    sidebar, sidebar_choice)

PAGE_CHARTS = {"": 1, "agreements": 2, "export_controls": 2, "trade": 1, "dependencies": 4, "scenarios": 5, "sources": 0}
ON, OFF = "Framework on", "Framework off"
ON_COMPARED, OFF_COMPARED = "Framework on (for comparison)", "Framework off (for comparison)"


@pytest.mark.parametrize("name, charts", list(PAGE_CHARTS.items()))
def test_page_renders_completely_offline(offline, app_url, name, charts):
    page = offline.page()
    open_view(page, f"{app_url}/{name}")
    expect(exceptions(page)).to_have_count(0)
    assert drawn_charts(page).count() >= charts
    caption = re.compile(r"^Sources current to \d{4}-\d\d-\d\d · (\d+ days? (before|after) today|today) · data version")
    expect(page.get_by_text(caption)).to_have_count(1)


def test_world_map_draws_from_local_outline(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/dependencies")
    page.wait_for_selector(".geo .choroplethlayer path", timeout=30_000)
    assert page.locator(".geo .layer.countries path").count() >= 1, "country borders come from the outline file"
    assert page.locator(".geo .choroplethlayer path").count() >= 1
    assert page.evaluate("() => Object.keys(window.PlotlyGeoAssets.topojson)") == ["world_110m"]
    status = page.evaluate("url => fetch(url).then(r => r.status)", f"{app_url}/app/static/topojson/world_110m.json")
    assert status == 200, "the outline is served by the app itself (the offline fixture blocks everything else)"


def test_framework_toggle_changes_what_the_scenario_charts_headline(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN&chain=ndpr_oxide")
    before = chart_data(page, "dependency_paths")
    assert len(before[ON]) == 12 and before[ON] != before[OFF_COMPARED]
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    after = chart_data(page, "dependency_paths")
    assert after[OFF] == before[OFF_COMPARED] and after[ON_COMPARED] == before[ON]
    assert "framework=false" in page.url


def test_share_dialog_gives_the_current_link_after_a_section_rerun(offline, app_url):
    """The switch reruns only its section; the address bar and the share dialog still hold the new view."""
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN")
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    sidebar(page).get_by_role("button", name="Share this view").click()
    shared = page.get_by_role("dialog").locator("[data-testid='stCode']")
    shared.wait_for()
    link = shared.inner_text().strip()
    assert link == page.url
    assert "framework=false" in link and "importer=JPN" in link


def test_navigation_keeps_shared_controls(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/")
    sidebar_choice(page, "Importer").click()
    page.get_by_role("option", name="Japan", exact=True).click()
    rerun_done(page)
    sidebar(page).get_by_role("link", name="Scenarios").click()
    rerun_done(page)
    assert "/scenarios" in page.url and "importer=JPN" in page.url
    expect(sidebar_choice(page, "Importer")).to_have_value("Japan")
    assert "Japan" in (page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .map(g => g.layout.title.text).join(' ')"""))


def test_framework_switch_holds_across_pages(offline, app_url):
    """The switch is drawn on the Overview and on Scenarios; each page's copy shows what was set on the other
    (Streamlit gives a widget another identity on each page)."""
    page = offline.page()
    open_view(page, f"{app_url}/")
    expect(framework_switch(page)).to_be_checked()
    sidebar(page).get_by_role("link", name="Scenarios").click()
    rerun_done(page)
    expect(framework_switch(page)).to_be_checked()
    assert "framework=" not in page.url
    paths = chart_data(page, "dependency_paths")
    assert paths[ON] != paths[OFF_COMPARED]
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    sidebar(page).get_by_role("link", name="Overview").click()
    rerun_done(page)
    expect(framework_switch(page)).not_to_be_checked()
    assert "framework=false" in page.url


def test_link_reproduces_the_view_in_a_fresh_browser(offline, browser, app_url):
    from tests.browser.conftest import OfflineContext
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN&chain=dytb_oxide&framework=true&p.finance_probability_uplift=0.3"
                    "&as_of=2025-12-01&sh_preset=custom&sh_fraction=0.5")
    sent = page.url
    original = {key: chart_data(page, key) for key in ("dependency_paths", "shock_shortfall", "world_concentration")}
    fresh = OfflineContext(browser)
    try:
        other = fresh.page()
        open_view(other, sent)
        assert other.url == sent
        for key, traces in original.items():
            assert chart_data(other, key) == traces, key
        expect(sidebar_choice(other, "Importer")).to_have_value("Japan")
        expect(sidebar_choice(other, "Supply chain")).to_have_value("Dy/Tb separation")
    finally:
        fresh.close()
    assert fresh.external == []


def test_link_from_another_data_version_shows_notice(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/?v=0123456789")
    expect(page.get_by_text("This link was made with data version 0123456789")).to_have_count(1)
    expect(exceptions(page)).to_have_count(0)


def test_embedded_view_hides_chrome(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?embed=true&importer=JPN")
    expect(page.locator("[data-testid='stMainMenu']")).to_have_count(0)  # no app menu when embedded
    expect(sidebar(page)).not_to_be_visible()  # the sidebar starts collapsed
    assert drawn_charts(page).count() >= 5
    assert "embed=true" in page.url and "importer=JPN" in page.url


def test_assumption_editor_changes_the_charts_and_stays_open(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?chain=ndpr_oxide")
    before = chart_data(page, "dependency_paths")[ON]
    page.get_by_role("button", name="Finance lever (4)").click()
    slider = page.get_by_role("slider", name="Finance: added delivery probability")
    slider.wait_for()
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
        rerun_done(page)
    assert "p.finance_probability_uplift=" in page.url
    assert chart_data(page, "dependency_paths")[ON] != before
    expect(slider).to_be_visible()  # the editor stays open while it is used
