"""A form sent twice stores one thing: a double click, a reloaded POST, several tabs
sending at once.

Where the database can say "one per person" — a support, a follow, a ballot, a
report of a given contribution, a questionnaire answer, an account's e-mail address —
a unique constraint says it, and the service catches the IntegrityError of the copy.

Free contributions can rightly be many per person (proposals, comments): there a
copy is the same content sent again by the same person within a short window, and
`already_sent` finds it without a race. It first takes a lock on the person's own
row, which their other requests take too, so that copies sent at the same instant
queue one behind the other and each sees what the previous one stored:

- PostgreSQL: ``SELECT … FOR NO KEY UPDATE`` of the user row, held until the
  transaction ends; the next copy waits for it, and its query (read committed) then
  sees the row the first one committed. Rows that merely point to the user (their
  contributions, written meanwhile) do not wait for this lock.
- SQLite: every write transaction starts IMMEDIATE (see the settings), which takes
  the database's one write lock at once; the lock query is a plain read there.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)


def queue_writes_of(person) -> None:
    """Hold the lock on `person`'s row until the current transaction ends (see above)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("queue_writes_of() must run inside the transaction that writes.")
    get_user_model().objects.select_for_update(no_key=True).filter(pk=person.pk).exists()


def already_sent(same, *, author, window: timedelta = DOUBLE_SUBMIT_WINDOW, field="created_at"):
    """The copy already stored of what `author` is sending, or None.

    `same`: a queryset of the rows that would be the same content by the same person
    (e.g. their proposals on this page with this title and text). Only rows stored
    less than `window` ago count (`field`: their creation time): sending the same
    text again later is a new contribution. Call it inside the transaction that
    stores the new row, before storing it.
    """
    queue_writes_of(author)
    since = timezone.now() - window
    return same.filter(**{f"{field}__gte": since}).order_by(f"-{field}", "-pk").first()
