"""Load test: many concurrent browser sessions against one server, switching pages and toggling the
framework for a fixed number of rounds. Reports errors, rerun latency and server memory.

    python -m scripts.load_test [--sessions 20] [--rounds 3] [--write docs/load-test.md]

Traffic goes only to a server this script starts on 127.0.0.1; the loops are bounded in count and time.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import statistics
import threading
import time

from playwright.async_api import async_playwright

from tests.support.server import CHROMIUM_ARGS, REPO, ROUTED_MARKER, chromium_path, rss_mb, streamlit_process

ROUTE = ("scenarios", "export_controls", "", "dependencies")
SWITCH_PAGES = ("scenarios", "")
READY = ("[data-testid='stApp'][data-test-script-state='notRunning']")
SESSION_TTL_SECONDS = 5  # drop closed sessions quickly so memory after the run can be read
ROUNDS_TIMEOUT = 300  # seconds a round of every session may take on a 2-core machine before the run gives up


class MemorySampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(rss_mb(self.pid))
            time.sleep(0.5)


async def wait_ready(page) -> None:
    await page.wait_for_selector(ROUTED_MARKER, state="attached",
                                 timeout=120_000)
    await page.wait_for_timeout(150)
    await page.wait_for_selector(READY, timeout=120_000)
    await page.wait_for_function("Array.from(document.querySelectorAll(\"[data-testid='stPlotlyChart']\"))"
                                 ".every(el => el.querySelector('.main-svg'))", timeout=120_000)


async def timed_rerun(page, action) -> float:
    start = time.perf_counter()
    await action()
    await page.wait_for_timeout(60)
    await page.wait_for_selector(READY, timeout=120_000)
    await page.wait_for_function("Array.from(document.querySelectorAll(\"[data-testid='stPlotlyChart']\"))"
                                 ".every(el => el.querySelector('.main-svg'))", timeout=120_000)
    return (time.perf_counter() - start) * 1000


async def session(browser, url: str, rounds: int, latencies: list, errors: list, index: int) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(120_000)  # 20 browsers share 2 cores with the server: clicks can wait long
    try:
        await page.goto(f"{url}/{ROUTE[index % len(ROUTE)]}")
        await wait_ready(page)
        for round_number in range(rounds):
            target = ROUTE[(index + round_number + 1) % len(ROUTE)]
            title = {"": "Overview", "scenarios": "Scenarios", "export_controls": "Export controls",
                     "dependencies": "Dependencies"}[target]
            nav = page.locator("[data-testid='stSidebar']").get_by_role("link", name=title)
            latencies.append(("page switch", await timed_rerun(page, nav.click)))
            if target in SWITCH_PAGES:  # the framework switch is drawn on these pages only
                toggle = page.get_by_text("US–Japan framework on", exact=True).first
                latencies.append(("framework toggle", await timed_rerun(page, toggle.click)))
            if await page.locator("[data-testid='stException']").count():
                errors.append(f"session {index}: exception on {target}")
    except Exception as err:  # a timeout or crash in one session is an error to report, not a stop
        errors.append(f"session {index}: {type(err).__name__}: {str(err)[:120]}")
    finally:
        await context.close()


async def run(url: str, sessions: int, rounds: int) -> tuple[list, list]:
    latencies, errors = [], []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        await asyncio.wait_for(asyncio.gather(*(session(browser, url, rounds, latencies, errors, i)
                                                for i in range(sessions))), timeout=ROUNDS_TIMEOUT * max(rounds, 1))
        await browser.close()
    return latencies, errors


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", help="append the figures to this Markdown file")
    args = parser.parse_args()
    started = time.perf_counter()
    with streamlit_process(extra_args=("--server.disconnectedSessionTTL", str(SESSION_TTL_SECONDS))) as (url, proc):
        asyncio.run(run(url, 1, 0))  # warm: the first visit loads data and caches
        before = rss_mb(proc.pid)
        sampler = MemorySampler(proc.pid)
        sampler.start()
        latencies, errors = asyncio.run(run(url, args.sessions, args.rounds))
        sampler.stop.set()
        time.sleep(SESSION_TTL_SECONDS + 10)
        after = rss_mb(proc.pid)
    lines = [f"Load test {dt.date.today()} on {platform.machine()}, {os.cpu_count()} cores: {args.sessions} concurrent "
             f"sessions x {args.rounds} rounds (page switch + framework toggle), {time.perf_counter() - started:.0f} s",
             f"- errors: {len(errors)}"] + [f"  - {e}" for e in errors[:10]]
    for kind in ("page switch", "framework toggle"):
        values = [ms for k, ms in latencies if k == kind]
        if values:
            lines.append(f"- {kind}: median {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms "
                         f"({len(values)} reruns, click to charts redrawn, all sessions at once)")
    lines.append(f"- server memory: before {before:.0f} MB, peak during {max(sampler.samples):.0f} MB, "
                 f"after sessions closed {after:.0f} MB")
    text = "\n".join(lines)
    print(text)
    if args.write:
        path = REPO / args.write
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + "\n" + text + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
