"""Citizen text as it is stored: without invisible characters that fool readers.

Escaping makes citizen text inert in HTML; this removes what escaping cannot: the
bidirectional embedding, override and isolate controls (U+202A-U+202E,
U+2066-U+2069), with which a name such as "Anne\\u202eeniluoM" reads as another
one and which turn the text that follows on the page around, and the C0/C1
control characters (a bell, an escape sequence, a NUL that PostgreSQL refuses).
Line breaks and tabs stay in multi-line text; joiners, which emoji need, stay.
"""

import re

from django import forms

__all__ = ["CitizenCharField", "plain_int", "strip_controls"]

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


def strip_controls(value: str, *, multiline: bool = False) -> str:
    if not value:
        return value
    if multiline:
        return _MULTI_LINE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _SINGLE_LINE.sub("", value)


class CitizenCharField(forms.CharField):
    """A CharField that drops control characters before validating (see above)."""

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
