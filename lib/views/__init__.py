"""Cached page models: each page's tables and charts, built from the topics and the scenario model.

This package is the one cache layer of the app (apart from the dataset load, the control catalogue and
the two static assets the briefing embeds). Every cache is keyed on the loaded Dataset object and small
hashable values; what it returns is shared between sessions and must not be modified.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

_CACHES: list = []
_current_datasets: dict = {}  # data directory -> the Dataset object loaded from it now


def page_model(maxsize: int) -> Callable:
    """lru_cache that `clear()` empties together with every other page model."""
    def wrap(function: Callable) -> Callable:
        cached = lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached
    return wrap


def clear() -> None:
    for cached in _CACHES:
        cached.cache_clear()


def forget_old_datasets(data) -> None:
    """Empty every cache when a directory's dataset object changes (a data file was edited), so superseded
    tables are not kept alive by cache entries that nothing will ask for again. Datasets of different
    directories (the current data and releases that links pin) are kept side by side."""
    known = _current_datasets.get(data.data_dir)
    if known is not None and known is not data:
        clear()
        _current_datasets.clear()
    _current_datasets[data.data_dir] = data
