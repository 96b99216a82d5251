"""Dates and file sizes in the active language (`core.dates`, `core.filesizes`).

    {{ phase.end|long_date }}                 1er janvier 2027 · 31. Januar 2027
    {{ comment.created_at|long_datetime }}    10 juillet 2026 à 14 h 30
    {{ phase.start|date_range:phase.end }}    du 1er février au 6 avril 2027
    {{ document.file_size|file_size }}        5 Mo

Machine-readable dates (`<time datetime="…">`) keep Django's `date` filter with "c"
or "Y-m-d".
"""

from django import template

from core.dates import date_range as _date_range
from core.dates import long_date as _long_date
from core.dates import long_datetime as _long_datetime
from core.filesizes import format_file_size

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value):
    return _long_date(value) if value else ""


@register.filter(expects_localtime=True)
def long_datetime(value):
    return _long_datetime(value) if value else ""


@register.filter(expects_localtime=True)
def date_range(start, end):
    return _date_range(start, end) if start and end else ""


@register.filter
def file_size(size):
    return "" if size is None else format_file_size(size)
