"""The Sources page's table overview and column catalogue."""
from __future__ import annotations

import pandas as pd

from lib.data.load import Dataset, Manifest
from lib.data.schema import TABLES
from lib.data.catalogue import column_catalogue, table_overview
from lib.data.schema import CONFIDENCE_LABELS
from lib.data.rules import Problem


def test_overview_counts_rows_confidence_and_distinct_sources():
    agreements = pd.DataFrame({"confidence": ["verified", "verified", "assumption"],
                               "source_url": ["https://a.example", "https://a.example", "https://b.example"]})
    warning = Problem("agreements.parquet", "summary", "x", "rule", "a warning", severity="warning")
    data = Dataset("synthetic", {"agreements": agreements}, {"agreements": (warning,)}, Manifest())
    overview = table_overview(data).set_index("table")
    assert list(overview.index) == list(TABLES), "one line per table of the schema, in its order"
    # Three rows: two verified, one assumption; two distinct URLs; one warning and no error.
    assert overview.loc["agreements"].to_dict() == {
        "rows": 3, "validation": "warnings", "problems": 1, "verified": 2, "partly_verified": 0, "derived": 0,
        "assumption": 1, "reported": 0, "sources": 2}
    # A table that did not load is named unusable, with nothing counted.
    assert overview.loc["export_controls", ["rows", "validation", "sources"]].tolist() == [0, "unusable", 0]


def test_overview_of_the_shipped_data_adds_up(dataset):
    overview = table_overview(dataset).set_index("table")
    for name, line in overview.iterrows():
        assert line["validation"] in ("valid", "warnings")
        assert line[list(CONFIDENCE_LABELS)].sum() == line["rows"] == len(dataset.table(name)), name


def test_column_catalogue_follows_the_schema():
    table = TABLES["export_controls"]
    catalogue = column_catalogue(table)
    assert catalogue["column"].tolist() == list(table.column_names)
    status = catalogue.set_index("column").loc["status"]
    assert set(status["allowed"].split(", ")) == set(table.column("status").allowed)
