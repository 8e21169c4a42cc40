"""Scenario-page controls for the rows of scenario_assumptions: one widget per parameter, chosen by unit,
and the table of every assumption with its current value, label and source."""
from __future__ import annotations

import math

import pandas as pd

from lib import ui
from lib.control_specs import PARAM_PREFIX

STEPS = {"fraction": 0.01, "fraction/yr": 0.001, "days": 5.0, "years": 1.0, "year": 1.0, "months": 1.0}


def parameter_control(row) -> None:
    key = PARAM_PREFIX + row.param_id
    help_text = f"{row.confidence}: {row.rationale} — source: {row.source_name}"
    if row.unit in STEPS:
        fmt = "%.3f" if row.unit == "fraction/yr" else ("%.2f" if row.unit == "fraction" else "%.0f")
        ui.slider(key, step=STEPS[row.unit], format=fmt, help=help_text)
    else:
        step = 10.0 ** max(0, math.floor(math.log10(max(float(row.value), 1.0))) - 1)
        ui.number(key, step=step, format="%.0f", help=help_text)


def assumption_table(assumptions: pd.DataFrame, current: dict) -> pd.DataFrame:
    table = assumptions[["param_id", "label", "value", "unit", "lever", "chain_id", "importer", "confidence",
                         "rationale", "source_name", "source_url"]].copy()
    table.insert(3, "current", [current.get(PARAM_PREFIX + p) for p in table["param_id"]])
    table["current"] = table["current"].fillna(table["value"])
    return table.rename(columns={"value": "default"})
