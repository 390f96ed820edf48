"""Pausing the cycle collector for work that makes many small containers and no cycles.

Parsing, walking and reading the cache make hundreds of thousands of dicts,
lists and tuples at a trust's scale; each batch of them sets off a collection
that walks everything made so far, again and again. None of them can form a
cycle, so nothing is lost by collecting later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off, and put it back as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
