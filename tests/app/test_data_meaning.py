"""What the data means, said on the pages: passed suspension ends (the cliffs), the live chart's legend and
title, the framework scorecard, money by its kind, deadlines as precise as their text, and bounded shares.
Dates are pinned in the link, so the answers do not move with today's date."""
from __future__ import annotations

from tests.app.test_pages import (assert_clean, chart_specs, navigation_keeps_entrypoint,  # noqa: F401
                                  open_page, unescaped)

CLIFFS = ("Suspensions scheduled to end 2026-11-10 (7 measures) and 2026-11-27 (1 measure) — passed; "
          "what followed is not in the data.")


def _texts(elements) -> list[str]:
    return [unescaped(e.value) for e in elements]


def test_export_controls_after_both_suspension_ends_name_them_on_the_page_and_the_gantt():
    app = open_page("pages/export_controls.py", {"as_of": "2026-11-29"})
    assert_clean(app)
    assert CLIFFS in _texts(app.warning)
    table = next(m for m in _texts(app.markdown) if m.startswith("| suspension scheduled to end |"))
    assert "| 2026-11-10 | 7 |" in table and "| 2026-11-27 | 1 |" in table
    gantt = chart_specs(app)["lifecycle_timeline"]
    ends = next(t for t in gantt["data"] if t.get("name") == "Scheduled end of a suspension")
    assert [x[:10] for x in ends["x"]].count("2026-11-10") == 9  # Nos. 21, 55-58, 61, 62 and two suspensions
    context = gantt["layout"]["title"]["text"].replace("<br>", " ")
    assert "× suspensions scheduled to end 2026-11-10 and 2026-11-27 — passed; what followed is not in the data" \
        in context.replace("</sup> <sup>", " ")
    assert any("2026-11-10 — passed; what followed is not in the data" in h for h in ends["customdata"])
    names = {t.get("name") for t in gantt["data"]}
    assert "Suspension's scheduled end passed; what followed is not in the data" in names
    assert "Reported, unconfirmed (moves no date)" in names


def test_live_chart_after_the_horizon_has_a_legend_and_a_title_that_says_what_it_shows():
    app = open_page("pages/export_controls.py", {"as_of": "2026-11-29"})
    live = chart_specs(app)["live_by_mineral"]
    assert live["layout"]["showlegend"] is True
    assert all(trace.get("showlegend") for trace in live["data"])
    title = live["layout"]["title"]["text"].replace("<br>", " ")
    assert "live at the data horizon (2026-07-24)" in title and "state on 2026-11-29 is not in the data" in title
    listing = next(m for m in _texts(app.markdown) if m.startswith("| title | state on the date |"))
    assert "Suspension scheduled to end 2026-11-27 — passed; what followed is not in the data" in listing


def test_event_detail_says_the_passed_end_and_a_reported_row_says_unconfirmed():
    app = open_page("pages/export_controls.py", {"as_of": "2026-11-29", "ec_sel": "superhard-ann55-2025"})
    assert_clean(app)
    texts = _texts(app.markdown)
    assert any("Suspension scheduled to end 2026-11-10 — passed; what followed is not in the data on 2026-11-29"
               in t for t in texts)
    assert any("Suspension scheduled to end:** 2026-11-10 — passed" in t for t in texts)
    app = open_page("pages/export_controls.py", {"as_of": "2026-11-29", "ec_sel": "reported-truce-extension-2026-09"})
    texts = _texts(app.markdown)
    assert any("— Reported, unconfirmed on 2026-11-29" in t for t in texts)
    assert any("Confidence:** reported, unconfirmed —" in t for t in texts)


def test_before_the_horizon_no_cliff_is_shown():
    app = open_page("pages/export_controls.py", {"as_of": "2026-06-01"})
    assert_clean(app)
    assert not any("scheduled to end" in w for w in _texts(app.warning))
    title = chart_specs(app)["live_by_mineral"]["layout"]["title"]["text"].replace("<br>", " ")
    assert "live on 2026-06-01 (in force or suspended)" in title


def test_overview_counts_and_names_the_passed_cliffs():
    app = open_page(None, {"as_of": "2026-11-29"})
    assert_clean(app)
    assert CLIFFS in _texts(app.warning)
    # 21 measures unknown after the horizon plus 8 past a suspension's scheduled end (tests/topics).
    assert "On 2026-11-29: 29 measures of unknown state, 8 of them past a suspension's scheduled end." in _texts(
        app.caption)


def test_overview_scorecard_on_two_dates():
    app = open_page(None, {"as_of": "2026-11-29"})
    texts = _texts(app.markdown)
    # The framework's two dated commitments (2026-04-26 and 2026-04-28) have fallen due, evidence unknown.
    assert ("On 2026-11-29, 2 of the framework's 4 commitments had fallen due: 0 met, 0 missed, 2 unknown; no "
            "project has evidence of financing under it and no money is stated as committed.") in texts
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Due by 2026-11-29"] == "2 of 4"
    assert metrics["Projects financed"] == "0"
    table = next(t for t in texts if t.startswith("| commitment | due | on 2026-11-29 |"))
    assert "| no due date | no due date |" in table and "| 2026-02-04 |" in table
    assert any("No money is stated as committed" in c for c in _texts(app.caption))
    early = open_page(None, {"as_of": "2026-03-01"})
    assert {m.label: m.value for m in early.metric}["Due by 2026-03-01"] == "0 of 4"


def test_agreements_show_the_kind_of_money_and_deadlines_as_precise_as_their_text():
    app = open_page("pages/agreements.py", {"as_of": "2026-11-29", "ag_sel": "us-aus-framework-2025"})
    assert_clean(app)
    grid = app.dataframe[0].value
    assert set(grid["money_kind"].dropna()) <= {"committed", "pipeline, not committed",
                                                   "project value, not committed"}
    assert grid["money_kind"].notna().sum() == grid["money_amount"].notna().sum() > 0
    texts = _texts(app.markdown)
    assert any("Money:** 8,500,000,000 USD — pipeline (deals or projects announced or expected; not committed)"
               in t for t in texts)
    tracker = next(t for t in texts if t.startswith("| commitment | due |"))
    assert "| 2026-04-26 |" in tracker and "| no due date |" in tracker


def test_dependencies_show_bounds_on_the_charts_and_the_map_table():
    app = open_page("pages/dependencies.py", {"dp_mineral": "graphite", "dp_stage": "processing"})
    assert_clean(app)
    table = next(t for t in _texts(app.markdown) if t.startswith("| country | share |"))
    assert "| CHN | ≥" in table
    bars = chart_specs(app)["concentration_by_stage"]["data"]
    china = next(t for t in bars if t["name"] == "CHN")
    assert any(text.startswith("≥") for text in china["text"])
