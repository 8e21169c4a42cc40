"""Checks a data directory the way the app does and prints every problem.

    python -m lib.validate [DATA_DIR]            # default: $CM_DATA_DIR or ./data
    python -m lib.validate --counts [DATA_DIR]   # provenance counts: rows by source tier and by confidence

Exits 1 when any table has an error, 0 otherwise (warnings are printed but do not fail).
"""
from __future__ import annotations

import sys

import pandas as pd

from lib.data_loading import Dataset, load_dataset
from lib.schema import CONFIDENCE_LABELS, SOURCE_TIERS, TABLES

OFFICIAL_SHARE_TABLES = ("export_controls", "agreements")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    counts = bool(args) and args[0] == "--counts"
    dataset = load_dataset((args[1:] if counts else args)[0] if len(args) > counts else None)
    if counts:
        print(counts_report(dataset))
        return 1 if dataset.errors(*TABLES) else 0
    print(f"Data directory: {dataset.data_dir}")
    print(f"Version {dataset.manifest.version}; sources current to {dataset.manifest.horizon or 'unknown'}")
    for problems in dataset.problems.values():
        for problem in problems:
            print(f"{problem.severity.upper()}: {problem}")
    for name in TABLES:
        rows = len(dataset.tables[name]) if name in dataset.tables else 0
        print(f"  {name:<22} {'ok' if name in dataset.tables else 'UNUSABLE':<9} {rows} rows")
    failed = bool(dataset.errors(*TABLES))
    print("Validation failed." if failed else "All tables valid.")
    return 1 if failed else 0


def provenance_counts(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Rows by source tier and by confidence label, one row per table plus a total; every label a column."""
    def crosstab(column: str, labels: tuple[str, ...]) -> pd.DataFrame:
        frame = pd.DataFrame({name: df[column].value_counts() for name, df in tables.items()}).T
        frame = frame.reindex(columns=list(labels)).fillna(0).astype(int)
        frame.loc["total"] = frame.sum()
        frame["rows"] = frame.sum(axis=1)
        return frame
    return {"source_tier": crosstab("source_tier", SOURCE_TIERS),
            "confidence": crosstab("confidence", CONFIDENCE_LABELS)}


def official_share(frame: pd.DataFrame) -> float:
    return float((frame["source_tier"] == "official").mean()) if len(frame) else 0.0


def counts_report(dataset: Dataset) -> str:
    usable = {name: dataset.tables[name] for name in TABLES if name in dataset.tables}
    counts = provenance_counts(usable)
    lines = [f"Provenance counts for {dataset.data_dir} (version {dataset.manifest.version}; sources current to "
             f"{dataset.manifest.horizon or 'unknown'})", "", "Rows by source tier:", counts["source_tier"].to_string(),
             "", "Share of rows whose source_url is the official text:"]
    for name in OFFICIAL_SHARE_TABLES:
        if name in usable:
            frame = usable[name]
            official = int((frame["source_tier"] == "official").sum())
            lines.append(f"  {name:<16} {official} of {len(frame)} = {official_share(frame):.0%}")
    lines += ["", "Rows by confidence ('reported' = reported, unconfirmed):", counts["confidence"].to_string()]
    missing = [name for name in TABLES if name not in usable]
    if missing:
        lines += ["", "Not counted (table unusable, run without --counts for the reason): " + ", ".join(missing)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
