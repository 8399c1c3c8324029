"""capdsl: Pony's syntax and reference capabilities, checked and compiled to Python.

The front end (grammar, parser, syntax checks, diagnostics), the code
generator, the command line and the Python interop live in this package; the
type and capability checker lives in `checker`, the actor runtime in
`runtime`. `capdsl.passes` lists the pipeline.
"""

__version__ = "0.1.0"
