"""The real app in headless Chromium with no network: every page draws, the toggle works, navigation
keeps the shared controls, links reproduce the view."""
from __future__ import annotations

import pytest

from tests.browser.conftest import chart_data, open_view, rerun_done

PAGE_CHARTS = {"": 1, "agreements": 2, "export_controls": 2, "dependencies": 4, "scenarios": 5, "sources": 0}


def count_errors(page) -> int:
    return page.locator("[data-testid='stException']").count() + page.get_by_text("Traceback").count()


@pytest.mark.parametrize("name, charts", list(PAGE_CHARTS.items()))
def test_page_renders_completely_offline(offline, app_url, name, charts):
    page = offline.page()
    open_view(page, f"{app_url}/{name}")
    assert count_errors(page) == 0
    assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= charts
    assert page.get_by_text("Sources current to 2026-06-23 · data version").count() == 1


def test_world_map_draws_from_local_outline(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/dependencies")
    page.wait_for_selector(".geo .choroplethlayer path", timeout=30_000)
    assert page.locator(".geo .layer.countries path").count() >= 1, "country borders come from the outline file"
    assert page.locator(".geo .choroplethlayer path").count() >= 1
    assert page.evaluate("() => Object.keys(window.PlotlyGeoAssets.topojson)") == ["world_110m"]
    status = page.evaluate("url => fetch(url).then(r => r.status)", f"{app_url}/app/static/topojson/world_110m.json")
    assert status == 200, "the outline is served by the app itself (the offline fixture blocks everything else)"


def selected(page, label: str) -> str:
    return page.locator(f"[data-testid='stSidebar'] input[aria-label='{label}']").input_value()


def test_framework_toggle_changes_scenario_charts(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN&chain=ndpr_oxide")
    before = chart_data(page, "dependency_paths")
    assert len(before["Framework on"]) == 12 and before["Framework on"] != before["Framework off"]
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    after = chart_data(page, "dependency_paths")
    assert after["Framework on"] == after["Framework off"]
    assert "framework=false" in page.url


def test_share_dialog_gives_the_current_link_after_a_section_rerun(offline, app_url):
    """The switch reruns only its section; the address bar and the share dialog still hold the new view."""
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?importer=JPN")
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Share this view").click()
    shared = page.get_by_role("dialog").locator("[data-testid='stCode']")
    shared.wait_for()
    link = shared.inner_text().strip()
    assert link == page.url
    assert "framework=false" in link and "importer=JPN" in link


def test_navigation_keeps_shared_controls(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/")
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.locator("input[aria-label='Importer']").click()
    page.get_by_role("option", name="Japan", exact=True).click()
    rerun_done(page)
    sidebar.get_by_role("link", name="Scenarios").click()
    rerun_done(page)
    assert "/scenarios" in page.url and "importer=JPN" in page.url
    assert selected(page, "Importer") == "Japan"
    assert "Japan" in (page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
        .map(g => g.layout.title.text).join(' ')"""))


def framework_switch_is_on(page) -> bool:
    return page.get_by_role("switch", name="US–Japan framework on").is_checked()


def test_framework_switch_holds_across_pages(offline, app_url):
    """The switch is drawn on the Overview and on Scenarios; each page's copy shows what was set on the other
    (it once fell back to off on the second page and turned the framework off)."""
    page = offline.page()
    open_view(page, f"{app_url}/")
    sidebar = page.locator("[data-testid='stSidebar']")
    assert framework_switch_is_on(page)
    sidebar.get_by_role("link", name="Scenarios").click()
    rerun_done(page)
    assert framework_switch_is_on(page) and "framework=" not in page.url
    assert chart_data(page, "dependency_paths")["Framework on"] != chart_data(page, "dependency_paths")["Framework off"]
    page.get_by_text("US–Japan framework on").click()
    rerun_done(page)
    sidebar.get_by_role("link", name="Overview").click()
    rerun_done(page)
    assert not framework_switch_is_on(page) and "framework=false" in page.url


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
        assert selected(other, "Importer") == "Japan"
        assert selected(other, "Supply chain") == "Dy/Tb separation"
    finally:
        fresh.close()
    assert fresh.external == []


def test_link_from_another_data_version_shows_notice(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/?v=0123456789")
    assert page.get_by_text("This link was made with data version 0123456789").count() == 1
    assert count_errors(page) == 0


def test_embedded_view_hides_chrome(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?embed=true&importer=JPN")
    assert page.locator("[data-testid='stMainMenu']").count() == 0, "no app menu when embedded"
    assert not page.locator("[data-testid='stSidebar']").is_visible(), "sidebar starts collapsed"
    assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 5
    assert "embed=true" in page.url and "importer=JPN" in page.url


def test_assumption_editor_changes_the_charts_and_stays_open(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/scenarios?chain=ndpr_oxide")
    before = chart_data(page, "dependency_paths")["Framework on"]
    page.get_by_role("button", name="Finance lever (4)").click()
    slider = page.get_by_role("slider", name="Finance: added delivery probability")
    slider.wait_for()
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
        rerun_done(page)
    assert "p.finance_probability_uplift=" in page.url
    assert chart_data(page, "dependency_paths")["Framework on"] != before
    assert slider.is_visible(), "the editor stays open while it is used"
