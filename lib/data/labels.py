"""Names shown for codes: importers, parties and the ids of tables. One home for each, so every page,
chart and export says the same thing."""
from __future__ import annotations

import pandas as pd

FRAMEWORK_ID = "us-jpn-cm-framework-2025"  # the agreements row of the 2025 US–Japan framework
POOLED_IMPORTER = "USA+JPN"  # both countries' demand together
IMPORTER_NAMES = {"USA": "United States", "JPN": "Japan", POOLED_IMPORTER: "US and Japan together"}
IMPORTER_POSSESSIVE = {"USA": "the United States'", "JPN": "Japan's", POOLED_IMPORTER: "the US and Japan's combined"}
PARTY_NAMES = {"USA": "the United States", "JPN": "Japan"}


def importer_parties(importer: str) -> tuple[str, ...]:
    """The countries an importer code stands for: 'USA+JPN' is both."""
    return tuple(importer.split("+"))


def parties_in_words(importer: str) -> str:
    return " or ".join(PARTY_NAMES.get(code, code) for code in importer_parties(importer))


def names(table: pd.DataFrame | None, id_column: str, name_column: str = "name") -> dict[str, str]:
    """id -> display name for a table (empty when the table is unusable)."""
    if table is None:
        return {}
    return dict(zip(table[id_column], table[name_column]))
