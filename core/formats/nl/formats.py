"""Dutch: "10 juli 2026", "10 juli 2026 om 14.30 uur"."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y \\o\\m H.i \\u\\u\\r"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
