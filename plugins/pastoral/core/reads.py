"""Which kinds of record a computation read: what lets a check re-run only the rules a change can affect.

Every way into the records notes the kinds it hands out in the store's ``read``
set: the store's own accessors, and each index built from them, which notes
every time it is read the kinds it was built from (the index may have been
built for another rule). A rule that reads only kinds whose files are all as
they were reads exactly the values it read before, so it finds exactly what it
found: its findings can be kept (see ``pastoral.rules.run_tracked``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar, overload

from pastoral.core.findings import Finding
from pastoral.core.store import RecordStore

T = TypeVar("T")


class RuleRun(NamedTuple):
    """What one rule found, and the kinds of record it read to find it."""

    reads: frozenset[str]
    findings: list[Finding]


def reading(store: RecordStore, compute: Callable[[], T]) -> tuple[T, frozenset[str]]:
    """``compute()`` and the kinds it read; whatever read them before still has them noted after."""
    outer = store.read
    store.read = set()
    try:
        value = compute()
    finally:
        read, store.read = store.read, outer
        outer |= read
    return value, frozenset(read)


class indexed(Generic[T]):
    """Like ``functools.cached_property`` on a ``RecordIndex``: built once, on first use; and every use
    notes the kinds it was built from."""

    def __init__(self, build: Callable[[Any], T]):
        self.build = build
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_built_{name}"

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> indexed[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: Any, owner: type | None = None) -> T | indexed[T]:
        if instance is None:
            return self
        store: RecordStore = instance.store
        built = instance.__dict__.get(self.slot)
        if built is None:
            built = instance.__dict__[self.slot] = reading(store, lambda: self.build(instance))
        store.read |= built[1]
        return built[0]
