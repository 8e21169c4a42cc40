"""Times a fresh load of the data directory (read, check, validate) for the shipped tables and for a
dependency_shares table at the loader's row limit (lib.data.load.MAX_ROWS), and one row over it, which must be
refused from the file's footer without being decoded; then a copy of the data with one table changed, loaded
after the shipped data, which checks only the changed table. Prints figures; not a test.

    python -m scripts.benchmark_load [--runs 5]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from lib.data import load
from lib.data.load import DEFAULT_DATA_DIR, load_dataset, read_parquet


def data_copy(target: Path, shares_rows: int | None = None) -> Path:
    """The shipped data directory copied to `target`, with dependency_shares repeated to `shares_rows` rows."""
    shutil.copytree(DEFAULT_DATA_DIR, target, ignore=shutil.ignore_patterns("sources", "releases"))
    if shares_rows is not None:
        shares = read_parquet(target / "dependency_shares.parquet")
        big = shares.iloc[np.arange(shares_rows) % len(shares)].reset_index(drop=True)
        big["row_id"] = [f"r{i}" for i in range(len(big))]
        big.to_parquet(target / "dependency_shares.parquet", index=False)
    return target


def fresh_load_ms(directory: Path, runs: int, keep_checked_tables: bool = False) -> list[float]:
    times = []
    for _ in range(runs):
        load._load_cached.cache_clear()  # a fresh load each run, as after a data change
        if not keep_checked_tables:
            load.forget_checked_tables()
        else:
            load_dataset(DEFAULT_DATA_DIR)  # the shipped tables checked before
        started = time.perf_counter()
        load_dataset(directory)
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        cases = {"shipped tables": data_copy(Path(tmp) / "shipped"),
                 f"dependency_shares at the limit ({load.MAX_ROWS:,} rows)":
                     data_copy(Path(tmp) / "at_limit", load.MAX_ROWS),
                 "dependency_shares one row over the limit": data_copy(Path(tmp) / "over", load.MAX_ROWS + 1)}
        for label, directory in cases.items():
            report(label, fresh_load_ms(directory, runs))
        changed = data_copy(Path(tmp) / "one_changed")
        agreements = read_parquet(changed / "agreements.parquet")
        agreements.loc[0, "summary"] = "changed"
        agreements.to_parquet(changed / "agreements.parquet", index=False)
        report("a copy with agreements changed, after the shipped data", fresh_load_ms(changed, runs, True))


def report(label: str, times: list[float]) -> None:
    print(f"{label:<55} median {statistics.median(times):7.0f} ms, best {min(times):7.0f} ms "
          f"({len(times)} fresh loads)")


if __name__ == "__main__":
    main()
