"""Rows that public pages show, and the page-cache generations they make stale.

A participation page, its sub-pages (lists, proposals, open-data files, results),
their shared fragments and its commune's search results are stored by the page
cache (core.pagecache) until the page's generation is bumped. Whatever changes
a row they show must bump it, whichever code changes it: a citizen's contribution,
a moderator hiding it, an account erased, a display name changed in the profile or
in the admin, a page deleted with everything on it. So the rows make the pages
stale themselves, in one place, rather than each write remembering to:

    watch_page_rows(Proposal, page="page", people=("author",))
    watch_page_rows(Support, page="proposal__page")
    watch_page_rows(QuestionnaireSubmission, page="page", on_parent=True)
    watch_people(User, fields=("display_name",))

- `watch_page_rows(model, page=...)`: rows of `model` show on the page their `page`
  field path leads to (or on its parent page, `on_parent`: a consultation shows its
  questionnaires' results). Saving or deleting one — deletions that cascade from
  another row included — or changing rows with the queryset's `update()` (the
  model's querysets must be `PageRowsQuerySet`s: checked here) or `bulk_create()`
  makes that page stale. `people` names the fields pointing to the person whose
  public fields show with the row.
- `watch_people(user_model, fields=...)`: the person's fields that pages show next to
  their rows. Saving one of these fields, or deleting the person, makes stale every
  page that shows a row of theirs (found through `people`), before the rows lose
  their link to the person.

The pages are made stale when the transaction commits, as every generation is
(core.generations): a render can never store data older than the generation it
records. What a transaction changes is gathered and bumped at once: a page deleted
with ten thousand comments costs one look-up of their pages, not ten thousand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from . import generations


class PageRowsQuerySet(models.QuerySet):
    """The querysets of models watched by `watch_page_rows`: `update()` and
    `bulk_create()`, which send no signal, make the rows' pages stale too."""

    def update(self, **kwargs):
        stale, now = _mark_queryset(self, kwargs)
        updated = super().update(**kwargs)
        if now:
            stale()  # no transaction: once the rows have changed
        return updated

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        watched = _WATCHED.get(self.model)
        if watched is not None:
            stale, now = _gathering()
            for instance in created:
                _add_instance(stale, watched, instance)
            if now:
                stale()
        return created


@dataclass(frozen=True)
class WatchedRows:
    model: type
    page: str  # a field path to the page, e.g. "page" or "proposal__page"
    on_parent: bool
    people: tuple[str, ...]

    @property
    def first(self) -> models.Field:
        """The field of the model the path starts with (a foreign key)."""
        return self.model._meta.get_field(self.page.split("__", 1)[0])

    @property
    def rest(self) -> str | None:
        """The path from the first field's model on, or None when it is the page."""
        parts = self.page.split("__", 1)
        return parts[1] if len(parts) == 2 else None


_WATCHED: dict[type, WatchedRows] = {}
CHUNK = 500  # ids per look-up of the pages of rows
_PERSON_FIELDS: set[str] = set()


def watch_page_rows(model, *, page: str, on_parent: bool = False, people=()) -> None:
    """Rows of `model` show on the page at the end of the `page` path (see above)."""
    queryset_class = getattr(model._default_manager, "_queryset_class", None)
    if not (queryset_class and issubclass(queryset_class, PageRowsQuerySet)):
        raise ImproperlyConfigured(
            f"{model._meta.label}'s manager must make PageRowsQuerySets, so that "
            "update() and bulk_create() make its pages stale too."
        )
    watched = WatchedRows(model, page, on_parent, tuple(people))
    if watched.rest is not None and watched.first.related_model not in _WATCHED:
        raise ImproperlyConfigured(
            f"Watch {watched.first.related_model._meta.label} before {model._meta.label}: "
            "its rows are found through it, and its deletions must make pages stale."
        )
    _WATCHED[model] = watched
    uid = f"agora-page-rows-{model._meta.label}"
    post_save.connect(_row_saved, sender=model, dispatch_uid=f"{uid}-saved")
    post_delete.connect(_row_deleted, sender=model, dispatch_uid=f"{uid}-deleted")


def watch_people(user_model, *, fields) -> None:
    """These fields of a person show next to their rows on pages (see above)."""
    _PERSON_FIELDS.update(fields)
    uid = f"agora-page-rows-{user_model._meta.label}"
    post_save.connect(_person_saved, sender=user_model, dispatch_uid=f"{uid}-saved")
    pre_delete.connect(_person_deleted, sender=user_model, dispatch_uid=f"{uid}-deleted")


def watched_models() -> dict[type, WatchedRows]:
    """Each watched model, with the path to the page its rows show on and its people."""
    return dict(_WATCHED)


# Signals ------------------------------------------------------------------------------


def _row_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _mark_instance(_WATCHED[sender], instance)


def _row_deleted(sender, instance, **kwargs):
    _mark_instance(_WATCHED[sender], instance)


def _person_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if created or raw:
        return
    if update_fields is not None and not _PERSON_FIELDS.intersection(update_fields):
        return  # e.g. the time of the last log-in
    _mark_person(instance.pk)


def _person_deleted(sender, instance, **kwargs):
    _mark_person(instance.pk)


# Gathering what a transaction changes ---------------------------------------------------


@dataclass
class _Stale:
    """The pages a transaction (one savepoint of it) made stale, bumped on commit."""

    savepoints: tuple
    pages: set = field(default_factory=set)  # (page id, on_parent)
    # (model, path, on_parent) -> ids of rows of `model` whose `path` leads to pages
    through: dict = field(default_factory=lambda: defaultdict(set))

    def __call__(self):
        connection = transaction.get_connection()
        gathered = getattr(connection, "agora_stale_pages", {})
        if gathered.get(self.savepoints) is self:
            del gathered[self.savepoints]
        _bump(self)


def _gathering() -> tuple[_Stale, bool]:
    """The gathering of the current transaction (and whether to bump it at once: no
    transaction is open)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return _Stale(savepoints=()), True
    savepoints = tuple(connection.savepoint_ids)
    gathered = getattr(connection, "agora_stale_pages", {})
    stale = gathered.get(savepoints)
    # One gathering per savepoint, while its commit hook is pending: rolling a savepoint
    # (or the transaction) back drops its hooks, and what they gathered with them.
    if stale is None or not _pending(connection, stale):
        stale = _Stale(savepoints=savepoints)
        connection.on_commit(stale)
        gathered = {key: other for key, other in gathered.items() if _pending(connection, other)}
        gathered[savepoints] = stale
        connection.agora_stale_pages = gathered
    return stale, False


def _pending(connection, stale: _Stale) -> bool:
    return any(hook[1] is stale for hook in connection.run_on_commit)


def _mark_instance(watched: WatchedRows, instance) -> None:
    stale, now = _gathering()
    _add_instance(stale, watched, instance)
    if now:
        stale()


def _add_instance(stale: _Stale, watched: WatchedRows, instance) -> None:
    _add_target(stale, watched, getattr(instance, watched.first.attname))


def _add_target(stale: _Stale, watched: WatchedRows, target) -> None:
    """`target`: the id the first field of the page path holds."""
    if target is None:
        return
    if watched.rest is None:
        stale.pages.add((target, watched.on_parent))
    else:
        key = (watched.first.related_model, watched.rest, watched.on_parent)
        stale.through[key].add(target)


def _mark_queryset(queryset, changes: dict) -> tuple[_Stale, bool]:
    """Gather the pages of the rows `queryset.update(**changes)` is about to change
    (read before they change: the update may move them out of the queryset)."""
    stale, now = _gathering()
    watched = _WATCHED.get(queryset.model)
    if watched is None:
        return stale, now
    pages = set(queryset.order_by().values_list(watched.page, flat=True).distinct())
    stale.pages.update((page, watched.on_parent) for page in pages if page is not None)
    # Rows moved to another page (or parent row) make that one stale too.
    moved_to = changes.get(watched.first.name, changes.get(watched.first.attname))
    moved_to = getattr(moved_to, "pk", moved_to)
    if isinstance(moved_to, int):
        _add_target(stale, watched, moved_to)
    return stale, now


def _mark_person(person_id) -> None:
    stale, now = _gathering()
    for watched in _WATCHED.values():
        for person_field in watched.people:
            rows = watched.model._base_manager.filter(**{person_field: person_id})
            pages = rows.order_by().values_list(watched.page, flat=True).distinct()
            stale.pages.update((page, watched.on_parent) for page in pages if page is not None)
    if now:
        stale()


def _bump(stale: _Stale) -> None:
    from wagtail.models import Page

    pages = set(stale.pages)
    for (model, path, on_parent), ids in stale.through.items():
        ids = sorted(ids)
        for start in range(0, len(ids), CHUNK):
            rows = model._base_manager.filter(pk__in=ids[start : start + CHUNK])
            found = rows.values_list(path, flat=True).distinct()
            pages.update((page, on_parent) for page in found if page is not None)
    stale.pages.clear()
    stale.through.clear()
    if not pages:
        return
    ids = {page for page, _on_parent in pages}
    paths = dict(Page.objects.filter(pk__in=ids).values_list("pk", "path"))
    shown_on = {page for page, on_parent in pages if not on_parent}
    parents = {
        paths[page][: -Page.steplen] for page, on_parent in pages if on_parent and page in paths
    }
    parents.discard("")
    if parents:
        found = dict(Page.objects.filter(path__in=parents).values_list("pk", "path"))
        paths.update(found)
        shown_on.update(found)
    keys = {generations.page_key(page) for page in shown_on}
    keys.update(generations.contributions_key(paths[page]) for page in shown_on if page in paths)
    generations.bump(*keys)
