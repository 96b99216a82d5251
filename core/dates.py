"""Dates as a commune writes them to citizens, in the active language.

"1er janvier 2027", "10 juillet 2026", "31. Januar 2027", "1 januari 2027": the formats
come from the language's module in `core.formats`; what a format string cannot say is
added here: French writes the first of the month "1er". Month names are written in
full. Templates use the filters of `format_tags` (long_date, long_datetime,
date_range), never a format string of their own.
"""

import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

__all__ = ["date_range", "long_date", "long_datetime"]

# The day of the month in a format string ("j"), unless escaped ("\j").
_DAY = re.compile(r"(?<!\\)j")
# The month's name in a format string, with the spaces around it.
_MONTH = re.compile(r"\s*(?<!\\)F\s*")
# Languages whose first of the month takes an ordinal: "1er janvier".
_FIRST_OF_MONTH = {"fr": r"j\e\r"}


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _format(value: date | datetime, setting: str, *, without_month: bool = False) -> str:
    fmt = get_format(setting)
    if without_month:  # "j F" → "j", "j. F" → "j.": the first day of "du 2 au 31 mars"
        fmt = _MONTH.sub("", fmt).strip()
    language = (get_language() or "").split("-")[0]
    if value.day == 1 and language in _FIRST_OF_MONTH:
        fmt = _DAY.sub(lambda _match: _FIRST_OF_MONTH[language], fmt, count=1)
    return date_format(value, fmt)


def long_date(value: date | datetime) -> str:
    """'1er janvier 2027', '10 juillet 2026', '31. Januar 2027', '1 januari 2027'."""
    return _format(_local(value), "DATE_FORMAT")


def long_datetime(value: datetime) -> str:
    """'1er janvier 2027 à 14 h 30', '31. Januar 2027, 14:30 Uhr', in the local time zone."""
    return _format(_local(value), "DATETIME_FORMAT")


def date_range(start: date | datetime, end: date | datetime) -> str:
    """'du 1er février au 6 avril 2027', 'du 2 au 31 janvier 2027': the year, and the
    month, are written once when both days share them."""
    start, end = _local(start), _local(end)
    if (start.year, start.month) == (end.year, end.month):
        first = _format(start, "MONTH_DAY_FORMAT", without_month=True)
    elif start.year == end.year:
        first = _format(start, "MONTH_DAY_FORMAT")
    else:
        first = long_date(start)
    # Translators: a period of days, e.g. "1 February to 6 April 2027".
    return _("%(start)s – %(end)s") % {"start": first, "end": long_date(end)}  # noqa: RUF001
