"""Code generation: checked programs to Python `ast` modules.

`generate_program(checked)` returns the modules in execution order; see
`codegen.module` for the layout and `capdsl.emit` for running or writing
them. Submodules: `names` (identifiers), `pyast` (node helpers and `.cap`
positions), `numeric` (fixed-width arithmetic), `expr` and `control`
(expressions and statements), `typetest` (run-time type tests), `module`
(entities, files, link step).
"""

from __future__ import annotations

from capdsl.codegen.module import GeneratedProgram, generate
from checker.program import CheckedProgram


def generate_program(checked: CheckedProgram) -> GeneratedProgram:
    return generate(checked)


__all__ = ["GeneratedProgram", "generate_program"]
