"""Data releases: every data version kept as an immutable directory, with a row-level diff against the one
before it.

    data/releases/index.json          the releases, oldest first: version, date released, horizon, previous
    data/releases/<version>/manifest.json   like data/manifest.json, plus `released` and `previous`
    data/releases/<version>/changes.json    rows added, changed (field: before → after) and removed, with sources
    data/releases/<version>/<table>.parquet only the tables that changed in this release

A table that did not change is not copied: the release's manifest names the earlier release's file
(`"file": "../<older version>/<table>.parquet"`), which is never rewritten, so a release stays small and
still opens on its own through lib/data/load.py. data/*.parquet and data/manifest.json are the current
release. The functions that compare tables and shape the records are pure; the readers and writers at the
end touch only the releases directory given to them.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

RELEASES_DIR = "releases"
INDEX_FILE = "index.json"
MANIFEST_FILE = "manifest.json"
CHANGES_FILE = "changes.json"


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RowChange:
    table: str
    row_id: str
    kind: str  # added | changed | removed
    label: str  # the row's name or title where it has one, else its id
    source_name: str
    source_url: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Release:
    version: str
    released: str  # YYYY-MM-DD, the day the build made this release
    horizon: str
    previous: str | None
    counts: dict = field(default_factory=dict)  # added / changed / removed row counts

    @property
    def changed_rows(self) -> int:
        return sum(self.counts.values())


def cell_text(value: object) -> str:
    """One cell as plain text for comparison and display: dates as dates, no float noise, empty for missing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d") if (value.hour, value.minute, value.second) == (0, 0, 0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value)


def _rows_by_id(frame: pd.DataFrame, id_column: str) -> dict[str, dict[str, str]]:
    return {cell_text(row[id_column]): {col: cell_text(row[col]) for col in frame.columns}
            for _, row in frame.iterrows()}


def _label(row: dict[str, str], row_id: str) -> str:
    for column in ("name", "title", "label", "measure", "project_name"):
        if row.get(column):
            return row[column]
    return row_id


def diff_table(name: str, id_column: str, old: pd.DataFrame | None, new: pd.DataFrame | None) -> list[RowChange]:
    """Rows added, changed (every field that differs, before → after) and removed between two versions."""
    before = _rows_by_id(old, id_column) if old is not None else {}
    after = _rows_by_id(new, id_column) if new is not None else {}
    changes = []
    for row_id, row in after.items():
        if row_id not in before:
            changes.append(_change(name, row_id, "added", row))
        elif row != before[row_id]:
            fields = tuple(FieldChange(col, before[row_id].get(col, ""), value)
                           for col, value in row.items() if before[row_id].get(col, "") != value)
            changes.append(_change(name, row_id, "changed", row, fields))
    changes += [_change(name, row_id, "removed", row) for row_id, row in before.items() if row_id not in after]
    return changes


def _change(table: str, row_id: str, kind: str, row: dict, fields: tuple = ()) -> RowChange:
    return RowChange(table, row_id, kind, _label(row, row_id), row.get("source_name", ""), row.get("source_url", ""),
                     fields)


def count_changes(changes: list[RowChange]) -> dict[str, int]:
    return {kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "changed", "removed")}


def reused_file(previous_manifest: dict, table: str) -> str:
    """The file an unchanged table keeps: the earlier release's own file, never a reference to a reference."""
    entry = previous_manifest["tables"][table]["file"]
    if entry.startswith("../"):
        return entry
    return f"../{previous_manifest['version']}/{entry}"


def release_manifest(dataset: dict, version: str, released: dt.date, previous: str | None,
                     files: dict[str, str], rows: dict[str, int]) -> dict:
    return {**dataset, "version": version, "released": released.isoformat(), "previous": previous,
            "tables": {name: {"rows": rows[name], "file": files[name]} for name in files}}


def changes_record(version: str, previous: str | None, released: dt.date, changes: list[RowChange]) -> dict:
    return {"version": version, "previous": previous, "released": released.isoformat(),
            "counts": count_changes(changes), "changes": [asdict(c) for c in changes]}


def changes_from_record(record: dict) -> list[RowChange]:
    return [RowChange(**{**c, "fields": tuple(FieldChange(**f) for f in c.get("fields", ()))})
            for c in record.get("changes", ())]


def release_from_manifest(manifest: dict, counts: dict) -> Release:
    return Release(str(manifest["version"]), str(manifest["released"]), str(manifest.get("horizon", "")),
                   manifest.get("previous"), dict(counts))


def changed_since(releases: list[Release], version: str) -> int | None:
    """Rows added, changed or removed in the releases after `version` (None when the version is not kept)."""
    versions = [r.version for r in releases]
    if version not in versions:
        return None
    return sum(r.changed_rows for r in releases[versions.index(version) + 1:])


# --- reading and writing a releases directory -------------------------------------------------------------

def releases_root(data_dir: Path) -> Path:
    return Path(data_dir) / RELEASES_DIR


def read_index(data_dir: Path) -> list[Release]:
    """The releases kept in data_dir, oldest first (empty when there are none or the index is unreadable)."""
    try:
        raw = json.loads((releases_root(data_dir) / INDEX_FILE).read_text(encoding="utf-8"))
        return [Release(**entry) for entry in raw]
    except (OSError, ValueError, TypeError):
        return []


def release_dir(data_dir: Path, version: str) -> Path | None:
    """The directory of a kept release, or None (only versions named in the index are ever opened)."""
    if version not in {r.version for r in read_index(data_dir)}:
        return None
    path = releases_root(data_dir) / version
    return path if (path / MANIFEST_FILE).exists() else None


def read_changes(data_dir: Path, version: str) -> list[RowChange]:
    path = releases_root(data_dir) / version / CHANGES_FILE
    try:
        return changes_from_record(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return []


def read_release_manifest(data_dir: Path, version: str) -> dict | None:
    try:
        return json.loads((releases_root(data_dir) / version / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_release_table(data_dir: Path, version: str, table: str) -> pa.Table | None:
    manifest = read_release_manifest(data_dir, version)
    if manifest is None or table not in manifest.get("tables", {}):
        return None
    return pq.read_table(releases_root(data_dir) / version / manifest["tables"][table]["file"])


def _write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def make_release(data_dir: Path, dataset: dict, version: str, arrows: dict[str, pa.Table],
                 id_columns: dict[str, str], to_frame, today: dt.date) -> Release:
    """Keep `arrows` as release `version` (once: an existing release is never rewritten) and return it."""
    root = releases_root(data_dir)
    index = read_index(data_dir)
    existing = read_release_manifest(data_dir, version)
    if existing is not None and version in {r.version for r in index}:
        return next(r for r in index if r.version == version)
    previous = index[-1].version if index else None
    previous_manifest = read_release_manifest(data_dir, previous) if previous else None
    target = root / version
    target.mkdir(parents=True, exist_ok=True)
    files, changes = {}, []
    for name, arrow in arrows.items():
        old = read_release_table(data_dir, previous, name) if previous_manifest else None
        if old is not None and old.equals(arrow, check_metadata=True):
            files[name] = reused_file(previous_manifest, name)
            continue
        pq.write_table(arrow, target / f"{name}.parquet")
        files[name] = f"{name}.parquet"
        if previous_manifest is not None:
            changes += diff_table(name, id_columns[name], to_frame(old) if old is not None else None, to_frame(arrow))
    manifest = release_manifest(dataset, version, today, previous, files, {n: a.num_rows for n, a in arrows.items()})
    _write_json(target / MANIFEST_FILE, manifest)
    _write_json(target / CHANGES_FILE, changes_record(version, previous, today, changes))
    release = release_from_manifest(manifest, count_changes(changes))
    _write_json(root / INDEX_FILE, [asdict(r) for r in index + [release]])
    return release
