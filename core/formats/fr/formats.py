"""French: "10 juillet 2026", "10 juillet 2026 à 14 h 30" ("1er janvier": core.dates)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y à H\u00a0\\h\u00a0i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
