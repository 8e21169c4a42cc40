"""Shared fixtures: the shipped dataset, copies of it to break, and AppTest set-up."""
from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pandas as pd
import pytest

from lib.data.load import DEFAULT_DATA_DIR, load_dataset, read_parquet

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def scan_components_once():
    """A Streamlit server scans the installed packages for components once, when it starts; AppTest scans them
    again on every run, which took 0.3 s of a 0.4 s page run here. Scan once per test process, as a server does."""
    from streamlit.components.v2 import manifest_scanner
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests",
                      functools.cache(manifest_scanner.scan_component_manifests))
        yield


@pytest.fixture(scope="session")
def dataset():
    data = load_dataset(DEFAULT_DATA_DIR)
    assert data.ok, "shipped data must validate: " + "; ".join(str(p) for ps in data.problems.values() for p in ps)
    return data


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped data directory."""
    target = tmp_path / "data"
    target.mkdir()
    for path in DEFAULT_DATA_DIR.glob("*.parquet"):
        shutil.copy(path, target / path.name)
    shutil.copy(DEFAULT_DATA_DIR / "manifest.json", target / "manifest.json")
    return target


def read_table(directory: Path, name: str) -> pd.DataFrame:
    return read_parquet(directory / f"{name}.parquet")


def set_cell(column: str, value, row: int = 0):
    """A change for one table: `column` of row `row` set to `value` (for tests that break one rule)."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column] = value
        return frame
    return change


def write_table(directory: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_parquet(directory / f"{name}.parquet", index=False)


@pytest.hookimpl(tryfirst=True)  # before xdist turns the groups into test ids (its hook would run first)
def pytest_collection_modifyitems(config, items):
    """Groups for `--dist loadgroup` (pytest.ini), which sends a test without a group to any worker: the browser
    tests form one group (one worker, one app server, one Chromium); the other tests are grouped by module, so
    each module's tests share what the module warms on one worker (page models of its data, module fixtures)."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif not any(item.iter_markers("xdist_group")):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
