"""Inline markup: `<1>…</1>` placeholders, inline HTML tags, Markdown code spans, links and bold (`markup`)."""

from __future__ import annotations

import re
from collections import Counter

from ..patterns import Span
from .base import Add, Pair, report

# Inline HTML elements: a tag of one of these in a msgid is markup. "<FILE>" in a usage string is not.
HTML_INLINE = frozenset(
    "a abbr b bdi bdo big br cite code data del dfn em font i img input ins kbd label mark q s samp small "
    "span strike strong sub sup time tt u var wbr".split())
_VOID_TAGS = frozenset({"br", "img", "input", "wbr"})
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_CODE_SPAN_RE = re.compile(r"`[^`\n]+`")
_LINK_TARGET_RE = re.compile(r"\]\(([^()\s]*)")


def check_markup(pair: Pair, add: Add) -> None:
    """The same placeholders and tags, properly nested; in Markdown the same code spans, link targets and `**`."""
    source, translation, label = pair.source, pair.translation, pair.label
    if (pair.source_spans or pair.translation_spans) and \
            any(span.kind in ("markup", "tag") for span in (*pair.source_spans, *pair.translation_spans)):
        expected, found = _markup_tokens(source, pair.source_spans), _markup_tokens(translation, pair.translation_spans)
        report(add, "markup", label, "markup", (expected - found).elements(), (found - expected).elements())
        if expected == found and not _nesting_error(pair.source_spans):
            broken = _nesting_error(pair.translation_spans)
            if broken:
                add("markup", f"{label}{broken}")
    if pair.markdown:
        for pattern, noun in ((_CODE_SPAN_RE, "code span"), (_LINK_TARGET_RE, "link target")):
            report(add, "markup", label, noun,
                   (Counter(pattern.findall(source)) - Counter(pattern.findall(translation))).elements())
        if source.count("**") != translation.count("**"):
            add("markup", f"{label}{translation.count('**')} '**' (bold) in the translation, "
                          f"{source.count('**')} in the source")


def _markup_tokens(text: str, spans: list[Span]) -> Counter[str]:
    """Markup placeholders, and the inline HTML tags that are surely tags.

    A bare `<time>` or `<FILE>` in a usage string is a metavariable, translated
    like a word: a tag counts when it is closing, self-closing, void, has
    attributes, or its closing tag is in the text too.
    """
    tokens: Counter[str] = Counter()
    for span in spans:
        if span.kind == "markup":
            tokens[span.text] += 1
        elif span.kind == "tag":
            match = _TAG_NAME_RE.match(span.text)
            name = match.group(1) if match else ""
            if name not in HTML_INLINE:
                continue
            if (span.text.startswith("</") or span.text.endswith("/>") or name in _VOID_TAGS
                    or " " in span.text.strip() or f"</{name}>" in text):
                tokens[" ".join(span.text.split())] += 1
    return tokens


def _nesting_error(spans: list[Span]) -> str | None:
    """Why the markup placeholders of a text are not properly nested, or None."""
    stack: list[str] = []
    for span in spans:
        if span.kind != "markup" or span.text.endswith("/>"):
            continue
        number = span.text.strip("</>")
        if not span.text.startswith("</"):
            stack.append(number)
        elif not stack or stack[-1] != number:
            return f"{span.text} does not close the last opened placeholder"
        else:
            stack.pop()
    return f"<{stack[-1]}> is not closed" if stack else None
