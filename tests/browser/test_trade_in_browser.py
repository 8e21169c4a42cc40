"""The Trade page in headless Chromium with no network: the flows chart draws with its lifecycle bands."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import alerts, chart_data, drawn_charts, exceptions, main_area, open_view


def test_trade_page_renders_flows_and_bands_offline(offline, app_url):
    page = offline.page()
    open_view(page, f"{app_url}/trade?chain=ndfeb_magnets&importer=USA")
    expect(exceptions(page)).to_have_count(0)
    expect(drawn_charts(page).first).to_be_visible()
    traces = chart_data(page, "trade_flows")
    assert traces and "United States" in traces and "In force" in traces
    assert any(v is None or v != v for v in traces["United States"]), "a month no source reports is a gap, not a zero"
    expect(main_area(page).get_by_text("Did it bite?", exact=False).first).to_be_visible()
    open_view(page, f"{app_url}/trade?chain=dytb_oxide")
    expect(alerts(page).get_by_text("No monthly trade figures for Dy/Tb separation", exact=False)).to_be_visible()
