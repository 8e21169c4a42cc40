"""Widgets bound to the control catalogue: each keeps its value in the session under its URL key."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from lib.app.state import run_state
from lib.data.labels import IMPORTER_NAMES, names
from lib.data.load import Dataset
from lib.links.controls import ControlSpec
from lib.markdown import escape_label

FRAMEWORK_KEY = "framework"


def catalogue() -> dict[str, ControlSpec]:
    """The control catalogue of this run (looked up once per full run, in run.start_run)."""
    return run_state().catalogue


def _seed_default(key: str) -> ControlSpec:
    """The control's spec; a control never drawn before, or holding a choice no longer offered, starts at its
    default."""
    spec = catalogue()[key]
    if key in st.session_state and not _still_offered(st.session_state[key], spec):
        del st.session_state[key]
    if key not in st.session_state:
        st.session_state[key] = list(spec.default) if spec.kind == "multi" else spec.default
    return spec


def select(key: str, labels: dict | None = None, container=st, **kwargs):
    spec, shown = _seed_default(key), labels or {}
    return container.selectbox(_label(spec), spec.choices, key=key, persist_state="session",
                               format_func=lambda v: shown.get(v, v), **kwargs)


def multi(key: str, labels: dict | None = None, container=st, **kwargs) -> list:
    spec, shown = _seed_default(key), labels or {}
    return container.multiselect(_label(spec), spec.choices, key=key, persist_state="session",
                                 format_func=lambda v: shown.get(v, v), **kwargs)


def toggle(key: str, container=st, **kwargs) -> bool:
    spec = _seed_default(key)
    return container.toggle(_label(spec), key=key, persist_state="session", **kwargs)


def number(key: str, container=st, **kwargs):
    spec = _seed_default(key)
    return container.number_input(_label(spec), min_value=spec.minimum, max_value=spec.maximum, key=key,
                                  persist_state="session", **kwargs)


def slider(key: str, container=st, **kwargs):
    spec = _seed_default(key)
    return container.slider(_label(spec), min_value=spec.minimum, max_value=spec.maximum, key=key,
                            persist_state="session", **kwargs)


def text(key: str, container=st, **kwargs) -> str:
    spec = _seed_default(key)
    return container.text_input(_label(spec), key=key, persist_state="session", max_chars=200, **kwargs)


def date(key: str, container=st, **kwargs) -> dt.date:
    spec = _seed_default(key)
    return container.date_input(_label(spec), min_value=spec.minimum, max_value=spec.maximum, key=key,
                                persist_state="session", **kwargs)


def _label(spec: ControlSpec) -> str:
    """Labels render Markdown and some come from the data (assumption labels): no markup acts."""
    return escape_label(spec.label)


def control_values() -> dict:
    """Every control of the shared frame and of the current page, drawn or not: the value the reader set,
    else the default (widgets keep their values for the session). A choice the data no longer offers (the
    tables changed while the session was open) falls back to its default."""
    state, page = st.session_state, run_state().page
    held = state.to_dict()  # one read of the session: a lookup per control costs ~0.05 ms, ×100 controls
    values = {}
    for key, spec in catalogue().items():
        if spec.page not in ("", page):
            continue
        if key in held and not _still_offered(held[key], spec):
            del state[key]
            del held[key]
        values[key] = held.get(key, spec.default)
    return values


def _still_offered(value, spec: ControlSpec) -> bool:
    if spec.kind == "choice":
        return value in spec.choices
    if spec.kind == "multi":
        return all(item in spec.choices for item in (value or ()))
    return True


def changed_elsewhere(page: str) -> list[str]:
    """Labels of another page's controls whose value in the reader's session differs from the default."""
    state = st.session_state
    return [spec.label or key for key, spec in catalogue().items()
            if spec.page == page and key in state and _differs(state[key], spec.default)]


def _differs(value, default) -> bool:
    if isinstance(value, (list, tuple)) or isinstance(default, (list, tuple)):
        return tuple(value or ()) != tuple(default or ())
    return value != default


def shared_controls(data: Dataset) -> None:
    """The controls every page shares; drawn by the router on every run so they persist across pages."""
    with st.sidebar:
        select("importer", IMPORTER_NAMES, help="Whose dependency on China the pages show.")
        select("chain", names(data.table("chains"), "chain_id"),
               help="Supply chain for the overview and scenario charts.")
        date("as_of", help="Date for 'what is in force' and for milestone status.")
        toggle("numbers", help="Show the table of numbers under every chart.")


def framework_switch(container=st) -> bool:
    """The US–Japan framework switch; its return value is the framework state the page uses.

    Two pages draw it, and Streamlit gives a widget another identity on each page: assigning the value to
    its key before drawing carries it over, so the second page does not reset it to its default."""
    if FRAMEWORK_KEY in st.session_state:
        st.session_state[FRAMEWORK_KEY] = st.session_state[FRAMEWORK_KEY]
    return toggle(FRAMEWORK_KEY, container=container,
                  help="Switch the 2025 US–Japan framework on or off in the scenario model. The model always "
                       "computes both worlds; the switch says which one the page headlines. It holds on every "
                       "page and travels in the link.")
