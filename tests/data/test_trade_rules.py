"""trade_flows and control_hs_links: one broken row per rule, each caught with the rule's name; the shipped
crosswalk and flows hang together."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.data.load import load_dataset
from tests.conftest import read_table, set_cell, write_table


def broken(directory, name, mutate):
    frame = read_table(directory, name)
    write_table(directory, name, mutate(frame))
    return load_dataset(directory)


def rules_hit(data, name) -> set[str]:
    return {p.rule for p in data.errors(name)}


def duplicate_first_row(frame):
    copy = frame.iloc[[0]].assign(row_id="a-second-row-for-the-same-month")
    return pd.concat([frame, copy], ignore_index=True)


def first_zero_row(frame) -> int:
    return int(frame.index[frame["quantity"] == 0][0])


CASES = [
    ("unit outside the allowed units", set_cell("unit", "tonnes"), "allowed_values"),
    ("quantity without a unit", set_cell("unit", None), "paired_value"),
    ("value without a currency", set_cell("value", 1000.0), "paired_value"),
    ("month not the first day", set_cell("month", pd.Timestamp("2025-06-15")), "month_start"),
    ("release before the month", set_cell("release_date", pd.Timestamp("2020-01-01")), "date_order"),
    ("duplicate reporter-partner-line-flow-month", duplicate_first_row, "duplicate_key"),
    ("one code with two names", set_cell("product", "Another name for the same line", row=1), "one_name_per_code"),
    ("neither quantity nor value", lambda f: set_cell("unit", None)(set_cell("quantity", None)(f)), "any_of"),
    ("malformed HS code", set_cell("hs_code", "85O5.11"), "hs_code_form"),
    ("chain that does not exist", set_cell("chain_id", "no_such_chain"), "reference"),
]


@pytest.mark.parametrize("case, mutate, rule", CASES, ids=[c[0] for c in CASES])
def test_each_trade_rule_catches_its_break(data_copy, case, mutate, rule):
    assert rule in rules_hit(broken(data_copy, "trade_flows", mutate), "trade_flows")


def test_a_zero_without_a_note_is_refused_and_a_noted_zero_passes(data_copy, dataset):
    flows = dataset.table("trade_flows")
    noted = flows[flows["quantity"] == 0]
    assert not noted.empty and noted["confidence_note"].str.contains("source reports zero", case=False).all()

    def strip_note(frame):
        frame.loc[first_zero_row(frame), "confidence_note"] = "no figure"
        return frame
    assert "zero_needs_note" in rules_hit(broken(data_copy, "trade_flows", strip_note), "trade_flows")


def test_a_crosswalk_event_missing_from_export_controls_is_refused(data_copy):
    data = broken(data_copy, "control_hs_links", set_cell("event_id", "no-such-event-2099"))
    assert "reference" in rules_hit(data, "control_hs_links")


def test_every_crosswalk_event_exists_in_export_controls(dataset):
    links, events = dataset.table("control_hs_links"), dataset.table("export_controls")
    assert set(links["event_id"]) <= set(events["event_id"])


def test_every_hs_code_has_one_non_empty_name(dataset):
    for table in ("trade_flows", "control_hs_links"):
        names = dataset.table(table).groupby("hs_code")["product"].agg(lambda s: set(s.dropna().str.strip()))
        assert names.map(len).eq(1).all() and all(n and next(iter(n)) for n in names), table


def test_every_crosswalk_line_has_flows_or_a_chain(dataset):
    flows_codes = set(dataset.table("trade_flows")["hs_code"])
    assert set(dataset.table("control_hs_links")["hs_code"]) <= flows_codes


def test_shipped_flows_are_monthly_sourced_and_at_least_120(dataset):
    flows = dataset.table("trade_flows")
    assert len(flows) >= 120
    assert flows["source_url"].str.match(r"^https?://").all()
    assert (flows["month"].dt.day == 1).all()
    assert flows["month"].min() >= pd.Timestamp("2023-01-01")
    assert flows["month"].max() <= pd.Timestamp(dataset.manifest.horizon)
    derived = flows[flows["confidence"] == "derived"]
    assert derived["confidence_note"].str.contains("=").all(), "a derived figure shows its arithmetic"
