"""What the Sources page shows about the tables: one line per table and the schema of one table."""
from __future__ import annotations

import pandas as pd

from lib.data.load import Dataset
from lib.data.schema import CONFIDENCE_LABELS, TABLES, Table


def table_overview(data: Dataset) -> pd.DataFrame:
    """Per table: rows, validation state, problems found, rows per confidence label, distinct source URLs."""
    lines = []
    for name in TABLES:
        frame = data.table(name)
        problems = len(data.errors(name)) + len(data.warnings(name))
        mix = frame["confidence"].value_counts() if frame is not None else pd.Series(dtype=int)
        lines.append({"table": name, "rows": 0 if frame is None else len(frame),
                      "validation": _validation_state(frame, data.warnings(name)), "problems": problems,
                      **{label: int(mix.get(label, 0)) for label in CONFIDENCE_LABELS},
                      "sources": 0 if frame is None else int(frame["source_url"].nunique())})
    return pd.DataFrame(lines)


def _validation_state(frame: pd.DataFrame | None, warnings: list) -> str:
    if frame is None:
        return "unusable"
    return "warnings" if warnings else "valid"


def column_catalogue(table: Table) -> pd.DataFrame:
    """The table's columns as the data dictionary describes them."""
    return pd.DataFrame([{"column": c.name, "type": c.kind, "unit": c.unit, "required": "yes" if c.required else "no",
                          "allowed": ", ".join(c.allowed), "meaning": c.meaning} for c in table.columns])
