"""Times the scenario model on the shipped data: one run computes every importer x chain x year, framework
off and on, each lever's Shapley share and the new/redirected split; timed for every preset. Prints
figures; it is a benchmark, not a test (target: under 20 ms a run). Then the Monte Carlo
(lib/scenario/uncertainty.py, 1,000 draws) on its own, and the server time of a Scenarios rerun that has to
recompute both (an assumption changed: a cache miss) against one that does not (target: under 150 ms).

    python -m scripts.benchmark_model [--runs 200] [--draws-runs 20] [--page-runs 7]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from lib.data.load import load_dataset
from lib.scenario.inputs import Overrides, build_model_inputs
from lib.scenario.model import run_scenario
from lib.scenario.presets import PRESETS
from lib.scenario.uncertainty import DEFAULT_DRAWS, run_uncertainty


def model_inputs(overrides: Overrides = Overrides()):
    data = load_dataset()
    return build_model_inputs(data.table("chains"), data.table("supply_projects"),
                              data.table("scenario_assumptions"), data.table("dependency_shares"), overrides,
                              data.manifest.base_year, data.manifest.end_year)


def time_calls(run, inputs, runs: int) -> list[float]:
    """Milliseconds of `runs` calls of run(inputs), after one warm-up call."""
    run(inputs)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(inputs)
        times.append((time.perf_counter() - start) * 1000)
    return times


def page_rerun_times(runs: int) -> tuple[list[float], list[float]]:
    """Server time of Scenarios reruns (AppTest): with a new model key each time (the ramp-up slider moves,
    so the model and the Monte Carlo both run) and with nothing changed (every model a cache hit)."""
    from scripts.benchmark import _apptest

    app = _apptest().run()
    app.switch_page("pages/scenarios.py").run()
    changed, unchanged = [], []
    for k in range(runs):
        slider = app.slider(key="p.ramp_years")
        slider.set_value(3.0 + 0.1 * (k + 1))  # a value not seen before: a cache miss
        start = time.perf_counter()
        app.run()
        changed.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        app.run()
        unchanged.append((time.perf_counter() - start) * 1000)
    return changed, unchanged


def summary(times: list[float]) -> str:
    return f"min {min(times):.1f} ms, median {statistics.median(times):.1f} ms over {len(times)} runs"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--draws-runs", type=int, default=20)
    parser.add_argument("--page-runs", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    cases = [(f"preset '{p.preset_id}', all three levers (8 lever subsets)", Overrides(preset=p.preset_id))
             for p in PRESETS]
    cases.append(("levers all off (1 subset)", Overrides(finance=False, stockpile=False, pooling=False)))
    for label, overrides in cases:
        inputs = model_inputs(overrides)
        times = time_calls(run_scenario, inputs, args.runs)
        print(f"{label}: {len(inputs.chains)} chains, {len(inputs.projects)} projects, "
              f"{len(inputs.years)} years -> min {min(times):.2f} ms, median {statistics.median(times):.2f} ms, "
              f"p95 {sorted(times)[int(0.95 * len(times)) - 1]:.2f} ms over {args.runs} runs")
    inputs = model_inputs()
    print(f"Monte Carlo, {DEFAULT_DRAWS:,} draws, every chain, off and on: "
          f"{summary(time_calls(run_uncertainty, inputs, args.draws_runs))}")
    changed, unchanged = page_rerun_times(args.page_runs)
    print(f"Scenarios rerun after an assumption change (model and Monte Carlo recomputed): {summary(changed)}")
    print(f"Scenarios rerun with nothing changed (cache hits): {summary(unchanged)}")
    print(f"load average over the last minute: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          f"(other work on the machine inflates the median and p95; the minimum is the least affected)")


if __name__ == "__main__":
    main()
