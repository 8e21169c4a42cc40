"""Builds data/*.parquet and data/manifest.json from the human-editable CSV files in data/sources/.

    python -m lib.data.build            # validate the CSVs, then write the parquet tables
    python -m lib.data.build --check    # exit 1 if data/ is out of date with data/sources/

The parquet files carry the data dictionary (unit and meaning of every column) in their metadata,
so the tables explain themselves wherever they travel.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.data.schema import TABLES, Table, data_dictionary_markdown
from lib.data.rules import Problem, check_columns, check_references, check_values, coerce_text_table

REPO = Path(__file__).resolve().parents[2]
SOURCES_DIR = REPO / "data" / "sources"
DATA_DIR = REPO / "data"
MANIFEST = "manifest.json"
DATASET_FILE = "dataset.json"
DICTIONARY_DOC = REPO / "docs" / "data_dictionary.md"
CSV_FIRST_DATA_LINE = 2  # line 1 is the header


def read_sources(sources_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and type every source CSV; return the typed tables and every problem found."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, table in TABLES.items():
        typed, found = _read_one_csv(sources_dir / f"{name}.csv", table)
        problems += found
        if typed is not None:
            tables[name] = typed
    files = {name: f"{name}.csv" for name in tables}
    for found in check_references(tables, files, CSV_FIRST_DATA_LINE).values():
        problems += found
    return tables, problems


def _read_one_csv(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    file = path.name
    if not path.exists():
        return None, [Problem(file, "", "", "missing_file", f"file not found at {path}")]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        return None, [Problem(file, "", "", "unreadable_file", f"cannot be read as CSV: {err}")]
    problems = check_columns(raw, table, file)
    typed, parse_problems = coerce_text_table(raw, table, file, CSV_FIRST_DATA_LINE)
    problems += parse_problems
    problems += check_values(typed, table, file, CSV_FIRST_DATA_LINE)
    return typed, problems


def source_version(sources_dir: Path) -> str:
    """Short hash of every source file: the data version shown in the app and carried in links."""
    digest = hashlib.sha256()
    for path in sorted(sources_dir.glob("*.csv")) + [sources_dir / DATASET_FILE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def manifest_for(sources_dir: Path, tables: dict[str, pd.DataFrame]) -> dict:
    dataset = json.loads((sources_dir / DATASET_FILE).read_text(encoding="utf-8"))
    return {
        **dataset,
        "version": source_version(sources_dir),
        "tables": {name: {"rows": len(df), "file": f"{name}.parquet"} for name, df in tables.items()},
    }


def to_arrow(df: pd.DataFrame, table: Table) -> pa.Table:
    arrow = pa.Table.from_pandas(df[list(table.column_names)], preserve_index=False)
    fields = [field.with_metadata({"unit": table.column(field.name).unit,
                                   "meaning": table.column(field.name).meaning})
              for field in arrow.schema]
    schema = pa.schema(fields, metadata={"table": table.name, "description": table.description})
    return arrow.cast(schema)


def write_outputs(tables: dict[str, pd.DataFrame], manifest: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        pq.write_table(to_arrow(df, TABLES[name]), out_dir / f"{name}.parquet")
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def build(sources_dir: Path = SOURCES_DIR, out_dir: Path = DATA_DIR) -> list[Problem]:
    """Validate the sources and, if no error was found, write the parquet tables and manifest."""
    tables, problems = read_sources(sources_dir)
    if any(p.severity == "error" for p in problems):
        return problems
    write_outputs(tables, manifest_for(sources_dir, tables), out_dir)
    return problems


def drift(sources_dir: Path = SOURCES_DIR, data_dir: Path = DATA_DIR) -> list[str]:
    """Differences between data/ and a fresh build of data/sources/ (empty list when in step)."""
    with tempfile.TemporaryDirectory() as tmp:
        problems = build(sources_dir, Path(tmp))
        if any(p.severity == "error" for p in problems):
            return [f"sources do not build: {p}" for p in problems if p.severity == "error"]
        differences = []
        fresh_manifest = json.loads((Path(tmp) / MANIFEST).read_text(encoding="utf-8"))
        shipped_path = data_dir / MANIFEST
        if not shipped_path.exists() or json.loads(shipped_path.read_text(encoding="utf-8")) != fresh_manifest:
            differences.append(f"{MANIFEST} differs from a fresh build")
        for name in TABLES:
            shipped = data_dir / f"{name}.parquet"
            if not shipped.exists():
                differences.append(f"{name}.parquet is missing")
            elif not pq.read_table(shipped).equals(pq.read_table(Path(tmp) / f"{name}.parquet"), check_metadata=True):
                differences.append(f"{name}.parquet differs from {name}.csv")
        if DICTIONARY_DOC.read_text(encoding="utf-8") != data_dictionary_markdown() + "\n":
            differences.append(f"{DICTIONARY_DOC.name} differs from lib/data/schema.py")
        return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether data/ is in step with sources")
    args = parser.parse_args(argv)
    if args.check:
        differences = drift()
        for line in differences:
            print(line)
        print("data/ is in step with data/sources/" if not differences else "run: python -m lib.data.build")
        return 1 if differences else 0
    problems = build()
    for problem in problems:
        print(f"{problem.severity.upper()}: {problem}")
    if any(p.severity == "error" for p in problems):
        print("Nothing was written. Fix the errors above and run again.")
        return 1
    DICTIONARY_DOC.write_text(data_dictionary_markdown() + "\n", encoding="utf-8")
    print(f"Wrote {len(TABLES)} tables to {DATA_DIR} (version {source_version(SOURCES_DIR)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
