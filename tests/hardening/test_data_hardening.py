"""Red-team findings on data (F1, F2, F4–F6, F15, F18): the loader and validator report, never crash or hang,
and data that validates is data the scenario model can run on."""
from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest

from lib.data import load
from lib.data.load import load_dataset
from lib.data.schema import TABLES
from lib.scenario.inputs import Overrides, build_model_inputs
from lib.scenario.model import check_inputs, run_scenario
from tests.conftest import read_table, write_table
from tests.hardening.helpers import edit_manifest, mutate, validate_in_process

SCENARIO = ("chains", "supply_projects", "scenario_assumptions", "dependency_shares")


def assumption(frame: pd.DataFrame, param_id: str) -> int:
    return frame.index[frame["param_id"] == param_id][0]


def model_runs(data) -> bool:
    """The Overview and Scenarios pages call exactly this; it must work whenever the tables are present."""
    if data.missing(*SCENARIO):
        return False
    inputs = build_model_inputs(*(data.table(n) for n in SCENARIO), Overrides(), data.manifest.base_year,
                                data.manifest.end_year)
    check_inputs(inputs)
    run_scenario(inputs)
    return True


def all_problems(data) -> list[str]:
    return [f"{p.rule}: {p}" for ps in data.problems.values() for p in ps]


# ---------------------------------------------------------------- F1

def test_F1_timezone_aware_dates_are_read_as_calendar_dates_with_a_warning(data_copy):
    events = read_table(data_copy, "export_controls")
    expected = events["date_effective"].copy()
    events["date_effective"] = events["date_effective"].dt.tz_localize("Asia/Shanghai")
    write_table(data_copy, "export_controls", events)
    data = load_dataset(data_copy)
    assert "export_controls" in data.tables
    warning = data.warnings("export_controls")[0]
    assert (warning.file, warning.column, warning.rule) == ("export_controls.parquet", "date_effective", "timezone")
    shifted = data.table("export_controls")["date_effective"]
    assert str(shifted.dtype) == "datetime64[ms]"
    assert shifted.equals(expected.astype("datetime64[ms]"))  # midnight in Shanghai stays that day


def test_F1_timezone_aware_dates_do_not_crash_the_validator(data_copy):
    mutate(data_copy, "agreements", lambda f: f.assign(date_signed=f["date_signed"].dt.tz_localize("UTC")))
    result = validate_in_process(data_copy)
    assert result.returncode == 0, result.stdout
    assert "[rule: timezone]" in result.stdout


def test_F1_an_unexpected_failure_costs_one_table_not_the_app(data_copy, monkeypatch):
    def explode(*args, **kwargs):
        raise MemoryError("simulated")
    monkeypatch.setattr(load, "check_values", explode)
    load.forget_checked_tables()  # else tables checked before, byte for byte the same, are not checked again
    data = load_dataset(data_copy)
    assert not data.tables and {p.rule for ps in data.problems.values() for p in ps} >= {"unusable_table"}
    assert "MemoryError" in str(data.errors("agreements")[0])


@pytest.mark.parametrize("arrow_type, values, kind", [
    ("date32", [pd.Timestamp("2024-01-01").date()], "date"),
    ("uint32", [2030], "int"),
    ("float_whole", [2030.0], "int"),
])
def test_F1_other_parquet_encodings_are_normalised(data_copy, arrow_type, values, kind):
    import pyarrow as pa
    import pyarrow.parquet as pq
    shares = read_table(data_copy, "dependency_shares")
    table = pa.Table.from_pandas(shares, preserve_index=False)
    column = "year" if kind == "int" else None
    if arrow_type == "date32":  # no date column in dependency_shares; use agreements
        agreements = read_table(data_copy, "agreements")
        table = pa.Table.from_pandas(agreements, preserve_index=False)
        dates = pa.array(agreements["date_signed"].dt.date, pa.date32())
        table = table.set_column(table.schema.get_field_index("date_signed"), "date_signed", dates)
        pq.write_table(table, data_copy / "agreements.parquet")
        assert "agreements" in load_dataset(data_copy).tables
        return
    cast = pa.uint32() if arrow_type == "uint32" else pa.float64()
    index = table.schema.get_field_index(column)
    table = table.set_column(index, column, table.column(column).cast(cast))
    pq.write_table(table, data_copy / "dependency_shares.parquet")
    data = load_dataset(data_copy)
    assert "dependency_shares" in data.tables, all_problems(data)
    assert str(data.table("dependency_shares")["year"].dtype) == "Int64"


def test_F1_a_binary_column_is_reported_with_its_column(data_copy):
    mutate(data_copy, "minerals", lambda f: f.assign(name=[n.encode() for n in f["name"]]))
    problem = load_dataset(data_copy).errors("minerals")[0]
    assert (problem.column, problem.rule) == ("name", "type")


# ---------------------------------------------------------------- F2

def _set(name, column, value, where=None):
    def change(directory):
        def edit(frame):
            row = frame.index[where(frame)][0] if where is not None else frame.index[0]
            frame.loc[row, column] = value
            return frame
        mutate(directory, name, edit)
    return change


def _assumption(param_id, column, value):
    return _set("scenario_assumptions", column, value, lambda f: f["param_id"] == param_id)


def _drop_row(param_id):
    return lambda d: mutate(d, "scenario_assumptions", lambda f: f[f["param_id"] != param_id])


def _ghost_chain(directory):
    mutate(directory, "chains", lambda f: pd.concat([f, f.iloc[[0]].assign(chain_id="ghost_chain")],
                                                     ignore_index=True))


def _spaced_chain_ids(directory):
    pad = lambda s: s.map(lambda v: f" {v} " if v == "ndpr_oxide" else v)
    mutate(directory, "chains", lambda f: f.assign(chain_id=pad(f["chain_id"])))
    mutate(directory, "supply_projects", lambda f: f.assign(chain_id=pad(f["chain_id"])))
    mutate(directory, "scenario_assumptions", lambda f: f.assign(
        chain_id=pad(f["chain_id"]), param_id=f["param_id"].str.replace(".ndpr_oxide.", ". ndpr_oxide .")))


F2_VARIANTS = {
    "horizon 9999-12-31": (lambda d: edit_manifest(d, horizon="9999-12-31"), "manifest_horizon"),
    "t/yr value inf": (_assumption("demand_base.ndpr_oxide.USA", "value", np.inf), "finite"),
    "fraction above ui_max": (_assumption("china_share_base.ndpr_oxide.USA", "value", 1.5), "control_range"),
    "ui_min == ui_max": (lambda d: mutate(d, "scenario_assumptions", lambda f: f.assign(
        ui_min=f["ui_max"].where(f["param_id"] != "ramp_years", f["value"]),
        ui_max=f["ui_max"].where(f["param_id"] != "ramp_years", f["value"]))), "control_range"),
    "ui_max inf": (_assumption("ramp_years", "ui_max", np.inf), "finite"),
    "base year after end year": (lambda d: edit_manifest(d, base_year=2040, end_year=2030), "manifest_years"),
    "base year equals end year": (lambda d: edit_manifest(d, base_year=2030, end_year=2030), "manifest_years"),
    "capacity inf": (_set("supply_projects", "capacity", np.inf, lambda f: f["capacity"].notna()), "finite"),
    "missing base row": (_drop_row("demand_base.ndpr_oxide.USA"), "chain_assumptions"),
    "chain without assumptions": (_ghost_chain, "chain_assumptions"),
    "shock preset fraction 99": (lambda d: mutate(d, "scenario_assumptions", lambda f: f.assign(
        ui_max=f["ui_max"].where(f["parameter"] != "shock_fraction", 100.0),
        value=f["value"].where(f["parameter"] != "shock_fraction", 99.0))), "model_input"),
    "chain ids with spaces": (_spaced_chain_ids, "id_text"),
    "base year -1e9": (lambda d: edit_manifest(d, base_year=-1_000_000_000), "manifest_years"),
    "importer demand above world": (_assumption("demand_base.gallium.JPN", "value", 5000.0), "demand_share"),
}


@pytest.mark.parametrize("variant", list(F2_VARIANTS))
def test_F2_data_the_model_cannot_use_is_reported_and_what_remains_can_be_modelled(data_copy, variant):
    change, rule = F2_VARIANTS[variant]
    change(data_copy)
    data = load_dataset(data_copy)
    assert rule in {p.rule for ps in data.problems.values() for p in ps}, all_problems(data)
    model_runs(data)  # raises if a table that reached the app still breaks the model
    result = validate_in_process(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    assert f"[rule: {rule}]" in result.stdout


def test_F2_validator_reports_the_chain_by_name(data_copy):
    _ghost_chain(data_copy)
    data = load_dataset(data_copy)
    problem = data.errors("scenario_assumptions")[0]
    assert "chain 'ghost_chain' has no row(s) demand_base.ghost_chain.USA" in problem.message
    assert "scenario_assumptions" not in data.tables and "chains" in data.tables


def test_F2_shipped_data_runs_the_model_check(dataset):
    assert model_runs(dataset)


# ---------------------------------------------------------------- F3 (documented by the validator)

def test_F3_validator_lists_control_ends_the_model_rejects():
    result = validate_in_process(load.DEFAULT_DATA_DIR)
    assert result.returncode == 0
    assert "NOTE: control 'demand_base.ndpr_oxide.USA' at its ui_min 0 is rejected by the model" in result.stdout


# ---------------------------------------------------------------- F4

def test_F4_a_table_over_the_row_limit_is_reported_before_it_is_read(data_copy, monkeypatch):
    rows = len(read_table(data_copy, "dependency_shares"))  # the shipped rows, over the lowered limit below
    monkeypatch.setattr(load, "MAX_ROWS", 100)
    decoded, original = [], load.arrow_to_frame

    def recorded(table):
        decoded.append(set(table.column_names))
        return original(table)
    monkeypatch.setattr(load, "arrow_to_frame", recorded)
    load.forget_checked_tables()  # every table is decoded again, so the record shows which ones are
    data = load_dataset(data_copy)
    problem = data.errors("dependency_shares")[0]
    assert rows > 100 and problem.rule == "too_large"
    assert f"{rows} rows" in problem.message and "100 rows" in problem.message
    assert set(TABLES["dependency_shares"].column_names) not in decoded
    assert set(TABLES["agreements"].column_names) in decoded


def test_F4_a_file_over_the_size_limit_is_reported(data_copy, monkeypatch):
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024)
    problem = load_dataset(data_copy).errors("agreements")[0]
    assert problem.rule == "too_large" and "MB" in problem.message


def shares_with_rows(directory, rows: int) -> None:
    """dependency_shares written back with `rows` rows: the shipped ones repeated under fresh ids."""
    shares = read_table(directory, "dependency_shares")
    big = shares.iloc[np.arange(rows) % len(shares)].reset_index(drop=True)
    big["row_id"] = [f"r{i}" for i in range(len(big))]
    write_table(directory, "dependency_shares", big)


# The limit is lowered to 300 rows so that a real file at and over it stays small; the time a table at the real
# limit takes to load is a figure of scripts/benchmark_load.py, not a test.
def test_F4_a_real_file_one_row_over_the_limit_is_refused(data_copy, monkeypatch):
    monkeypatch.setattr(load, "MAX_ROWS", 300)
    shares_with_rows(data_copy, 301)
    problem = load_dataset(data_copy).errors("dependency_shares")[0]
    assert problem.rule == "too_large" and "301 rows" in problem.message and "300 rows" in problem.message


def test_F4_a_table_at_the_row_limit_loads(data_copy, monkeypatch):
    monkeypatch.setattr(load, "MAX_ROWS", 300)
    shares_with_rows(data_copy, 300)
    data = load_dataset(data_copy)
    assert "dependency_shares" in data.tables and len(data.table("dependency_shares")) == 300


def test_F4_a_fifo_is_not_read(data_copy):
    import os
    (data_copy / "agreements.parquet").unlink()
    os.mkfifo(data_copy / "agreements.parquet")
    assert load_dataset(data_copy).errors("agreements")[0].message == "is not a regular file"


# ---------------------------------------------------------------- F5

def test_F5_simultaneous_first_visitors_share_one_load(data_copy, monkeypatch):
    calls = []
    original = load._load_table

    def slow_load_table(directory, name, *rest):
        calls.append(name)
        time.sleep(0.02)
        return original(directory, name, *rest)

    monkeypatch.setattr(load, "_load_table", slow_load_table)
    results = []
    threads = [threading.Thread(target=lambda: results.append(load_dataset(data_copy))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 6 and len({id(r) for r in results}) == 1
    assert calls.count("agreements") == 1


# ---------------------------------------------------------------- F6

@pytest.mark.parametrize("changes", [{"end_year": 20350}, {"base_year": 1990}, {"base_year": "2024"},
                                     {"end_year": 2080}, {"horizon": "0001-01-01"}, {"version": "a b\u202e"}])
def test_F6_manifest_values_out_of_range_fall_back_and_are_errors(data_copy, changes):
    edit_manifest(data_copy, **changes)
    data = load_dataset(data_copy)
    assert data.errors("manifest"), changes
    assert (data.manifest.base_year, data.manifest.end_year) == (2024, 2035) or "horizon" in changes \
        or "version" in changes
    assert data.manifest.end_year - data.manifest.base_year <= load.MAX_MODEL_YEARS
    assert validate_in_process(data_copy).returncode == 1


def test_F6_a_huge_manifest_is_not_parsed(data_copy):
    (data_copy / "manifest.json").write_text('{"horizon": "2026-01-01", "pad": "' + "x" * 100_000 + '"}')
    data = load_dataset(data_copy)
    assert data.manifest.horizon is None and "larger than" in data.warnings("manifest")[0].message


def test_F6_a_manifest_that_is_not_an_object_is_a_warning(data_copy):
    (data_copy / "manifest.json").write_text("[1, 2]")
    assert load_dataset(data_copy).warnings("manifest")[0].rule == "manifest"


# ---------------------------------------------------------------- F15

@pytest.mark.parametrize("name, column, value", [
    ("agreements", "parties", "USA;US,A"),
    ("supply_projects", "project_id", "proj,with,commas"),
    ("minerals", "mineral_id", " Ga "),
    ("dependency_shares", "country", "K<b>OR</b>"),
])
def test_F15_ids_and_list_items_that_cannot_travel_in_links_are_errors(data_copy, name, column, value):
    def edit(frame):
        frame.loc[frame.index[0], column] = value
        return frame
    mutate(data_copy, name, edit)
    data = load_dataset(data_copy)
    rules = {p.rule for p in data.errors(name) if p.column == column}
    assert rules & {"id_text", "list_item"}, all_problems(data)


# ---------------------------------------------------------------- F18

def test_F18_min_rows_is_enforced(data_copy):
    mutate(data_copy, "agreements", lambda f: f.iloc[:1])
    problems = load_dataset(data_copy).errors("agreements")
    assert "min_rows" in {p.rule for p in problems}


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_F18_blank_required_text_is_an_error(data_copy, blank):
    def edit(frame):
        frame.loc[frame.index[0], "summary"] = blank
        return frame
    mutate(data_copy, "agreements", edit)
    problem = next(p for p in load_dataset(data_copy).errors("agreements") if p.column == "summary")
    assert problem.rule == "required_value" and "line" in problem.row or "row" in problem.row


def test_F18_default_outside_its_control_range_names_the_row(data_copy):
    _assumption("ramp_years", "value", 1000.0)(data_copy)
    problem = load_dataset(data_copy).errors("scenario_assumptions")[0]
    assert problem.rule == "control_range" and "ramp_years" in problem.row


def test_F18_validator_output_shows_control_characters_escaped(data_copy):
    mutate(data_copy, "minerals", lambda f: f.assign(mineral_id=f["mineral_id"].where(f.index != 0, "Ga\x1b[31m")))
    result = validate_in_process(data_copy)
    assert "\x1b" not in result.stdout and "\\u001b" in result.stdout


@pytest.mark.parametrize("url, reason", [
    ("https://trusted.gov@evil.example/", "user part"),
    ("https://evil.example/\u202egpj.exe", "invisible"),
    ('https://example.com/"><script>x</script>', "double quotes"),
    ("https://intranet/x", "host name with a dot"),
])
def test_F18_misleading_source_urls_are_errors(data_copy, url, reason):
    def edit(frame):
        frame.loc[frame.index[0], "source_url"] = url
        return frame
    mutate(data_copy, "agreements", edit)
    problem = next(p for p in load_dataset(data_copy).errors("agreements") if p.column == "source_url")
    assert problem.rule == "url_shape" and reason in problem.message


def test_validator_that_cannot_run_says_so_and_exits_2(monkeypatch, capsys):
    from lib.data import validate

    def broken(*args, **kwargs):
        raise OSError("simulated disk failure")
    monkeypatch.setattr(validate, "load_dataset", broken)
    assert validate.main(["/nowhere"]) == 2
    assert "Validation could not run: OSError: simulated disk failure" in capsys.readouterr().out


def _symlinked_manifest(directory):
    (directory / "manifest.json").unlink()
    (directory / "manifest.json").symlink_to("/etc/passwd")


def _symlinked_table(directory):
    (directory / "minerals.parquet").unlink()
    (directory / "minerals.parquet").symlink_to("/etc/hostname")


@pytest.mark.parametrize("case", ["missing directory", "a file, not a directory", "/etc", "manifest -> /etc/passwd",
                                  "table -> /etc/hostname"])
def test_directory_level_cases_are_reported_without_leaking_files(data_copy, tmp_path, case):
    target = {"missing directory": tmp_path / "nowhere", "a file, not a directory": tmp_path / "file",
              "/etc": "/etc"}.get(case, data_copy)
    if case == "a file, not a directory":
        target.write_text("x")
    if case == "manifest -> /etc/passwd":
        _symlinked_manifest(data_copy)
    if case == "table -> /etc/hostname":
        _symlinked_table(data_copy)
    result = validate_in_process(target)
    if case.startswith("manifest"):  # an unreadable manifest is a warning by design: the tables are still usable
        assert result.returncode == 0 and "WARNING: manifest.json" in result.stdout
    else:
        assert result.returncode == 1 and "Validation failed." in result.stdout
    assert "root:" not in result.stdout and open("/etc/hostname").read().strip() not in result.stdout.replace(
        "Data directory", "")


@pytest.mark.parametrize("content", ["fifo", "[" * 50_000 + "]" * 50_000, '{"horizon": "2026-01-01", "base_year": '
                                     + "9" * 5000 + "}"])
def test_F6_manifest_that_would_hang_or_recurse_is_a_warning_or_error(data_copy, content):
    import os
    path = data_copy / "manifest.json"
    path.unlink()
    if content == "fifo":
        os.mkfifo(path)
    else:
        path.write_text(content)
    data = load_dataset(data_copy)
    assert data.problems["manifest"]
    assert (data.manifest.base_year, data.manifest.end_year) == (2024, 2035)


def test_F16_reader_facing_errors_name_no_server_path(data_copy):
    (data_copy / "agreements.parquet").write_bytes(b"PAR1 not really parquet PAR1")
    data = load_dataset(data_copy)
    text = " ".join(str(p) for ps in data.problems.values() for p in ps)
    assert "agreements.parquet" in text and str(data_copy) not in text
