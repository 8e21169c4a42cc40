"""Scenario-page controls for the rows of scenario_assumptions: one widget per parameter, chosen by unit,
and the table of every assumption with its current value, label and source."""
from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from lib.app import ui
from lib.links.controls import PARAM_PREFIX

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


@lru_cache(maxsize=32)
def assumption_table(data, params: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    """Every assumption with its default and current value (`params`: the user's changed values)."""
    assumptions = data.table("scenario_assumptions")
    table = assumptions[["param_id", "label", "value", "unit", "lever", "chain_id", "importer", "confidence",
                         "rationale", "source_name", "source_url"]].copy()
    changed = dict(params)
    table.insert(3, "current", [changed.get(p, v) for p, v in zip(table["param_id"], table["value"])])
    return table.rename(columns={"value": "default"})
