"""The rows the migrations create, as Django saves them for serialized rollbacks."""

import json


def content_types_first(connection) -> None:
    """Have the content types written back before any other saved row.

    The rows are saved app by app, Wagtail's before contenttypes. Building a Wagtail
    task from its row looks its content type up; when an earlier test emptied that
    lookup's cache, the lookup creates the row, and the saved content type written
    afterwards collides with it. Content types refer to nothing, so they can come first.
    """
    if getattr(connection, "_agora_content_types_first", False):
        return
    rows = json.loads(connection._test_serialized_contents)
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")  # stable
    connection._test_serialized_contents = json.dumps(rows)
    connection._agora_content_types_first = True
