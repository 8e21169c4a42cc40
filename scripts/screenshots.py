"""Screenshots of every page at 1400x1000 in headless Chromium, light and dark theme, into screenshots/.

    python -m scripts.screenshots [--theme light|dark|both] [--out screenshots] [--pages scenarios,overview]
                                  [--query framework=false] [--full-page]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support.server import REPO, launch_chromium, streamlit_server, wait_for_app

PAGES = ("", "agreements", "export_controls", "trade", "dependencies", "scenarios", "changes", "sources")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--theme", choices=("light", "dark", "both"), default="light")
    parser.add_argument("--out", default=str(REPO / "screenshots"))
    parser.add_argument("--full-page", action="store_true", help="capture the whole scrollable page")
    parser.add_argument("--pages", default=",".join(name or "overview" for name in PAGES),
                        help="comma-separated page names ('overview' is /)")
    parser.add_argument("--query", default="", help="query string added to every page's address")
    args = parser.parse_args()
    pages = [("" if name == "overview" else name) for name in args.pages.split(",")]
    suffix = f"?{args.query}" if args.query else ""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    themes = ("light", "dark") if args.theme == "both" else (args.theme,)
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for theme in themes:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=theme)
            page = context.new_page()
            for name in pages:
                page.goto(f"{url}/{name}{suffix}")  # Streamlit follows the browser's colour scheme
                wait_for_app(page)
                path = out / f"{name or 'overview'}-{theme}.png"
                if args.full_page:  # Streamlit scrolls inside its main block, so grow the window to fit it
                    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                    page.set_viewport_size({"width": 1400, "height": min(int(height) + 50, 12000)})
                    wait_for_app(page)
                page.screenshot(path=str(path))
                page.set_viewport_size({"width": 1400, "height": 1000})
                print(path)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
