"""The parquet tables are built from the CSV sources by one command and never drift from them."""
from __future__ import annotations

import json
import shutil

import pyarrow.parquet as pq

from lib.data.build import SOURCES_DIR, build, drift, source_version
from lib.data.load import DEFAULT_DATA_DIR, load_dataset


def test_shipped_parquet_matches_sources():
    assert drift() == [], "run: python -m lib.data.build"


def test_drift_is_detected(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    csv = sources / "minerals.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Gallium", "Gallium metal", 1), encoding="utf-8")
    differences = drift(sources, DEFAULT_DATA_DIR)
    assert "minerals.parquet differs from minerals.csv" in differences
    assert any("manifest" in d for d in differences), "a changed source must change the data version"
    assert any("no release kept" in d for d in differences), "a new version must be kept as a release"


def test_bad_csv_is_reported_with_line_and_nothing_written(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    csv = sources / "agreements.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    assert cells[header.index("agreement_id")] == "us-jpn-cm-framework-2025"
    lines[1] = lines[1].replace("2025-10-28", "28/10/2025", 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    problems = build(sources, out)
    messages = [str(p) for p in problems if p.severity == "error"]
    assert any("agreements.csv" in m and "line 2 (id 'us-jpn-cm-framework-2025')" in m and "28/10/2025" in m
               for m in messages), messages
    assert not out.exists()


def test_parquet_carries_units_and_meanings():
    schema = pq.read_schema(DEFAULT_DATA_DIR / "dependency_shares.parquet")
    value = schema.field("value").metadata
    assert value[b"unit"] == "fraction 0–1".encode()
    assert schema.metadata[b"table"] == b"dependency_shares"


def test_manifest_records_horizon_and_version():
    manifest = json.loads((DEFAULT_DATA_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["horizon"] == json.loads((SOURCES_DIR / "dataset.json").read_text())["horizon"]
    assert manifest["version"] == source_version(SOURCES_DIR)
    assert load_dataset().manifest.version == manifest["version"]


def test_data_directory_from_environment(monkeypatch, data_copy):
    monkeypatch.setenv("CM_DATA_DIR", str(data_copy))
    (data_copy / "agreements.parquet").unlink()
    assert "agreements" not in load_dataset().tables
    monkeypatch.delenv("CM_DATA_DIR")
    assert "agreements" in load_dataset().tables


def test_loader_notices_a_changed_file(data_copy):
    first = load_dataset(data_copy)
    assert load_dataset(data_copy) is first, "unchanged files: the cached load is reused"
    frame = first.table("agreements").head(31)
    frame.to_parquet(data_copy / "agreements.parquet", index=False)
    second = load_dataset(data_copy)
    assert second is not first and len(second.table("agreements")) == 31


def test_a_table_checked_before_byte_for_byte_is_reused_and_a_changed_one_is_checked(data_copy, tmp_path):
    first = load_dataset(data_copy)
    second_dir = tmp_path / "second"
    shutil.copytree(data_copy, second_dir)
    agreements = first.table("agreements").copy()
    agreements.loc[0, "source_url"] = "javascript:alert(1)"  # breaks the http_url rule in this copy only
    agreements.to_parquet(second_dir / "agreements.parquet", index=False)
    second = load_dataset(second_dir)
    assert second.table("minerals") is first.table("minerals"), "same bytes: the checked frame is shared"
    assert "agreements" in first.tables and "agreements" not in second.tables
    assert [p.rule for p in second.errors("agreements")] == ["http_url"]
    assert not first.errors("agreements")
