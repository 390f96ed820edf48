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

from pastoral.core.collector import collector_paused
from pastoral.core.findings import Finding
from pastoral.core.store import RecordStore

T = TypeVar("T")


class RuleRun(NamedTuple):
    """What one rule found, and the kinds of record it read to find it."""

    reads: frozenset[str]
    findings: list[Finding]


def reading(store: RecordStore, compute: Callable[[], T]) -> tuple[T, frozenset[str]]:
    """``compute()`` and the kinds it read; whatever read them before still has them noted after."""
    outer, outer_shortcuts = store.read, store.shortcuts
    _drop(outer_shortcuts)
    store.read, store.shortcuts = set(), []
    try:
        value = compute()
    finally:
        _drop(store.shortcuts)
        read, store.read, store.shortcuts = store.read, outer, outer_shortcuts
        outer |= read
    return value, frozenset(read)


def _drop(shortcuts: list[tuple[dict, str]] | None) -> None:
    """Make the next use of each index go through ``indexed`` again, so it is noted for what reads now."""
    if shortcuts:
        for attributes, name in shortcuts:
            attributes.pop(name, None)
        shortcuts.clear()


class indexed(Generic[T]):
    """Like ``functools.cached_property`` on a ``RecordIndex``: built once, on first use; and every computation
    that uses it notes the kinds it was built from.

    The first use in a computation notes them, then sets the value straight on the index, so that the
    rest (a rule asks an index once a pupil: 600,000 times at a trust's scale) cost an attribute's
    lookup; ``reading`` takes those shortcuts away whenever a computation starts or ends, so none is left
    once the outermost has (an index holds its store, so one left in the store would make a cycle).
    """

    def __init__(self, build: Callable[[Any], T]):
        self.build = build
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.slot = f"_built_{name}"

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> indexed[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: Any, owner: type | None = None) -> T | indexed[T]:
        if instance is None:
            return self
        store: RecordStore = instance.store
        attributes = instance.__dict__
        built = attributes.get(self.slot)
        if built is None:
            with collector_paused():  # an index is many plain containers, and no cycles
                built = attributes[self.slot] = reading(store, lambda: self.build(instance))
        store.read |= built[1]
        if store.shortcuts is not None:  # in a computation that reads: found before this descriptor until it ends
            attributes[self.name] = built[0]
            store.shortcuts.append((attributes, self.name))
        return built[0]
