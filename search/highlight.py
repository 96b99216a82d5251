"""Search snippets: a short extract around the first matched word, matches marked.

Safe by construction: every piece of the text is HTML-escaped first, and only
the `<mark>` elements we add are markup. Matching is the same as the search's
(accents, ligatures, case and plural forms ignored), so "ecoles" marks "École".
"""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from core import folding

SNIPPET_LENGTH = 220
LEAD = 70  # characters of context shown before the first match
ELLIPSIS = "…"
# StructBlock keys whose strings are settings, not prose.
_NOT_PROSE = {"level", "url", "alignment", "style", "icon", "button_label"}
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|www\.)", re.IGNORECASE)


def stream_text(raw) -> str:
    """The prose of a StreamField's raw data, without touching the database."""
    parts: list[str] = []

    def walk(value, key=""):
        if isinstance(value, str):
            if (
                key not in _NOT_PROSE
                and not _URLISH.match(value)
                and any(char.isalpha() for char in value)
            ):
                parts.append(html.unescape(strip_tags(value)))
        elif isinstance(value, dict):
            if "type" in value and "value" in value:  # a stream child: {"type", "value", "id"}
                walk(value["value"], value["type"])
            else:
                for child_key, child in value.items():
                    walk(child, child_key)
        elif isinstance(value, (list, tuple)):
            for child in value:
                walk(child, key)

    walk(list(raw or []))
    return " ".join(part.strip() for part in parts if part.strip())


def _boundary_before(value: str, index: int) -> int:
    space = value.rfind(" ", 0, index)
    return 0 if space == -1 else space + 1


def _boundary_after(value: str, index: int) -> int:
    if index >= len(value):
        return len(value)
    space = value.find(" ", index)
    return len(value) if space == -1 else space


def snippet(
    value: str, keys: frozenset[str], *, length: int = SNIPPET_LENGTH, lead: int = LEAD
) -> SafeString | None:
    """An escaped extract of `value` with matched words in <mark>; None if nothing matches."""
    value = " ".join((value or "").split())
    if not value or not keys:
        return None
    matches = [
        match
        for match in folding.WORD.finditer(value)
        if folding.stem(folding.fold(match.group())) in keys
    ]
    if not matches:
        return None
    start = _boundary_before(value, max(matches[0].start() - lead, 0))
    end = _boundary_after(value, start + length)
    pieces = [ELLIPSIS] if start > 0 else []
    cursor = start
    for match in matches:
        if match.start() < start:
            continue
        if match.end() > end:
            break
        pieces.append(escape(value[cursor : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(escape(value[cursor:end]))
    if end < len(value):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def excerpt(value: str, *, length: int = SNIPPET_LENGTH) -> str:
    """The beginning of a text, cut on a word, for results whose match is elsewhere."""
    value = " ".join((value or "").split())
    if len(value) <= length:
        return value
    return value[: _boundary_after(value, length)] + ELLIPSIS


def best_snippet(texts, keys: frozenset[str]) -> SafeString | str:
    """The first text that holds a match, marked; else the beginning of the first text."""
    texts = [value for value in texts if value]
    for value in texts:
        found = snippet(value, keys)
        if found:
            return found
    return excerpt(texts[0]) if texts else ""
