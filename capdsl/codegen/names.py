"""Python names for `.cap` names.

Pony identifiers may hold primes (`radius'`) and may be Python keywords
(`from`, `in`, `lambda`). A prime becomes U+02B9 (a letter Python accepts in
identifiers and that no `.cap` name contains); a keyword or a name the
generated code reserves gets U+02BC appended. Temporaries start with U+02B9,
so they can't meet a user's name. Entities of the program's own package keep
their names; entities of other packages are prefixed with the package name.
"""

from __future__ import annotations

import keyword

PRIME = "\u02b9"
ESCAPE = "\u02bc"
_RESERVED = frozenset({
    "self", "cls", "print", "len", "isinstance", "object", "type", "super", "str", "bool",
    "tuple", "staticmethod",
})


def py_name(name: str) -> str:
    """The Python identifier for a local or parameter."""
    text = name.replace("'", PRIME)
    if keyword.iskeyword(text) or keyword.issoftkeyword(text) or text in _RESERVED:
        return text + ESCAPE
    return text


def py_attr(name: str) -> str:
    """The Python attribute for a field or method (runtime classes implement
    builtin methods under their Pony names, so only keywords are escaped)."""
    text = name.replace("'", PRIME)
    return text + ESCAPE if keyword.iskeyword(text) else text


def temp_name(n: int, hint: str = "t") -> str:
    return f"{PRIME}{hint}{n}"


_PRELUDE_TYPE_NAMES = frozenset({"_Actor", "_PonyError"})
"""Names the prelude binds that a `.cap` type could also be called."""


def entity_py_name(name: str, package: str, is_root: bool) -> str:
    """The module-level name of an entity's class (a root entity named like
    a Python keyword, `None`, or like a prelude name gets U+02BC appended)."""
    base = name.replace("'", PRIME)
    if is_root:
        return base + ESCAPE if keyword.iskeyword(base) or base in _PRELUDE_TYPE_NAMES else base
    prefix = "".join(ch if ch.isalnum() else "_" for ch in package.split("/")[-1])
    return f"{prefix}{PRIME}{base}"


def behaviour_body(name: str) -> str:
    return "_b_" + py_attr(name)


def ctor_body(name: str) -> str:
    return "_c_" + py_attr(name)
