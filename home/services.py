"""Writes for communes: setting one up in a single transaction."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.models import Translation, TranslationSource

from .colours import validate_accent_colour
from .models import DEFAULT_ACCENT_COLOUR, CommuneSettings, HomePage

# Editors write and submit; the commune's moderators validate and publish (through the
# commune's publication workflow, or directly). Moderators also edit, so that they can
# correct a page under review and publish the translations editors prepare
# (wagtail-localize's translation editor offers no submission to a workflow).
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
MODERATOR_PAGE_PERMISSIONS = ["change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
]
MODERATOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]
# Model permissions a commune's groups get, by role ("editors", "moderators"), for the
# screens of the apps above (moderation, themes and districts…). They are global in
# Django; those screens narrow them to the communes whose pages the groups hold
# permissions on (`core.tenancy.communes_for_user`). The apps register them when ready
# (`register_group_permissions`): home knows none of them.
GROUP_PERMISSIONS: dict[str, list[tuple[str, str]]] = {"editors": [], "moderators": []}


def register_group_permissions(role: str, permissions: list[tuple[str, str]]) -> None:
    """Every commune's `role` group ("editors" or "moderators") gets these (app label,
    codename) permissions when the commune is created."""
    for permission in permissions:
        if permission not in GROUP_PERMISSIONS[role]:
            GROUP_PERMISSIONS[role].append(permission)


def _save_and_publish(translation: Translation, user=None) -> Page:
    """Write a translation's target page and publish it now.

    wagtail-localize publishes on transaction commit; inside a larger transaction
    that would publish a stale copy of the page later (undoing tree changes made
    meanwhile), so the revision is published here, synchronously.
    """
    translation.save_target(user=user, publish=False)
    target = translation.get_target_instance()
    # `user` is who the log names; whether they may publish is for the caller (the
    # commune's set-up and the demo) to decide, as the admin's own screens do.
    target.get_latest_revision().publish(user=user, skip_permission_checks=True)
    return target


class CommuneSetupError(ValueError):
    """A commune cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class Commune:
    site: Site
    home_pages: dict[str, HomePage]
    settings: CommuneSettings
    collection: Collection
    editors: Group
    moderators: Group
    workflow: Workflow

    @property
    def home(self) -> HomePage:
        return self.site.root_page.specific


# Group names are data, shown as they are in every language of the admin: in French,
# as the communes' staff read them.
def editors_group_name(name: str) -> str:
    return f"{name} — rédacteurs"


def moderators_group_name(name: str) -> str:
    return f"{name} — modérateurs"


def workflow_name(name: str) -> str:
    return f"Publication — {name}"


def validation_task_name(name: str) -> str:
    return f"Validation par les modérateurs — {name}"


def create_publication_workflow(
    *, name: str, moderators: Group, home_pages: list[Page]
) -> Workflow:
    """The commune's publication workflow: a page an editor submits goes live once one
    of the commune's moderators approves it. It covers every page of the commune (it
    is set on each language's home page), and only the commune's moderators review."""
    task = GroupApprovalTask.objects.create(name=validation_task_name(name))
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name=workflow_name(name))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.bulk_create(
        WorkflowPage(workflow=workflow, page=page) for page in home_pages
    )
    return workflow


def home_page_added(*, page: HomePage) -> None:
    """A commune's home page was translated into a new language: the pages written in
    that language go through the commune's publication workflow too (else they would
    fall under Wagtail's default workflow, which no moderator of the commune reviews)."""
    if WorkflowPage.objects.filter(page=page).exists():
        return
    sibling = (
        WorkflowPage.objects.filter(
            page__translation_key=page.translation_key, page__depth=page.depth
        )
        .exclude(page=page)
        .first()
    )
    if sibling is not None:
        WorkflowPage.objects.create(workflow=sibling.workflow, page=page)


def _check_languages(languages: list[str]) -> list[str]:
    known = {code for code, _label in settings.LANGUAGES}
    if not languages:
        raise CommuneSetupError(_("Give at least one language."))
    unknown = [code for code in languages if code not in known]
    if unknown:
        raise CommuneSetupError(
            ngettext(
                "Unknown language: %(codes)s. Available: %(known)s.",
                "Unknown languages: %(codes)s. Available: %(known)s.",
                len(unknown),
            )
            % {"codes": ", ".join(unknown), "known": ", ".join(sorted(known))}
        )
    if len(set(languages)) != len(languages):
        raise CommuneSetupError(_("A language is listed twice."))
    return languages


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def create_commune(
    *,
    name: str,
    hostname: str,
    port: int = 80,
    languages: list[str] | tuple[str, ...] = ("fr",),
    is_default_site: bool = False,
    official_name: str = "",
    accent_colour: str = DEFAULT_ACCENT_COLOUR,
) -> Commune:
    """Create a commune: its Site, localized home pages, settings, collection, groups and
    publication workflow.

    The first language is the source language; the home page is translated to the
    others through wagtail-localize (synchronised translations that editors then
    translate in the admin). Groups get page and collection permissions on this
    commune only. Nothing is written if any step fails.
    """
    name = name.strip()
    hostname = hostname.strip().lower()
    if not name:
        raise CommuneSetupError(_("Give the commune a name."))
    if not hostname:
        raise CommuneSetupError(_("Give the commune a hostname."))
    languages = _check_languages(list(languages))
    if Site.objects.filter(hostname=hostname).exists():
        raise CommuneSetupError(
            _("A commune already uses the hostname %(hostname)s.") % {"hostname": hostname}
        )
    if Group.objects.filter(
        name__in=[editors_group_name(name), moderators_group_name(name)]
    ).exists():
        raise CommuneSetupError(
            _("Groups for a commune named %(name)s already exist.") % {"name": name}
        )
    if is_default_site and Site.objects.filter(is_default_site=True).exists():
        raise CommuneSetupError(_("Another commune is already the default site."))
    try:
        validate_accent_colour(accent_colour)
    except ValidationError as exc:
        raise CommuneSetupError(" ".join(exc.messages)) from exc

    locales = [Locale.objects.get_or_create(language_code=code)[0] for code in languages]
    tree_root = Page.get_first_root_node()
    home = HomePage(title=name, slug=slugify(name) or "home", hero_title=name, locale=locales[0])
    tree_root.add_child(instance=home)
    home.save_revision().publish()
    if len(locales) > 1:
        source, _created = TranslationSource.get_or_create_from_instance(home)
        for locale in locales[1:]:
            translation = Translation.objects.create(
                source=source, target_locale=locale, enabled=True
            )
            _save_and_publish(translation)
    home_pages = {
        page.locale.language_code: page
        for page in HomePage.objects.filter(translation_key=home.translation_key).select_related(
            "locale"
        )
    }

    site = Site(
        hostname=hostname,
        port=port,
        site_name=name,
        root_page=home,
        is_default_site=is_default_site,
    )
    site.full_clean()
    site.save()

    collection = Collection.get_first_root_node().add_child(name=name)
    commune_settings = CommuneSettings(
        site=site,
        official_name=official_name or name,
        accent_colour=accent_colour,
        collection=collection,
    )
    commune_settings.full_clean()
    commune_settings.save()

    access_admin = _permission("wagtailadmin", "access_admin")
    editors = Group.objects.create(name=editors_group_name(name))
    moderators = Group.objects.create(name=moderators_group_name(name))
    editors.permissions.add(
        access_admin,
        _permission("wagtail_localize", "submit_translation"),
        *(_permission(app, codename) for app, codename in GROUP_PERMISSIONS["editors"]),
    )
    moderators.permissions.add(
        access_admin,
        *(_permission(app, codename) for app, codename in GROUP_PERMISSIONS["moderators"]),
    )
    for group, page_codenames, collection_perms in (
        (editors, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS, MODERATOR_COLLECTION_PERMISSIONS),
    ):
        GroupPagePermission.objects.bulk_create(
            GroupPagePermission(
                group=group, page=page, permission=_permission("wagtailcore", codename)
            )
            for page in home_pages.values()
            for codename in page_codenames
        )
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(
                group=group, collection=collection, permission=_permission(app_label, codename)
            )
            for app_label, codename in collection_perms
        )
    workflow = create_publication_workflow(
        name=name, moderators=moderators, home_pages=list(home_pages.values())
    )

    return Commune(
        site=site,
        home_pages=home_pages,
        settings=commune_settings,
        collection=collection,
        editors=editors,
        moderators=moderators,
        workflow=workflow,
    )


class MissingTranslation(ValueError):
    """Some source strings of a page have no translation in the given set."""


@transaction.atomic
def translate_page(*, page: Page, language: str, strings: dict[str, str], user=None) -> Page:
    """Translate a page into one language through wagtail-localize and publish it.

    `strings` maps each source string (title, slug, fields, rich-text segments) to
    its translation, as a translator would fill the PO file wagtail-localize
    exports. Every string must be translated; the translated page is published.
    """
    return translate_page_into(page=page, strings={language: strings}, user=user)[language]


@transaction.atomic
def translate_page_into(
    *, page: Page, strings: dict[str, dict[str, str]], user=None
) -> dict[str, Page]:
    """Translate a page into several languages at once (`strings` by language code, as
    for `translate_page`) and publish each translation; the page's strings are read
    once for all of them. Nothing is written if any string of any language is missing.
    """
    if not strings:
        return {}
    page = page.specific
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    translated = {}
    for language, language_strings in strings.items():
        locale = Locale.objects.get_or_create(language_code=language)[0]
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        po = translation.export_po()
        missing = []
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid in language_strings:
                entry.msgstr = language_strings[entry.msgid]
            else:
                missing.append(entry.msgid)
        if missing:
            raise MissingTranslation(
                f"No {language} translation for: " + "; ".join(repr(text) for text in missing)
            )
        translation.import_po(po, user=user, tool_name="agora")
        translated[language] = _save_and_publish(translation, user=user)
    return translated


# Cached pages ----------------------------------------------------------------------


def commune_changed(*, site: Site | None) -> None:
    """Something every page of a commune may show changed (a published page, the
    menus, its settings, categories or districts): its cached pages are stale once
    the change commits."""
    from core import pagecache, sitelookup

    if site is not None:
        pagecache.bump_on_commit(pagecache.site_key(site.pk))
        sitelookup.forget_sites()


def page_changed(*, page: Page) -> None:
    """A page was published, unpublished or moved: its commune's cached pages are stale."""
    from core.tenancy import site_for_page

    commune_changed(site=site_for_page(page))
