"""Every diagnostic code and message of capdsl, in one place.

Passes call `make(code, span, **args)`; the text comes from the code's
template here, so wording is reviewed in one file and `capdsl explain CODE`
can print the page for any code. Each code carries an example that fails
with it and the fixed program; the tests check both.

Code ranges: E00xx input files, E01xx syntax, E02xx names and scopes,
E03xx types, E04xx reference capabilities, E05xx partiality and control
flow, E06xx definite assignment and declarations, W0xxx warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

from capdsl.diagnostics import Diagnostic, Label, Note, Severity
from capdsl.source import Span


@dataclass(frozen=True, slots=True)
class Code:
    """A stable diagnostic code with its message template and its page."""

    code: str
    severity: Severity
    template: str
    summary: str
    example: str = ""
    fix: str = ""
    hint: str | None = None


CODES: dict[str, Code] = {}


def _define(
    code: str, template: str, summary: str, *, example: str = "", fix: str = "",
    hint: str | None = None, severity: Severity = Severity.ERROR,
) -> None:
    if code in CODES:
        raise ValueError(f"diagnostic code {code} defined twice")
    CODES[code] = Code(code, severity, template, summary, example, fix, hint)


def make(
    code: str,
    span: Span,
    *,
    labels: tuple[Label, ...] = (),
    notes: tuple[Note, ...] = (),
    hint: str | None = None,
    **args: object,
) -> Diagnostic:
    """The diagnostic `code` at `span`, its template filled from `args`."""
    entry = CODES[code]
    message = entry.template.format(**args)
    default_hint = entry.hint.format(**args) if entry.hint else None
    return Diagnostic(
        code, entry.severity, message, span, labels, notes,
        hint if hint is not None else default_hint,
    )


# --------------------------------------------------------------------------
# E00xx: input files

_define(
    "E0001", "{path} is not UTF-8 text: {reason}",
    "A source file could not be decoded as UTF-8.",
    hint="save the file as UTF-8; .cap sources are text",
)
_define(
    "E0002", "{path} contains a NUL byte; it looks like a binary file, not .cap source",
    "A source file holds binary data.",
)
_define(
    "E0003", "the package directory {path} has no .cap files",
    "A directory given as a program holds no sources.",
    hint="put the program's .cap files in the directory, or pass a .cap file",
)
_define(
    "E0004", "expression nested too deeply to compile (more than {limit} levels)",
    "An expression is nested deeper than the compiler supports.",
    hint="split the expression into smaller ones with `let` locals",
)
_define(
    "E0006", "the package {path} could not be found",
    "A `use` names a package that does not exist.",
    example='use "nowhere"\nactor Main\n  new create(env: Env) => None\n',
    fix='use "collections"\nactor Main\n  new create(env: Env) => None\n',
    hint="standard packages are collections, time, net and promises; other paths are "
    "relative to the file",
)


def _program(body: str, decls: str = "") -> str:
    """An example program: optional declarations and a Main whose constructor
    runs `body` (lines already indented by four spaces)."""
    return f"{decls}actor Main\n  new create(env: Env) =>\n{body}"


# --------------------------------------------------------------------------
# E02xx: names and scopes

_define(
    "E0201", "there is no type named `{name}`",
    "A type name is not declared in the package, in builtin, or in a used package.",
    example=_program("    let n: Strng = \"x\"\n"),
    fix=_program("    let n: String = \"x\"\n"),
    hint="check the spelling, or add `use` for the package that declares it",
)
_define(
    "E0202", "`{name}` is declared twice in this package",
    "Two entities of one package share a name.",
    example="class Point\nclass Point\n" + _program("    None\n"),
    fix="class Point\nclass Point3\n" + _program("    None\n"),
    hint="rename one of them",
)
_define(
    "E0203", "there is no package named `{name}` here",
    "A qualified name `pkg.Name` uses a name no `use pkg = \"...\"` introduced.",
    example=_program("    let m: c.Map[String, U32] = c.Map[String, U32]\n"),
    fix='use c = "collections"\n'
    + _program("    let m: c.Map[String, U32] = c.Map[String, U32]\n"),
    hint='add `use {name} = "package"` at the top of the file',
)
_define(
    "E0204", "`{name}` is declared twice in {entity}",
    "Two fields or methods of one entity share a name (fields and methods share one namespace).",
    example="class Point\n  var x: U32 = 0\n  fun x(): U32 => 0\n" + _program("    None\n"),
    fix="class Point\n  var _x: U32 = 0\n  fun x(): U32 => _x\n" + _program("    None\n"),
    hint="rename one of them",
)
_define(
    "E0205", "there is nothing named `{name}` here",
    "A name in an expression is not a local, a parameter, a field, a method or a type.",
    example=_program("    env.out.print(greeting)\n"),
    fix=_program("    let greeting = \"hi\"\n    env.out.print(greeting)\n"),
)
_define(
    "E0206", "{type} has no {member} named `{name}`",
    "A field or method is looked up on a type that does not have it.",
    example=_program("    let s: String = \"a\"\n    s.frobnicate()\n"),
    fix=_program("    let s: String = \"a\"\n    s.size()\n"),
)

# --------------------------------------------------------------------------
# E03xx: types

_define(
    "E0301", "{what} has type {got}, but {target} needs {want}",
    "A value's type does not fit where it is used.",
    example=_program("    let x: U32 = \"text\"\n"),
    fix=_program("    let x: U32 = 7\n"),
)
_define(
    "E0302", "{name} takes {want} type argument(s), but {got} were given",
    "A generic type is used with the wrong number of type arguments.",
    example=_program("    let a: Array[U8, U8] = Array[U8]\n"),
    fix=_program("    let a: Array[U8] = Array[U8]\n"),
)
_define(
    "E0303", "{arg} is not allowed as type argument {param} of {entity}, which requires "
    "{constraint}",
    "A type argument does not satisfy its type parameter's constraint.",
    example="class Cell[A: Any val]\n"
    + _program("    let c: Cell[String ref] = Cell[String ref]\n"),
    fix="class Cell[A: Any val]\n" + _program("    let c: Cell[String val] = Cell[String val]\n"),
)
_define(
    "E0304", "the literal {value} does not fit in {type} ({range})",
    "A number literal is outside the range of the type it takes from context.",
    example=_program("    let x: U8 = 300\n"),
    fix=_program("    let x: U16 = 300\n"),
    hint="use a wider type, or a value in range",
)
_define(
    "E0305", "{what} are not supported yet",
    "A construct of the language that this version of capdsl cannot check yet.",
    example=_program("    let s: String = \"abc\"\n    let f = s.size\n"),
    fix=_program("    let s: String = \"abc\"\n    let n = s.size()\n")
)
_define(
    "E0306", "this type can't be used here",
    "A type form appears where Pony does not allow it.",
)
_define(
    "E0307", "{callee} takes {want} argument(s), but {got} were given",
    "A call passes too few or too many arguments.",
    example="class Calc\n  fun add(a: U32, b: U32): U32 => a + b\n"
    + _program("    Calc.add(1)\n"),
    fix="class Calc\n  fun add(a: U32, b: U32): U32 => a + b\n"
    + _program("    Calc.add(1, 2)\n"),
)
_define(
    "E0308", "{callee} has no parameter named `{name}`",
    "A named argument (`where name = value`) names no parameter, or one already given.",
    example="class G\n  fun greet(name: String, greeting: String = \"Hi\"): String => greeting\n"
    + _program("    G.greet(\"a\" where greting = \"Yo\")\n"),
    fix="class G\n  fun greet(name: String, greeting: String = \"Hi\"): String => greeting\n"
    + _program("    G.greet(\"a\" where greeting = \"Yo\")\n"),
)
_define(
    "E0309", "a condition must be a Bool, but this is {type}",
    "The condition of `if`, `while`, `until` or a match guard is not a Bool.",
    example=_program("    if 1 then None end\n"),
    fix=_program("    if 1 == 1 then None end\n"),
)
_define(
    "E0310", "{type} can't be called: it has no `apply` method",
    "A value is called like a function but its type has no `apply` method.",
    example=_program("    let n: U32 = 1\n    n(2)\n"),
    fix=_program("    let n: U32 = 1\n    n.add(2)\n"),
)
_define(
    "E0312", "a tuple of {got} elements can't be unpacked into {want} names",
    "Destructuring assigns a tuple to a different number of names.",
    example=_program("    (let a, let b) = (U8(1), U8(2), U8(3))\n"),
    fix=_program("    (let a, let b, let c) = (U8(1), U8(2), U8(3))\n")
)
_define(
    "E0313", "`{op}` is not defined for {type}",
    "An operator is used on a type that has no method for it.",
    example="class A\n" + _program("    let x = A + A\n"),
    fix="class A\n  fun add(that: A box): A iso^ => A\n" + _program("    let x = A + A\n"),
)
_define(
    "E0314", "`for` needs an iterator (with `has_next` and `next`), but this is {type}",
    "The value after `in` in a `for` loop is not an iterator.",
    example=_program("    for x in U32(3) do None end\n"),
    fix=_program("    for x in [as U32: 1; 2; 3].values() do None end\n"),
)

# --------------------------------------------------------------------------
# E04xx: reference capabilities

_define(
    "E0401", "parameter `{param}` of {what} must be sendable (iso, val or tag), but it is {type}",
    "Behaviours and actor constructors run in another actor: what they take must be safe to "
    "share (val, tag) or moved (iso).",
    example="actor Worker\n  be work(s: String ref) => None\n" + _program("    None\n"),
    fix="actor Worker\n  be work(s: String val) => None\n" + _program("    None\n"),
    hint="take `val` for shared immutable data, `iso` to move mutable data, or `tag` for "
    "identity only",
)
_define(
    "E0402", "can't read field `{name}` through {type}: a tag reference only allows identity "
    "and sending",
    "A field is read through a `tag` (another actor, or a tag alias): tag denies reading.",
    example="actor Counter\n  var count: U64 = 0\n"
    + _program("    let c = Counter\n    let n = c.count\n"),
    fix="actor Counter\n  var count: U64 = 0\n"
    "  be report(env: Env) => env.out.print(count.string())\n"
    + _program("    let c = Counter\n    c.report(env)\n"),
    hint="ask the actor with a behaviour, which runs inside it",
)
_define(
    "E0403", "can't call `fun {method_cap} {name}` on {type}: {reason}",
    "A method's receiver capability is not available on the value it is called on.",
    example=_program("    let v: String val = \"abc\"\n    v.append(\"d\")\n"),
    fix=_program("    let v: String ref = String\n    v.append(\"d\")\n"),
)
_define(
    "E0404", "can't assign to field `{name}` through {type}: {reason}",
    "A field is written through a capability that denies writing (val, box, tag).",
    example="class Point\n  var x: U32 = 0\n  fun set_x(v: U32) => x = v\n"
    + _program("    None\n"),
    fix="class Point\n  var x: U32 = 0\n  fun ref set_x(v: U32) => x = v\n"
    + _program("    None\n"),
)
_define(
    "E0405", "can't store {value} into a field of {origin}: {reason}",
    "Writing through an iso or trn reference may only store values that can't create a "
    "second path into the isolated object graph.",
    example="class Inner\nclass Outer\n  var i: Inner ref = Inner\n"
    + _program("    let o: Outer iso = Outer\n    let r: Inner ref = Inner\n    o.i = r\n"),
    fix="class Inner\nclass Outer\n  var i: Inner ref = Inner\n"
    + _program("    let o: Outer iso = Outer\n    o.i = recover iso Inner end\n"),
)
_define(
    "E0406", "{what} is {got}, but {target} needs {want}",
    "A value's reference capability does not allow the use: the type fits but the "
    "capability does not.",
    example=_program("    let s: String ref = String\n    let v: String val = s\n"),
    fix=_program("    let s: String ref = String\n    let v: String val = s.clone()\n"),
)
_define(
    "E0407", "`{name}` was consumed and can't be used until it is assigned again",
    "A local or parameter is used after `consume` on some path reaching the use.",
    example=_program("    let a: String iso = recover String end\n"
                     "    let b: String iso = consume a\n    a.size()\n"),
    fix=_program("    let a: String iso = recover String end\n"
                 "    let b: String iso = consume a\n    b.size()\n"),
)
_define(
    "E0408", "only a local, a parameter, `this` or a field being reassigned can be consumed",
    "`consume` needs a name it can empty: a local, a parameter, `this`, or a field inside "
    "the assignment that refills it.",
    example=_program("    let x = consume None\n"),
    fix=_program("    let n = None\n    let x = consume n\n"),
)
_define(
    "E0409", "`{name}` ({type}) is not sendable, so inside `recover` it can only be seen as tag",
    "A recover block may only reach sendable values from outside, so its result can be "
    "isolated.",
    example=_program("    let outer: String ref = String\n"
                     "    let s: String iso = recover iso\n      let inner = String\n"
                     "      inner.append(outer)\n      inner\n    end\n"),
    fix=_program("    let outer: String val = \"x\"\n"
                 "    let s: String iso = recover iso\n      let inner = String\n"
                 "      inner.append(outer)\n      inner\n    end\n"),
    hint="make it val (shared and immutable), or build it inside the recover",
)
_define(
    "E0410", "can't recover {got} as {cap}",
    "A recover block's value can't be lifted to the capability asked for.",
    example="actor Worker\n" + _program("    let w: Worker val = recover val Worker end\n"),
    fix="actor Worker\n" + _program("    let w: Worker tag = recover Worker end\n")
)
_define(
    "E0411", "`{name}` is consumed in this loop and not assigned again before {when}",
    "A loop body consumes a local declared outside the loop without reassigning it "
    "before the next iteration, or before a `break` or `continue` leaves the iteration.",
    example="actor Sink\n  be take(s: String iso) => None\n" + _program(
        "    let s: String iso = recover String end\n"
        "    while true do\n      Sink.take(consume s)\n    end\n"),
    fix="actor Sink\n  be take(s: String iso) => None\n" + _program(
        "    var s: String iso = recover String end\n"
        "    while true do\n      Sink.take(consume s)\n      s = recover String end\n    end\n")
)
_define(
    "E0412", "{what} is not sendable, so it can't be passed to a method called on {recv} "
    "(automatic receiver recovery needs sendable arguments)",
    "Calling a ref or box method on an iso or trn value works only when nothing non-sendable "
    "goes in or comes out.",
    example=_program("    let s: String iso = recover String end\n"
        "    let r: String ref = String\n    s.append(r)\n"),
    fix=_program("    let s: String iso = recover String end\n"
        "    let v: String val = \"x\"\n    s.append(v)\n")
)
_define(
    "E0413", "can't assign to `{name}` inside `recover`: it is declared outside and is not "
    "sendable",
    "A recover block assigns to an outside local that is not sendable.",
    example=_program("    var outer: String ref = String\n"
        "    let s: String iso = recover\n      outer = String\n      String\n    end\n"),
    fix=_program("    var outer: String ref = String\n"
        "    let s: String iso = recover\n      let inner = String\n      inner\n    end\n")
)

# --------------------------------------------------------------------------
# E05xx: partiality and control flow

_define(
    "E0501", "`{name}` can raise an error, so the call must be marked with `?`",
    "A call to a partial method must say so with `?`.",
    example="class P\n  fun parse(s: String): U32 ? => error\n"
    + _program("    try P.parse(\"x\") end\n"),
    fix="class P\n  fun parse(s: String): U32 ? => error\n"
    + _program("    try P.parse(\"x\")? end\n"),
    hint="write `{name}(...)?`",
)
_define(
    "E0502", "`{name}` can't raise an error, so the call must not be marked with `?`",
    "A call is marked partial but the method is not partial.",
    example="class P\n  fun parse(s: String): U32 => 0\n" + _program("    P.parse(\"x\")?\n"),
    fix="class P\n  fun parse(s: String): U32 => 0\n" + _program("    P.parse(\"x\")\n"),
)
_define(
    "E0503", "{what} can raise an error here, but nothing handles it",
    "An `error` or a partial call outside a `try` in a method that is not partial.",
    example="class P\n  fun parse(s: String): U32 ? => error\n" + _program("    P.parse(\"x\")?\n"),
    fix="class P\n  fun parse(s: String): U32 ? => error\n"
    + _program("    try P.parse(\"x\")? end\n"),
    hint="wrap it in `try ... else ... end`, or mark the enclosing method partial with `?`",
)
_define(
    "E0504", "`{word}` can only be used inside a loop",
    "`break` or `continue` outside `while`, `repeat` or `for`.",
    example=_program("    break\n"),
    fix=_program("    while true do break end\n"),
)
_define(
    "E0505", "this recover block always jumps away, so it has no value to recover",
    "The body of a `recover` ends in `error`, `return`, `break` or `continue` on every "
    "path (ponyc refuses such an operand). Move the jump out of the recover block.",
    example="class Item\nprimitive Make\n  fun make(): Item iso^ ? =>\n"
    "    recover error end\n" + _program("    None\n"),
    fix="class Item\nprimitive Make\n  fun make(): Item iso^ ? =>\n"
    "    error\n" + _program("    None\n"),
)

# --------------------------------------------------------------------------
# E06xx: declarations and assignment

_define(
    "E0602", "`{name}` is a `let` {what} and can't be assigned again",
    "A `let` local, a parameter or a `let` field outside its constructor is assigned.",
    example=_program("    let x: U32 = 1\n    x = 2\n"),
    fix=_program("    var x: U32 = 1\n    x = 2\n"),
    hint="declare it with `var` to allow reassignment",
)
_define(
    "E0604", "{entity} does not implement `{name}`, which trait {trait} requires",
    "A class, actor or primitive provides a trait but lacks one of its abstract methods.",
    example="trait Named\n  fun name(): String\nclass Dog is Named\n" + _program("    None\n"),
    fix="trait Named\n  fun name(): String\nclass Dog is Named\n  fun name(): String => \"dog\"\n"
    + _program("    None\n"),
)
_define(
    "E0605", "{entity} does not satisfy {provided}, which it says it provides",
    "An `is` clause names a type the entity does not conform to.",
    example="interface Named\n  fun name(): String\nclass Dog is Named\n"
    "  fun name(): U32 => 1\n" + _program("    None\n"),
    fix="interface Named\n  fun name(): String\nclass Dog is Named\n"
    "  fun name(): String => \"dog\"\n" + _program("    None\n"),
)
_define(
    "E0607", "can't assign to this expression",
    "The left side of `=` is not a local, a field, `_` or a tuple of those.",
    example=_program("    var a: U8 = 0\n    (a, 1) = (U8(2), U8(3))\n"),
    fix=_program("    var a: U8 = 0\n    (a, _) = (U8(2), U8(3))\n")
)
_define(
    "E0608", "a local can't have an ephemeral type ({type})",
    "Stored names (locals, fields, parameters) never hold an ephemeral (`^`) type.",
    example=_program("    let s: String iso^ = recover String end\n"),
    fix=_program("    let s: String iso = recover String end\n"),
)
_define(
    "E0609", "`{name}` is used before it is given a value",
    "A local declared without a value is read before its first assignment on some path.",
    example=_program("    var x: U32\n    let y = x\n"),
    fix=_program("    var x: U32 = 0\n    let y = x\n"),
)
_define(
    "E0414", "capturing an {cap} in a match needs a consumed subject: write `match consume x`",
    "A match pattern captures an iso or trn value from a subject that still has a name, "
    "which would leave two paths to a unique object.",
    example="class Foo\n" + _program(
        "    let x: (Foo iso | None) = recover Foo end\n"
        "    match x\n    | let f: Foo iso => None\n    end\n"),
    fix="class Foo\n" + _program(
        "    let x: (Foo iso | None) = recover Foo end\n"
        "    match consume x\n    | let f: Foo iso => None\n    end\n"),
)
_define(
    "E0415", "this capture violates capabilities: the subject may be {have}, which can't be "
    "captured as {want}",
    "Matching tests types at run time, not capabilities, so a capture must fit every "
    "capability the subject may have.",
    example=_program("    let x: (String ref | None) = String\n"
        "    match x\n    | let s: String val => None\n    end\n"),
    fix=_program("    let x: (String ref | None) = String\n"
        "    match x\n    | let s: String box => None\n    end\n")
)
_define(
    "E0416", "`{name}` ({type}) is not sendable, so this {cap} object literal or lambda "
    "can't capture it",
    "An iso or val lambda or object literal may only hold sendable values, or it would not "
    "be iso or val.",
    example=_program("    let s: String ref = String\n"
                     "    let f = {()(s): USize => s.size()} val\n"),
    fix=_program("    let s: String val = \"abc\"\n"
                 "    let f = {()(s): USize => s.size()} val\n"),
)


# --------------------------------------------------------------------------
# E01xx: syntax

_define(
    "E0101", "expected {expected}, found {found}",
    "The parser met something that can't come at this point of the program.",
    example=_program("    let x = (1 + )\n"),
    fix=_program("    let x = (1 + 2)\n"),
)
_define(
    "E0102", "expected `{closer}` to close the `{opener}` on line {line}, found {found}",
    "A bracket or a block (`if`, `while`, `match`, `try`, ...) is not closed before the "
    "next member, the end of its enclosing block or the end of the file.",
    example=_program("    if true then\n      env.out.print(\"yes\")\n\n"
                     "  be ping() => None\n"),
    fix=_program("    if true then\n      env.out.print(\"yes\")\n    end\n\n"
                 "  be ping() => None\n"),
    hint="every `{opener}` needs its `{closer}`: add it where the construct should end",
)
_define(
    "E0103", "expected `=>` before the body of `{name}`, found {found}",
    "A method signature is followed by a body without the `=>` that introduces it.",
    example="primitive P\n  fun twice(x: U32): U32\n    x * 2\n",
    fix="primitive P\n  fun twice(x: U32): U32 =>\n    x * 2\n",
    hint="a method's body follows `=>`: `fun name(x: T): R => body`; a method without `=>` "
    "is abstract",
)
_define(
    "E0104", "expected `then` after the condition of this `{keyword}`, found {found}",
    "An `if` or `elseif` condition is not followed by `then`.",
    example=_program("    if env.args.size() > 1\n      env.out.print(\"args\")\n    end\n"),
    fix=_program("    if env.args.size() > 1 then\n      env.out.print(\"args\")\n    end\n"),
    hint="write `if condition then ... end`",
)
_define(
    "E0105", "expected `do` after the {what} of this `{keyword}`, found {found}",
    "A `while` condition or a `for` iterator is not followed by `do`.",
    example=_program("    var i: U32 = 0\n    while i < 3\n      i = i + 1\n    end\n"),
    fix=_program("    var i: U32 = 0\n    while i < 3 do\n      i = i + 1\n    end\n"),
    hint="write `while condition do ... end` or `for x in items do ... end`",
)
_define(
    "E0106", "unexpected character {char}",
    "The source holds a character that is not part of Pony's syntax here.",
    example=_program("    let x: U32 = 1 $ 2\n"),
    fix=_program("    let x: U32 = 1 + 2\n"),
)
_define(
    "E0107", "this string is never closed",
    "A string literal has no closing quote before the end of the file.",
    example=_program("    env.out.print(\"hello)\n"),
    fix=_program("    env.out.print(\"hello\")\n"),
    hint="close it with `\"` (`\"\"\"` for a triple-quoted string); strings may span lines, "
    "so everything after this quote was read as text",
)
_define(
    "E0108", "this block comment is never closed",
    "A `/*` comment has no matching `*/` before the end of the file.",
    example="/* a comment /* with a nested one */\n" + _program("    None\n"),
    fix="/* a comment /* with a nested one */ */\n" + _program("    None\n"),
    hint="close it with `*/`; block comments nest, so each `/*` needs its own `*/`",
)
_define(
    "E0109", "invalid escape sequence `{escape}`",
    "A string or character literal holds a `\\` escape that Pony does not define.",
    example=_program("    env.out.print(\"tab:\\q\")\n"),
    fix=_program("    env.out.print(\"tab:\\t\")\n"),
    hint="escapes are \\n \\t \\r \\\\ \\0 \\a \\b \\e \\f \\v \\xHH, \\\" \\uHHHH \\UHHHHHH in "
    "strings and \\' in characters",
)
_define(
    "E0110", "invalid number `{number}`: {reason}",
    "A number literal is malformed.",
    example=_program("    let x: U32 = 1__000\n"),
    fix=_program("    let x: U32 = 1_000\n"),
    hint="numbers are decimal (`1_000`), hexadecimal (`0xFF`), binary (`0b1010`) or floating "
    "point (`1.5e3`), with single `_` between digits",
)
_define(
    "E0111", "this character literal is never closed",
    "A character literal has no closing `'` before the end of the file.",
    example=_program("    let c: U8 = 'a\n"),
    fix=_program("    let c: U8 = 'a'\n"),
    hint="close it with `'`",
)
_define(
    "E0112", "expressions on the same line must be separated by `;`",
    "Two expressions follow each other on one line with nothing between them.",
    example=_program("    let a: U32 = 1 let b: U32 = 2\n"),
    fix=_program("    let a: U32 = 1; let b: U32 = 2\n"),
    hint="put a `;` between them, or put the second one on its own line",
)
_define(
    "E0113", "unexpected `;`: it only separates expressions on the same line",
    "A `;` ends a line or starts one; Pony uses newlines there.",
    example=_program("    let a: U32 = 1;\n    let b: U32 = 2\n"),
    fix=_program("    let a: U32 = 1\n    let b: U32 = 2\n"),
    hint="remove the `;`: a newline already separates expressions",
)
_define(
    "E0114", "mixing `{left}` and `{right}` needs parentheses",
    "Pony has no precedence between different binary operators, so a chain that mixes "
    "them must say with parentheses which operation comes first.",
    example=_program("    let x: U32 = 1 + 2 * 3\n"),
    fix=_program("    let x: U32 = 1 + (2 * 3)\n"),
    hint="write {suggestion}",
)
_define(
    "E0115", "mixing `|` and `&` in a type needs parentheses",
    "A type mixes union and intersection without saying which comes first.",
    example="trait A\ntrait B\nclass C\n" + _program("    let x: (A | B & C) = C\n"),
    fix="trait A\ntrait B\nclass C\n" + _program("    let x: ((A | B) & C) = C\n"),
    hint="write `((A | B) & C)` or `(A | (B & C))`",
)
_define(
    "E0116", "unreachable code: nothing can follow `{keyword}` in the same block",
    "Expressions follow a `return`, `break`, `continue` or `error`, so they never run.",
    example="primitive P\n  fun f(): U32 =>\n    return 1\n    2\n",
    fix="primitive P\n  fun f(): U32 =>\n    return 1\n",
    hint="remove the code after `{keyword}`, or put the jump inside an `if`",
)
_define(
    "E0117", "`{keyword}` is Pony syntax that capdsl does not support",
    "The program uses a Pony construct outside capdsl's subset (struct, ifdef, iftype, "
    "with, addressof, __loc, compile-time intrinsics), or one of their keywords as a name.",
    example="struct S\n  var x: U32 = 0\n" + _program("    None\n"),
    fix="class S\n  var x: U32 = 0\n" + _program("    None\n"),
    hint="see LANGUAGE.md for the subset; these words are keywords and can't be names",
)
_define(
    "E0118", "a multi-line triple-quoted string must start on the line after its `\"\"\"`",
    "Text follows the opening `\"\"\"` of a string that spans several lines (ponyc 0.69 "
    "rejects it too).",
    example="class C\n  \"\"\"Doc text\n  more text\n  \"\"\"\n" + _program("    None\n"),
    fix="class C\n  \"\"\"\n  Doc text\n  more text\n  \"\"\"\n" + _program("    None\n"),
    hint="move the text after `\"\"\"` to the next line",
)
_define(
    "E0119", "type names start with an uppercase letter: `{name}`",
    "A type is written with a lowercase name; every Pony type name starts with A-Z.",
    example=_program("    let s: string = \"text\"\n"),
    fix=_program("    let s: String = \"text\"\n"),
    hint="did you mean `{suggestion}`?",
)
_define(
    "E0120", "the local `{name}` needs a type or a value",
    "A `let` or `var` local is declared with neither a type nor an initial value.",
    example=_program("    let x\n    x = 1\n"),
    fix=_program("    let x: U32\n    x = 1\n"),
    hint="write `{kind} {name}: Type` or `{kind} {name} = value`; to compare, use `==`",
)
_define(
    "E0121", "{what} {rule}",
    "A declaration has a part its kind forbids (a behaviour with a return type, a "
    "concrete method without a body, a field in a primitive, ...).",
    example="actor A\n  be go(): U32 => 1\n" + _program("    None\n"),
    fix="actor A\n  be go() => None\n" + _program("    None\n"),
)
_define(
    "E0122", "{problem}",
    "A capability, a capability set or `this` is written where Pony does not allow it.",
    example="class C\n  fun get(): ref => this\n" + _program("    None\n"),
    fix="class C\n  fun ref get(): C ref => this\n" + _program("    None\n"),
)
_define(
    "E0123", "the lambda parameter `{name}` needs a type",
    "A lambda parameter is written without its type.",
    example=_program("    let f = {(x): U32 => x + 1}\n"),
    fix=_program("    let f = {(x: U32): U32 => x + 1}\n"),
    hint="write `{name}: Type`; capdsl does not infer lambda parameter types",
)
_define(
    "E0124", "{what} name `{name}` {problem}",
    "A declared name breaks Pony's spelling rules: types start with A-Z, other names "
    "with a-z (after an optional `_`), no double or trailing `_`, primes only at the end.",
    example="class point\n" + _program("    None\n"),
    fix="class Point\n" + _program("    None\n"),
)
_define(
    "E0125", "the last case of a `match` needs a body",
    "The last `|` case has no `=> body`; a case without a body shares the next one's.",
    example=_program("    match env.args.size()\n    | 0 => None\n    | 1\n    end\n"),
    fix=_program("    match env.args.size()\n    | 0 => None\n    | 1 => None\n    end\n"),
    hint="add `=> expression` to the last case",
)
_define(
    "E0126", "the docstring of `{name}` must be the first expression of its body",
    "A method with a body has a docstring before its `=>`.",
    example="primitive P\n  fun f(): U32 \"Doc.\" => 1\n",
    fix="primitive P\n  fun f(): U32 =>\n    \"Doc.\"\n    1\n",
    hint="move the string after `=>`",
)
_define(
    "E0127", "empty character literal",
    "A character literal `''` holds no character.",
    example=_program("    let c: U8 = ''\n"),
    fix=_program("    let c: U8 = ' '\n"),
    hint="a character literal holds at least one character, as in `'a'` or `'\\n'`",
)
_define(
    "E0128", "`consume` takes a local, a parameter, a field or `this`",
    "The operand of `consume` is an expression that has no name to consume.",
    example="class C\n" + _program("    let c = consume C.create()\n"),
    fix="class C\n" + _program("    let x = C.create()\n    let c = consume x\n"),
)
_define(
    "E0129", "a `return` in a {what} can't have a value",
    "Constructors and behaviours don't return values, so their `return` takes none.",
    example="actor A\n  be go() =>\n    return 1\n" + _program("    None\n"),
    fix="actor A\n  be go() =>\n    return\n" + _program("    None\n"),
)
_define(
    "E0130", "the capture `{name}` has a type but no value",
    "A lambda capture gives a type without a value to capture.",
    example=_program("    let k: U32 = 1\n    let f = {()(k: U32): U32 => k}\n"),
    fix=_program("    let k: U32 = 1\n    let f = {()(k: U32 = k): U32 => k}\n"),
    hint="write `{name}: Type = value`, or just `{name}`",
)
_define(
    "E0131", "`is` takes traits and interfaces, or an intersection of them: {problem}",
    "The provided types of an entity or object literal are not plain nominal types.",
    example="trait T\nclass C is T ref\n" + _program("    None\n"),
    fix="trait T\nclass C is T\n" + _program("    None\n"),
)
_define(
    "E0132", "a number literal can't be cast with `as`",
    "`as` checks a type at run time, but a literal has no type until its context gives one.",
    example=_program("    let x = 1 as U8\n"),
    fix=_program("    let x = U8(1)\n"),
    hint="use the number type's constructor, e.g. `U8(1)`",
)
_define(
    "E0133", "{problem}",
    "An FFI declaration or call uses something the FFI does not have (default values, "
    "named arguments).",
    example="use @math.floor[F64](x: F64 = 0.5)\n" + _program("    None\n"),
    fix="use @math.floor[F64](x: F64)\n" + _program("    None\n"),
)
_define(
    "E0134", "an FFI call takes one return type in `[...]`",
    "An FFI call names several return types.",
    example="use @math.floor[F64](x: F64)\n"
    + _program("    let y = @math.floor[F64, F64](1.5)\n"),
    fix="use @math.floor[F64](x: F64)\n" + _program("    let y = @math.floor[F64](1.5)\n"),
)
_define(
    "E0207", "`@{name}` has no FFI declaration in this package",
    "A call into Python (`@name(...)`) needs a `use @name[Ret](params)` declaration that "
    "says the types the values cross with.",
    example=_program("    env.out.print(@math.sqrt(16.0).string())\n"),
    fix="use @math.sqrt[F64](x: F64)\n"
    + _program("    env.out.print(@math.sqrt(16.0).string())\n"),
    hint="declare it at the top of the file: `use @{name}[ReturnType](param: Type)`",
)
_define(
    "E0417", "can't consume `{name}` ({type}) as {cap}",
    "`consume CAP x` converts a name's capability, which is only possible when no other "
    "alias could break the new capability's promise.",
    example=_program("    let r: String ref = String\n    let i = consume iso r\n"),
    fix=_program("    let r: String iso = String\n    let i = consume iso r\n"),
)
_define(
    "E0418", "{what} would copy `{name}`, but it is {type}: {rule}, so it can be moved, "
    "not copied, into {target}",
    "An `iso` (or `trn`) name is used where a new reference would be stored: the original "
    "name would still reach the object.",
    example=_program("    let a: String iso = recover String end\n    let b: String iso = a\n"),
    fix=_program("    let a: String iso = recover String end\n    let b: String iso = consume a\n"),
    hint="write `consume {name}` to move it; `{name}` can't be used afterwards",
)
_define(
    "E0419", "`{name}` is consumed earlier in this `try` and reassigned here; an error in "
    "between would leave it consumed",
    "Inside `try`, a local from outside the `try` that is consumed must be reassigned in the "
    "same expression (`x = f(consume x)`), since an error can jump out at any partial call.",
    example="actor Sink\n  be take(s: String iso) => None\n" + _program(
        "    var s: String iso = recover String end\n    try\n      Sink.take(consume s)\n"
        "      s = recover String end\n      error\n    end\n"),
    fix="actor Sink\n  be take(s: String iso) => None\n" + _program(
        "    var s: String iso = recover String end\n    try\n"
        "      s = (Sink.take(consume s); recover String end)\n      error\n    end\n"),
)
_define(
    "E0420", "`{name}` is consumed and reassigned in an expression with a partial call inside "
    "`try`; if the call fails, `{name}` stays consumed",
    "A partial call between a consume and the reassignment in the same expression can jump out "
    "of the `try` with the local consumed.",
    example="primitive Mk\n  fun keep(x: String iso): String iso^ ? => consume x\n" + _program(
        "    var s: String iso = recover String end\n    try\n"
        "      s = Mk.keep(consume s)?\n    end\n"),
    fix="primitive Mk\n  fun keep(x: String iso): String iso^ => consume x\n" + _program(
        "    var s: String iso = recover String end\n    try\n"
        "      s = Mk.keep(consume s)\n      error\n    end\n"),
)
_define(
    "E0421", "type parameter `{name}` is written as `{name} {cap}`, but its constraint gives it "
    "{constraint}",
    "A type parameter's capability comes from its constraint; writing another one is not "
    "allowed (use `this->{name}` or an arrow to adapt it).",
    example="class Holder[A: Any #read]\n  var _x: A\n  new create(x: A) => _x = consume x\n"
    "  fun ref get(): A box => _x\n" + _program("    None\n"),
    fix="class Holder[A: Any #read]\n  var _x: A\n  new create(x: A) => _x = consume x\n"
    "  fun get(): this->A => _x\n" + _program("    None\n"),
)
_define(
    "E0422", "can't assign to field `{name}` inside `recover`: `this` is not sendable here",
    "A recover block may not write to the fields of a non-sendable object from outside it, or "
    "its result could be reached from outside.",
    example="class H\n  var n: U64 = 0\n  fun ref mk(): String iso =>\n    recover\n      n = 3\n"
    "      String\n    end\n" + _program("    None\n"),
    fix="class H\n  var n: U64 = 0\n  fun ref mk(): String iso =>\n    n = 3\n    recover\n"
    "      String\n    end\n" + _program("    None\n"),
)
_define(
    "E0423", "field `{name}` can be consumed only inside the assignment that refills it "
    "(`{name} = f(consume {name})`)",
    "Consuming a field leaves it empty; Pony allows it only when the same expression assigns "
    "the field again, and never for `let` or `embed` fields.",
    example="class Box\n  var _s: String iso = recover String end\n"
    "  fun ref take(): String iso^ => consume _s\n" + _program("    None\n"),
    fix="class Box\n  var _s: String iso = recover String end\n"
    "  fun ref take(): String iso^ => _s = recover String end\n" + _program("    None\n"),
    hint="to take a field's value out, swap it: `let old = (field = new_value)`",
)
_define(
    "E0424", "field `{name}` is consumed and reassigned in an expression with a partial call; "
    "if the call fails, the field stays empty",
    "Between consuming a field and refilling it, nothing may jump out of the expression.",
    example="primitive Mk\n  fun keep(x: String iso): String iso^ ? => consume x\n"
    "class Box\n  var _s: String iso = recover String end\n"
    "  fun ref cycle() ? => _s = Mk.keep(consume _s)?\n" + _program("    None\n"),
    fix="primitive Mk\n  fun keep(x: String iso): String iso^ => consume x\n"
    "class Box\n  var _s: String iso = recover String end\n"
    "  fun ref cycle() => _s = Mk.keep(consume _s)\n" + _program("    None\n"),
)
_define(
    "E0425", "this reads a field named `{name}` (or of its type) while `{name}` is consumed "
    "by the caller",
    "A method called between consuming a field and refilling it must not read that field, or "
    "one of the same name or type (it could be the same one, still empty).",
    example="class Node\nclass H\n  var f: Node iso = recover iso Node end\n"
    "  fun ref peek(x: Node iso): Node iso^ =>\n    let k = f\n    consume x\n"
    "  fun ref run() => f = peek(consume f)\n" + _program("    None\n"),
    fix="class Node\nclass H\n  var f: Node iso = recover iso Node end\n"
    "  fun ref peek(x: Node iso): Node iso^ => consume x\n"
    "  fun ref run() => f = peek(consume f)\n" + _program("    None\n"),
)
_define(
    "E0426", "`{method}` can't be called while field `{name}` is consumed: its body can't be "
    "seen (a trait or interface method), so it might read the field",
    "Calls made between consuming a field and refilling it must go to concrete methods, "
    "which are checked not to read the field.",
    example="trait Keeper\n  fun keep(x: String iso): String iso^\nclass Box\n"
    "  var _s: String iso = recover String end\n"
    "  fun ref cycle(k: Keeper) => _s = k.keep(consume _s)\n" + _program("    None\n"),
    fix="primitive Keeper\n  fun keep(x: String iso): String iso^ => consume x\nclass Box\n"
    "  var _s: String iso = recover String end\n"
    "  fun ref cycle(k: Keeper) => _s = k.keep(consume _s)\n" + _program("    None\n"),
)
_define(
    "E0428", "`Array.init` would put one {type} object in every slot",
    "`Array.init(from, len)` stores the same object `len` times, so its element type "
    "can't be unique (`iso`, `trn`, or a generic set that may be one): the array would "
    "hold several unique references to one object. ponyc accepts it; capdsl refuses it.",
    example="class Item\n" + _program(
        "    let a = Array[Item iso].init(recover Item end, 2)\n"),
    fix="class Item\n" + _program(
        "    let a = Array[Item iso]\n    a.push(recover Item end)\n"
        "    a.push(recover Item end)\n"),
)
_define(
    "E0429", "embedded field `{name}` must be a class, not a {kind}",
    "An `embed` field holds its object inside the enclosing one, so its type must be a "
    "class (ponyc: \"embedded fields must be classes or structs\").",
    example="primitive Ok\nclass Holder\n  embed ok: Ok = Ok\n" + _program("    None\n"),
    fix="primitive Ok\nclass Holder\n  let ok: Ok = Ok\n" + _program("    None\n"),
)
_define(
    "E0430", "embedded field `{name}` must be assigned with a constructor call",
    "An `embed` field's object is built in place, so its value must be a call of one of "
    "its class's constructors (ponyc check_embed_construction).",
    example="class Holder\n  embed s: String ref\n  new create(x: String iso) =>\n"
    "    s = consume x\n" + _program("    None\n"),
    fix="class Holder\n  embed s: String ref\n  new create(x: String val) =>\n"
    "    s = String\n    s.append(x)\n" + _program("    None\n"),
)
_define(
    "E0427", "a default argument can't use `this` (here through {what})",
    "A parameter's default value is computed where the method is called, before it "
    "runs, so it can't name `this`, a field or a method of the receiver (ponyc: "
    "\"can't reference 'this' in a default argument\"). Pass the value explicitly, or use "
    "a constant or a primitive's function.",
    example="actor Main\n  new create(env: Env) =>\n    env.out.print(show(1))\n"
    "  fun seven(): U32 => 7\n  fun show(a: U32, b: U32 = seven()): String => b.string()\n",
    fix="primitive Seven\n  fun apply(): U32 => 7\nactor Main\n  new create(env: Env) =>\n"
    "    env.out.print(show(1))\n  fun show(a: U32, b: U32 = Seven()): String => b.string()\n",
)
_define(
    "E0610", "this constructor can finish without defining {names}",
    "Every field without an initial value must be assigned on every path through every "
    "constructor.",
    example="class Point\n  let x: U32\n  let y: U32\n  new create(a: U32) =>\n    x = a\n"
    + _program("    None\n"),
    fix="class Point\n  let x: U32\n  let y: U32\n  new create(a: U32) =>\n    x = a\n"
    "    y = a\n" + _program("    None\n"),
    hint="assign the field in this constructor, or give it an initial value where it is declared",
)
_define(
    "E0611", "field `{name}` is read before this constructor assigns it",
    "Inside a constructor a field has no value until it is assigned.",
    example="class Point\n  let x: U32\n  let y: U32\n  new create(a: U32) =>\n    y = x\n"
    "    x = a\n" + _program("    None\n"),
    fix="class Point\n  let x: U32\n  let y: U32\n  new create(a: U32) =>\n    x = a\n"
    "    y = x\n" + _program("    None\n"),
)
_define(
    "E0612", "`Main` must be an actor with a constructor `new create(env: Env)`",
    "The program starts by creating `Main` with the environment, so `Main` is an actor whose "
    "`create` takes exactly one `Env`.",
    example="actor Main\n  new create() => None\n",
    fix="actor Main\n  new create(env: Env) => None\n",
)
_define(
    "E0613", "`{name}` provides itself: its `is` clause leads back to it",
    "A type's `is` clause names the traits and interfaces it provides; following them must "
    "never lead back to the type.",
    example="trait Shape is Shape\n" + _program("    None\n"),
    fix="trait Shape\n" + _program("    None\n"),
)
_define(
    "E0614", "type alias `{name}` refers to itself",
    "A type alias is a name for another type; it can't be defined in terms of itself.",
    example="type Tree is (Tree | None)\n" + _program("    None\n"),
    fix="class Tree\n  var left: (Tree | None) = None\n" + _program("    None\n"),
    hint="use a class for recursive data",
)
_define(
    "E0615", "{what}",
    "An integer division or remainder by a constant zero, or a shift by a constant at "
    "least as wide as the type, is refused when compiling, as ponyc does (at run time "
    "division by zero gives 0, and a shift by a variable that large gives 0).",
    example=_program("    env.out.print((U32(7) / 0).string())\n"),
    fix=_program("    let d: U32 = 0\n    env.out.print((U32(7) / d).string())\n"),
)


# --------------------------------------------------------------------------
# The mypy plugin's codes (`capdsl.mypy_plugin`): mypy error codes, not
# compiler diagnostics, so they have their own registry. Each page's example
# is Python checked against the stubs of `cap` (the tests run mypy on both).


@dataclass(frozen=True, slots=True)
class PluginCode:
    """A mypy error code of the plugin with its page."""

    code: str
    summary: str
    cap: str
    example: str
    fix: str
    hint: str


PLUGIN_MESSAGES: dict[str, tuple[str, str]] = {
    "cap-type-arity": ("cap-type", "`{wrapper}[...]` takes exactly one type, the class the "
                       "reference points to"),
    "cap-type-nested": ("cap-type", "`{wrapper}[{inner}[...]]` gives one reference two "
                        "capabilities; a reference has exactly one: write `{wrapper}[X]` or "
                        "`{inner}[X]`"),
    "cap-type-actor": ("cap-type", "actor `{actor}` can't be referenced as `{wrapper}`: other "
                       "code can't read or write an actor's state, so an actor is always "
                       "`Tag[{actor}]`"),
    "cap-receiver-tag": ("cap-receiver", "`{cls}.{name}` is a `fun {needed}` and the receiver "
                         "is `Tag[{cls}]`: a tag can only be sent behaviours; call it where you "
                         "hold a readable reference"),
    "cap-receiver-iso": ("cap-receiver", "`{cls}.{name}` is a `fun iso`, which needs an `Iso` "
                         "receiver (the only reference to the object), but the receiver is "
                         "`{wrapper}`"),
    "cap-receiver-trn": ("cap-receiver", "`{cls}.{name}` is a `fun trn`, which needs an `Iso` "
                         "or `Trn` receiver (the only writable reference), but the receiver is "
                         "`{wrapper}`"),
    "cap-receiver-ref": ("cap-receiver", "`{cls}.{name}` is a `fun ref`, which needs a writable "
                         "receiver (Iso, Trn or Ref), but the receiver is `{wrapper}`: call it "
                         "through a Ref, or make the method `fun box` if it doesn't write"),
    "cap-receiver-val": ("cap-receiver", "`{cls}.{name}` is a `fun val`, which needs a `Val` "
                         "receiver, but the receiver is `{wrapper}`"),
    "cap-receiver-box": ("cap-receiver", "`{cls}.{name}` is a `fun box`, which needs a readable "
                         "receiver, but the receiver is `{wrapper}`"),
    "cap-field-read": ("cap-field", "field `{name}` can't be read through `Tag[{cls}]`: a tag "
                       "reference can't see state; ask for it with a behaviour"),
    "cap-field-write": ("cap-field", "field `{name}` can't be written through `{wrapper}`: a {cap} "
                        "reference is read-only; write it through Iso, Trn or Ref"),
    "cap-send-cap": ("cap-send", "argument {n} of {kind} `{callee}` is `{type}`, which is not "
                     "sendable: only Iso (consumed), Val and Tag values may go to another "
                     "actor; pass a Val, or `consume(...)` an Iso"),
    "cap-send-alias": ("cap-send", "argument {n} of {kind} `{callee}` is an Iso still named "
                       "`{name}`: sending it would leave a second reference here; pass "
                       "`consume({name})`"),
    "cap-send-python": ("cap-send", "argument {n} of {kind} `{callee}` is a Python `{type}`, "
                        "which is not sendable (a Python object counts as ref): pass numbers, "
                        "strings, Val or Tag values, a consumed Iso or a capdsl.Promise"),
    "cap-consume": ("cap-consume", "`{name}` was consumed on line {line} and can't be used "
                    "after that: give it a new value first, or don't consume it"),
    "cap-consume-loop": ("cap-consume", "`{name}` is consumed on line {line}, inside a loop: "
                         "the next time round it would be used again; give it a new value "
                         "before the loop repeats, or consume it after the loop"),
}
"""Message key -> (mypy error code, template)."""


def plugin_message(key: str, **args: object) -> str:
    """The plugin's message `key` filled from `args`."""
    return PLUGIN_MESSAGES[key][1].format(**args)


PLUGIN_CODES: dict[str, PluginCode] = {}

PLUGIN_PAGE_CAP = """\
class Buf
  var size: U64 = 0
  fun ref push(n: U64) => size = size + n
  fun box total(): U64 => size

actor Sink
  var _seen: U64 = 0
  be take(b: Buf iso) => _seen = _seen + b.total()
  be show(b: Buf val) => _seen = _seen + b.total()
"""
_PAGE_IMPORTS = ("from capdsl.caps import Box, Iso, Ref, Tag, Val, consume\n"
                 "from prog import Buf, Sink\n\n")


def _plugin_page(code: str, summary: str, example: str, fix: str, hint: str) -> None:
    PLUGIN_CODES[code] = PluginCode(code, summary, PLUGIN_PAGE_CAP, _PAGE_IMPORTS + example,
                                    _PAGE_IMPORTS + fix, hint)


_plugin_page(
    "cap-receiver",
    "A method's receiver capability is more than the value provides: a `fun ref` needs "
    "Iso, Trn or Ref, a `fun box` anything but Tag.",
    "def fill(b: Val[Buf]) -> None:\n    b.push(1)\n",
    "def fill(b: Ref[Buf]) -> None:\n    b.push(1)\n",
    "take a reference that allows the call (Ref for `fun ref`), or make the method `fun box`",
)
_plugin_page(
    "cap-field",
    "A field can't be read through Tag, and can be written only through Iso, Trn or Ref.",
    "def reset(b: Box[Buf]) -> None:\n    b.size = 0\n",
    "def reset(b: Ref[Buf]) -> None:\n    b.size = 0\n",
    "write through a Ref; ask an actor for its state with a behaviour",
)
_plugin_page(
    "cap-send",
    "Behaviours and actor constructors take only sendable arguments: a consumed Iso, Val, "
    "Tag, numbers, strings and None.",
    "def send(s: Tag[Sink], b: Iso[Buf]) -> None:\n    s.take(b)\n",
    "def send(s: Tag[Sink], b: Iso[Buf]) -> None:\n    s.take(consume(b))\n",
    "pass a Val, or give up an Iso with `consume(name)`",
)
_plugin_page(
    "cap-consume",
    "After `consume(name)` the name holds nothing: using it again in the same function is "
    "an error, on every path that follows.",
    "def send(s: Tag[Sink]) -> None:\n    b = Buf.create()\n    s.take(consume(b))\n"
    "    print(b.total())\n",
    "def send(s: Tag[Sink]) -> None:\n    b = Buf.create()\n    print(b.total())\n"
    "    s.take(consume(b))\n",
    "use the value before consuming it, or assign the name a new value",
)
_plugin_page(
    "cap-type",
    "A capability type is malformed: a reference has one capability (no `Val[Iso[X]]`), "
    "and an actor is only ever `Tag[...]`.",
    "def keep(s: Ref[Sink]) -> None:\n    pass\n",
    "def keep(s: Tag[Sink]) -> None:\n    pass\n",
    "write exactly one wrapper, and Tag for actors",
)
