"""One widget per row of scenario_assumptions, chosen by its unit, with its label and source as help."""
from __future__ import annotations

import math

from lib.app import controls
from lib.links.controls import ASSUMPTION_KEY_PREFIX
from lib.markdown import escape_markdown

STEPS = {"fraction": 0.01, "fraction/yr": 0.001, "days": 5.0, "days/yr": 5.0, "years": 1.0, "year": 1.0,
         "months": 1.0}


def parameter_control(row) -> None:
    key = ASSUMPTION_KEY_PREFIX + row.param_id
    help_text = escape_markdown(f"{row.confidence}: {row.rationale} — source: {row.source_name}")
    if row.unit == "flag":
        controls.toggle(key, help=help_text)
    elif row.unit in STEPS:
        fmt = "%.3f" if row.unit == "fraction/yr" else ("%.2f" if row.unit == "fraction" else "%.0f")
        controls.slider(key, step=STEPS[row.unit], format=fmt, help=help_text)
    else:
        step = 10.0 ** max(0, math.floor(math.log10(max(float(row.value), 1.0))) - 1)
        controls.number(key, step=step, format="%.0f", help=help_text)
