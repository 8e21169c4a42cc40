"""Data releases: each version kept once, unchanged tables referenced not copied, and a row-level diff."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pandas as pd
import pytest

from lib.data import feed, releases
from lib.data.build import SOURCES_DIR, build, drift
from lib.data.load import load_dataset


def _two_releases(tmp_path):
    """Release A from the shipped sources; release B with Lanthanum renamed (one changed row)."""
    sources, data, static = tmp_path / "sources", tmp_path / "data", tmp_path / "static"
    shutil.copytree(SOURCES_DIR, sources)
    build(sources, data, static, today=dt.date(2026, 11, 1))
    first = json.loads((data / "manifest.json").read_text())["version"]
    csv = sources / "minerals.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("La,Lanthanum,", "La,Lanthanum (metal),", 1),
                   encoding="utf-8")
    build(sources, data, static, today=dt.date(2026, 11, 20))
    second = json.loads((data / "manifest.json").read_text())["version"]
    return data, static, first, second


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    """The two releases, built once for the tests that only read them (each build takes about 0.35 s)."""
    return _two_releases(tmp_path_factory.mktemp("releases"))


@pytest.fixture
def own_two_releases(two_releases, tmp_path):
    """A copy of the two releases (sources, data and static) for a test that writes to them."""
    data, static, first, second = two_releases
    shutil.copytree(data.parent, tmp_path, dirs_exist_ok=True)
    return tmp_path / "data", tmp_path / "static", first, second


def test_diff_names_added_changed_removed_with_fields_and_sources():
    old = pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"], "value": [0.5, 1.0, 2.0],
                        "source_name": ["S1", "S2", "S3"], "source_url": ["https://a", "https://b", "https://c"]})
    new = pd.DataFrame({"id": ["a", "b", "d"], "name": ["A", "B", "D"], "value": [0.5, 1.25, 3.0],
                        "source_name": ["S1", "S2b", "S4"], "source_url": ["https://a", "https://b", "https://d"]})
    changes = {(c.row_id, c.kind): c for c in releases.diff_table("t", "id", old, new)}
    assert set(changes) == {("b", "changed"), ("d", "added"), ("c", "removed")}
    b = changes["b", "changed"]
    assert [(f.field, f.before, f.after) for f in b.fields] == [("value", "1", "1.25"), ("source_name", "S2", "S2b")]
    assert (b.source_name, changes["c", "removed"].source_url) == ("S2b", "https://c")  # removed keeps its source


def test_dates_compare_as_dates():
    assert releases.cell_text(pd.Timestamp("2025-10-28")) == "2025-10-28"
    assert releases.cell_text(pd.NA) == "" and releases.cell_text(float("nan")) == ""


def test_second_release_keeps_first_and_references_unchanged_tables(two_releases):
    data, static, first, second = two_releases
    assert first != second
    index = releases.read_index(data)
    assert [r.version for r in index] == [first, second]
    assert index[1].previous == first and index[1].counts == {"added": 0, "changed": 1, "removed": 0}
    manifest = releases.read_release_manifest(data, second)
    assert manifest["released"] == "2026-11-20"
    assert manifest["tables"]["minerals"]["file"] == "minerals.parquet"  # changed: its own file
    assert manifest["tables"]["agreements"]["file"] == f"../{first}/agreements.parquet"  # unchanged: referenced
    assert not (data / "releases" / second / "agreements.parquet").exists()
    [change] = releases.read_changes(data, second)
    assert (change.table, change.row_id, change.kind) == ("minerals", "La", "changed")
    assert [(f.field, f.before, f.after) for f in change.fields] == [("name", "Lanthanum", "Lanthanum (metal)")]
    assert change.source_url.startswith("https://")


def test_each_release_loads_its_own_figures(two_releases):
    data, _static, first, second = two_releases
    old = load_dataset(releases.release_dir(data, first))
    new = load_dataset(releases.release_dir(data, second))
    current = load_dataset(data)
    assert old.ok and new.ok
    name = lambda d: d.table("minerals").set_index("mineral_id").loc["La", "name"]  # noqa: E731
    assert (name(old), name(new), name(current)) == ("Lanthanum", "Lanthanum (metal)", "Lanthanum (metal)")
    assert (old.manifest.version, new.manifest.previous, new.manifest.released) == (first, first,
                                                                                     dt.date(2026, 11, 20))
    assert releases.changed_since(releases.read_index(data), first) == 1
    assert releases.release_dir(data, "../etc") is None and releases.changed_since([], "x") is None


def test_rebuilding_a_kept_version_rewrites_nothing(own_two_releases):
    data, static, _first, second = own_two_releases
    before = (data / "releases" / "index.json").read_text()
    build(data.parent / "sources", data, static, today=dt.date(2027, 1, 1))
    assert (data / "releases" / "index.json").read_text() == before
    assert releases.read_release_manifest(data, second)["released"] == "2026-11-20"


def test_feed_lists_the_change_and_check_sees_a_stale_feed(own_two_releases):
    data, static, _first, second = own_two_releases
    atom = (static / feed.ATOM_FILE).read_text(encoding="utf-8")
    assert "minerals: Lanthanum (metal) (La) changed — name: Lanthanum → Lanthanum (metal)" in atom
    assert json.loads((static / feed.JSON_FILE).read_text())["releases"][0]["version"] == second
    assert drift(data.parent / "sources", data, static) == []
    (static / feed.ATOM_FILE).write_text("old", encoding="utf-8")
    assert any("feed" in d for d in drift(data.parent / "sources", data, static))
