"""File sizes as a French reader expects them: "5 Mo", "4,5 Mo", "300 Ko".

Django's filesizeformat writes "5,0 Mio" in French; here the figure has a decimal
only when it needs one, and each language names its units ("Mo", "MB").
Multiples of 1,024 bytes, as the upload limits are set.
"""

from django.utils.formats import number_format
from django.utils.translation import ngettext, pgettext

__all__ = ["format_file_size"]

_UNIT = 1024


def format_file_size(size: int) -> str:
    """'5 Mo', '4,5 Mo', '300 Ko', '12 octets' in the active language."""
    size = max(int(size or 0), 0)
    if size < _UNIT:
        return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}
    units = [
        pgettext("file size", "KB"),
        pgettext("file size", "MB"),
        pgettext("file size", "GB"),
        pgettext("file size", "TB"),
    ]
    value = size / _UNIT
    unit = units[0]
    for unit in units:
        if round(value, 1) < _UNIT or unit == units[-1]:
            break
        value /= _UNIT
    value = round(value, 1)
    places = 0 if value == int(value) else 1
    figure = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{figure}\u00a0{unit}"
