"""Encodes a view's controls as a query string and decodes one back, defensively.

Decoding never raises: every parameter that is unknown, repeated, too long, of the wrong type, out of
range or not among the allowed values falls back to its default and yields a notice saying which
parameter was ignored and why, so a pasted link always opens and nothing is silently dropped.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Mapping, Sequence

from lib.links.controls import ControlSpec

VERSION_KEY = "v"
RESERVED_KEYS = ("embed", "embed_options")  # handled by Streamlit itself
MAX_VALUE_LENGTH = 500
MAX_SHOWN = 40
LIST_SEPARATOR = ","
# Control characters, and the invisible format characters (bidi overrides, zero-width marks) that could make a
# notice say something other than what the link holds.
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_VERSION_SHAPE = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


@dataclass(frozen=True)
class Notice:
    key: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"'{shorten(self.key)}={shorten(self.value)}' was ignored: {self.reason}"


@dataclass(frozen=True)
class DecodedView:
    values: dict  # key -> value for every parameter that decoded cleanly
    notices: tuple[Notice, ...]
    link_version: str | None


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    text = _CONTROL_CHARS.sub("?", str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode(query: Mapping[str, Sequence[str] | str], specs: Mapping[str, ControlSpec]) -> DecodedView:
    values, notices, version = {}, [], None
    for key, raw in query.items():
        items = [raw] if isinstance(raw, str) else list(raw)
        if key in RESERVED_KEYS:
            continue
        if key == VERSION_KEY:
            version = items[-1] if items and _VERSION_SHAPE.match(items[-1]) else None
            if items and version is None:
                notices.append(Notice(key, items[-1], "not a data version; using the current data"))
            continue
        spec = specs.get(key)
        if spec is None:
            notices.append(Notice(key, items[-1] if items else "", "this dashboard has no such parameter"))
            continue
        value, problem = _decode_one(items, spec)
        if problem:
            notices.append(Notice(key, items[-1] if items else "", f"{problem}; using the default"))
            if value is None:
                continue
        values[key] = value
    return DecodedView(values, tuple(notices), version)


def _decode_one(items: list[str], spec: ControlSpec) -> tuple[object, str]:
    if len(items) != 1:
        return None, "the parameter appears more than once"
    text = items[0]
    if len(text) > MAX_VALUE_LENGTH:
        return None, f"the value is longer than {MAX_VALUE_LENGTH} characters"
    if _CONTROL_CHARS.search(text):
        return None, "the value contains control characters"
    return _PARSERS[spec.kind](text.strip(), spec)


def _choice(text: str, spec: ControlSpec) -> tuple[object, str]:
    if text in spec.choices:
        return text, ""
    return None, f"not one of the allowed values ({_allowed(spec)})"


def _multi(text: str, spec: ControlSpec) -> tuple[object, str]:
    if text == "":
        return (), ""
    items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    good = tuple(dict.fromkeys(item for item in items if item in spec.choices))
    bad = [item for item in items if item not in spec.choices]
    if bad:
        kept = f"kept {', '.join(good)}" if good else "nothing kept"
        return (good if good else None), f"unknown item(s) {shorten(', '.join(bad))} ({kept})"
    return good, ""


def _bool(text: str, spec: ControlSpec) -> tuple[object, str]:
    lowered = text.lower()
    if lowered in ("true", "1", "on", "yes"):
        return True, ""
    if lowered in ("false", "0", "off", "no"):
        return False, ""
    return None, "expected true or false"


def _date(text: str, spec: ControlSpec) -> tuple[object, str]:
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        return None, "expected a date written YYYY-MM-DD"
    if len(text) != 10:
        return None, "expected a date written YYYY-MM-DD"
    return _within(value, spec)


def _number(text: str, spec: ControlSpec) -> tuple[object, str]:
    try:
        value = float(text)
    except ValueError:
        return None, "expected a number"
    if not math.isfinite(value):
        return None, "expected a finite number"
    if spec.kind == "int":
        if value != int(value):
            return None, "expected a whole number"
        value = int(value)
    return _within(value, spec)


def _text(text: str, spec: ControlSpec) -> tuple[object, str]:
    return unicodedata.normalize("NFC", text), ""


def _within(value, spec: ControlSpec) -> tuple[object, str]:
    if spec.minimum is not None and value < spec.minimum:
        return None, f"below the minimum {spec.minimum}"
    if spec.maximum is not None and value > spec.maximum:
        return None, f"above the maximum {spec.maximum}"
    return value, ""


def _allowed(spec: ControlSpec) -> str:
    shown = ", ".join(spec.choices[:8])
    return shown + (f" and {len(spec.choices) - 8} more" if len(spec.choices) > 8 else "")


_PARSERS = {"choice": _choice, "multi": _multi, "bool": _bool, "date": _date, "int": _number, "float": _number,
            "text": _text}


def encode_value(value: object, spec: ControlSpec) -> str:
    if spec.kind == "multi":
        return LIST_SEPARATOR.join(value)
    if spec.kind == "bool":
        return "true" if value else "false"
    if spec.kind == "date":
        return value.isoformat()
    if spec.kind == "float":
        return f"{float(value):.10g}"
    return str(value)


def encode(values: Mapping[str, object], specs: Mapping[str, ControlSpec], version: str,
           always: Sequence[str] = ()) -> dict[str, str]:
    """Query parameters for a view: every value that differs from its default, the keys in `always`,
    and the data version."""
    query = {}
    for key, value in values.items():
        spec = specs.get(key)
        if spec is None or value is None:
            continue
        if key in always or not _same(value, spec.default, spec):
            query[key] = encode_value(value, spec)
    query[VERSION_KEY] = version
    return query


def _same(value: object, default: object, spec: ControlSpec) -> bool:
    if spec.kind == "multi":
        return tuple(value) == tuple(default)
    if spec.kind == "float":
        return math.isclose(float(value), float(default), rel_tol=1e-12, abs_tol=1e-12)
    return value == default
