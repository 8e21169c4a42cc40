"""Loads and validates the parquet tables the app reads.

A broken table never stops the app: it is left out and its problems are kept, so each page can
say exactly what is wrong with the tables it needs while the other pages keep working.
Loads are cached on the data directory and the files' modification stamps (a small hashable key),
with a bounded cache; the frames returned are shared and must not be modified.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.data.schema import TABLES
from lib.data.rules import Problem, check_columns, check_references, check_types, check_values, normalise_types

DATA_DIR_ENV = "CM_DATA_DIR"
# Whole-number and true/false columns keep their type when some cells are empty.
_NULLABLE_TYPES = {pa.int8(): pd.Int64Dtype(), pa.int16(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(),
                   pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    title: str = "Critical-mineral exposure tables"
    horizon: dt.date | None = None
    horizon_note: str = ""
    version: str = "unknown"
    base_year: int = 2024
    end_year: int = 2035
    released: dt.date | None = None  # the day this data version was kept as a release
    previous: str | None = None  # the release before it


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per loaded directory state
class Dataset:
    data_dir: str
    tables: Mapping[str, pd.DataFrame]
    problems: Mapping[str, tuple[Problem, ...]]
    manifest: Manifest = field(default_factory=Manifest)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def errors(self, *names: str) -> list[Problem]:
        return [p for n in names for p in self.problems.get(n, ()) if p.severity == "error"]

    def warnings(self, *names: str) -> list[Problem]:
        return [p for n in names for p in self.problems.get(n, ()) if p.severity == "warning"]

    def missing(self, *names: str) -> list[str]:
        return [n for n in names if n not in self.tables]

    @property
    def ok(self) -> bool:
        return not self.errors(*TABLES, "manifest")


def data_dir_from_env() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).resolve()


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """The validated tables in data_dir (default: $CM_DATA_DIR or ./data), cached until a file changes."""
    directory = Path(data_dir).resolve() if data_dir else data_dir_from_env()
    return _load_cached(str(directory), _fingerprint(directory))


def _fingerprint(directory: Path) -> tuple:
    stamps = []
    files = table_files(directory)
    for name in [*(files[t] for t in TABLES), MANIFEST_FILE]:
        try:
            stat = (directory / name).stat()
            stamps.append((name, stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((name, None, None))
    return tuple(stamps)


# A table file is the table's own file, or the same file in a sibling release directory (lib/data/releases.py).
_TABLE_FILE = re.compile(r"(\.\./[A-Za-z0-9_-]{1,40}/)?[a-z_]{1,40}\.parquet")


def table_files(directory: Path) -> dict[str, str]:
    """Where each table's parquet file is, relative to the directory: as its manifest says for a release that
    reuses an earlier release's file, else `<table>.parquet`."""
    files = {name: f"{name}.parquet" for name in TABLES}
    try:
        listed = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8")).get("tables", {})
        for name in TABLES:
            entry = str(listed.get(name, {}).get("file", ""))
            if _TABLE_FILE.fullmatch(entry):
                files[name] = entry
    except (OSError, ValueError, AttributeError):
        pass
    return files


@lru_cache(maxsize=8)  # the current data and a few releases that links pin
def _load_cached(directory: str, fingerprint: tuple) -> Dataset:
    path = Path(directory)
    problems: dict[str, list[Problem]] = {}
    tables: dict[str, pd.DataFrame] = {}
    files = table_files(path)
    for name in TABLES:
        df, found = _load_table(path, name, files[name])
        if found:
            problems[name] = found
        if df is not None:
            tables[name] = df
    files = {name: f"{name}.parquet" for name in tables}
    for name, found in check_references(tables, files).items():
        problems.setdefault(name, []).extend(found)
        if any(p.severity == "error" for p in found):
            tables.pop(name)
    manifest, manifest_problems = _load_manifest(path)
    if manifest_problems:
        problems["manifest"] = manifest_problems
    return Dataset(str(path), MappingProxyType(tables),
                   MappingProxyType({k: tuple(v) for k, v in problems.items()}), manifest)


def _load_table(directory: Path, name: str, relative: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    table, file = TABLES[name], f"{name}.parquet"
    path = directory / relative
    if not path.exists():
        return None, [Problem(file, "", "", "missing_file", f"file not found in {directory}")]
    try:
        raw = read_parquet(path)
    except Exception as err:  # pyarrow raises several error types for damaged files
        return None, [Problem(file, "", "", "unreadable_file", f"cannot be read as parquet ({type(err).__name__}: "
                                                               f"{str(err)[:200]})")]
    problems = check_columns(raw, table, file) + check_types(raw, table, file)
    if any(p.severity == "error" for p in problems):
        return None, problems
    df = normalise_types(raw[list(table.column_names)], table)
    problems += check_values(df, table, file)
    usable = not any(p.severity == "error" for p in problems)
    return (df if usable else None), problems


def read_parquet(path: Path) -> pd.DataFrame:
    return arrow_to_frame(pq.read_table(path))


def arrow_to_frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas(types_mapper=_NULLABLE_TYPES.get)


def _load_manifest(directory: Path) -> tuple[Manifest, list[Problem]]:
    path = directory / MANIFEST_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        horizon = dt.date.fromisoformat(raw["horizon"])
        return Manifest(title=str(raw.get("title", Manifest.title)), horizon=horizon,
                        horizon_note=str(raw.get("horizon_note", "")), version=str(raw.get("version", "unknown")),
                        base_year=int(raw.get("base_year", 2024)), end_year=int(raw.get("end_year", 2035)),
                        released=_optional_date(raw.get("released")), previous=raw.get("previous") or None), []
    except FileNotFoundError:
        message = "file not found: the data horizon and version are unknown (run python -m lib.data.build)"
    except (ValueError, KeyError, TypeError) as err:
        message = f"cannot be read ({type(err).__name__}: {err}); needs at least a 'horizon' date YYYY-MM-DD"
    return Manifest(), [Problem(MANIFEST_FILE, "", "", "manifest", message, "warning")]


def _optional_date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None
