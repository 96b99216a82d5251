"""Dates and times as the platform writes them, one module per language.

Django reads these modules first (settings.FORMAT_MODULE_PATH), then its own: each
module states only what differs. Running text goes through `core.dates`, which adds
what a format string cannot say (the French "1er"); the admin's date fields use
WAGTAIL_DATE_FORMAT, which every language here also accepts as input.
"""
