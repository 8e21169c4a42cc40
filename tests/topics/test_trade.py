"""Trade topics on a hand-made table: chain rows in tonnes, reporting gaps, and "did it bite?" arithmetic."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib.topics.trade import (bite_sentence, chain_flows, china_exports, did_it_bite, first_month_after,
                              importer_imports, last_due_month, main_destinations, reporting_gaps)

M = pd.Timestamp


def flow(partner, month, qty, unit="t", hs="8505.11", product="Magnets (HS 8505.11)", chain="mag", reporter="CHN",
         direction="export", confidence="verified"):
    return {"reporter": reporter, "partner": partner, "hs_code": hs, "product": product, "chain_id": chain,
            "flow": direction, "month": M(month), "quantity": qty, "unit": unit, "confidence": confidence,
            "source_name": f"src {month}", "source_url": f"https://example.org/{month}"}


FLOWS = pd.DataFrame([
    flow("USA", "2024-05-01", 600), flow("USA", "2024-06-01", 400, confidence="derived"), flow("USA", "2024-07-01", 500),
    flow("USA", "2025-05-01", 60), flow("USA", "2025-06-01", 300), flow("USA", "2025-07-01", 550),
    flow("JPN", "2024-05-01", 200), flow("JPN", "2025-05-01", 100), flow("JPN", "2025-06-01", 150),
    flow("WLD", "2025-07-01", 5000),
    flow("WLD", "2025-06-01", 4260, unit="kg", hs="8112.92.90", product="Gallium metal, unwrought (line)", chain="ga"),
    flow("CHN", "2025-06-01", 250, reporter="JPN", direction="import"),
])
EVENTS = pd.DataFrame([
    {"event_id": "old", "title": "Old licensing", "measure_type": "licensing", "date_effective": M("2023-01-01"),
     "target_type": "all_destinations", "target_countries": None},
    {"event_id": "apr", "title": "April licensing", "measure_type": "licensing", "date_effective": M("2025-04-04"),
     "target_type": "all_destinations", "target_countries": None},
    {"event_id": "pause", "title": "A suspension", "measure_type": "suspension", "date_effective": M("2025-06-01"),
     "target_type": "all_destinations", "target_countries": None},
    {"event_id": "jp-only", "title": "Japan ban", "measure_type": "end_user_ban", "date_effective": M("2026-01-06"),
     "target_type": "military_end_users", "target_countries": "JPN"},
])
MAG = chain_flows(FLOWS, "mag")
LINKS = pd.DataFrame({"event_id": ["old", "apr", "pause", "jp-only"], "hs_code": ["8505.11"] * 4})


def test_chain_rows_turn_kg_into_tonnes_and_name_series_by_partner():
    gallium = chain_flows(FLOWS, "ga")
    assert gallium["tonnes"].tolist() == [4.26]  # 4,260 kg / 1,000
    assert gallium["series"].tolist() == ["world"]  # one line in the chain: the partner alone
    magnets = chain_flows(FLOWS, "mag")
    assert set(magnets["series"]) == {"United States", "Japan", "world", "China"}


def test_lines_keep_the_world_the_importer_and_the_largest_destinations():
    exports = china_exports(chain_flows(FLOWS, "mag"))
    # Besides the world total and the US, only the largest one other destination (Japan, 450 t) is kept.
    assert set(main_destinations(exports, "USA", most=1)["partner"]) == {"WLD", "USA", "JPN"}
    assert set(main_destinations(exports, "USA", most=0)["partner"]) == {"WLD", "USA"}


def test_importer_series_is_the_importers_own_imports_from_china():
    rows = chain_flows(FLOWS, "mag")
    assert importer_imports(rows, "JPN")["tonnes"].tolist() == [250]
    assert importer_imports(rows, "USA").empty


def test_measure_from_the_first_counts_its_month_otherwise_the_next():
    assert first_month_after(M("2025-06-01")) == M("2025-06-01")
    assert first_month_after(M("2025-04-04")) == M("2025-05-01")


def test_bite_compares_months_after_the_latest_measure_with_a_year_earlier():
    bite = did_it_bite(MAG, LINKS, EVENTS, "USA", dt.date(2026, 11, 29))
    # Latest restrictive measure for the US: "apr" (the suspension is not restrictive; the Japan ban does not
    # target the US). Months from 2025-05 with a figure a year earlier: 05, 06, 07.
    # after = 60 + 300 + 550 = 910; before = 600 + 400 + 500 = 1,500; change = 910 / 1,500 - 1 = -39.3%.
    assert bite.event_id == "apr"
    assert bite.months == (M("2025-05-01"), M("2025-06-01"), M("2025-07-01"))
    assert (bite.after, bite.before) == (910, 1500)
    assert bite.change == pytest.approx(-0.39333, abs=1e-4)
    assert bite.derived_count == 1 and bite.skipped == ()


def test_bite_skips_a_later_measure_with_no_comparable_month_and_names_it():
    bite = did_it_bite(MAG, LINKS, EVENTS, "JPN", dt.date(2026, 11, 29))
    # Japan ban (2026-01) has no figures after it; "apr": 2025-05 (100) vs 2024-05 (200) only (2024-06 missing).
    assert bite.skipped == ("Japan ban",)
    assert (bite.after, bite.before) == (100, 200) and bite.change == pytest.approx(-0.5)


def test_pooled_importer_counts_a_month_only_where_both_countries_report():
    bite = did_it_bite(MAG, LINKS, EVENTS, "USA+JPN", dt.date(2026, 11, 29))
    # Only 2025-05 has both countries in it and a year before: (60 + 100) vs (600 + 200) = 160 / 800 - 1 = -80%.
    assert bite.months == (M("2025-05-01"),) and bite.change == pytest.approx(-0.8)


def test_bite_only_uses_months_up_to_the_as_of_date():
    bite = did_it_bite(MAG, LINKS, EVENTS, "USA", dt.date(2025, 6, 15))
    assert bite.months == (M("2025-05-01"), M("2025-06-01"))  # 2025-07 is after the as-of date


def test_no_figures_and_no_comparable_month_are_said_differently():
    assert "No monthly figures" in bite_sentence(None, "Japan", "Dy/Tb", has_figures=False)
    assert "no month" in bite_sentence(None, "Japan", "Gallium", has_figures=True)
    bite = did_it_bite(MAG, LINKS, EVENTS, "USA", dt.date(2026, 11, 29))
    assert "-39%" in bite_sentence(bite, "the United States", "NdFeB magnets", has_figures=True)


def test_reporting_gaps_split_released_but_missing_from_not_yet_reported():
    rows = chain_flows(FLOWS, "mag")  # latest month 2025-07
    gaps = reporting_gaps(rows, as_of=dt.date(2025, 12, 10), horizon=dt.date(2025, 10, 24))
    # By the horizon (24 Oct) September's figures were out (~20 Oct): 08 and 09 are missing, not zero;
    # October and November figures came after the horizon; December is the as-of month.
    assert last_due_month(dt.date(2025, 10, 24)) == M("2025-09-01")
    assert gaps.last_month == M("2025-07-01")
    assert gaps.not_in_data == (M("2025-08-01"), M("2025-09-01"))
    assert gaps.not_yet_reported == (M("2025-10-01"), M("2025-11-01"), M("2025-12-01"))


def test_reporting_gaps_of_an_empty_chain_are_empty():
    gaps = reporting_gaps(chain_flows(FLOWS, "none"), dt.date(2025, 1, 1), None)
    assert gaps.last_month is None and gaps.not_in_data == () == gaps.not_yet_reported
