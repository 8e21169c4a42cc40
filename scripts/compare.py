"""Compare variants of the app against the bare app, alternating in one run (see docs/performance.md).

    python -m scripts.compare toggle 30 /tmp/a /tmp/b         # framework flips on an open Scenarios page
    python -m scripts.compare agreements,overview 8 /tmp/a     # cold loads of these pages ('overview' = /)

Each directory holds a copy of the app (e.g. `git archive HEAD | tar -x -C /tmp/a`, then edit the copy).
Browser timings on a small machine drift by more than most single changes are worth, so variants are
measured side by side, flip by flip or load by load, and read as ratios to the bare app. Prints figures;
not a test.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts import benchmark
from tests.support.server import CHROMIUM_ARGS, chromium_path, streamlit_process


async def _measure(urls: dict[str, str], counts: dict[str, dict[str, int]], measures: list[str],
                   rounds: int) -> dict:
    """`counts`: per app label, the charts each page draws (an older copy may draw fewer than this one)."""
    from playwright.async_api import async_playwright
    results: dict = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        for label, url in urls.items():  # a page's first visit fills its caches, once per server
            for path in {m for m in measures if m != "toggle"} | {"scenarios"}:
                await benchmark.cold_load(browser, url, path, counts[label][path])
        for measure in measures:
            if measure == "toggle":  # as the benchmark, each app waiting for its own charts
                flips = await benchmark.toggle_times(browser, urls, {k: c["scenarios"] for k, c in counts.items()},
                                                     rounds)
                results.update({(measure, label): times for label, times in flips.items()})
                continue
            for _ in range(rounds):
                for label, url in urls.items():
                    results.setdefault((measure, label), []).append(
                        await benchmark.cold_load(browser, url, measure, counts[label][measure]))
        await browser.close()
    return results


def _chart_counts(variant: Path) -> dict[str, int]:
    """How many charts each of the variant's pages draws, captured in its own directory."""
    script = ("import json; from scripts import benchmark; "
              "print(json.dumps({k: len(v) for k, v in benchmark.capture_specs().items()}))")
    out = subprocess.run([sys.executable, "-c", script], cwd=variant, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("measures", help="'toggle' and/or page paths, comma-separated ('overview' is /)")
    parser.add_argument("rounds", type=int)
    parser.add_argument("variants", nargs="+", type=Path, help="directories holding a copy of the app")
    args = parser.parse_args()
    measures = ["" if m == "overview" else m for m in args.measures.split(",")]
    specs = benchmark.capture_specs()
    counts = {path: len(values) for path, values in specs.items()}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as servers:
        bare = Path(tmp)
        benchmark.write_bare_app(bare, specs)
        urls = {str(d): servers.enter_context(streamlit_process(d.resolve() / "app.py", cwd=d.resolve()))[0]
                for d in args.variants}
        urls["bare"] = servers.enter_context(streamlit_process(bare / "bare_app.py", cwd=bare))[0]
        per_app = {str(d): _chart_counts(d) for d in args.variants} | {"bare": counts}
        results = asyncio.run(_measure(urls, per_app, measures, args.rounds))
    for measure in measures:
        bare_median = statistics.median(results[(measure, "bare")])
        for label in urls:
            times = results[(measure, label)]
            median, (q1, _, q3) = statistics.median(times), statistics.quantiles(times, n=4)
            print(f"{measure or 'overview':16s} {label:24s} median {median:6.0f} ms  ratio {median / bare_median:.2f}  "
                  f"q1–q3 {q1:.0f}–{q3:.0f}")


if __name__ == "__main__":
    main()
