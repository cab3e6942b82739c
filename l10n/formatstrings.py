"""gettext's format strings and plural expressions, as `msgfmt -c` checks them.

- `c_format_args`, `python_format_args`, `brace_format_args`: the arguments a
  `c-format`, `python-format` or `python-brace-format` string consumes, and
  `compare_args`: msgfmt's rule for a translation's arguments (the same
  arguments with the same types; a plural form used for a single n may leave
  some out).
- `printf_key`: what a printf placeholder found by `patterns.find_spans` in an
  entry without a format flag stands for (%s = %-10s = %1$s), for the
  heuristic check of such entries.
- `plural_rule`: a Plural-Forms header parsed and evaluated without eval():
  nplurals, which forms serve a single number, which forms msgfmt checks
  strictly (`often`), or why msgfmt would reject it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


# -- plural forms ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PluralRule:
    """A parsed Plural-Forms header: the number of forms and how the numbers 0..1000 spread over them.

    `often` follows msgfmt -c (gettext's `check_plural_eval`): a form the
    expression yields at least 5 times for n in 0..1000 stands for "infinitely
    many" numbers, and its msgstr must have every format directive of
    msgid_plural; any other form (French `n > 1`: form 0 serves n = 0 and 1) may
    leave directives out.
    """

    nplurals: int
    singles: frozenset[int]  # forms used for exactly one n in 0..1000 (the form of "one")
    error: str | None = None  # why the header is invalid (msgfmt -c would fail), if it is
    often: frozenset[int] = frozenset()  # forms used for at least OFTEN numbers in 0..1000
    one: int | None = None  # the form of n = 1
    function: Callable[[int], int] | None = field(default=None, compare=False, repr=False)
    incomplete: bool = False  # `nplurals=` or `plural=` missing: msgfmt minds only in a catalogue with plurals

    def uses(self, form: int, low: int, high: int) -> int:
        """How many n in low..high (at most 1001 of them, as msgfmt counts) select `form`."""
        if self.function is None:
            return 0
        high = min(high, low + 1000)
        return sum(1 for n in range(low, high + 1) if self.function(n) == form)


# msgfmt: "Do as if the plural formula assumes a value N infinitely often if it assumes it at least 5 times."
OFTEN = 5
# What msgfmt assumes without a Plural-Forms header: the Germanic rule (n != 1).
GERMANIC = "nplurals=2; plural=(n != 1);"


_PLURAL_NUMBER_RE = re.compile(r"\s*(\d+)")
_PLURAL_TOKEN_RE = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")


@functools.lru_cache(maxsize=64)
def plural_rule(header: str | None) -> PluralRule | None:
    """Parse a Plural-Forms value (`nplurals=2; plural=(n != 1);`); None when there is no header."""
    if not header:
        return None
    # As gettext reads it: `nplurals=` and `plural=` anywhere (written so: "nplurals = 2" is not found),
    # the number after optional spaces, the expression up to the next `;` (what follows is ignored)
    nplurals_at, plural_at = header.find("nplurals="), header.find("plural=")
    if nplurals_at < 0 or plural_at < 0:
        missing = "nplurals=INTEGER" if nplurals_at < 0 else "plural=EXPRESSION"
        return PluralRule(0, frozenset(), f"the Plural-Forms header lacks a {missing!r} part: {header!r}",
                          incomplete=True)
    number = _PLURAL_NUMBER_RE.match(header, nplurals_at + len("nplurals="))
    if number is None:
        return PluralRule(0, frozenset(), f"invalid nplurals value in the Plural-Forms header: {header!r}")
    nplurals = int(number.group(1))
    expression = header[plural_at + len("plural="):].split(";", 1)[0]
    try:
        function = _compile_plural(expression)
    except ValueError as error:
        return PluralRule(nplurals, frozenset(), f"invalid plural expression {expression.strip()!r}: {error}")
    if nplurals < 1:
        return PluralRule(nplurals, frozenset(), "nplurals must be at least 1")
    try:
        seen: Counter[int] = Counter(function(n) for n in range(1001))
    except ZeroDivisionError:
        return PluralRule(nplurals, frozenset(), "the plural expression can produce division by zero")
    if min(seen) < 0:
        return PluralRule(nplurals, frozenset(), "the plural expression can produce negative values")
    if max(seen) >= nplurals:
        return PluralRule(nplurals, frozenset(),
                          f"nplurals = {nplurals} but the plural expression can produce {max(seen)}")
    return PluralRule(nplurals, frozenset(form for form, times in seen.items() if times == 1),
                      often=frozenset(form for form, times in seen.items() if times >= OFTEN), one=function(1),
                      function=function)


def _compile_plural(expression: str) -> Callable[[int], int]:
    """A C plural expression (the subset gettext accepts) as a Python function, without eval."""
    tokens: list[str] = []
    position = 0
    expression = expression.strip()
    while position < len(expression):
        match = _PLURAL_TOKEN_RE.match(expression, position)
        if not match or match.end() == position:
            raise ValueError(f"unexpected {expression[position:position + 5]!r}")
        tokens.append(match.group(match.lastindex or 0))
        position = match.end()
    tokens.append("")
    index = 0

    def peek() -> str:
        return tokens[index]

    def take(expected: str | None = None) -> str:
        nonlocal index
        token = tokens[index]
        if expected is not None and token != expected:
            raise ValueError(f"expected {expected!r}, found {token or 'the end'!r}")
        index += 1
        return token

    def ternary() -> Callable[[int], int]:
        condition = level(0)
        if peek() != "?":
            return condition
        take("?")
        yes = ternary()
        take(":")
        no = ternary()
        return lambda n: yes(n) if condition(n) else no(n)

    operators = [
        {"||": lambda a, b: int(bool(a) or bool(b))},
        {"&&": lambda a, b: int(bool(a) and bool(b))},
        {"==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b)},
        {"<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b), "<=": lambda a, b: int(a <= b),
         ">=": lambda a, b: int(a >= b)},
        {"+": lambda a, b: a + b, "-": lambda a, b: a - b},
        {"*": lambda a, b: a * b, "/": lambda a, b: a // b, "%": lambda a, b: a % b},  # ZeroDivisionError: msgfmt rejects it too
    ]

    def level(depth: int) -> Callable[[int], int]:
        if depth == len(operators):
            return unary()
        left = level(depth + 1)
        while peek() in operators[depth]:
            operation = operators[depth][take()]
            right = level(depth + 1)
            left = (lambda op, a, b: lambda n: op(a(n), b(n)))(operation, left, right)
        return left

    def unary() -> Callable[[int], int]:
        token = take()
        if token == "!":
            inner = unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = ternary()
            take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise ValueError(f"unexpected {token or 'end'!r}")

    function = ternary()
    if peek():
        raise ValueError(f"unexpected {peek()!r}")
    return function


# -- format placeholders -----------------------------------------------------------------------

_C_DIRECTIVE_RE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(\*(?:\d+\$)?|\d+)?(?:\.(\*(?:\d+\$)?|\d*))?(hh|h|ll|l|L|q|j|z|Z|t)?"
    r"([diouxXeEfFgGaAcCsSpnm%]|<PRI[diouxX](?:8|16|32|64|LEAST\d+|FAST\d+|MAX|PTR)>)")
_C_TYPES = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"),
            **dict.fromkeys("eEfFgGaA", "double"), "c": "char", "C": "wchar", "s": "string", "S": "wstring",
            "p": "pointer", "n": "count"}
_PY_DIRECTIVE_RE = re.compile(r"%(?:\(([^)]*)\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])")
_PY_TYPES = {**dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfFgG", "float"), "c": "char",
             "s": "string", "r": "string", "a": "ascii"}  # msgfmt: %r takes what %s takes

Args = dict[str, str]  # argument (position or name) -> type


def c_format_args(text: str, translated: bool = False) -> Args | None:
    """The arguments a C format string consumes, {position: type}; None if it is not a valid one.

    As gettext's format-c.c: `%m` (glibc: the error message) consumes none; the `I` flag
    (locale digits) is valid in a translation only, so a msgid with it is no C format string.
    """
    args: Args = {}
    sequential = 0
    positional = False
    position = text.find("%")
    while position >= 0:
        match = _C_DIRECTIVE_RE.match(text, position)
        if not match:
            return None
        number, width, precision, size, conversion = match.groups()
        if not translated and "I" in match.group(0).partition("<")[0]:
            return None
        if conversion not in "%m":
            for star in (width, precision):
                if star and star.startswith("*"):
                    if star != "*":
                        positional = True
                        args[star[1:-1]] = "int"
                    else:
                        sequential += 1
                        args[str(sequential)] = "int"
            kind = _C_TYPES.get(conversion, conversion)
            size = {"Z": "z", "q": "ll"}.get(size, size)
            kind = f"{size} {kind}" if size else kind
            if number:
                positional = True
                args[str(int(number))] = kind
            else:
                sequential += 1
                args[str(sequential)] = kind
            if positional and sequential:
                return None  # gettext: either all arguments are numbered or none
        position = text.find("%", match.end())
    if positional and sorted(map(int, args)) != list(range(1, len(args) + 1)):
        return None  # gettext: "refers to argument number 2 but ignores argument number 1"
    return args


def python_format_args(text: str) -> Args | None:
    """The arguments of a Python %-format string, {name or position: type}; None if invalid."""
    args: Args = {}
    named = unnamed = 0
    position = text.find("%")
    while position >= 0:
        match = _PY_DIRECTIVE_RE.match(text, position)
        if not match:
            return None
        name, width, precision, conversion = match.groups()
        if conversion == "a":
            return None  # gettext 0.21's parser knows no %a
        if conversion != "%":
            if name is not None:
                named += 1
                args[name] = _PY_TYPES[conversion]
            else:
                for star in (width, precision):
                    if star == "*":
                        unnamed += 1
                        args[str(unnamed)] = "integer"
                unnamed += 1
                args[str(unnamed)] = _PY_TYPES[conversion]
            if named and unnamed:
                return None
        position = text.find("%", match.end())
    return args


def brace_format_args(text: str) -> Args | None:
    """The fields of a python-brace-format string, {field: "any"}; None if gettext 0.21 reads no such string.

    As msgfmt 0.21 (format-python-brace.c) reads them: a field is named by all it holds (`{n.x}`,
    `{count:>5}` and `{count}` are three), and a string with a field that parser does not know
    (`{}`, `{ n }`, `{x!r}`, `{n:,}`) is no format string: msgfmt compares nothing for such a msgid.
    """
    directives, valid = brace_directives(text)
    return {text[start + 1:end - 1]: "any" for start, end in directives} if valid else None


_BRACE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_BRACE_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACE_SPEC_RE = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]+)?[bcdoxXneEfFgG%]?", re.DOTALL)


def brace_directives(text: str) -> tuple[list[tuple[int, int]], bool]:
    """The top-level fields of `text` as gettext 0.21 parses a python-brace-format string:
    (start, end) of each up to the first it cannot read, and whether it read them all."""
    directives = []
    position = text.find("{")
    while position >= 0:
        end = _brace_field_end(text, position, top_level=True)
        if end < 0:
            return directives, False
        if text[position + 1] != "{":  # (not `{{`)
            directives.append((position, end))
        position = text.find("{", end)
    return directives, True


def _brace_field_end(text: str, start: int, top_level: bool) -> int:
    """Where the field (or `{{`) at `start` ends, as format-python-brace.c 0.21 parses it; -1: invalid."""
    position = start + 1
    if text.startswith("{", position):
        return position + 1
    name = _BRACE_NAME_RE.match(text, position)
    if name is None:
        return -1  # 0.21 knows no automatic field `{}` nor `{:spec}`
    position = name.end()
    while position < len(text) and text[position] in ".[":  # getattr, getitem
        opener = text[position]
        part = (_BRACE_NAME_RE if opener == "[" else _BRACE_IDENTIFIER_RE).match(text, position + 1)
        if part is None:
            return -1
        position = part.end()
        if opener == "[":
            if not text.startswith("]", position):
                return -1
            position += 1
    if text.startswith(":", position):
        if not top_level:
            return -1  # one level of nesting only
        position += 1
        if text.startswith("{", position):
            position = _brace_field_end(text, position, top_level=False)
            if position < 0:
                return -1
        else:
            position = _BRACE_SPEC_RE.match(text, position).end()
    return position + 1 if text.startswith("}", position) else -1


def compare_args(source: Args, translation: Args, single: bool) -> str | None:
    """Why two argument lists are incompatible (msgfmt -c's rule), or None."""
    for name, kind in translation.items():
        if name not in source:
            return f"the translation has argument {name} ({kind}) that the source does not"
        if source[name] != kind:
            return f"argument {name} is {kind} in the translation but {source[name]} in the source"
    if not single:
        missing = [name for name in source if name not in translation]
        if missing:
            return f"the translation lacks argument {', '.join(missing)}"
    return None


# Numbered printf arguments (`%2$s`): patterns' printf leaves them out, translations reorder with them.
POSITIONAL_PRINTF_RE = re.compile(r"%\d+\$[-+#0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcsa]")
_NAMED_PRINTF_RE = re.compile(r"%\(([^)]*)\)[-+#0 ]*\d*(?:\.\d+)?[hlL]?([diouxXeEfFgGcrsa])")


@functools.lru_cache(maxsize=4096)  # a few distinct placeholders (%s, %d, %1$s …) recur in every catalogue
def printf_key(text: str) -> str:
    """What a placeholder found by `find_spans` stands for: %s = %-10s = %1$s; %x = %X; %(name)s by name."""
    named = _NAMED_PRINTF_RE.fullmatch(text)
    if named:
        return f"%({named.group(1)}){_PY_TYPES.get(named.group(2), named.group(2))}"
    match = _C_DIRECTIVE_RE.fullmatch(text)
    if not match:
        return text
    size, conversion = match.group(4), match.group(5)
    kind = _C_TYPES.get(conversion, {"r": "repr", "a": "ascii"}.get(conversion, conversion))
    return f"%{size} {kind}" if size else f"%{kind}"
