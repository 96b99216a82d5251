"""Comment threads shown a page at a time, so that long discussions stay readable.

A thread is a top-level comment and its replies (one reply level). A proposal, or a
participation page, shows `THREADS_PER_PAGE` threads at a time in the order the
visitor chose (`ThreadOrder`), each with its first `REPLIES_SHOWN` replies; the
others unfold on demand. What is shown is said by the query string (`Asked`):

    ?comments=3        the third page of threads
    ?order=newest      newest threads first ("commune": threads holding an answer
                       from the commune first, then the oldest first)
    ?thread=42         thread 42 shows all its replies

so that every view is a plain link that works without JavaScript, is kept by the
page cache under its own key, and can be handed out (a comment's permalink
redirects to the page of threads that holds it, `locate`).

Every page of threads costs three queries whatever the number of comments: the
counts, the page's top-level comments (with their number of replies) and the
replies shown (a window function numbers each thread's replies in order).
Comments hidden by moderators or deleted by their authors keep their place as a
notice, as before; the comment count says how many comments a visitor can read.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import Comment

THREADS_PER_PAGE = 20
REPLIES_SHOWN = 3
# The largest id or page number read from a query string (ids are 64-bit integers).
MAX_NUMBER = 2**63 - 1


class ThreadOrder(models.TextChoices):
    OLDEST = "oldest", _("Oldest first")
    NEWEST = "newest", _("Newest first")
    COMMUNE = "commune", _("Answers from the commune first")


@dataclass(frozen=True)
class Asked:
    """The page of threads a visitor asked for (already validated: see `ThreadsForm`)."""

    number: int = 1
    order: str = ThreadOrder.OLDEST
    unfolded: int | None = None

    @property
    def key(self) -> str:
        """What a cached rendering of these threads varies on."""
        return f"{self.number}:{self.order}:{self.unfolded or ''}"

    def query_string(self) -> str:
        """`?comments=…&order=…&thread=…` without the default values ('' if none)."""
        params = []
        if self.number > 1:
            params.append(("comments", self.number))
        if self.order != ThreadOrder.OLDEST:
            params.append(("order", self.order))
        if self.unfolded:
            params.append(("thread", self.unfolded))
        return f"?{urlencode(params)}" if params else ""


def _visible(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_hidden": False, f"{prefix}is_deleted": False})


def _commune_answer() -> Q:
    return Q(is_commune_answer=True) & _visible()


def discussion(*, page_id: int, proposal_id: int | None):
    """Every comment of a proposal (or of the page itself when `proposal_id` is None)."""
    return Comment.objects.filter(page_id=page_id, proposal_id=proposal_id)


def ordered_threads(*, page_id: int, proposal_id: int | None, order: str):
    """The top-level comments of a discussion, in `order`."""
    tops = discussion(page_id=page_id, proposal_id=proposal_id).filter(parent__isnull=True)
    if order == ThreadOrder.COMMUNE:
        answered = Comment.objects.filter(_commune_answer(), parent=OuterRef("pk"))
        tops = tops.annotate(
            holds_commune_answer=Case(
                When(_commune_answer() | Exists(answered), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        ).order_by("-holds_commune_answer", "created_at", "pk")
    elif order == ThreadOrder.NEWEST:
        tops = tops.order_by("-created_at", "-pk")
    else:
        tops = tops.order_by("created_at", "pk")
    return tops


def _earlier(comment: Comment) -> Q:
    """Comments before `comment` in the oldest-first order."""
    created = comment.created_at
    return Q(created_at__lt=created) | Q(created_at=created, pk__lt=comment.pk)


def _later(comment: Comment) -> Q:
    created = comment.created_at
    return Q(created_at__gt=created) | Q(created_at=created, pk__gt=comment.pk)


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment]
    reply_count: int
    unfold_url: str = ""
    # The first reply that unfolding shows, where the unfolded page opens.
    first_folded_id: int | None = None

    @property
    def folded(self) -> int:
        """How many replies wait behind the "show all replies" link."""
        return self.reply_count - len(self.replies)


class Threads:
    """One page of a discussion's threads, read when first used (a cached rendering
    of the page spares the queries)."""

    def __init__(self, *, page_id: int, proposal_id: int | None, asked: Asked):
        self.page_id = page_id
        self.proposal_id = proposal_id
        self.asked = asked
        self.order = asked.order
        self.key = asked.key

    # Counts -------------------------------------------------------------------------

    @cached_property
    def _counts(self) -> dict:
        return discussion(page_id=self.page_id, proposal_id=self.proposal_id).aggregate(
            threads=Count("pk", filter=Q(parent__isnull=True)),
            readable=Count("pk", filter=_visible()),
        )

    @property
    def comment_count(self) -> int:
        """The comments a visitor can read (not hidden by moderators, not deleted)."""
        return self._counts["readable"]

    @property
    def thread_count(self) -> int:
        return self._counts["threads"]

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-self.thread_count // THREADS_PER_PAGE))

    @cached_property
    def number(self) -> int:
        """The page shown: the one asked for, the last one beyond it (as proposal lists)."""
        return min(self.asked.number, self.num_pages)

    # Links ----------------------------------------------------------------------------

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def _url(self, **changes) -> str:
        return replace(self.asked, **changes).query_string() or "?"

    # Links open the page at its comments (`#comments`, the section's id).

    @property
    def next_url(self) -> str:
        return self._url(number=self.number + 1, unfolded=None) + "#comments"

    @property
    def previous_url(self) -> str:
        return self._url(number=self.number - 1, unfolded=None) + "#comments"

    @property
    def orders(self) -> list[tuple[str, str, bool]]:
        """(label, URL, chosen) of each order; a new order starts at its first page."""
        return [
            (
                label,
                self._url(number=1, order=value, unfolded=None) + "#comments",
                value == self.order,
            )
            for value, label in ThreadOrder.choices
        ]

    # The threads ----------------------------------------------------------------------

    @cached_property
    def threads(self) -> list[Thread]:
        if not self.thread_count:
            return []
        replies_of = Comment.objects.filter(parent=OuterRef("pk")).order_by()
        start = (self.number - 1) * THREADS_PER_PAGE
        tops = list(
            ordered_threads(page_id=self.page_id, proposal_id=self.proposal_id, order=self.order)
            .select_related("author")
            .annotate(
                reply_count=Coalesce(
                    Subquery(
                        replies_of.values("parent").annotate(count=Count("pk")).values("count")
                    ),
                    0,
                )
            )[start : start + THREADS_PER_PAGE]
        )
        replies = self._replies([top.pk for top in tops])
        threads = []
        for top in tops:
            shown = replies.get(top.pk, [])
            thread = Thread(comment=top, replies=shown[:REPLIES_SHOWN], reply_count=top.reply_count)
            if top.pk == self.asked.unfolded:
                thread.replies = shown
            elif thread.folded:
                thread.first_folded_id = shown[REPLIES_SHOWN].pk
                thread.unfold_url = (
                    self._url(number=self.number, unfolded=top.pk)
                    + f"#comment-{thread.first_folded_id}"
                )
            threads.append(thread)
        return threads

    def _replies(self, thread_ids: list[int]) -> dict[int, list[Comment]]:
        """The replies shown in these threads, in order, and the first folded one of
        each (the unfolded thread's are all read)."""
        if not thread_ids:
            return {}
        unfolded = self.asked.unfolded if self.asked.unfolded in thread_ids else 0
        rows = (
            Comment.objects.filter(parent_id__in=thread_ids)
            .select_related("author")
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[F("parent_id")],
                    order_by=[F("created_at").asc(), F("pk").asc()],
                ),
                shown=Case(
                    When(parent_id=unfolded, then=Value(MAX_NUMBER)),
                    default=Value(REPLIES_SHOWN + 1),
                    output_field=IntegerField(),
                ),
            )
            .filter(position__lte=F("shown"))
            .order_by("parent_id", "created_at", "pk")
        )
        found: dict[int, list[Comment]] = {}
        for reply in rows:
            found.setdefault(reply.parent_id, []).append(reply)
        return found


def locate(comment: Comment, *, order: str = ThreadOrder.OLDEST) -> Asked:
    """The page of threads that shows `comment` in `order`, its thread unfolded when
    it is a folded reply."""
    top = comment.parent if comment.parent_id else comment
    tops = ordered_threads(page_id=comment.page_id, proposal_id=comment.proposal_id, order=order)
    if order == ThreadOrder.COMMUNE:
        answered = tops.filter(pk=top.pk).values_list("holds_commune_answer", flat=True).get()
        before = Q(holds_commune_answer=True) & _earlier(top)
        if not answered:
            before = Q(holds_commune_answer=True) | _earlier(top)
    elif order == ThreadOrder.NEWEST:
        before = _later(top)
    else:
        before = _earlier(top)
    position = tops.filter(before).count()
    unfolded = None
    if comment.parent_id:
        earlier_replies = Comment.objects.filter(_earlier(comment), parent_id=top.pk).count()
        if earlier_replies >= REPLIES_SHOWN:
            unfolded = top.pk
    return Asked(number=position // THREADS_PER_PAGE + 1, order=order, unfolded=unfolded)
