"""Soak test: one session rerun many times through AppTest (a link switch, the framework flip, page changes),
reporting errors and the process's memory before and after. Prints figures; not a test.

    python -m scripts.soak [--reruns 1500] [--write docs/load-test.md]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import resource
import time

from tests.support.server import REPO

PAGES = ("pages/scenarios.py", "pages/overview.py", "pages/export_controls.py", "pages/trade.py")


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def soak(reruns: int) -> str:
    from streamlit.runtime import pages_manager
    from streamlit.testing.v1 import AppTest

    from lib.app.state import use_router_navigation
    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):  # AppTest resets the legacy flag on every run (see tests/app/test_pages.py)
        original(self, *args, **kwargs)
        use_router_navigation()
    pages_manager.PagesManager.__init__ = init
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    app.run()
    gc.collect()
    before, errors, started = rss_mb(), 0, time.perf_counter()
    for step in range(reruns):
        if step % 10 == 0:
            app.switch_page(PAGES[(step // 10) % len(PAGES)])
        if "framework" in app.session_state and step % 2:
            app.session_state["framework"] = not app.session_state["framework"]
        app.run()
        errors += len(app.exception)
    gc.collect()
    after, seconds = rss_mb(), time.perf_counter() - started
    return (f"Soak {dt.date.today()} on {platform.machine()}: {reruns} reruns of one session (page switch every 10, "
            f"framework flipped every other), {seconds:.0f} s\n- errors: {errors}\n"
            f"- process memory: before {before:.0f} MB, after {after:.0f} MB ({after - before:+.0f} MB)\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reruns", type=int, default=1500)
    parser.add_argument("--write", help="append the figures to this Markdown file")
    args = parser.parse_args()
    text = soak(args.reruns)
    print(text)
    if args.write:
        path = REPO / args.write
        path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
