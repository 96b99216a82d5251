"""Spreadsheet safety: exported cells never start like a formula.

A CSV or spreadsheet export carries citizen text; a spreadsheet program that opens
it would run a cell such as `=HYPERLINK(…)` (CSV injection). Every export passes its
text cells through `spreadsheet_safe`, which puts an apostrophe before such a start.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value`, with an apostrophe in front when it is text starting like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
