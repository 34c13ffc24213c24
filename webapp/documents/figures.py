"""Indicator codes as names a template can write, where a code with sub-codes is still a number.

``loans.outstanding_vnd`` has parts by bank (``loans.outstanding_vnd.nhcsxh``, ``.agribank``).
In a template the base code must behave as its total — ``{{ raw.loans.outstanding_vnd|money }}``,
``{% if raw.loans.outstanding_vnd > 0 %}``, ``raw.loans.outstanding_vnd / 1000`` — and still give
its parts as attributes. So such a code becomes a value of its own type (an ``int``, ``float``,
``Decimal`` or ``str`` subclass) that also answers ``.nhcsxh``; only a code whose own value is
unknown (None) stays a :class:`Node` mapping, which prints nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from markupsafe import escape


class Node(dict):
    """Sub-values without a value of their own: prints "" (``{{ x }}``), gives ``x.part``."""

    def __str__(self) -> str:
        value = self.get("value")
        return "" if value is None else str(value)

    def __html__(self) -> str:
        return str(escape(str(self)))


class _Parts:
    """Mixin: sub-values looked up before the base type's own attributes, so a part named
    like a method of ``str`` or ``int`` (``count``, ``real``) is still the part."""

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_"):
            parts = object.__getattribute__(self, "__dict__").get("_parts", {})
            if name in parts:
                return parts[name]
        return super().__getattribute__(name)

    def __getitem__(self, key: Any) -> Any:
        parts = self.__dict__.get("_parts", {})
        if isinstance(key, str) and key in parts:
            return parts[key]
        if key == "value":
            return self.value
        return super().__getitem__(key)  # type: ignore[misc]

    @property
    def value(self) -> Any:
        """The base code's own value as a plain number or text (old ``x.value`` spelling)."""
        base = next(b for b in type(self).__mro__ if b in _BASES)
        return base(self)

    def items(self):
        return self.__dict__.get("_parts", {}).items()

    def keys(self):
        return self.__dict__.get("_parts", {}).keys()


_BASES = (int, float, Decimal, str)
_TYPES: dict[type, type] = {
    base: type(f"{base.__name__.capitalize()}Node", (_Parts, base), {}) for base in _BASES
}


def with_parts(value: Any, parts: dict[str, Any]) -> Any:
    """``value`` that also has ``parts`` as attributes (a :class:`Node` when it has none)."""
    if value is None or isinstance(value, bool) or type(value) not in _TYPES:
        node = Node(parts)
        if value is not None:
            node["value"] = value
        return node
    result = _TYPES[type(value)](value)
    result.__dict__["_parts"] = parts
    return result


class _Branch(dict):
    """A code being built that has (or may have) its own value and sub-codes."""

    def __init__(self, own: Any = None) -> None:
        super().__init__()
        self.own = own


def nest(flat: dict[str, Any]) -> dict[str, Any]:
    """{"members.total": 1} → {"members": {"total": 1}}; a code that is also the prefix of
    longer codes keeps its own value and gives the longer codes as attributes."""
    tree: dict[str, Any] = {}
    for code in sorted(flat):
        node = tree
        *parents, leaf = code.split(".")
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):  # a plain value (or nothing) gains parts
                child = node[part] = _Branch(child)
            node = child
        if isinstance(node.get(leaf), _Branch):
            node[leaf].own = flat[code]
        else:
            node[leaf] = flat[code]
    return _finish(tree)


def _finish(tree: dict[str, Any]) -> dict[str, Any]:
    for key, child in list(tree.items()):
        if isinstance(child, _Branch):
            tree[key] = with_parts(child.own, _finish(dict(child)))
        elif type(child) is dict:
            _finish(child)
    return tree


def plain(value: Any) -> Any:
    """The number or text itself, for a value that may carry parts (filters read this)."""
    if isinstance(value, _Parts):
        return value.value
    if isinstance(value, Node):
        return value.get("value")
    return value
