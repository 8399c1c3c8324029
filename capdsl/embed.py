"""Loading `.cap` programs into Python: `load`, the import hook, the cache.

Place: the Python-facing end of the pipeline, beside `capdsl run`
(`capdsl.emit`). `load(path)` runs every pass up to codegen (a full check:
errors raise `CompileError`), compiles each generated module with its
`.cap` file name and executes them in a fresh `CapModule`, whose attributes
are the program's root-package entities (`m.Counter`, `m.Main`). Actors
need a running `capdsl.Runtime` (`runtime.embed`): the modules are executed
with its thread-aware `send_any`/`spawn_any` in place of the plain ones.

The cache (one entry per program, in `$XDG_CACHE_HOME/capdsl` or
`~/.cache/capdsl`) stores what `compile()` made of the generated trees:
marshalled code objects, exactly as a `.pyc` does. Their file names and line
tables are the `.cap` ones, so tracebacks, profilers and coverage read the
same positions from a cached load as from a fresh one, and a hit skips
parsing, checking, code generation and Python's compiler (the compiler's
modules, Lark included, are not even imported). An entry is used only if
every source of the program still has the content hash recorded in it, every
package directory still lists the same `.cap` files, and it was written by
the same capdsl (version and a fingerprint of its own files) and the same
Python (version, bytecode magic, optimisation level). Writes are atomic
(a temporary file renamed into place); a cache that can't be written is
skipped. `CAPDSL_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import marshal
import os
import sys
import threading
import types
import warnings
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from capdsl import __version__

if TYPE_CHECKING:
    import importlib.abc

    from capdsl.diagnostics import Diagnostic
    from capdsl.passes import Compilation

CACHE_FORMAT = 1
PRELUDE = "<capdsl prelude>"
_R = TypeVar("_R")


class CompileError(Exception):
    """The program has errors: the message is the rendered diagnostics, as
    `capdsl check` prints them; `diagnostics` holds them as data."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class CapWarning(UserWarning):
    """A warning the compiler reported for a loaded program."""


class CapModule(types.ModuleType):
    """A loaded `.cap` program: its root-package entities as attributes.

    Classes and actors are Python classes (constructors are called on them
    as in Pony: `m.Counter.create(5)`), a primitive is its single instance
    (`m.Util.twice(3)`). `__all__` lists the entities by their Python names;
    the module also holds the program's private helpers (names starting with
    `_` or containing U+02B9).
    """

    __capdsl_entities__: dict[str, str]
    __capdsl_cached__: bool
    __capdsl_main__: str | None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        known = ", ".join(sorted(self.__dict__.get("__all__", ()))) or "nothing"
        raise AttributeError(f"capdsl module {self.__name__!r} has no entity {name!r} "
                             f"(it defines: {known})")

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__.get("__all__", ()), "__name__", "__file__", "__all__"})

    def __repr__(self) -> str:
        return f"<capdsl module {self.__name__!r} from {self.__dict__.get('__file__')!r}>"


class Compiled:
    """A program ready to execute, and what its cache entry must match.
    (A plain class: `dataclasses` would add its imports to every warm load.)"""

    __slots__ = ("cached", "dirs", "entities", "main", "modules", "sources", "target",
                 "warnings")

    def __init__(self, target: str, modules: list[tuple[str, CodeType]], main: str | None,
                 entities: dict[str, str], sources: list[tuple[str, str]] | None = None,
                 dirs: list[tuple[str, list[str]]] | None = None,
                 warnings: list[str] | None = None, cached: bool = False) -> None:
        self.target = target
        self.modules = modules
        self.main = main
        self.entities = entities
        self.sources = sources or []  # (path, sha256 of its text)
        self.dirs = dirs or []  # (package directory, its .cap file names)
        self.warnings = warnings or []
        self.cached = cached


# ------------------------------------------------------------------ loading


def load(path: str | os.PathLike[str], *, name: str | None = None,
         cache: bool = True) -> CapModule:
    """Compile (or fetch from the cache) and execute a `.cap` file or package
    directory; return the module of its root-package entities.

    Raises `CompileError` if the program has errors, `FileNotFoundError` or
    `ValueError` for a path that is not a program. Each call executes the
    program afresh (new classes); the import hook keeps one per name.
    """
    target = _target(Path(path))
    module = CapModule(name or (target.stem if target.is_file() else target.name))
    module.__file__ = str(target)
    exec_program(compile_program(target, use_cache=cache), module)
    return module


def _target(path: Path) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    if path.is_file() and path.suffix != ".cap":
        raise ValueError(f"{path} is not a .cap file (expected a .cap file or a package "
                         "directory)")
    return path.resolve()


def exec_program(compiled: Compiled, module: CapModule) -> None:
    """Run the program's modules in `module`'s namespace, with the sends and
    spawns of `runtime.embed`, and expose its entities."""
    from runtime.embed import send_any, spawn_any
    from runtime.ffi import FFIBindError

    for text in compiled.warnings:
        warnings.warn(text, CapWarning, stacklevel=3)
    ns = module.__dict__
    try:
        for filename, code in compiled.modules:
            exec(code, ns)
            if filename == PRELUDE:
                ns["_send"] = send_any
                ns["_spawn"] = spawn_any
    except FFIBindError as exc:  # a declared Python function that doesn't exist
        raise CompileError(f"error: {exc}") from exc
    ns["__all__"] = sorted(compiled.entities.values())
    module.__capdsl_entities__ = dict(compiled.entities)
    module.__capdsl_cached__ = compiled.cached
    module.__capdsl_main__ = compiled.main


def compile_program(target: Path, use_cache: bool = True) -> Compiled:
    """The program at `target` (an absolute path) compiled: from the cache
    when a valid entry exists, else through the passes (then cached)."""
    entry = cache_entry(target) if use_cache else None
    if entry is not None:
        found = _read_entry(entry, target)
        if found is not None:
            return found
    compiled = _on_big_stack(lambda: _compile(target))
    if entry is not None:
        _write_entry(entry, compiled)
    return compiled


def _compile(target: Path) -> Compiled:
    from capdsl.diagnostics import Reporter, Severity, TooManyErrors
    from capdsl.passes import Compilation, run_passes

    comp = Compilation(target, Reporter())
    try:
        ok = run_passes(comp, "codegen")
    except TooManyErrors:
        ok = False
    rendered = _render(comp)
    if not ok:
        errors = comp.reporter.error_count()
        noun = "error" if errors == 1 else "errors"
        summary = f"capdsl: {target}: {errors} {noun}"
        raise CompileError("\n\n".join([*rendered, summary]), comp.reporter.sorted())
    warned = [text for diag, text in zip(comp.reporter.sorted(), rendered, strict=True)
              if diag.severity is Severity.WARNING]
    return _compiled(comp, target, warned)


def _render(comp: Compilation) -> list[str]:
    from capdsl.render import TextRenderer

    renderer = TextRenderer(comp.sources(), colour=False)
    return [renderer.render(d) for d in comp.reporter.sorted()]


def _compiled(comp: Compilation, target: Path, warned: list[str]) -> Compiled:
    from capdsl.codegen import GeneratedProgram
    from capdsl.codegen.names import entity_py_name
    from capdsl.loader import package_files

    program = comp.python["program"]
    assert isinstance(program, GeneratedProgram) and comp.checked is not None
    root = comp.checked.packages[comp.checked.root_key]
    entities = {e.name: entity_py_name(e.name, e.package.name, True)
                for e in root.entities.values()
                if e.package is root and not e.native and e.kind != "type"}
    modules = [(filename, compile(tree, filename, "exec", dont_inherit=True))
               for filename, tree in program.modules]
    compiled = Compiled(str(target), modules, program.main_class, entities, warnings=warned)
    for package in comp.packages.values():
        if package.is_stdlib:
            continue  # part of capdsl: the fingerprint covers it
        compiled.sources += [(s.name, _digest(s.text)) for s in package.sources]
        if package is not comp.root or target.is_dir():
            compiled.dirs.append((str(package.directory),
                                  [p.name for p in package_files(package.directory)]))
    return compiled


def _on_big_stack(fn: Callable[[], _R]) -> _R:
    """Run the compiler on a thread with a large stack and recursion limit,
    as the command line does, so deeply nested programs compile too."""
    result: list[_R] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(fn())
        except BaseException as exc:
            failure.append(exc)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 60_000))
    previous = threading.stack_size(512 * 1024 * 1024)
    try:
        worker = threading.Thread(target=run, name="capdsl-compile", daemon=True)
        worker.start()
    finally:
        threading.stack_size(previous)
    try:
        worker.join()
    finally:
        sys.setrecursionlimit(limit)
    if failure:
        raise failure[0]
    return result[0]


# -------------------------------------------------------------------- cache


def cache_dir() -> Path | None:
    """Where compiled programs are kept, or None when caching is off."""
    if os.environ.get("CAPDSL_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "capdsl" / f"programs-{CACHE_FORMAT}"


def cache_entry(target: Path) -> Path | None:
    """The cache file for the program at `target` (None when caching is off)."""
    directory = cache_dir()
    if directory is None:
        return None
    key = "\0".join([str(target), _python_tag(), compiler_fingerprint()])
    return directory / (hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:40]
                        + ".capc")


def _python_tag() -> str:
    magic = importlib.util.MAGIC_NUMBER.hex()
    return f"{sys.implementation.cache_tag} {sys.version} {magic} O{sys.flags.optimize}"


@cache
def compiler_fingerprint() -> str:
    """capdsl's version and the size and time of every file of its three
    packages (a development checkout changes without a new version)."""
    import checker
    import runtime

    parts = [__version__]
    for package in (Path(__file__).parent, Path(checker.__file__).parent,
                    Path(runtime.__file__).parent):
        for path in sorted(_compiler_files(package)):
            st = path.stat()
            parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _compiler_files(directory: Path) -> list[Path]:
    found: list[Path] = []
    for entry in os.scandir(directory):
        if entry.is_dir() and entry.name != "__pycache__":
            found += _compiler_files(Path(entry.path))
        elif entry.name.endswith((".py", ".lark", ".cap")):
            found.append(Path(entry.path))
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _file_digest(path: str) -> str | None:
    """The digest of the file's text as the loader decodes it, or None."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return _digest(text[1:] if text.startswith("\ufeff") else text)


def _read_entry(entry: Path, target: Path) -> Compiled | None:
    """The cached program if the entry exists and every check passes."""
    try:
        data = marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    if data.get("target") != str(target):
        return None
    try:
        for path, digest in data["sources"]:
            if _file_digest(path) != digest:
                return None
        for directory, names in data["dirs"]:
            if _cap_names(directory) != names:
                return None
        return Compiled(data["target"], list(data["modules"]), data["main"],
                        dict(data["entities"]), list(data["sources"]), list(data["dirs"]),
                        list(data["warnings"]), cached=True)
    except (KeyError, TypeError, ValueError):
        return None


def _cap_names(directory: str) -> list[str] | None:
    try:
        return sorted(e.name for e in os.scandir(directory)
                      if e.name.endswith(".cap") and e.is_file())
    except OSError:
        return None


def _write_entry(entry: Path, compiled: Compiled) -> None:
    """Store `compiled` atomically; give up quietly if the cache can't be written."""
    data = {
        "format": CACHE_FORMAT, "target": compiled.target, "modules": compiled.modules,
        "main": compiled.main, "entities": compiled.entities, "sources": compiled.sources,
        "dirs": compiled.dirs, "warnings": compiled.warnings,
    }
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, entry)
    except (OSError, ValueError):
        return


# -------------------------------------------------------------- import hook


class CapFinder:
    """Finds `NAME.cap`, or a directory `NAME/` of `.cap` files without an
    `__init__.py`, in each directory of `sys.path` (or of the parent
    package's `__path__`), in order; a Python module or package of that name
    in the same or an earlier directory wins."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        name = fullname.rpartition(".")[2]
        for entry in (sys.path if path is None else path):
            directory = Path(entry or ".")
            found = _find_in(directory, name)
            if found is _PYTHON:
                return None
            if isinstance(found, Path):
                loader = cast("importlib.abc.Loader", CapLoader(found))  # a Loader by protocol
                spec = importlib.machinery.ModuleSpec(fullname, loader, origin=str(found))
                spec.has_location = True
                return spec
        return None


_PYTHON = object()


def _find_in(directory: Path, name: str) -> Path | object | None:
    """The program called `name` in `directory`, `_PYTHON` if a Python module
    or package of that name is there (it wins, as it would without the
    hook), or None."""
    try:
        if not directory.is_dir():
            return None
        package = directory / name
        if (package / "__init__.py").exists():
            return _PYTHON
        for suffix in importlib.machinery.all_suffixes():
            if (directory / f"{name}{suffix}").is_file():
                return _PYTHON
        cap_file = directory / f"{name}.cap"
        if cap_file.is_file():
            return cap_file.resolve()
        if package.is_dir() and _cap_names(str(package)):
            return package.resolve()
    except (OSError, ValueError):
        return None
    return None


class CapLoader:
    """Loads one program found by `CapFinder` into a `CapModule`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return CapModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        assert isinstance(module, CapModule)
        module.__file__ = str(self.path)
        exec_program(compile_program(self.path), module)


_FINDER = CapFinder()


def install_import_hook() -> None:
    """Let `import NAME` load `NAME.cap` (or a package directory of `.cap`
    files) found on `sys.path`. Idempotent."""
    if _FINDER in sys.meta_path:
        return
    where = next((i for i, f in enumerate(sys.meta_path)
                  if f is importlib.machinery.PathFinder), len(sys.meta_path))
    sys.meta_path.insert(where, _FINDER)
    importlib.invalidate_caches()


def uninstall_import_hook() -> None:
    """Remove the hook; modules already imported stay in `sys.modules`."""
    while _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
