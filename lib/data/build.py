"""Builds data/*.parquet and data/manifest.json from the human-editable CSV files in data/sources/.

    python -m lib.data.build            # validate the CSVs, then write the parquet tables and the release
    python -m lib.data.build --check    # exit 1 if data/ is out of date with data/sources/

Each build keeps its data version as an immutable release in data/releases/<version>/ with a row-level
diff against the release before it (lib/data/releases.py), and writes the What-changed feed
(static/changes.atom, static/changes.json; lib/data/feed.py). data/*.parquet are the current release.

The parquet files carry the data dictionary (unit and meaning of every column) in their metadata,
so the tables explain themselves wherever they travel.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.data import feed, releases
from lib.data.load import arrow_to_frame
from lib.data.schema import TABLES, Table, data_dictionary_markdown
from lib.data.rules import Problem, check_columns, check_references, check_values, coerce_text_table

REPO = Path(__file__).resolve().parents[2]
SOURCES_DIR = REPO / "data" / "sources"
DATA_DIR = REPO / "data"
STATIC_DIR = REPO / "static"
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


def dataset_fields(sources_dir: Path) -> dict:
    return json.loads((sources_dir / DATASET_FILE).read_text(encoding="utf-8"))


def manifest_for(dataset: dict, release: releases.Release, arrows: dict[str, pa.Table]) -> dict:
    """data/manifest.json: the current release's manifest, with the tables in data/ itself."""
    return {**dataset, "version": release.version, "released": release.released, "previous": release.previous,
            "tables": {name: {"rows": arrow.num_rows, "file": f"{name}.parquet"} for name, arrow in arrows.items()}}


def to_arrow(df: pd.DataFrame, table: Table) -> pa.Table:
    arrow = pa.Table.from_pandas(df[list(table.column_names)], preserve_index=False)
    fields = [field.with_metadata({"unit": table.column(field.name).unit,
                                   "meaning": table.column(field.name).meaning})
              for field in arrow.schema]
    schema = pa.schema(fields, metadata={"table": table.name, "description": table.description})
    return arrow.cast(schema)


def write_outputs(arrows: dict[str, pa.Table], manifest: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, arrow in arrows.items():
        pq.write_table(arrow, out_dir / f"{name}.parquet")
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def build(sources_dir: Path = SOURCES_DIR, out_dir: Path = DATA_DIR, static_dir: Path | None = STATIC_DIR,
          today: dt.date | None = None) -> list[Problem]:
    """Validate the sources and, if no error was found, keep them as a release (once per version), write the
    current tables and manifest to out_dir and the feed of changes to static_dir."""
    tables, problems = read_sources(sources_dir)
    if any(p.severity == "error" for p in problems):
        return problems
    arrows = {name: to_arrow(df, TABLES[name]) for name, df in tables.items()}
    dataset = dataset_fields(sources_dir)
    release = releases.make_release(out_dir, dataset, source_version(sources_dir), arrows,
                                    {name: TABLES[name].id_column for name in arrows}, arrow_to_frame,
                                    today or dt.date.today())
    write_outputs(arrows, manifest_for(dataset, release, arrows), out_dir)
    if static_dir is not None:
        feed.write_feed(out_dir, static_dir)
    return problems


def drift(sources_dir: Path = SOURCES_DIR, data_dir: Path = DATA_DIR, static_dir: Path | None = STATIC_DIR
          ) -> list[str]:
    """Differences between data/ and a fresh build of data/sources/ (empty list when in step). The release of
    the current version must be kept, equal to the sources; the feed must be current."""
    tables, problems = read_sources(sources_dir)
    if any(p.severity == "error" for p in problems):
        return [f"sources do not build: {p}" for p in problems if p.severity == "error"]
    arrows = {name: to_arrow(df, TABLES[name]) for name, df in tables.items()}
    version = source_version(sources_dir)
    release = next((r for r in releases.read_index(data_dir) if r.version == version), None)
    differences = []
    if release is None:
        differences.append(f"no release kept for data version {version} in {releases.RELEASES_DIR}/; "
                           f"{MANIFEST} differs from a fresh build")
    else:
        fresh_manifest = manifest_for(dataset_fields(sources_dir), release, arrows)
        shipped_path = data_dir / MANIFEST
        if not shipped_path.exists() or json.loads(shipped_path.read_text(encoding="utf-8")) != fresh_manifest:
            differences.append(f"{MANIFEST} differs from a fresh build")
    for name, arrow in arrows.items():
        shipped = data_dir / f"{name}.parquet"
        if not shipped.exists():
            differences.append(f"{name}.parquet is missing")
        elif not pq.read_table(shipped).equals(arrow, check_metadata=True):
            differences.append(f"{name}.parquet differs from {name}.csv")
        kept = releases.read_release_table(data_dir, version, name) if release else None
        if release is not None and (kept is None or not kept.equals(arrow, check_metadata=True)):
            differences.append(f"release {version}: {name} differs from {name}.csv")
    if static_dir is not None and feed.stale_files(data_dir, static_dir):
        differences.append("the feed in static/ is out of date: " + ", ".join(feed.stale_files(data_dir, static_dir)))
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
