"""German: "31. Januar 2027", "31. Januar 2027, 14:30 Uhr"."""

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i \\U\\h\\r"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
# The admin's date fields write dd/mm/yyyy (settings.WAGTAIL_DATE_FORMAT).
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
