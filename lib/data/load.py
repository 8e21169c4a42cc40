"""Loads and validates the parquet tables the app reads.

A broken table never stops the app: it is left out and its problems are kept, so each page can
say exactly what is wrong with the tables it needs while the other pages keep working.
Loads are cached on the data directory and the files' modification stamps (a small hashable key),
with a bounded cache; the frames returned are shared and must not be modified. A table file whose bytes
were already read and checked in this process (the same table in a kept release, or in another copy of
the data) reuses that result: the checks depend on nothing but the bytes. One lock per directory
makes simultaneous first visitors wait for a single load instead of each loading the data again.

Nothing in a data directory can make loading raise: files and manifests over the size limits below,
values no rule foresaw and tables the scenario model cannot use all become problems naming the file.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.data.schema import TABLES
from lib.data.rules import (Problem, check_assumption_rows, check_columns, check_hardening, check_references,
                            check_types, check_url_shape, check_values, normalise_column, normalise_parquet_values)
from lib.scenario.inputs import Overrides, inputs_from, shock_presets, table_inputs
from lib.scenario.model import ModelInputError, check_inputs

DATA_DIR_ENV = "CM_DATA_DIR"
# Whole-number and true/false columns keep their type when some cells are empty.
_NULLABLE_TYPES = {pa.int8(): pd.Int64Dtype(), pa.int16(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(),
                   pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
MANIFEST_FILE = "manifest.json"
# Size limits (docs/deployment.md): the shipped tables are a few hundred rows; about 2.4 KB of memory per row
# is held once loaded, so 100 000 rows per table keeps a process well under a 2 GB container limit.
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024
FIRST_YEAR, LAST_YEAR = 2000, 2100  # base_year and end_year; the horizon lies between 1 Jan and 31 Dec
MIN_MODEL_YEARS, MAX_MODEL_YEARS = 2, 50  # the default shock falls two years after base_year
VERSION = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


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
    def shown_dir(self) -> str:
        """The data directory as readers may see it: its name only, never the server's path."""
        return Path(self.data_dir).name

    @property
    def ok(self) -> bool:
        return not self.errors(*TABLES, "manifest")


def data_dir_from_env() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR).resolve()


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """The validated tables in data_dir (default: $CM_DATA_DIR or ./data), cached until a file changes."""
    directory = Path(data_dir).resolve() if data_dir else data_dir_from_env()
    with _lock_for(str(directory)):
        return _load_cached(str(directory), _fingerprint(directory))


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(directory: str) -> threading.Lock:
    """lru_cache does not merge concurrent misses: without this, N first visitors load the data N times."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(directory, threading.Lock())


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
    manifest = directory / MANIFEST_FILE
    try:
        if not manifest.is_file() or manifest.stat().st_size > MAX_MANIFEST_BYTES:
            return files  # the manifest's own check reports it; reading a FIFO would block
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("tables", {})
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
    model_problems = _model_problems(tables, manifest)
    if model_problems:
        problems.setdefault("scenario_assumptions", []).extend(model_problems)
        tables.pop("scenario_assumptions", None)  # pages then say what is wrong instead of failing in the model
    return Dataset(str(path), MappingProxyType(tables),
                   MappingProxyType({k: tuple(v) for k, v in problems.items()}), manifest)


def _load_table(directory: Path, name: str, relative: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    table, file = TABLES[name], f"{name}.parquet"
    path = directory / relative
    if not path.exists():
        return None, [Problem(file, "", "", "missing_file", f"file not found in the data directory "
                                                            f"'{directory.name}'")]
    if not path.is_file():  # a FIFO or directory would hang or fail the reader
        return None, [Problem(file, "", "", "unreadable_file", "is not a regular file")]
    too_large = _size_problem(path, file)
    if too_large:
        return None, [too_large]
    try:
        content = path.read_bytes()  # at most MAX_FILE_BYTES, checked above
        with pq.ParquetFile(pa.BufferReader(content)) as parquet:
            too_large = _shape_problem(parquet.metadata, file)  # from the footer: refused before it is decoded
            if too_large:
                return None, [too_large]
            key = (name, hashlib.sha256(content).digest())
            known = _checked_before(key)
            if known is not None:
                return known
            raw = arrow_to_frame(parquet.read())
    except Exception as err:  # pyarrow raises several error types for damaged files
        return None, [Problem(file, "", "", "unreadable_file", f"cannot be read as parquet ({_reason(err, directory)})")]
    try:
        result = _checked(raw, table, file)
    except Exception as err:  # why: a value no rule foresaw must cost this table, never every page
        return None, [Problem(file, "", "", "unusable_table", f"could not be checked ({_reason(err, directory)})")]
    _remember_checked(key, result)
    return result


# Checked tables by (table, SHA-256 of the file): a copy of the data with one table changed, or a kept release
# that references earlier files, checks only what differs (a fresh load of such a copy: 100 ms -> about 20 ms).
# Bounded like the dataset cache (8 datasets of every table); most entries are frames a cached dataset holds.
_CHECKED: OrderedDict = OrderedDict()
_CHECKED_LIMIT = 8 * len(TABLES)
_CHECKED_LOCK = threading.Lock()


def _checked_before(key: tuple) -> tuple | None:
    with _CHECKED_LOCK:
        if key in _CHECKED:
            _CHECKED.move_to_end(key)
            df, problems = _CHECKED[key]
            return df, list(problems)
    return None


def _remember_checked(key: tuple, result: tuple) -> None:
    df, problems = result
    with _CHECKED_LOCK:
        _CHECKED[key] = (df, tuple(problems))
        while len(_CHECKED) > _CHECKED_LIMIT:
            _CHECKED.popitem(last=False)


def forget_checked_tables() -> None:
    """Empty the checked-table cache (for tests that change how tables are checked, not what they hold)."""
    with _CHECKED_LOCK:
        _CHECKED.clear()


def _reason(err: BaseException, directory: Path) -> str:
    """An exception in words for readers: short, and naming the data directory without the server's path."""
    text = str(err).replace(str(directory.resolve()), directory.name).replace(str(directory), directory.name)
    return f"{type(err).__name__}: {text[:200]}"


def _size_problem(path: Path, file: str) -> Problem | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Problem(file, "", "", "too_large", f"the file is {size / 2**20:.0f} MB; the limit is "
                                                  f"{MAX_FILE_BYTES / 2**20:.0f} MB (docs/deployment.md)")
    return None


def _shape_problem(meta: pq.FileMetaData, file: str) -> Problem | None:
    """Rows and columns from the file's footer, so an oversized table is refused before it is read."""
    if meta.num_rows > MAX_ROWS or meta.num_columns > MAX_COLUMNS:
        return Problem(file, "", "", "too_large", f"the table has {meta.num_rows} rows and {meta.num_columns} "
                                                  f"columns; the limits are {MAX_ROWS} rows and {MAX_COLUMNS} columns "
                                                  "(docs/deployment.md)")
    return None


def _checked(raw: pd.DataFrame, table, file: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    raw, problems = normalise_parquet_values(raw, table, file)
    problems += check_columns(raw, table, file) + check_types(raw, table, file)
    if any(p.severity == "error" for p in problems):
        return None, problems
    df, converted = _normalised(raw[list(table.column_names)], table, file)
    problems += converted
    if converted:
        return None, problems
    problems += check_values(df, table, file)
    if not df.empty:
        problems += check_hardening(df, table, file) + check_url_shape(df, table, file)
    usable = not any(p.severity == "error" for p in problems)
    return (df if usable else None), problems


def _normalised(df: pd.DataFrame, table, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Normalise one column at a time, so a value that cannot be converted is reported with its column."""
    columns, problems = {}, []
    for name in table.column_names:
        try:
            columns[name] = normalise_column(df[name], table.column(name).kind)
        except Exception as err:
            problems.append(Problem(file, name, "", "type", f"values cannot be converted to "
                                                            f"{table.column(name).kind} ({type(err).__name__})"))
    return pd.DataFrame(columns, index=df.index), problems


def read_parquet(path: Path) -> pd.DataFrame:
    with pq.ParquetFile(path) as parquet:  # a single file: twice as fast as pq.read_table's dataset reader
        return arrow_to_frame(parquet.read())


def arrow_to_frame(table: pa.Table) -> pd.DataFrame:
    # date32/date64 columns arrive as datetime64 like the build's timestamps, not as Python date objects.
    return table.to_pandas(types_mapper=_NULLABLE_TYPES.get, date_as_object=False)


def _load_manifest(directory: Path) -> tuple[Manifest, list[Problem]]:
    path = directory / MANIFEST_FILE
    try:
        if path.exists() and not path.is_file():  # reading a FIFO would block the first visitor forever
            raise ValueError("it is not a regular file")
        if path.is_file() and path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"the file is larger than {MAX_MANIFEST_BYTES // 1024} KB")
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise TypeError("the file must hold one JSON object")
        horizon = dt.date.fromisoformat(raw["horizon"])
        manifest = Manifest(title=str(raw.get("title", Manifest.title))[:200], horizon=horizon,
                            horizon_note=str(raw.get("horizon_note", ""))[:2000],
                            version=str(raw.get("version", "unknown")), base_year=raw.get("base_year", 2024),
                            end_year=raw.get("end_year", 2035), released=_optional_date(raw.get("released")),
                            previous=_version_or_none(raw.get("previous")))
        return _checked_manifest(manifest)
    except FileNotFoundError:
        message = "file not found: the data horizon and version are unknown (run python -m lib.data.build)"
    except (ValueError, KeyError, TypeError, OSError, RecursionError) as err:  # RecursionError: deeply nested JSON
        message = f"cannot be read ({_reason(err, directory)}); needs at least a 'horizon' date YYYY-MM-DD"
    return Manifest(), [Problem(MANIFEST_FILE, "", "", "manifest", message, "warning")]


def _checked_manifest(manifest: Manifest) -> tuple[Manifest, list[Problem]]:
    """Years and horizon within sane bounds, else the defaults: the model's size and run time follow them."""
    problems = []
    base, end = manifest.base_year, manifest.end_year
    whole = all(isinstance(y, int) and not isinstance(y, bool) for y in (base, end))
    if not whole or not FIRST_YEAR <= base <= LAST_YEAR or not base + MIN_MODEL_YEARS <= end <= base + MAX_MODEL_YEARS:
        problems.append(Problem(MANIFEST_FILE, "base_year", "", "manifest_years",
                                f"base_year {str(base)[:20]} and end_year {str(end)[:20]} must be whole years with "
                                f"{FIRST_YEAR} ≤ base_year ≤ {LAST_YEAR} and base_year + {MIN_MODEL_YEARS} ≤ end_year "
                                f"≤ base_year + {MAX_MODEL_YEARS}; the model uses {Manifest.base_year}–"
                                f"{Manifest.end_year} instead"))
        manifest = _replace(manifest, base_year=Manifest.base_year, end_year=Manifest.end_year)
    earliest, latest = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
    if not earliest <= manifest.horizon <= latest:
        # Clamped rather than dropped: the export-control pages do date arithmetic on the horizon.
        clamped = min(max(manifest.horizon, earliest), latest)
        problems.append(Problem(MANIFEST_FILE, "horizon", "", "manifest_horizon",
                                f"horizon {manifest.horizon} must lie between {earliest} and {latest}; "
                                f"{clamped} is used instead"))
        manifest = _replace(manifest, horizon=clamped)
    if not VERSION.match(manifest.version):
        problems.append(Problem(MANIFEST_FILE, "version", "", "manifest_version",
                                "version must be 1–40 letters, digits, '.', '_' or '-'; shown as 'unknown'"))
        manifest = _replace(manifest, version="unknown")
    return manifest, problems


def _replace(manifest: Manifest, **changes) -> Manifest:
    return replace(manifest, **changes)


def _model_problems(tables: dict[str, pd.DataFrame], manifest: Manifest) -> list[Problem]:
    """The scenario model's own input checks on the default inputs and on every shock preset, so data that
    validates is data the Overview and Scenarios pages can model."""
    needed = ("chains", "supply_projects", "scenario_assumptions", "dependency_shares")
    if any(name not in tables for name in needed):
        return []  # the missing table is already reported; the pages show that instead
    file = "scenario_assumptions.parquet"
    problems = check_assumption_rows(tables, file)
    if problems:
        return problems
    try:
        model_tables = table_inputs(*(tables[n] for n in needed))
        for overrides in _default_overrides(tables["scenario_assumptions"]):
            check_inputs(inputs_from(model_tables, overrides, manifest.base_year, manifest.end_year))
    except ModelInputError as err:
        return [Problem(file, "", "", "model_input", f"the scenario model cannot use these tables: {err}")]
    except Exception as err:  # why: the pages call the same code; better one clear problem than a blank page
        return [Problem(file, "", "", "model_input", f"the scenario model failed on these tables "
                                                     f"({type(err).__name__}: {str(err)[:200]})")]
    return []


def _default_overrides(assumptions: pd.DataFrame) -> list[Overrides]:
    presets = [Overrides(shock_chain=p.chain_id, shock_year=p.year, shock_fraction=p.fraction,
                         shock_months=p.months, shock_importers=p.importers) for p in shock_presets(assumptions)]
    return [Overrides(), *presets]


def _version_or_none(text: object) -> str | None:
    """The previous release's version, kept only when it has a version's shape (it is shown in links)."""
    return str(text) if text and VERSION.match(str(text)) else None


def _optional_date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None
