"""Stripe's form encoding: ``metadata[invoice]=7&payment_method_types[0]=card&expand[]=x``
decoded into nested dicts and lists."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_PART = re.compile(r"\[([^\]]*)\]")


def decode_form(body: bytes | str) -> dict[str, Any]:
    text = body.decode() if isinstance(body, bytes) else body
    root: dict[str, Any] = {}
    for name, value in parse_qsl(text, keep_blank_values=True):
        head, _, rest = name.partition("[")
        keys = [head, *_PART.findall("[" + rest)] if rest else [head]
        _put(root, keys, value)
    return _listify(root)


def _put(node: dict[str, Any], keys: list[str], value: str) -> None:
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if key == "":  # a[]=x: append
            key = str(len(node))
        if last:
            node[key] = value
        else:
            node = node.setdefault(key, {})


def _listify(value: Any) -> Any:
    """Dicts whose keys are 0..n-1 are lists (Stripe encodes lists by index)."""
    if not isinstance(value, dict):
        return value
    items = {k: _listify(v) for k, v in value.items()}
    if items and all(k.isdigit() for k in items):
        ordered = sorted(items, key=int)
        if [int(k) for k in ordered] == list(range(len(ordered))):
            return [items[k] for k in ordered]
    return items
