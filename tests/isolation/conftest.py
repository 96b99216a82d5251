"""One Belval/Montclair world for the whole package, built once and rolled back at the end.

Each test still runs in its own savepoint (pytest-django's `db`), so whatever a
request writes is undone before the next test.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from .world import build_world


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _files_of_the_world(request):
    """Put back the media files a test deleted (storage is not rolled back with the data)."""
    yield
    if "world" not in request.fixturenames:
        return
    world = request.getfixturevalue("world")
    for name, content in world.files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
