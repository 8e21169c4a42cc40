"""Broken and hostile copies of the shipped data, shared by the hardening tests."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from tests.conftest import REPO, read_table, write_table


def mutate(directory: Path, name: str, change) -> None:
    frame = read_table(directory, name)
    write_table(directory, name, change(frame))


def set_cell(name: str, column: str, value, where=None):
    """A change that sets one cell (the first row matching `where`, else row 0)."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        row = frame.index[where(frame)][0] if where else frame.index[0]
        frame[column] = frame[column].astype(object) if not isinstance(value, float) else frame[column]
        frame.loc[row, column] = value
        return frame
    return name, change


def edit_manifest(directory: Path, **changes) -> None:
    path = directory / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def validate_in_process(directory: Path, *flags: str) -> subprocess.CompletedProcess:
    """`python -m lib.data.validate [flags] directory` without a new interpreter (0.5 s less per call); an
    exception that escapes fails the test. tests/data/test_rules.py runs the real command once."""
    import contextlib
    import io

    from lib.data.validate import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*flags, str(directory)])
    return subprocess.CompletedProcess(["validate"], code, out.getvalue(), "")
