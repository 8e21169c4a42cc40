"""The hostile corpus through the loader, the validator, every page, every chart and every export (F8–F10, F13):
the loader reports or passes, and nothing from data becomes markup, a link or a formula."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from lib.data.load import load_dataset
from lib.exports import FORMULA_START, ViewContext, briefing_html, chart_csv, chart_metadata
from tests.hardening.corpus import MARKUP_TAG, PAYLOADS, free_text, poison, text_columns
from tests.hardening.helpers import validate_in_process
from tests.app.test_pages import PAGES, navigation_keeps_entrypoint, open_page  # noqa: F401  (autouse fixture)

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    import shutil
    from lib.data.load import DEFAULT_DATA_DIR
    target = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target, ignore=shutil.ignore_patterns("sources"))
    poison(target, lambda table: [c for c in table.columns if free_text(c, table)])
    return target


def test_every_text_column_of_every_table_is_reported_or_passes(data_copy):
    changed = poison(data_copy, text_columns)
    assert sum(len(v) for v in changed.values()) > 80
    data = load_dataset(data_copy)  # must not raise
    for name, columns in changed.items():
        assert name not in data.tables or not data.errors(name)
        if name not in data.tables:
            assert data.errors(name), name
    result = validate_in_process(data_copy)
    assert result.returncode == 1 and "Validation failed." in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout


def test_free_text_payloads_are_data_not_errors(hostile_dir):
    data = load_dataset(hostile_dir)
    assert data.ok, [str(p) for ps in data.problems.values() for p in ps][:5]


@pytest.fixture(scope="module")
def hostile_pages(hostile_dir):
    mp = pytest.MonkeyPatch()
    mp.setenv("CM_DATA_DIR", str(hostile_dir))
    from streamlit.runtime import pages_manager
    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    mp.setattr(pages_manager.PagesManager, "__init__", init)
    apps = {page: open_page(page) for page in PAGES}
    yield apps
    mp.undo()


def is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def charts_of(app):
    return [chart for _, chart in app.session_state["_charts"]] if "_charts" in app.session_state else []


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_the_hostile_corpus(hostile_pages, page):
    app = hostile_pages[page]
    assert not app.exception, [e.value for e in app.exception]
    assert PAGES[page] <= {json.loads(e.proto.spec)["layout"]["meta"]["chart_key"] for e in app.get("plotly_chart")}


@pytest.mark.parametrize("page", list(PAGES))
def test_F9_no_chart_carries_markup_from_data(hostile_pages, page):
    for element in hostile_pages[page].get("plotly_chart"):
        spec = element.proto.spec
        assert not re.search(MARKUP_TAG, spec, re.IGNORECASE), re.search(MARKUP_TAG, spec, re.IGNORECASE)
        assert not BIDI.search(json.loads(spec).__repr__())


@pytest.mark.parametrize("page", list(PAGES))
def test_F10_no_export_cell_starts_a_formula(hostile_pages, page):
    for chart in charts_of(hostile_pages[page]):
        rows = list(csv.reader(io.StringIO(chart_csv(chart).decode("utf-8"), newline="")))
        cells = [value for row in rows for value in row if not is_number(value)]  # -0.08 stays a number
        assert not [c for c in cells if c.startswith(FORMULA_START)], chart.key
        about = chart_metadata(chart, VIEW)
        assert not BIDI.search(about) and "\x00" not in about
        # Lines are 'Label: value' or '- value' (a list item); no value may itself start a formula.
        values = [line[2:] if line.startswith("- ") else line.partition(": ")[2] for line in about.splitlines()]
        assert not [v for v in values if v.startswith(FORMULA_START)], chart.key


VIEW = ViewContext("p", "http://localhost:8501/p", "v1", "2026-06-23", (("Chain", PAYLOADS[7]),), "now")


@pytest.mark.parametrize("page", [p for p in PAGES if PAGES[p]])
def test_F9_briefing_has_no_link_or_tag_from_data(hostile_pages, page):
    charts = charts_of(hostile_pages[page])
    html = briefing_html("Hostile <b>page</b>", charts, VIEW, summary=PAYLOADS[2])
    body = html.split("</head>", 1)[1]
    text = re.sub(r"<script\b.*?</script>", "", body, flags=re.S)  # plotly.js and the chart specs
    links = re.findall(r'<a href="([^"]*)"', text)
    allowed = {url for chart in charts for _, url in chart.sources} | {VIEW.link}
    assert set(links) <= allowed
    assert "phish.example" not in " ".join(links)
    assert "<b>page</b>" not in html and "&#x27;=HYPERLINK" in text
    for tag in ("<img src=x", "<script>alert", "<span style", "<b>In</b>", 'target="_top"'):
        assert tag not in text
    for spec in re.findall(r'<script type="application/json" id="spec-\d+">(.*?)</script>', html, re.S):
        assert not re.search(MARKUP_TAG, spec.replace("<\\/", "</"), re.IGNORECASE)
