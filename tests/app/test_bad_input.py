"""Broken data directories and hostile links through every page with AppTest: each case shows its own clear
message naming file, column and rule, nothing raises, and pages that do not need the broken table work.
(tests/browser/ checks once that no traceback reaches a real browser.)"""
from __future__ import annotations

import pandas as pd
import pytest

from tests.app.test_pages import PAGES, assert_clean, chart_specs, open_page, unescaped
from tests.conftest import read_table, set_cell, write_table

PAGE_FILES = {"agreements": "pages/agreements.py", "export_controls": "pages/export_controls.py",
              "dependencies": "pages/dependencies.py", "scenarios": "pages/scenarios.py", "sources": "pages/sources.py"}


def _mutate(name, change):
    def apply(directory):
        write_table(directory, name, change(read_table(directory, name)))
    return apply


def _unlink(name):
    return lambda directory: (directory / name).unlink()


# (case, damage, page showing the problem, text it must show, an unaffected page that must still work)
BROKEN = [
    ("missing file", _unlink("agreements.parquet"), "agreements", "agreements.parquet", "dependencies"),
    ("corrupt file", lambda d: (d / "export_controls.parquet").write_bytes(b"not parquet"), "export_controls",
     "cannot be read as parquet", "agreements"),
    ("missing column", _mutate("dependency_shares", lambda f: f.drop(columns=["value"])), "dependencies",
     "required column 'value' is missing", "agreements"),
    ("wrong type", _mutate("dependency_shares", lambda f: f.assign(value=f["value"].astype(str))), "dependencies",
     "must hold numbers", "export_controls"),
    ("share out of range", _mutate("dependency_shares", set_cell("value", 70.0)), "dependencies",
     "looks like a percentage", "agreements"),
    ("duplicate id", _mutate("agreements", lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True)), "agreements",
     "appears more than once", "export_controls"),
    ("dangling reference", _mutate("export_controls", lambda f: f.assign(
        suspends=f["suspends"].where(f["suspends"].isna(), "no-such-event"))), "export_controls",
     "does not exist in export_controls.event_id", "agreements"),
    ("dates out of order", _mutate("agreements", set_cell("status_date", pd.Timestamp("1990-01-01"))), "agreements",
     "is before date_signed", "dependencies"),
    ("non-http URL", _mutate("agreements", set_cell("source_url", "javascript:alert(1)")), "agreements",
     "is not an http:// or https:// address", "dependencies"),
    ("empty table", _mutate("supply_projects", lambda f: f.iloc[0:0]), "scenarios", "the table has no rows",
     "agreements"),
    ("wrong units", _mutate("supply_projects", lambda f: f.assign(capacity_unit=f["capacity_unit"].where(
        f["capacity_unit"].isna(), "kt/yr"))), "scenarios", "'kt/yr' is not allowed", "export_controls"),
    ("unknown confidence", _mutate("minerals", set_cell("confidence", "certain")), "agreements",
     "'certain' is not allowed", "sources"),
    ("missing manifest", _unlink("manifest.json"), "sources", "manifest.json", "dependencies"),
]


def messages(app) -> str:
    return unescaped(" ".join(e.value for e in [*app.error, *app.warning, *app.info]))


@pytest.mark.parametrize("case, damage, page, expected, healthy", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_data_is_explained_and_other_pages_work(monkeypatch, data_copy, case, damage, page, expected,
                                                        healthy):
    damage(data_copy)
    monkeypatch.setenv("CM_DATA_DIR", str(data_copy))
    app = open_page(PAGE_FILES[page])
    assert not app.exception, [e.value for e in app.exception]
    assert expected in messages(app), messages(app)[:500]
    app.switch_page(PAGE_FILES[healthy]).run()
    assert not app.exception, [e.value for e in app.exception]
    if healthy != "sources":  # the Sources page lists every table's problems; the others must not
        assert not app.error and chart_specs(app), [e.value for e in app.error]


HOSTILE_QUERIES = [
    "importer=CHN", "importer=", "importer=%3Cscript%3Ealert(1)%3C/script%3E",
    "chain=lithium", "chain=..%2F..%2Fetc%2Fpasswd", "framework=maybe", "framework=2",
    "as_of=2025-13-01", "as_of=27/11/2026", "as_of=1999-01-01", "as_of=2099-12-31", "as_of=now",
    "p.ramp_years=abc", "p.ramp_years=-1", "p.ramp_years=1e309", "p.ramp_years=nan",
    "p.pooling_share=0x10", "sh_year=twenty", "sh_fraction=1.5", "sh_preset=%3Cimg%20src=x%20onerror=alert(1)%3E",
    "cand=invented-project", "ag_party=Atlantis", "ag_from=2020.5", "ec_sel=javascript:alert(1)",
    "src_table=users;DROP", "unknown_param=1", "__proto__=polluted", "ag_q=" + "a" * 5000, "dp_basis=both",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=[q[:30] for q in HOSTILE_QUERIES])
def test_hostile_link_opens_every_page_with_a_notice_naming_the_parameter(query):
    from urllib.parse import unquote
    key, value = query.split("=", 1)
    app = open_page("pages/scenarios.py", {key: unquote(value)})
    assert_clean(app)
    notice = unescaped(" ".join(w.value for w in app.warning))
    assert "could not be used" in notice and f"'{key}=" in notice
    assert set(PAGES["pages/scenarios.py"]) <= set(chart_specs(app))
