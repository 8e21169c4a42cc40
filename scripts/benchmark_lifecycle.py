"""Times the export-control lifecycle (the Gantt's segments and every measure's state on a date) on the shipped
events and on copies of them, to show the cost grows linearly with the number of events. Prints figures; not a
test.

    python -m scripts.benchmark_lifecycle [--sizes 47,500,5000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
import tracemalloc

import pandas as pd

from lib.data.load import load_dataset
from lib.topics.export_controls import lifecycle_segments, states_on


def copies(events: pd.DataFrame, size: int) -> pd.DataFrame:
    """`size` events: the shipped ones repeated with fresh ids (suspensions point at their own copy)."""
    frames, k = [], 0
    while sum(len(f) for f in frames) < size:
        suffix = f"-c{k}"
        frames.append(events.assign(event_id=events["event_id"] + suffix,
                                    suspends=events["suspends"].map(
                                        lambda cell: None if cell is None or pd.isna(cell) else
                                        ";".join(item.strip() + suffix for item in str(cell).split(";")))))
        k += 1
    return pd.concat(frames, ignore_index=True).head(size)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="47,500,5000")
    args = parser.parse_args()
    data = load_dataset()
    events, horizon = data.table("export_controls"), data.manifest.horizon
    until = dt.date(2027, 6, 1)
    for size in (int(s) for s in args.sizes.split(",")):
        frame = copies(events, size)
        tracemalloc.start()
        started = time.perf_counter()
        segments = lifecycle_segments(frame, horizon, until)
        states_on(frame, dt.date(2026, 11, 29), horizon)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{size:>6} events: {seconds * 1000:8.0f} ms, peak {peak:6.1f} MB, {len(segments)} segments")


if __name__ == "__main__":
    main()
