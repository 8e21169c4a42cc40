"""Checks a set of tables against lib.data.schema and explains every failure in plain words.

Each problem names the file, the column, the row (its id where it has one) and the rule broken,
so an analyst can find and fix it without reading code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from lib.data.cells import is_http_url, split_list
from lib.data.schema import (AGGREGATOR_CONFIDENCE, HS_CODE_PATTERN, LIST_SEPARATOR, TABLES, URL_LIST_SEPARATOR,
                             VERIFIABLE_TIERS, ZERO_NOTE, Column, Table)

MAX_SHOWN_PER_RULE = 5
# Tables where the two tier/confidence rules (verified_needs_primary, aggregator_only) are shown as warnings
# instead of errors, so the app keeps such a table usable while its labels are revised. Every table satisfies
# the rules, so the set is empty and the rules are errors everywhere.
TIER_RULES_AS_WARNINGS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Problem:
    file: str
    column: str
    row: str
    rule: str
    message: str
    severity: str = "error"  # "error" makes the table unusable; "warning" is shown but the table is used

    def __str__(self) -> str:
        where = [self.file]
        if self.column:
            where.append(f"column '{self.column}'")
        if self.row:
            where.append(self.row)
        return f"{', '.join(where)}: {self.message} [rule: {self.rule}]"


def row_label(df: pd.DataFrame, position: int, table: Table, first_line: int | None) -> str:
    ident = df[table.id_column].iloc[position] if table.id_column in df.columns else None
    where = f"line {position + first_line}" if first_line is not None else f"row {position}"
    if ident is not None and not pd.isna(ident) and str(ident).strip():
        return f"{where} (id '{ident}')"
    return where


class _Collector:
    """Gathers problems for one table, capping repeats of one rule in one column."""

    def __init__(self, df: pd.DataFrame, table: Table, file: str, first_line: int | None):
        self.df, self.table, self.file, self.first_line = df, table, file, first_line
        self.problems: list[Problem] = []
        self._counts: dict[tuple[str, str], int] = {}

    def add(self, column: str, position: int | None, rule: str, message: str, severity: str = "error") -> None:
        key = (column, rule)
        self._counts[key] = self._counts.get(key, 0) + 1
        count = self._counts[key]
        if count > MAX_SHOWN_PER_RULE:
            return
        row = "" if position is None else row_label(self.df, position, self.table, self.first_line)
        if count == MAX_SHOWN_PER_RULE:
            message += " (further rows with the same problem are not listed)"
        self.problems.append(Problem(self.file, column, row, rule, message, severity))


# ---------------------------------------------------------------- columns and types

def check_columns(df: pd.DataFrame, table: Table, file: str) -> list[Problem]:
    problems = [Problem(file, name, "", "required_column",
                        f"required column '{name}' is missing (expected columns: {', '.join(table.column_names)})")
                for name in table.column_names if name not in df.columns]
    problems += [Problem(file, str(name), "", "unknown_column",
                         f"column '{name}' is not in the schema for {table.name}; it is ignored "
                         "(see docs/data_dictionary.md)", "warning")
                 for name in df.columns if name not in table.column_names]
    return problems


def coerce_text_table(raw: pd.DataFrame, table: Table, file: str, first_line: int = 2
                      ) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn a table read as text (from CSV) into typed columns, reporting cells that do not parse."""
    collector = _Collector(raw, table, file, first_line)
    columns = {}  # one frame at the end: inserting columns one by one cost 45 ms of a 190 ms read of the sources
    for col in table.columns:
        if col.name not in raw.columns:
            continue
        text = raw[col.name].astype("string").str.strip().replace("", pd.NA)
        columns[col.name] = _parse(text, col, collector)
    return pd.DataFrame(columns, index=raw.index), collector.problems


def _parse(text: pd.Series, col: Column, collector: _Collector) -> pd.Series:
    if col.kind in ("int", "float"):
        numbers = pd.to_numeric(text, errors="coerce")
        _report_unparsed(text, numbers, col, collector, "a number")
        if col.kind == "int":
            whole = numbers.isna() | (numbers == numbers.round())
            for pos in _positions(~whole):
                collector.add(col.name, pos, "type", f"value '{text.iloc[pos]}' must be a whole number")
            return numbers.where(whole).round().astype("Int64")
        return numbers.astype("float64")
    if col.kind == "date":
        dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        _report_unparsed(text, dates, col, collector, "a date written YYYY-MM-DD")
        return dates.astype("datetime64[ms]")
    if col.kind == "bool":
        lowered = text.str.lower()
        flags = lowered.map({"true": True, "false": False}, na_action="ignore").astype("boolean")
        _report_unparsed(text, flags, col, collector, "true or false")
        return flags
    return text.astype(object).where(text.notna(), None)


def _report_unparsed(text: pd.Series, parsed: pd.Series, col: Column, collector: _Collector, wanted: str) -> None:
    for pos in _positions(text.notna() & parsed.isna()):
        collector.add(col.name, pos, "type", f"value '{text.iloc[pos]}' is not {wanted}")


def _positions(mask: pd.Series) -> list[int]:
    return [int(i) for i in mask.to_numpy().nonzero()[0]]


def check_types(df: pd.DataFrame, table: Table, file: str) -> list[Problem]:
    """For tables read from parquet: each column must hold the kind of value the schema gives."""
    problems = []
    for col in table.columns:
        if col.name not in df.columns:
            continue
        series = df[col.name]
        if series.isna().all():
            continue
        if not _dtype_fits(series, col.kind):
            problems.append(Problem(file, col.name, "", "type",
                                    f"column holds {series.dtype} values but must hold {_KIND_WORDS[col.kind]}"))
    return problems


_KIND_WORDS = {"str": "text", "url": "text (a URL)", "url_list": "text (URLs)", "list": "text (';'-separated)",
               "int": "whole numbers", "float": "numbers", "date": "dates", "bool": "true/false values"}


def _dtype_fits(series: pd.Series, kind: str) -> bool:
    if kind == "float":
        return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if kind == "int":
        return pd.api.types.is_integer_dtype(series)
    if kind == "date":
        return pd.api.types.is_datetime64_any_dtype(series)
    if kind == "bool":
        return pd.api.types.is_bool_dtype(series)
    # infer_dtype walks the values in C: "string" when every present value is a str, "empty" when none is.
    return pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty")


_DTYPES = {"int": "Int64", "float": "float64", "date": "datetime64[ms]", "bool": "boolean"}


def normalise_column(series: pd.Series, kind: str) -> pd.Series:
    """One column in the dtype the build writes for `kind` (text becomes object with None for missing)."""
    if kind in _DTYPES:
        return series.astype(_DTYPES[kind])
    return pd.Series(series.to_numpy(dtype=object, na_value=None), index=series.index, name=series.name, dtype=object)


# ---------------------------------------------------------------- values within one table

def check_values(df: pd.DataFrame, table: Table, file: str, first_line: int | None = None) -> list[Problem]:
    if df.empty:
        return [Problem(file, "", "", "empty_table", f"the table has no rows; {table.name} needs at least one")]
    collector = _Collector(df, table, file, first_line)
    for col in table.columns:
        if col.name in df.columns:
            _check_column_values(df[col.name], col, collector)
    _check_unique_ids(df, table, collector)
    _check_date_order(df, table, collector)
    _check_paired(df, table, collector)
    _check_tier_rules(df, table, collector)
    _check_due_precision(df, collector)
    _check_unique_together(df, table, collector)
    _check_months(df, table, collector)
    _check_zero_notes(df, table, collector)
    _check_one_value_per_key(df, table, collector)
    _check_any_of(df, table, collector)
    _check_hs_codes(df, collector)
    return collector.problems


def _check_column_values(series: pd.Series, col: Column, collector: _Collector) -> None:
    missing = series.isna()
    if col.required:
        for pos in _positions(missing):
            collector.add(col.name, pos, "required_value", "value is missing but the column is required")
    for pos, value in _present(series):
        if col.allowed:
            items = split_list(value) if col.kind == "list" else [str(value)]
            for item in items:
                if item not in col.allowed:
                    collector.add(col.name, pos, "allowed_values",
                                  f"'{item}' is not allowed; use one of: {', '.join(col.allowed)}")
        if col.kind in ("url", "url_list"):
            urls = split_list(value, URL_LIST_SEPARATOR) if col.kind == "url_list" else [str(value)]
            for url in urls:
                if not is_http_url(url):
                    collector.add(col.name, pos, "http_url", f"'{url[:80]}' is not an http:// or https:// address")
        if col.minimum is not None or col.maximum is not None:
            _check_range(float(value), pos, col, collector)


def _present(series: pd.Series):
    for pos, value in enumerate(series.tolist()):
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            continue
        yield pos, value


def _check_range(value: float, pos: int, col: Column, collector: _Collector) -> None:
    low = col.minimum if col.minimum is not None else float("-inf")
    high = col.maximum if col.maximum is not None else float("inf")
    if low <= value <= high:
        return
    hint = ""
    if "fraction" in col.unit and 1 < value <= 100:
        hint = f"; it looks like a percentage: write {value / 100:g} for {value:g}%"
    collector.add(col.name, pos, "range", f"value {value:g} is outside {low:g}–{high:g} ({col.unit or 'no unit'})"
                  f"{hint}")


def _check_unique_ids(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    if table.id_column not in df.columns:
        return
    ids = df[table.id_column]
    for pos in _positions(ids.duplicated(keep="first") & ids.notna()):
        collector.add(table.id_column, pos, "unique_id", f"id '{ids.iloc[pos]}' appears more than once")


def _check_date_order(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    for earlier, later in table.date_order:
        if earlier not in df.columns or later not in df.columns:
            continue
        if not (pd.api.types.is_datetime64_any_dtype(df[earlier]) and pd.api.types.is_datetime64_any_dtype(df[later])):
            continue
        for pos in _positions(df[earlier] > df[later]):
            collector.add(later, pos, "date_order",
                          f"{later} {df[later].iloc[pos]:%Y-%m-%d} is before {earlier} {df[earlier].iloc[pos]:%Y-%m-%d}")


def _check_paired(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    for column, given in table.paired:
        if column not in df.columns or given not in df.columns:
            continue
        has_column, has_given = df[column].notna(), df[given].notna()
        for pos in _positions(has_given & ~has_column):
            collector.add(column, pos, "paired_value", f"{column} is required because {given} is given")
        for pos in _positions(has_column & ~has_given):
            collector.add(column, pos, "paired_value", f"{column} must be empty because {given} is empty")


def _check_tier_rules(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    if "source_tier" not in df.columns or "confidence" not in df.columns:
        return
    severity = "warning" if table.name in TIER_RULES_AS_WARNINGS else "error"
    tier, confidence = df["source_tier"], df["confidence"]
    for pos in _positions((confidence == "verified") & tier.notna() & ~tier.isin(VERIFIABLE_TIERS)):
        collector.add("confidence", pos, "verified_needs_primary",
                      f"'verified' needs source_tier official or primary_report, not '{tier.iloc[pos]}'", severity)
    for pos in _positions((tier == "aggregator") & confidence.notna() & ~confidence.isin(AGGREGATOR_CONFIDENCE)):
        collector.add("confidence", pos, "aggregator_only",
                      f"a row resting on an aggregator can only be {' or '.join(AGGREGATOR_CONFIDENCE)}, "
                      f"not '{confidence.iloc[pos]}'", severity)


_PERIOD_ENDS = {"month": "M", "quarter": "Q", "year": "Y"}


def _check_due_precision(df: pd.DataFrame, collector: _Collector) -> None:
    """A due date stands for the END of the stated period, so an 'in 2026' deadline never reads as overdue early."""
    if "due_precision" not in df.columns or "due_date" not in df.columns:
        return
    if not pd.api.types.is_datetime64_any_dtype(df["due_date"]):
        return
    for pos, precision in _present(df["due_precision"]):
        due = df["due_date"].iloc[pos]
        if precision not in _PERIOD_ENDS or pd.isna(due):
            continue
        period_end = pd.Period(due, freq=_PERIOD_ENDS[precision]).end_time.normalize()
        if pd.Timestamp(due) != period_end:
            collector.add("due_date", pos, "due_period_end",
                          f"due_date {due:%Y-%m-%d} with precision {precision} must be the last day of the "
                          f"{precision}: {period_end:%Y-%m-%d}")


def _check_unique_together(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    key = list(table.unique_together)
    if not key or any(c not in df.columns for c in key):
        return
    for pos in _positions(df.duplicated(subset=key, keep="first")):
        values = ", ".join(f"{c}={df[c].iloc[pos]}" for c in key)
        collector.add(key[-1], pos, "duplicate_key", f"another row already has {values}; keep one figure per "
                      f"{', '.join(key)} (say in conflict_note which alternative was not used)")


def _check_months(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    for column in table.month_columns:
        if column not in df.columns or not pd.api.types.is_datetime64_any_dtype(df[column]):
            continue
        for pos in _positions(df[column].notna() & (df[column].dt.day != 1)):
            collector.add(column, pos, "month_start", f"{column} {df[column].iloc[pos]:%Y-%m-%d} must be the first "
                          f"day of its month ({df[column].iloc[pos]:%Y-%m}-01)")


def _check_zero_notes(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    for column, note in table.zero_needs_note:
        if column not in df.columns or note not in df.columns:
            continue
        says_zero = df[note].fillna("").astype(str).str.lower().str.contains(ZERO_NOTE)
        for pos in _positions((df[column] == 0).fillna(False).astype(bool) & ~says_zero):
            collector.add(column, pos, "zero_needs_note",
                          f"{column} is 0 but {note} does not say '{ZERO_NOTE}': a month no source reports is left "
                          "out (no row), never written as 0")


def _check_one_value_per_key(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    for key, value in table.one_value_per_key:
        if key not in df.columns or value not in df.columns:
            continue
        first: dict[str, str] = {}
        for pos, (code, name) in enumerate(zip(df[key].tolist(), df[value].tolist())):
            if code is None or name is None:
                continue  # a missing name is the required_value rule's message
            if first.setdefault(code, name) != name:
                collector.add(value, pos, "one_name_per_code",
                              f"{key} '{code}' is named '{name}' here but '{first[code]}' in an earlier row")


def _check_any_of(df: pd.DataFrame, table: Table, collector: _Collector) -> None:
    present = [c for c in table.any_of if c in df.columns]
    if not present:
        return
    for pos in _positions(df[present].isna().all(axis=1)):
        collector.add(present[0], pos, "any_of", f"give at least one of {', '.join(table.any_of)}")


def _check_hs_codes(df: pd.DataFrame, collector: _Collector) -> None:
    if "hs_code" not in df.columns:
        return
    for pos, code in _present(df["hs_code"]):
        if not re.match(HS_CODE_PATTERN, str(code)):
            collector.add("hs_code", pos, "hs_code_form", f"'{code}' is not an HS code written as 2504, 8505.11 or "
                          "8112.92.90 (aggregates joined with '+')")


# ---------------------------------------------------------------- references across tables

def check_references(tables: dict[str, pd.DataFrame], files: dict[str, str],
                     first_line: int | None = None) -> dict[str, list[Problem]]:
    """Every value of a referencing column must exist in the table it points at."""
    problems: dict[str, list[Problem]] = {}
    for name, df in tables.items():
        table = TABLES[name]
        collector = _Collector(df, table, files[name], first_line)
        for col in table.columns:
            if not col.references or col.name not in df.columns:
                continue
            target_table, target_column = col.references.split(".")
            target = tables.get(target_table)
            if target is None:
                collector.add(col.name, None, "reference",
                              f"cannot check references: table {target_table} is missing or broken", "warning")
                continue
            known = set(target[target_column].dropna().astype(str))
            for pos, value in _present(df[col.name]):
                for item in (split_list(value) if col.kind == "list" else [str(value)]):
                    if item not in known:
                        collector.add(col.name, pos, "reference",
                                      f"'{item}' does not exist in {target_table}.{target_column}")
        if collector.problems:
            problems[name] = collector.problems
    return problems


# ---------------------------------------------------------------- hardening: parquet types, ids, finiteness, sizes
# Added after the red-team review (docs: NOTES-hardening.md). Every value parquet can carry either becomes the
# dtype the app uses or is reported; no value may reach a page that the rules above let through by accident.

ID_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,79}$")  # ids travel in links, file names and chart axes
# Free list items (party names such as 'MP Materials'): words, but nothing that splits a link or forms markup.
FORBIDDEN_IN_ITEM = re.compile(r"[,<>\[\]()`|\\\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
MAX_ITEM_LENGTH = 80
ID_LIKE_COLUMNS = ("country", "chain_id")  # free text in the schema, but used as ids on axes and in links


def normalise_parquet_values(raw: pd.DataFrame, table: Table, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Bring parquet encodings the build never writes to the build's dtypes, before the type checks run.

    Timezone-aware timestamps become the calendar date in their own zone (midnight in Shanghai is that
    day, not the day before in UTC), with a warning; unsigned or float columns that hold whole
    numbers become integers; an unsigned value too large for the app is an error naming the column."""
    out, problems = raw.copy(), []
    for col in table.columns:
        if col.name not in out.columns or isinstance(out[col.name], pd.DataFrame):
            continue  # duplicate column names are reported by check_columns/check_types
        series = out[col.name]
        if col.kind == "date" and isinstance(series.dtype, pd.DatetimeTZDtype):
            out[col.name] = series.dt.tz_localize(None).dt.normalize()
            problems.append(Problem(file, col.name, "", "timezone",
                                    f"dates carry a time zone ({series.dtype.tz}); each was read as its calendar "
                                    "date in that zone. Write plain dates (YYYY-MM-DD) to silence this", "warning"))
        elif col.kind == "int":
            out[col.name], problem = _whole_numbers(series, col, file)
            problems += [problem] if problem else []
    return out, problems


def _whole_numbers(series: pd.Series, col: Column, file: str) -> tuple[pd.Series, Problem | None]:
    if pd.api.types.is_unsigned_integer_dtype(series):
        if len(series) and int(series.max()) > 2**63 - 1:
            return series, Problem(file, col.name, "", "type", "a value is too large for a whole-number column")
        return series.astype("Int64"), None
    if pd.api.types.is_float_dtype(series):
        finite = series.dropna()
        if finite.map(lambda v: v == v and abs(v) < 2**53 and float(v).is_integer()).all():
            return series.astype("Int64"), None  # pandas writes an int column with gaps as floats
    return series, None


def check_hardening(df: pd.DataFrame, table: Table, file: str, first_line: int | None = None) -> list[Problem]:
    """Rules the pages rely on beyond column types: enough rows, finite numbers, non-blank required text,
    and ids and list items that can travel in links and sit on chart axes as plain text."""
    collector = _Collector(df, table, file, first_line)
    if 0 < len(df) < table.min_rows:
        collector.add("", None, "min_rows", f"the table has {len(df)} rows; {table.name} needs at least "
                                            f"{table.min_rows} (docs/data_dictionary.md)")
    for col in table.columns:
        if col.name not in df.columns:
            continue
        if col.kind == "float":
            _check_finite(df[col.name], col, collector)
        elif col.kind not in ("int", "date", "bool"):
            _check_text(df[col.name], col, table, collector)
    return collector.problems


def _check_finite(series: pd.Series, col: Column, collector: _Collector) -> None:
    values = series.astype("float64")
    for pos in _positions(values.abs() == float("inf")):
        collector.add(col.name, pos, "finite", f"value {values.iloc[pos]} is not a finite number")


def _check_text(series: pd.Series, col: Column, table: Table, collector: _Collector) -> None:
    id_like = col.name == table.id_column or col.name in ID_LIKE_COLUMNS or (col.references and col.kind != "list")
    for pos, value in _present(series):
        text = str(value)
        if col.required and not text.strip():
            collector.add(col.name, pos, "required_value", "value is blank but the column is required")
        elif id_like and not ID_TEXT.match(text):
            collector.add(col.name, pos, "id_text", f"'{_shown(text)}' is not a plain id: use letters, digits and "
                                                    ". _ + - only (at most 80), with no spaces around it")
        elif col.kind == "list":
            _check_items(text, pos, col, collector)


def _check_items(text: str, pos: int, col: Column, collector: _Collector) -> None:
    pattern = ID_TEXT if col.references else None
    for item in text.split(LIST_SEPARATOR):
        bare = item.strip()
        if not bare:
            continue
        plain_item = pattern.match(bare) if pattern else (len(bare) <= MAX_ITEM_LENGTH
                                                          and not FORBIDDEN_IN_ITEM.search(bare))
        if not plain_item:
            collector.add(col.name, pos, "list_item", f"item '{_shown(bare)}' cannot travel in a link: no commas, "
                                                      "brackets, markup or control characters, at most 80 characters")


def _shown(text: str, width: int = 60) -> str:
    """A bad value quoted in a message: control and format characters made visible, long text cut."""
    visible = "".join(f"\\u{ord(ch):04x}" if _is_control(ch) else ch for ch in text)
    return visible if len(visible) <= width else visible[: width - 1] + "…"


def _is_control(ch: str) -> bool:
    import unicodedata
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def check_assumption_rows(tables: dict[str, pd.DataFrame], file: str = "scenario_assumptions.parquet",
                          first_line: int | None = None) -> list[Problem]:
    """What the scenario model and its controls need from scenario_assumptions: a control range that
    holds the default, and for every chain its base-year demand, China share and growth for USA, JPN and WLD,
    with neither importer's demand above world demand."""
    table, assumptions = TABLES["scenario_assumptions"], tables.get("scenario_assumptions")
    if assumptions is None:
        return []
    collector = _Collector(assumptions, table, file, first_line)
    _check_control_ranges(assumptions, collector)
    chains = tables.get("chains")
    if chains is not None:
        values = dict(zip(assumptions["param_id"], assumptions["value"]))
        for chain_id in chains["chain_id"].dropna():
            _check_chain_rows(str(chain_id), values, collector)
    return collector.problems


def _check_control_ranges(assumptions: pd.DataFrame, collector: _Collector) -> None:
    low, high, value = (assumptions[c].astype("float64") for c in ("ui_min", "ui_max", "value"))
    for pos in _positions(low >= high):
        collector.add("ui_max", pos, "control_range", f"ui_min {low.iloc[pos]:g} must be below ui_max "
                                                      f"{high.iloc[pos]:g} (a control needs a range)")
    for pos in _positions((low < high) & ((value < low) | (value > high))):
        collector.add("value", pos, "control_range", f"default {value.iloc[pos]:g} is outside the control's range "
                                                     f"{low.iloc[pos]:g}–{high.iloc[pos]:g}")


def _check_chain_rows(chain_id: str, values: dict, collector: _Collector) -> None:
    needed = [f"{p}.{chain_id}.{i}" for p in ("demand_base", "china_share_base", "demand_growth")
              for i in ("USA", "JPN", "WLD")]
    missing = [p for p in needed if p not in values]
    if missing:
        collector.add("param_id", None, "chain_assumptions", f"chain '{chain_id}' has no row(s) "
                                                             f"{', '.join(missing)}; the scenario model needs them")
        return
    world = values[f"demand_base.{chain_id}.WLD"]
    for importer in ("USA", "JPN"):
        if values[f"demand_base.{chain_id}.{importer}"] > world:
            collector.add("value", None, "demand_share", f"chain '{chain_id}': base-year demand of {importer} "
                                                         f"is above world demand ({world:g})")


from functools import lru_cache  # noqa: E402  (kept with the block appended here; the file's imports are shared)
from urllib.parse import urlsplit  # noqa: E402

# Control and format characters (Unicode Cc, Cf, Zl, Zp) that can hide or reorder text; a regex, not a
# per-character lookup, because every URL of every row passes through it.
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
                       "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


@lru_cache(maxsize=4096)  # sources repeat across rows: each distinct address is judged once
def url_problem(url: str) -> str:
    """Why an http(s) address would mislead a reader in the briefing or About file, or '' when it is plain:
    no user part (https://trusted.gov@evil.example/), no spaces, double quotes, angle brackets or
    invisible characters, and a host name with a dot."""
    if re.search(r"[\s\"<>`\\]", url) or INVISIBLE.search(url):
        return "contains spaces, double quotes, angle brackets or invisible characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "cannot be parsed as an address"
    if "@" in parts.netloc:
        return "has a user part before '@', which hides the real host"
    if "." not in host.strip("."):
        return "has no host name with a dot"
    return ""


def check_url_shape(df: pd.DataFrame, table: Table, file: str, first_line: int | None = None) -> list[Problem]:
    """The documented URL rule beyond 'http(s) only' (F18), for url and url_list columns."""
    collector = _Collector(df, table, file, first_line)
    for col in table.columns:
        if col.kind not in ("url", "url_list") or col.name not in df.columns:
            continue
        for pos, value in _present(df[col.name]):
            urls = split_list(value, URL_LIST_SEPARATOR) if col.kind == "url_list" else [str(value).strip()]
            for url in urls:
                why = url_problem(url) if is_http_url(url) else ""
                if why:
                    collector.add(col.name, pos, "url_shape", f"'{_shown(url)}' {why}")
    return collector.problems
