"""A link with v=<kept version> opens that release's figures with a banner; an unknown version opens the current
data with a notice. Uses a copy of the sources built into a temporary directory: the repository is not touched."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from lib.data.build import SOURCES_DIR, build
from tests.app.test_pages import assert_clean, navigation_keeps_entrypoint, open_page, unescaped  # noqa: F401


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    """Release A from the shipped sources; release B with one changed row (Lanthanum renamed)."""
    root = tmp_path_factory.mktemp("releases")
    sources, data = root / "sources", root / "data"
    shutil.copytree(SOURCES_DIR, sources)
    build(sources, data, root / "static", today=dt.date(2026, 11, 1))
    first = json.loads((data / "manifest.json").read_text())["version"]
    csv = sources / "minerals.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("La,Lanthanum,", "La,Lanthanum (metal),", 1),
                   encoding="utf-8")
    build(sources, data, root / "static", today=dt.date(2026, 11, 20))
    return data, first, json.loads((data / "manifest.json").read_text())["version"]


def _texts(app) -> str:
    return " ".join(str(e.value) for kind in ("info", "warning", "caption") for e in app.get(kind))


def test_link_to_a_kept_release_opens_it_with_a_banner(monkeypatch, two_releases):
    data, first, second = two_releases
    monkeypatch.setenv("CM_DATA_DIR", str(data))
    app = open_page("pages/sources.py", {"v": first})
    assert_clean(app)
    text = _texts(app)
    assert "You are seeing the data of 2026-11-01" in text and "1 row changed since" in text
    assert f"data version {first}" in text
    app.button(key="see_current").click().run()
    assert_clean(app)
    assert "You are seeing the data of" not in _texts(app)
    assert f"data version {second}" in _texts(app)


def test_unknown_version_opens_current_data_with_a_notice(monkeypatch, two_releases):
    data, _first, second = two_releases
    monkeypatch.setenv("CM_DATA_DIR", str(data))
    app = open_page("pages/sources.py", {"v": "0123456789"})
    assert_clean(app)
    text = _texts(app)
    assert "made with data version 0123456789" in text and f"data version {second}" in text
    assert "You are seeing the data of" not in text


def test_what_changed_lists_the_changed_row_and_the_watch(monkeypatch, two_releases):
    data, first, second = two_releases
    monkeypatch.setenv("CM_DATA_DIR", str(data))
    app = open_page("pages/changes.py", {"as_of": "2026-11-29"})
    assert_clean(app)
    text = unescaped(" ".join(str(m.value) for m in app.markdown))
    assert f"Version {second}" in text and f"Version {first}" in text
    assert "name: Lanthanum → Lanthanum (metal)" in text
    # The 2026-11-10 suspension end has passed by 2026-11-29 with nothing known of what followed.
    assert "Suspension scheduled to end 2026-11-10" in text
    assert "0 rows added, 1 changed, 0 removed" in _texts(app)


def test_cite_this_view_gives_three_formats_with_version_date_and_link(monkeypatch, two_releases):
    data, first, _second = two_releases
    monkeypatch.setenv("CM_DATA_DIR", str(data))
    app = open_page("pages/agreements.py", {"v": first})
    app.button(key="cite").click().run()
    assert_clean(app)
    codes = [c.value for c in app.code]
    assert len(codes) == 3, codes
    for text in codes:
        assert first in text and "2026-11-01" in text and f"v={first}" in text
    assert any("@misc{" in text for text in codes)
