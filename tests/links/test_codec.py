"""URL state: every control round-trips through a link; malformed links fall back with a notice."""
from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

import pytest

from lib.links.controls import ALWAYS_IN_LINKS, control_catalogue
from lib.links.codec import MAX_VALUE_LENGTH, VERSION_KEY, decode, encode


@pytest.fixture(scope="module")
def specs(dataset):
    return control_catalogue(dataset)


def non_default(spec):
    """A valid value for the control that differs from its default."""
    if spec.kind == "choice":
        return next(c for c in spec.choices if c != spec.default)
    if spec.kind == "multi":
        return tuple(spec.choices[:2]) if tuple(spec.choices[:2]) != tuple(spec.default) else tuple(spec.choices[-1:])
    if spec.kind == "bool":
        return not spec.default
    if spec.kind == "date":
        return dt.date(2024, 2, 29)
    if spec.kind == "int":
        return spec.minimum if spec.default != spec.minimum else spec.maximum
    if spec.kind == "float":
        return spec.minimum + (spec.maximum - spec.minimum) * 0.37
    return "rare earth <b>&amp;</b> 'quotes', commas, ünïcode"


def through_url(query: dict) -> dict:
    """What a browser hands back after the query string travels through a real URL."""
    return parse_qs(urlencode(query), keep_blank_values=True)


def test_every_control_round_trips(specs):
    values = {key: non_default(spec) for key, spec in specs.items() if spec.choices or spec.kind != "choice"}
    query = encode(values, specs, version="abc1234567")
    decoded = decode(through_url(query), specs)
    assert decoded.notices == ()
    assert decoded.link_version == "abc1234567"
    for key, value in values.items():
        got = decoded.values[key]
        if specs[key].kind == "float":
            assert got == pytest.approx(value, rel=1e-9), key
        else:
            assert got == value, key


def test_defaults_are_left_out_of_links_except_the_date(specs):
    defaults = {key: spec.default for key, spec in specs.items()}
    query = encode(defaults, specs, version="v1", always=ALWAYS_IN_LINKS)
    assert set(query) == {"as_of", VERSION_KEY}


def test_there_are_controls_of_every_kind(specs):
    assert {"choice", "multi", "bool", "date", "int", "float", "text"} <= {s.kind for s in specs.values()}
    assert len([k for k in specs if k.startswith("p.")]) >= 20, "every scenario assumption is a control"


MALFORMED = [
    ("importer", ["CHN"]), ("importer", [""]), ("importer", ["usa"]), ("importer", ["USA", "JPN"]),
    ("importer", ["<script>alert(1)</script>"]), ("importer", ["x" * (MAX_VALUE_LENGTH + 1)]),
    ("chain", ["lithium"]), ("chain", ["ndpr_oxide\x00"]), ("chain", ["../../etc/passwd"]),
    ("framework", ["maybe"]), ("framework", ["2"]), ("framework", ["true", "false"]),
    ("as_of", ["2025-13-01"]), ("as_of", ["27/11/2026"]), ("as_of", ["1999-01-01"]), ("as_of", ["2099-01-01"]),
    ("as_of", ["2025-6-1"]), ("as_of", ["now"]),
    ("p.ramp_years", ["abc"]), ("p.ramp_years", ["-1"]), ("p.ramp_years", ["9999"]), ("p.ramp_years", ["nan"]),
    ("p.ramp_years", ["inf"]), ("p.finance_probability_uplift", ["1e309"]), ("p.pooling_share", ["0x10"]),
    ("ag_from", ["2020.5"]), ("ag_to", ["1800"]), ("sh_year", ["twenty"]),
    ("ag_party", ["Atlantis"]), ("ec_mineral", ["Unobtainium,Kryptonite"]),
    ("cand", ["invented-project"]), ("ag_sel", ["no-such-agreement"]), ("ec_sel", ["javascript:alert(1)"]),
    ("src_table", ["users; DROP TABLE"]), ("sh_preset", ["<img src=x onerror=alert(1)>"]),
    ("unknown_param", ["1"]), ("__proto__", ["polluted"]), ("ag_q", ["a" * 10_000]),
    ("dp_basis", ["both"]), ("sh_fraction", ["1.5"]), ("sh_months", ["0"]),
]


@pytest.mark.parametrize("key, raw", MALFORMED, ids=[f"{k}={str(v)[:20]}" for k, v in MALFORMED])
def test_malformed_parameter_falls_back_with_notice(specs, key, raw):
    decoded = decode({key: raw, "importer": ["JPN"]} if key != "importer" else {key: raw}, specs)
    assert key not in decoded.values, f"{key}={raw!r} should fall back to its default"
    notices = [n for n in decoded.notices if n.key == key]
    assert len(notices) == 1
    assert notices[0].reason
    assert len(str(notices[0])) < 400, "notices stay short whatever the input"
    if key != "importer":
        assert decoded.values["importer"] == "JPN", "good parameters beside a bad one still apply"


def test_partly_valid_list_keeps_the_good_items_and_says_what_was_dropped(specs):
    decoded = decode({"ag_party": ["JPN,Atlantis,USA"]}, specs)
    assert decoded.values["ag_party"] == ("JPN", "USA")
    assert "Atlantis" in str(decoded.notices[0]) and "kept JPN, USA" in str(decoded.notices[0])


def test_script_text_in_search_is_kept_as_plain_text(specs):
    decoded = decode({"ag_q": ["<script>alert(1)</script>"]}, specs)
    assert decoded.values["ag_q"] == "<script>alert(1)</script>"
    assert decoded.notices == ()


def test_reserved_embed_parameters_are_left_to_streamlit(specs):
    decoded = decode({"embed": ["true"], "embed_options": ["dark_theme"]}, specs)
    assert decoded.values == {} and decoded.notices == ()


def test_empty_query_gives_empty_view(specs):
    decoded = decode({}, specs)
    assert decoded.values == {} and decoded.notices == () and decoded.link_version is None
