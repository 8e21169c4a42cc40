"""Checks a data directory the way the app does and prints every problem.

    python -m lib.data.validate [DATA_DIR]            # default: $CM_DATA_DIR or ./data
    python -m lib.data.validate --counts [DATA_DIR]   # provenance counts: rows by source tier and by confidence

The checks are the loader's: file sizes, column types, values, references, the manifest's years, and the
scenario model's own input checks on the default inputs and every shock preset. It also lists (as NOTE
lines, not failures) the control ends the model would reject, which the app's controls must not offer.

Exits 1 when any table or the manifest has an error, 0 otherwise (warnings are printed but do not fail),
and 2 when the check itself could not run.
"""
from __future__ import annotations

import sys
import unicodedata

import pandas as pd

from lib.data.load import Dataset, load_dataset
from lib.data.schema import CONFIDENCE_LABELS, SOURCE_TIERS, TABLES

OFFICIAL_SHARE_TABLES = ("export_controls", "agreements")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    counts = bool(args) and args[0] == "--counts"
    directory = (args[1:] if counts else args)[0] if len(args) > counts else None
    try:
        dataset = load_dataset(directory)
        if counts:
            print("\n".join(safe(line) for line in counts_report(dataset).split("\n")))
            return 1 if dataset.errors(*TABLES) else 0
        return report(dataset)
    except Exception as err:  # why: the validator must end with a message, never a traceback
        print(f"Validation could not run: {type(err).__name__}: {safe(str(err))[:300]}")
        return 2


def report(dataset: Dataset) -> int:
    print(f"Data directory: {safe(dataset.data_dir)}")
    print(f"Version {safe(dataset.manifest.version)}; sources current to {dataset.manifest.horizon or 'unknown'}")
    for problems in dataset.problems.values():
        for problem in problems:
            print(f"{problem.severity.upper()}: {safe(str(problem))}")
    for name in TABLES:
        rows = len(dataset.tables[name]) if name in dataset.tables else 0
        print(f"  {name:<22} {'ok' if name in dataset.tables else 'UNUSABLE':<9} {rows} rows")
    for note in control_notes(dataset):
        print(f"NOTE: {safe(note)}")
    failed = bool(dataset.errors(*TABLES, "manifest"))
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
             "", "Share of rows whose source_url is an official publication (source_tier official):"]
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


def safe(text: str) -> str:
    """Data text printed to a terminal: control and format characters (escape sequences, bidi overrides)
    shown as \\uXXXX so a value cannot rewrite the report or the terminal."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
                   for ch in text)


def control_notes(dataset: Dataset) -> list[str]:
    """Scenario controls whose lowest or highest value the model rejects (a reader can reach it in the app)."""
    from lib.scenario.inputs import Overrides, inputs_from
    from lib.scenario.model import ModelInputError, check_inputs

    names = ("chains", "supply_projects", "scenario_assumptions", "dependency_shares")
    if dataset.missing(*names):
        return []
    tables = _tables_by_chain(dataset)
    notes = []
    rows = dataset.table("scenario_assumptions")
    for row in rows[rows["lever"] != "shock"].itertuples(index=False):
        for end, value in (("ui_min", row.ui_min), ("ui_max", row.ui_max)):
            try:
                check_inputs(inputs_from(tables.get(row.chain_id, tables[None]),
                                         Overrides(params=((row.param_id, float(value)),)),
                                         dataset.manifest.base_year, dataset.manifest.end_year))
            except ModelInputError as err:
                notes.append(f"control '{row.param_id}' at its {end} {value:g} is rejected by the model ({err}); "
                             "the app must not offer it")
    return notes


def _tables_by_chain(dataset: Dataset) -> dict:
    """The tables' part of the model inputs for every chain alone (a chain's own parameter is checked on that
    chain) and for all chains (key None), worked out once; producer shares are read by no input check."""
    from lib.scenario.inputs import table_inputs

    chains, projects = dataset.table("chains"), dataset.table("supply_projects")
    assumptions, no_shares = dataset.table("scenario_assumptions"), dataset.table("dependency_shares").iloc[0:0]
    tables = {None: table_inputs(chains, projects, assumptions, no_shares)}
    for chain_id in chains["chain_id"]:
        tables[chain_id] = table_inputs(chains[chains["chain_id"] == chain_id],
                                        projects[projects["chain_id"] == chain_id], assumptions, no_shares)
    return tables


if __name__ == "__main__":
    sys.exit(main())
