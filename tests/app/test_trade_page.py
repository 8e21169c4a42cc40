"""The Trade page through app.py: flows with lifecycle bands for every chain that has figures, a plain message
for a chain without, and the Overview's "did it bite?" line."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.data.load import load_dataset
from tests.app.test_pages import (assert_clean, chart_specs, navigation_keeps_entrypoint,  # noqa: F401
                                  open_page, unescaped)

DATA = load_dataset()
FLOWS = DATA.table("trade_flows")
CHAINS = list(DATA.table("chains")["chain_id"])
WITH_FIGURES = sorted(set(FLOWS["chain_id"].dropna()))
WITHOUT_FIGURES = [c for c in CHAINS if c not in WITH_FIGURES]


@pytest.mark.parametrize("chain_id", WITH_FIGURES)
def test_chain_with_figures_draws_flow_lines_and_lifecycle_bands(chain_id):
    app = open_page("pages/trade.py", {"chain": chain_id, "importer": "JPN"})
    assert_clean(app)
    data = chart_specs(app)["trade_flows"]["data"]
    lines = [t for t in data if t["type"] == "scatter"]
    bands = [t for t in data if t["type"] == "bar" and t.get("yaxis") == "y2"]
    assert lines, "flows are drawn as lines"
    assert bands and {"In force"} <= {t["name"] for t in bands}, "the linked controls' lifecycle is drawn"
    assert any("Did it bite?" in i.value for i in app.info)
    assert any("Latest month in the data up to the as-of date" in c.value for c in app.caption)


def test_every_chain_is_covered_by_one_of_the_two_cases():
    assert WITHOUT_FIGURES, "at least one chain has no monthly figures, so the plain message is tested"
    assert set(WITH_FIGURES) <= set(CHAINS)


@pytest.mark.parametrize("chain_id", WITHOUT_FIGURES)
def test_chain_without_figures_says_so_plainly(chain_id):
    app = open_page("pages/trade.py", {"chain": chain_id})
    assert_clean(app)
    assert any("No monthly trade figures" in i.value for i in app.info)
    assert not [t for t in chart_specs(app)["trade_flows"]["data"] if t["type"] == "scatter"]


def test_world_switch_in_the_link_leaves_only_partner_lines():
    app = open_page("pages/trade.py", {"chain": "ndfeb_magnets", "tr_world": "false"})
    assert_clean(app)
    names = [t["name"] for t in chart_specs(app)["trade_flows"]["data"] if t["type"] == "scatter"]
    assert names and "world" not in names and "United States" in names


def test_overview_answers_did_it_bite_for_the_importer_and_chain():
    app = open_page("pages/overview.py", {"chain": "ndfeb_magnets", "importer": "USA"})
    assert_clean(app)
    assert any("Did it bite?" in m.value and "United States" in m.value for m in app.markdown)
    app = open_page("pages/overview.py", {"chain": "dytb_oxide", "importer": "JPN"})
    assert any("No monthly figures in the data" in m.value for m in app.markdown)


def test_broken_trade_table_is_explained_and_the_overview_still_works(monkeypatch, data_copy):
    frame = pd.read_parquet(data_copy / "trade_flows.parquet")
    frame.loc[0, "month"] = pd.Timestamp("2025-06-15")
    frame.to_parquet(data_copy / "trade_flows.parquet", index=False)
    monkeypatch.setenv("CM_DATA_DIR", str(data_copy))
    app = open_page("pages/trade.py")
    assert not app.exception
    assert any("month_start" in unescaped(e.value) for e in app.error)
    app.switch_page("pages/overview.py").run()
    assert_clean(app)
    assert not any("Did it bite?" in m.value for m in app.markdown), "no line from a table that failed its checks"
