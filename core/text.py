"""Citizen text as it is stored: without invisible characters that fool readers, and
never without something to read.

Escaping makes citizen text inert in HTML; this removes what escaping cannot: the
bidirectional embedding, override and isolate controls (U+202A-U+202E,
U+2066-U+2069), with which a name such as "Anne\\u202eeniluoM" reads as another
one and which turn the text that follows on the page around, and the C0/C1
control characters (a bell, an escape sequence, a NUL that PostgreSQL refuses).
Line breaks and tabs stay in multi-line text; joiners, which emoji need, stay.

Text that is not empty must also show something: a title, a name or a comment made
only of zero-width spaces, joiners, fillers or spaces would be published as a blank.
`has_visible_text` says whether a text holds at least one letter, digit,
punctuation mark or symbol that takes up visible room on its own; `CitizenCharField`
refuses text without one.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "INVISIBLE_TEXT",
    "CitizenCharField",
    "has_visible_text",
    "plain_int",
    "strip_controls",
    "validate_visible_text",
]

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")

# Letters (L), digits and other numbers (N), punctuation (P) and symbols (S) show;
# spaces (Z), marks that need a letter to sit on (M), format characters such as the
# zero-width space and joiners (Cf), controls, private-use and unassigned code points
# (C) do not. A few letters and symbols are drawn as blanks: the Hangul fillers
# (U+115F, U+1160, U+3164, U+FFA0) and the empty Braille pattern (U+2800).
_VISIBLE_CATEGORIES = frozenset("LNPS")
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")

INVISIBLE_TEXT = _(
    "This text has no visible character. Write it with letters, digits or punctuation."
)


def strip_controls(value: str, *, multiline: bool = False) -> str:
    if not value:
        return value
    if multiline:
        return _MULTI_LINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _SINGLE_LINE.sub("", value)


def _visible(character: str) -> bool:
    return (
        unicodedata.category(character)[0] in _VISIBLE_CATEGORIES
        and character not in _BLANK_LOOKING
    )


def has_visible_text(value: str) -> bool:
    """Whether `value` holds at least one character that shows on its own."""
    return any(_visible(character) for character in value)


def validate_visible_text(value) -> None:
    """Refuse a non-empty text that shows nothing (see the module docstring)."""
    if isinstance(value, str) and value and not has_visible_text(value):
        raise ValidationError(INVISIBLE_TEXT, code="invisible")


class CitizenCharField(forms.CharField):
    """A CharField for text people type for others to read: it drops control
    characters before validating and refuses text with no visible character."""

    default_validators = [validate_visible_text]

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_controls(value, multiline=self.multiline)
        return super().to_python(value)


def plain_int(value, *, max_digits: int = 18) -> int | None:
    """A non-negative integer written in ASCII digits, else None.

    `str.isdigit()` accepts "²" and other Unicode digits that `int()` refuses, and
    `int()` refuses more than 4,300 digits: posted ids and numbers go through here.
    """
    text = str(value).strip()
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None
