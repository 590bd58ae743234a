"""Topics of moved classes: stored events name the module a class lived in when they were
recorded, so every former home of a class keeps resolving to it, and a projection that filters
the log by topic asks for the former names too (events are never rewritten)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from eventsourcing.utils import get_topic, register_topic

_former: dict[type, list[str]] = defaultdict(list)


def _with_nested(cls: type) -> Iterator[type]:
    yield cls
    for value in vars(cls).values():
        if isinstance(value, type) and value.__qualname__.startswith(cls.__qualname__ + "."):
            yield from _with_nested(value)


def register_moved(former_module: str, classes: Iterable[type]) -> None:
    """``classes`` (and the event classes nested in them) used to live in ``former_module``."""
    for cls in classes:
        for obj in _with_nested(cls):
            topic = f"{former_module}:{obj.__qualname__}"
            if topic == get_topic(obj) or topic in _former[obj]:
                continue
            register_topic(topic, obj)
            _former[obj].append(topic)


def topics_of(cls: type) -> list[str]:
    """The class's topic now, then every topic it was recorded under before."""
    return [get_topic(cls), *_former.get(cls, ())]
