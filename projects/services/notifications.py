"""News of projects for their followers: found when a project is published, e-mailed once.

What is news
    When a project page is published (by an editor, by the scheduler, or when a
    translation is published), its *source-language* page as it is now live is read:

    * the first publication of a project is news for the followers of the
      consultation or budget it came from ("a project is born from it"); the
      milestones already done and updates already written then are recorded as
      known, not announced one by one;
    * afterwards, every milestone newly marked done and every new update is news
      for the followers of the project and of its origin page.

    Each piece of news is a `ProjectEvent` whose key is made of translation keys
    (the project's and the milestone's or update's), which neither a second
    publication nor a translation changes: known keys are never news again.

Who hears about it, and how often
    One `FollowNotification` row per person and event, unique: nobody is told twice
    about the same event, even if they follow both the project and its origin. The
    rows are written in the publishing transaction and a background task is enqueued
    when it commits; the task claims each person's unsent rows (setting `sent_at`)
    and sends them ONE e-mail, in their language, listing the news of that
    publication, with a link to stop following that works without logging in.
"""

from collections import defaultdict
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator
from wagtail.models import Page

from accounts.emails import send_templated_email
from accounts.models import User
from core.tenancy import site_for_page
from home.models import CommuneSettings
from notifications.models import Follow
from notifications.tokens import make_unsubscribe_token

from ..models import EventKind, FollowNotification, ProjectEvent, ProjectPage
from ..tasks import send_follow_notifications

UPDATE_EXCERPT_CHARS = 400


def event_key(project_key, kind: str, object_key=None) -> str:
    key = f"{project_key}:{kind}"
    return f"{key}:{object_key}" if object_key else key


def _source_project(page) -> ProjectPage | None:
    """The live source-language instance of a project page, as stored now."""
    source_pk = (
        Page.objects.filter(translation_key=page.translation_key)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return ProjectPage.objects.filter(pk=source_pk, live=True).first()


def _origin_translation_key(project: ProjectPage):
    if not project.origin_page_id:
        return None
    return (
        Page.objects.filter(pk=project.origin_page_id)
        .values_list("translation_key", flat=True)
        .first()
    )


def _follows_q(project: ProjectPage, origin_key) -> Q:
    query = Q(page_id=project.pk)
    if origin_key:
        query |= Q(page__translation_key=origin_key)
    return query


def _followers(project: ProjectPage) -> list[int]:
    """Active followers with a confirmed address, of the project or of its origin."""
    return list(
        Follow.objects.filter(
            _follows_q(project, _origin_translation_key(project)),
            user__is_active=True,
            user__email_confirmed_at__isnull=False,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


@transaction.atomic
def record_publication(*, page) -> list[ProjectEvent]:
    """Record what a project's publication makes new and queue its followers' e-mails.

    Called when any instance of a project page (source or translation) is published.
    Returns the events announced (empty when nothing is new). A page published with
    a go-live date in the future is not live yet: its news waits for the real
    publication.
    """
    if not page.live:
        return []
    project = _source_project(page)
    if project is None:
        return []

    started = event_key(project.translation_key, EventKind.STARTED)
    candidates = {started: (EventKind.STARTED, None)}
    for milestone in project.milestones.all():
        if milestone.done:
            key = event_key(project.translation_key, EventKind.MILESTONE, milestone.translation_key)
            candidates[key] = (EventKind.MILESTONE, milestone.translation_key)
    for update in project.updates.all():
        key = event_key(project.translation_key, EventKind.UPDATE, update.translation_key)
        candidates[key] = (EventKind.UPDATE, update.translation_key)

    known = set(ProjectEvent.objects.filter(key__in=candidates).values_list("key", flat=True))
    new = [key for key in candidates if key not in known]
    if not new:
        return []
    ProjectEvent.objects.bulk_create(
        [
            ProjectEvent(
                project=project, kind=candidates[key][0], key=key, object_key=candidates[key][1]
            )
            for key in new
        ],
        ignore_conflicts=True,  # a concurrent publication recorded it first
    )
    # A project's first publication announces the project itself, not each step
    # it was published with.
    announced = [started] if started in new else new
    events = list(ProjectEvent.objects.filter(key__in=announced).order_by("pk"))
    followers = _followers(project)
    if not followers:
        return events
    FollowNotification.objects.bulk_create(
        [
            FollowNotification(user_id=user_id, event=event)
            for user_id in followers
            for event in events
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(
        partial(send_follow_notifications.enqueue, event_ids=[event.pk for event in events])
    )
    return events


# Sending -----------------------------------------------------------------------------


def deliver_notifications(*, event_ids: list[int]) -> int:
    """Send each person their unsent news among these events, one e-mail per project.

    Safe to run twice: rows are claimed (``sent_at``) before the e-mail is queued.
    Returns the number of e-mails sent.
    """
    events = {
        event.pk: event
        for event in ProjectEvent.objects.filter(pk__in=event_ids).select_related("project")
    }
    if not events:
        return 0
    user_ids = list(
        FollowNotification.objects.filter(event_id__in=events, sent_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    contents: dict = {}
    return sum(_deliver_to(user_id, events, contents) for user_id in user_ids)


@transaction.atomic
def _deliver_to(user_id: int, events: dict[int, ProjectEvent], contents: dict) -> int:
    pending = FollowNotification.objects.select_for_update().filter(
        user_id=user_id, event_id__in=events, sent_at__isnull=True
    )
    claimed = list(pending.values_list("pk", "event_id"))
    if not claimed:
        return 0
    FollowNotification.objects.filter(pk__in=[pk for pk, _event in claimed]).update(
        sent_at=timezone.now()
    )
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_confirmed_email:
        return 0  # claimed all the same: nobody is told later about old news
    by_project = defaultdict(list)
    for _pk, event_id in claimed:
        by_project[events[event_id].project].append(events[event_id])
    for project, project_events in by_project.items():
        _send(user, project, sorted(project_events, key=lambda event: event.pk), contents)
    return len(by_project)


def _localized(page: Page, language: str):
    """The live translation of a page in a language, else the page itself (specific)."""
    translated = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=language)
        .first()
    )
    return (translated or page).specific


def _project_content(project: ProjectPage, language: str, contents: dict) -> dict:
    """The project's title, URL, milestones and updates in one language (cached)."""
    cache_key = (project.pk, language)
    if cache_key not in contents:
        page = _localized(project, language)
        milestones = {m.translation_key: m for m in project.milestones.all()}
        milestones.update({m.translation_key: m for m in page.milestones.all()})
        updates = {u.translation_key: u for u in project.updates.all()}
        updates.update({u.translation_key: u for u in page.updates.all()})
        site = site_for_page(project)
        commune = CommuneSettings.for_site(site) if site else None
        contents[cache_key] = {
            "page": page,
            "url": page.get_full_url(),
            "milestones": milestones,
            "updates": updates,
            "commune": commune,
        }
    return contents[cache_key]


def _news_items(events, content: dict) -> list[dict]:
    items = []
    for event in events:
        if event.kind == EventKind.MILESTONE:
            milestone = content["milestones"].get(event.object_key)
            if milestone is not None:
                items.append(
                    {"kind": "milestone", "title": milestone.title, "date": milestone.date}
                )
        elif event.kind == EventKind.UPDATE:
            update = content["updates"].get(event.object_key)
            if update is not None:
                items.append(
                    {
                        "kind": "update",
                        "title": update.title,
                        "date": update.date,
                        "text": Truncator(" ".join(strip_tags(update.body).split())).chars(
                            UPDATE_EXCERPT_CHARS
                        ),
                        "url": f"{content['url']}#{update.anchor}",
                    }
                )
        else:
            items.append({"kind": "started"})
    return items


def _unsubscribe_links(user: User, project: ProjectPage) -> list[dict]:
    """For each page of this news the person follows: its title and a link to stop."""
    follows = Follow.objects.filter(
        _follows_q(project, _origin_translation_key(project)), user=user
    ).select_related("page")
    links = []
    for follow in follows:
        page = _localized(follow.page, user.language)
        token = make_unsubscribe_token(user_id=user.pk, page_id=follow.page_id)
        links.append(
            {
                "title": page.title,
                "is_project": follow.page_id == project.pk,
                "url": page.get_full_url()
                + page.reverse_subpage("unsubscribe")
                + "?"
                + urlencode({"token": token}),
            }
        )
    return links


def _send(user: User, project: ProjectPage, events: list[ProjectEvent], contents: dict) -> None:
    language = user.language
    content = _project_content(project, language, contents)
    with translation.override(language):
        items = _news_items(events, content)
    if not items:
        return
    commune = content["commune"]
    origin = _localized(project.origin_page, language) if project.origin_page_id else None
    send_templated_email(
        to=user.email,
        subject_template="projects/emails/project_news_subject.txt",
        text_template="projects/emails/project_news.txt",
        html_template="projects/emails/project_news.html",
        context={
            "user": user,
            "project": content["page"],
            "project_url": content["url"],
            "origin": origin,
            "items": items,
            "started": any(item["kind"] == "started" for item in items),
            "unsubscribe_links": _unsubscribe_links(user, project),
            "commune_name": commune.official_name if commune else "",
        },
        language=language,
        reply_to=[commune.contact_email] if commune and commune.contact_email else None,
    )
