"""capdsl: Pony's syntax and reference capabilities, checked and compiled to Python.

The front end (grammar, parser, syntax checks, diagnostics), the code
generator, the command line and the Python interop live in this package; the
type and capability checker lives in `checker`, the actor runtime in
`runtime`. `capdsl.passes` lists the pipeline.

Using compiled programs from Python (`capdsl.embed`, `runtime.embed`):
`load(path)` or, after `install_import_hook()`, `import NAME` gives a module
of the program's entities; a `Runtime` runs their actors in a background
thread. The names below are imported on first use, so `import capdsl` (and
the command line) stays as light as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from capdsl.embed import (
        CapModule,
        CapWarning,
        CompileError,
        install_import_hook,
        load,
        uninstall_import_hook,
    )
    from runtime.embed import (
        ActorFault,
        Promise,
        PromiseRejected,
        Runtime,
        RuntimeStopped,
        run_program,
    )
    from runtime.errors import PonyError

_EXPORTS = {
    "CapModule": "capdsl.embed", "CapWarning": "capdsl.embed", "CompileError": "capdsl.embed",
    "install_import_hook": "capdsl.embed", "load": "capdsl.embed",
    "uninstall_import_hook": "capdsl.embed",
    "ActorFault": "runtime.embed", "Promise": "runtime.embed",
    "PromiseRejected": "runtime.embed", "Runtime": "runtime.embed",
    "RuntimeStopped": "runtime.embed", "run_program": "runtime.embed",
    "PonyError": "runtime.errors",
}

__all__ = [
    "ActorFault", "CapModule", "CapWarning", "CompileError", "PonyError", "Promise",
    "PromiseRejected", "Runtime", "RuntimeStopped", "__version__", "install_import_hook", "load",
    "run_program", "uninstall_import_hook",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'capdsl' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
