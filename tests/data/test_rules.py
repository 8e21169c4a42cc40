"""Broken data directories: each kind of damage yields a clear message and leaves other tables usable."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from lib.data.load import load_dataset
from lib.data.rules import TIER_RULES_AS_WARNINGS
from lib.data.schema import TABLES
from tests.conftest import REPO, read_table, write_table
from tests.hardening.helpers import validate_in_process


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


def test_validate_command_names_the_missing_file_and_exits_1(data_copy):
    (data_copy / "chains.parquet").unlink()
    result = subprocess.run([sys.executable, "-m", "lib.data.validate", str(data_copy)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "chains.parquet" in result.stdout and "missing_file" in result.stdout


def test_validate_command_exits_0_on_the_shipped_data(data_copy):
    assert validate_in_process(data_copy).returncode == 0


# ---------------------------------------------------------------- provenance and field-meaning rules

def _set(frame, column, value, where=0):
    frame[column] = frame[column].astype(object)
    frame.loc[where, column] = value
    return frame


def test_verified_needs_an_official_or_primary_source(data_copy):
    def secondary_but_verified(frame):
        frame = _set(frame, "source_tier", "secondary")
        return _set(frame, "confidence", "verified")
    data = break_table(data_copy, "export_controls", secondary_but_verified)
    problem = only_error(data, "export_controls")
    assert (problem.column, problem.rule) == ("confidence", "verified_needs_primary")
    assert "official or primary_report" in problem.message


def test_aggregator_rows_only_as_assumption_or_reported(data_copy):
    def aggregator_partly_verified(frame):
        frame = _set(frame, "source_tier", "aggregator")
        return _set(frame, "confidence", "partly_verified")
    data = break_table(data_copy, "minerals", aggregator_partly_verified)
    problem = only_error(data, "minerals")
    assert (problem.column, problem.rule) == ("confidence", "aggregator_only")


def test_aggregator_row_labelled_reported_is_accepted(data_copy):
    def aggregator_reported(frame):
        frame = _set(frame, "source_tier", "aggregator")
        return _set(frame, "confidence", "reported")
    data = break_table(data_copy, "export_controls", aggregator_reported)
    assert not data.errors("export_controls")


def test_no_table_is_exempt_from_the_tier_rules():
    assert TIER_RULES_AS_WARNINGS == frozenset()


def test_shipped_tables_meet_the_tier_rules(data_copy):
    data = load_dataset(data_copy)
    tier_rules = {"verified_needs_primary", "aggregator_only"}
    problems = [str(p) for name in TABLES for p in data.errors(name) + data.warnings(name) if p.rule in tier_rules]
    assert problems == []


@pytest.mark.parametrize("table", ["supply_projects", "scenario_assumptions"])
def test_tier_rules_are_errors_in_the_tables_once_exempt(data_copy, table):
    def aggregator_verified(frame):
        frame = _set(frame, "source_tier", "aggregator")
        return _set(frame, "confidence", "verified")
    data = break_table(data_copy, table, aggregator_verified)
    assert table not in data.tables
    assert {"verified_needs_primary", "aggregator_only"} <= {e.rule for e in data.errors(table)}


def test_source_tier_is_required(data_copy):
    data = break_table(data_copy, "chains", lambda f: _set(f, "source_tier", None))
    problem = only_error(data, "chains")
    assert (problem.column, problem.rule) == ("source_tier", "required_value")


def test_source_tier_must_be_in_the_list(data_copy):
    data = break_table(data_copy, "export_controls", lambda f: _set(f, "source_tier", "blog"))
    problem = only_error(data, "export_controls")
    assert (problem.column, problem.rule) == ("source_tier", "allowed_values")


def test_secondary_source_url_must_be_http(data_copy):
    data = break_table(data_copy, "export_controls", lambda f: _set(f, "secondary_source_url", "ftp://example.org/x"))
    problem = only_error(data, "export_controls")
    assert (problem.column, problem.rule) == ("secondary_source_url", "http_url")


def test_money_kind_required_with_money_amount(data_copy):
    def drop_kind(frame):
        row = frame.index[frame["money_amount"].notna()][0]
        return _set(frame, "money_kind", None, row)
    data = break_table(data_copy, "agreements", drop_kind)
    problem = only_error(data, "agreements")
    assert (problem.column, problem.rule) == ("money_kind", "paired_value")
    assert "required because money_amount is given" in problem.message


def test_money_kind_empty_without_money_amount(data_copy):
    def stray_kind(frame):
        row = frame.index[frame["money_amount"].isna()][0]
        return _set(frame, "money_kind", "pipeline", row)
    data = break_table(data_copy, "agreements", stray_kind)
    assert only_error(data, "agreements").rule == "paired_value"


def test_bound_must_be_one_of_three(data_copy):
    data = break_table(data_copy, "dependency_shares", lambda f: _set(f, "bound", ">"))
    problem = only_error(data, "dependency_shares")
    assert (problem.column, problem.rule) == ("bound", "allowed_values")


def test_due_precision_required_with_due_date(data_copy):
    def drop_precision(frame):
        row = frame.index[frame["due_date"].notna()][0]
        return _set(frame, "due_precision", None, row)
    data = break_table(data_copy, "agreement_milestones", drop_precision)
    problem = only_error(data, "agreement_milestones")
    assert (problem.column, problem.rule) == ("due_precision", "paired_value")


def test_year_deadline_on_1_january_is_refused(data_copy):
    def placeholder(frame):
        row = frame.index[frame["due_precision"] == "year"][0]
        frame.loc[row, "due_date"] = pd.Timestamp("2026-01-01")
        return frame
    data = break_table(data_copy, "agreement_milestones", placeholder)
    problem = only_error(data, "agreement_milestones")
    assert (problem.column, problem.rule) == ("due_date", "due_period_end")
    assert "2026-12-31" in problem.message


@pytest.mark.parametrize("precision, good, bad", [("month", "2026-02-28", "2026-02-01"),
                                                  ("quarter", "2026-06-30", "2026-05-31")])
def test_month_and_quarter_deadlines_end_their_period(data_copy, precision, good, bad):
    def with_due(due):
        def mutate(frame):
            row = frame.index[frame["due_date"].notna()][0]
            frame = _set(frame, "due_precision", precision, row)
            frame.loc[row, "due_date"] = pd.Timestamp(due)
            return frame
        return mutate
    assert not break_table(data_copy, "agreement_milestones", with_due(good)).errors("agreement_milestones")
    assert only_error(break_table(data_copy, "agreement_milestones", with_due(bad)),
                      "agreement_milestones").rule == "due_period_end"


# ---------------------------------------------------------------- the counts command

def test_provenance_counts_by_tier_and_confidence():
    from lib.data.validate import official_share, provenance_counts
    tables = {"export_controls": pd.DataFrame({"source_tier": ["official", "official", "aggregator"],
                                               "confidence": ["verified", "partly_verified", "reported"]}),
              "agreements": pd.DataFrame({"source_tier": ["secondary"], "confidence": ["partly_verified"]})}
    counts = provenance_counts(tables)
    tiers = counts["source_tier"]
    assert tiers.loc["export_controls", "official"] == 2 and tiers.loc["export_controls", "aggregator"] == 1
    assert tiers.loc["total", "rows"] == 4 and tiers.loc["agreements", "primary_report"] == 0
    assert counts["confidence"].loc["total", "reported"] == 1
    assert official_share(tables["export_controls"]) == pytest.approx(2 / 3)


def test_counts_command_prints_tiers_shares_and_confidence(data_copy, dataset):
    result = validate_in_process(data_copy, "--counts")
    assert result.returncode == 0
    out = result.stdout
    assert "Rows by source tier:" in out and "Rows by confidence" in out
    events = dataset.table("export_controls")
    official = int((events["source_tier"] == "official").sum())
    assert f"export_controls  {official} of {len(events)} = " in out
    assert "Share of rows whose source_url is an official publication (source_tier official):" in out
    assert "agreements" in out.split("Share of rows")[1]
    for label in ("official", "primary_report", "secondary", "aggregator", "reported"):
        assert label in out


def test_counts_command_names_unusable_tables(data_copy):
    (data_copy / "chains.parquet").unlink()
    result = validate_in_process(data_copy, "--counts")
    assert result.returncode == 1
    assert "Not counted" in result.stdout and "chains" in result.stdout.split("Not counted")[1]
