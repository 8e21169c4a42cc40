"""Broken data directories: each kind of damage yields a clear message and leaves other tables usable."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from lib.data.load import load_dataset
from tests.conftest import REPO, read_table, write_table


def break_table(directory, name, mutate):
    frame = read_table(directory, name)
    write_table(directory, name, mutate(frame))
    return load_dataset(directory)


def only_error(dataset, name):
    errors = dataset.errors(name)
    assert errors, f"expected an error for {name}"
    return errors[0]


def assert_other_tables_usable(dataset, broken):
    usable = set(dataset.tables)
    assert broken not in usable
    assert {"export_controls", "scenario_assumptions", "chains"} - {broken} <= usable


def test_missing_file_is_named(data_copy):
    (data_copy / "agreements.parquet").unlink()
    data = load_dataset(data_copy)
    problem = only_error(data, "agreements")
    assert (problem.file, problem.rule) == ("agreements.parquet", "missing_file")
    assert_other_tables_usable(data, "agreements")


def test_corrupt_file_is_named(data_copy):
    (data_copy / "export_controls.parquet").write_bytes(b"this is not parquet")
    data = load_dataset(data_copy)
    problem = only_error(data, "export_controls")
    assert problem.rule == "unreadable_file" and "cannot be read as parquet" in problem.message
    assert "agreements" in data.tables


def test_missing_column_names_the_column(data_copy):
    data = break_table(data_copy, "agreements", lambda f: f.drop(columns=["date_signed"]))
    problem = only_error(data, "agreements")
    assert (problem.column, problem.rule) == ("date_signed", "required_column")


def test_wrong_type_names_column_and_kind(data_copy):
    data = break_table(data_copy, "dependency_shares", lambda f: f.assign(value=f["value"].astype(str)))
    problem = only_error(data, "dependency_shares")
    assert (problem.column, problem.rule) == ("value", "type")
    assert "numbers" in problem.message


def test_share_written_as_percentage_is_explained(data_copy):
    def to_percent(frame):
        frame.loc[0, "value"] = 70.0
        return frame
    data = break_table(data_copy, "dependency_shares", to_percent)
    problem = only_error(data, "dependency_shares")
    first_id = read_table(data_copy, "dependency_shares").loc[0, "row_id"]
    assert (problem.column, problem.rule) == ("value", "range")
    assert first_id in problem.row and "write 0.7 for 70%" in problem.message


def test_duplicate_id_names_the_id(data_copy):
    data = break_table(data_copy, "agreements", lambda f: pd.concat([f, f.iloc[[3]]], ignore_index=True))
    problem = only_error(data, "agreements")
    duplicated = read_table(data_copy, "agreements").iloc[-1]["agreement_id"]
    assert problem.rule == "unique_id" and duplicated in problem.message


def test_dangling_suspension_reference(data_copy):
    def point_at_nothing(frame):
        row = frame.index[frame["measure_type"] == "suspension"][0]
        frame.loc[row, "suspends"] = "no-such-event"
        return frame
    data = break_table(data_copy, "export_controls", point_at_nothing)
    problem = only_error(data, "export_controls")
    assert (problem.column, problem.rule) == ("suspends", "reference")
    assert "'no-such-event' does not exist in export_controls.event_id" in problem.message


def test_project_pointing_at_unknown_agreement(data_copy):
    def bad_link(frame):
        frame.loc[0, "linked_agreement_ids"] = "invented-agreement"
        return frame
    data = break_table(data_copy, "supply_projects", bad_link)
    assert only_error(data, "supply_projects").column == "linked_agreement_ids"


def test_dates_out_of_order(data_copy):
    def reverse_dates(frame):
        row = frame.index[frame["date_announced"].notna() & frame["date_effective"].notna()][0]
        frame.loc[row, "date_announced"] = frame.loc[row, "date_effective"] + pd.Timedelta(days=30)
        return frame
    data = break_table(data_copy, "export_controls", reverse_dates)
    problem = only_error(data, "export_controls")
    assert (problem.column, problem.rule) == ("date_effective", "date_order")


def test_non_http_url_rejected(data_copy):
    def javascript_link(frame):
        frame.loc[2, "source_url"] = "javascript:alert(1)"
        return frame
    data = break_table(data_copy, "agreements", javascript_link)
    problem = only_error(data, "agreements")
    assert (problem.column, problem.rule) == ("source_url", "http_url")


def test_empty_table(data_copy):
    data = break_table(data_copy, "supply_projects", lambda f: f.iloc[0:0])
    assert only_error(data, "supply_projects").rule == "empty_table"


def test_extra_column_is_a_visible_warning_not_an_error(data_copy):
    data = break_table(data_copy, "agreements", lambda f: f.assign(my_notes="x"))
    assert "agreements" in data.tables
    warning = data.warnings("agreements")[0]
    assert (warning.column, warning.rule) == ("my_notes", "unknown_column")


def test_wrong_capacity_unit(data_copy):
    def kilotonnes(frame):
        row = frame.index[frame["capacity_unit"].notna()][0]
        frame.loc[row, "capacity_unit"] = "kt/yr"
        return frame
    data = break_table(data_copy, "supply_projects", kilotonnes)
    problem = only_error(data, "supply_projects")
    assert (problem.column, problem.rule) == ("capacity_unit", "allowed_values")
    assert "'kt/yr' is not allowed" in problem.message


def test_unknown_confidence_label(data_copy):
    def made_up_label(frame):
        frame.loc[0, "confidence"] = "certain"
        return frame
    data = break_table(data_copy, "minerals", made_up_label)
    assert only_error(data, "minerals").column == "confidence"


def test_missing_required_value(data_copy):
    def blank_source(frame):
        frame.loc[1, "source_name"] = None
        return frame
    data = break_table(data_copy, "export_controls", blank_source)
    problem = only_error(data, "export_controls")
    assert (problem.column, problem.rule) == ("source_name", "required_value")


def test_markup_in_text_fields_is_data_not_an_error(data_copy):
    data = break_table(data_copy, "agreements",
                       lambda f: f.assign(summary="<script>alert('x')</script><b>bold</b>"))
    assert "agreements" in data.tables


def test_messages_name_file_column_row_and_rule(data_copy):
    def bad_share(frame):
        frame.loc[0, "value"] = 1.5
        return frame
    data = break_table(data_copy, "dependency_shares", bad_share)
    text = str(only_error(data, "dependency_shares"))
    row_id = read_table(data_copy, "dependency_shares").loc[0, "row_id"]
    for part in ("dependency_shares.parquet", "column 'value'", row_id, "[rule: range]"):
        assert part in text


def test_missing_manifest_is_a_warning_with_unknown_horizon(data_copy):
    (data_copy / "manifest.json").unlink()
    data = load_dataset(data_copy)
    assert data.manifest.horizon is None
    assert data.warnings("manifest")[0].rule == "manifest"
    assert set(data.tables) >= {"agreements", "export_controls"}


@pytest.mark.parametrize("break_it, expected_code", [(False, 0), (True, 1)])
def test_validate_command_exit_code(data_copy, break_it, expected_code):
    if break_it:
        (data_copy / "chains.parquet").unlink()
    result = subprocess.run([sys.executable, "-m", "lib.data.validate", str(data_copy)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == expected_code
    assert "Traceback" not in result.stderr
    if break_it:
        assert "chains.parquet" in result.stdout and "missing_file" in result.stdout
