"""Every admin URL, and the Belval object each of its parameters names.

`admin_patterns()` walks Django's URL resolver under /admin/. `CASES` maps each
pattern with parameters (keyed "name[kwarg,...]") to one or more `Case`s: how to
fill the parameters with Belval's ids (from the world of world.py), what to POST,
and what the pattern is. A new admin URL with parameters that this table does not
name fails `test_every_admin_url_with_parameters_is_in_the_table`, so every new
screen gets its isolation test by construction.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Locale

from tests.urlconf import all_routes

# What a pattern's parameters name.
OBJECT = "object"  # a Belval object: Montclair's staff are refused, nothing changes
LISTING = "listing"  # no commune object (a model, a content type): answered, nothing of Belval

KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class AdminPattern:
    name: str
    route: str
    kwargs: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.name}[{','.join(self.kwargs)}]"


def admin_patterns() -> list[AdminPattern]:
    """Every named URL pattern under /admin/ (with or without parameters)."""
    found = {}
    for route, name, _callback in all_routes():
        if not route.startswith("admin/") or not name:
            continue
        kwargs = tuple(a or b for a, b in KWARG.findall(route))
        pattern = AdminPattern(name, route, kwargs)
        found.setdefault(pattern.key, pattern)
    return sorted(found.values(), key=lambda pattern: pattern.key)


@dataclass(frozen=True)
class Case:
    """One request to an admin URL naming Belval's objects.

    kwargs: world -> URL parameters. query: world -> query string (without "?").
    post: world -> POST data (the request a member of Belval's staff would send
    to make the change; the same request by a superuser must change something).
    methods: the HTTP methods tried (GET always shows, POST writes).
    """

    kwargs: Callable
    kind: str = OBJECT
    post: Callable | None = None
    query: Callable | None = None
    methods: tuple[str, ...] = ("GET", "POST")
    variant: str = ""
    # What a superuser gets (the proof that the parameters name real objects):
    # None = not a 403/404; an int = that status.
    control_status: int | None = None
    # False when nobody can get through (the note says why).
    control: bool = True
    # Tables a request may write for the caller's own commune (a LISTING case on
    # Montclair's own object: opening its editor starts an editing session…).
    own_writes: tuple[str, ...] = ()
    # False for a view that answers without refusing but acts only on the caller's own
    # records (the note says why): it must still show and change nothing of Belval.
    refused: bool = True
    # Who proves it: the superuser, or Belval's editor for what only its owner may do.
    control_user: str = "superuser"
    # For cases whose POST must change the database when that user sends it.
    writes: bool = False
    note: str = ""


def page_edit_data(page, title):
    return {
        "title": title,
        "slug": page.slug,
        "intro": "Piraté",
        "body-count": "0",
        "action-publish": "action-publish",
    }


def _locale(code):
    return Locale.objects.get(language_code=code).pk


def _ct(model_label):
    app_label, model_name = model_label.split(".")
    return ContentType.objects.get_by_natural_key(app_label, model_name)


def _po_upload(attr):
    def data(world):
        translation = getattr(world.belval, attr)
        po = translation.export_po()
        for entry in po:
            entry.msgstr = "Piraté"
        return {
            "file": SimpleUploadedFile(
                "belval.po", str(po).encode(), content_type="text/x-gettext-translation"
            ),
            "next": "/admin/pages/",
        }

    return data


B = lambda world: world.belval  # noqa: E731
M = lambda world: world.montclair  # noqa: E731


def page(attr):
    return lambda w: {"page_id": getattr(B(w), attr).pk}


def _taxonomy_case(model, view):
    """A view of a Belval theme or district (`model` is also the world's attribute)."""
    post = (lambda w: {"site": B(w).site.pk, "name": "Pirate"}) if view == "edit" else None
    return Case(
        lambda w: {"pk": getattr(B(w), model).pk},
        post=post or (lambda w: {}),
        writes=view in ("edit", "delete"),
    )


# name[kwargs] -> Case or list of Cases ---------------------------------------------------

CASES: dict[str, Case | list[Case]] = {
    # Admin API (page explorer, choosers) ------------------------------------------------
    "wagtailadmin_api:pages:detail[pk]": Case(lambda w: {"pk": B(w).market.pk}, methods=("GET",)),
    "wagtailadmin_api:pages:action[pk,action_name]": [
        Case(
            lambda w: {"pk": B(w).market.pk, "action_name": "copy"},
            post=lambda w: {"destination_page_id": M(w).home.pk, "slug": "marche-copie"},
            variant="copy-belval-to-montclair",
            methods=("POST",),
            control_status=201,
            writes=True,
        ),
        Case(
            lambda w: {"pk": M(w).market.pk, "action_name": "copy"},
            post=lambda w: {"destination_page_id": B(w).home.pk, "slug": "marche-copie"},
            variant="copy-montclair-into-belval",
            methods=("POST",),
            control_status=201,
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).untranslated.pk, "action_name": "move"},
            post=lambda w: {"destination_page_id": M(w).home.pk, "position": "last-child"},
            variant="move-belval-to-montclair",
            methods=("POST",),
            writes=True,
        ),
        Case(
            lambda w: {"pk": M(w).kiosque.pk, "action_name": "move"},
            post=lambda w: {"destination_page_id": B(w).home.pk, "position": "last-child"},
            variant="move-montclair-into-belval",
            methods=("POST",),
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).moderated.pk, "action_name": "publish"},
            post=lambda w: {},
            variant="publish",
            methods=("POST",),
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).market.pk, "action_name": "unpublish"},
            post=lambda w: {},
            variant="unpublish",
            methods=("POST",),
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).untranslated.pk, "action_name": "delete"},
            post=lambda w: {},
            variant="delete",
            methods=("POST",),
            control_status=204,
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).untranslated.pk, "action_name": "copy_for_translation"},
            post=lambda w: {"locale": "de"},
            variant="copy_for_translation",
            methods=("POST",),
            control_status=201,
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).untranslated.pk, "action_name": "create_alias"},
            post=lambda w: {"destination_page_id": M(w).home.pk, "update_slug": "alias-belval"},
            variant="create_alias-into-montclair",
            methods=("POST",),
            control_status=201,
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).alias.pk, "action_name": "convert_alias"},
            post=lambda w: {},
            variant="convert_alias",
            methods=("POST",),
            writes=True,
        ),
        Case(
            lambda w: {"pk": B(w).market.pk, "action_name": "revert_to_page_revision"},
            post=lambda w: {"revision_id": B(w).market_revisions[0].pk},
            variant="revert",
            methods=("POST",),
            writes=True,
        ),
    ],
    "wagtailadmin_api:documents:detail[pk]": Case(
        lambda w: {"pk": B(w).document.pk}, methods=("GET",)
    ),
    "wagtailadmin_api:images:detail[pk]": Case(lambda w: {"pk": B(w).image.pk}, methods=("GET",)),
    # Page explorer and page actions ---------------------------------------------------------
    "wagtailadmin_explore[parent_page_id]": [
        Case(lambda w: {"parent_page_id": B(w).home.pk}),
        Case(
            lambda w: {"parent_page_id": M(w).home.pk},
            kind=LISTING,
            methods=("GET",),
            variant="own-home",
            note="Montclair's own home: its filters and listing hold Montclair only.",
        ),
    ],
    "wagtailadmin_explore_results[parent_page_id]": Case(
        lambda w: {"parent_page_id": B(w).home.pk}
    ),
    "wagtail_bulk_action[app_label,model_name,action]": [],  # filled from the registry below
    "wagtailadmin_pages:add[content_type_app_name,content_type_model_name,parent_page_id]": [
        Case(
            lambda w: {
                "content_type_app_name": "consultations",
                "content_type_model_name": "consultationpage",
                "parent_page_id": M(w).home.pk,
            },
            kind=LISTING,
            methods=("GET",),
            variant="own-home",
            note="A new consultation of Montclair: its choosers offer Montclair's themes only.",
        ),
        Case(
            lambda w: {
                "content_type_app_name": "home",
                "content_type_model_name": "standardpage",
                "parent_page_id": B(w).home.pk,
            },
            post=lambda w: {
                "title": "Page pirate",
                "slug": "page-pirate",
                "intro": "",
                "body-count": "0",
                "action-publish": "action-publish",
            },
            control_status=200,
            writes=True,
        ),
    ],
    "wagtailadmin_pages:preview_on_add"
    "[content_type_app_name,content_type_model_name,parent_page_id]": Case(
        lambda w: {
            "content_type_app_name": "home",
            "content_type_model_name": "standardpage",
            "parent_page_id": B(w).home.pk,
        },
        post=lambda w: {"title": "Aperçu", "slug": "apercu", "intro": "", "body-count": "0"},
    ),
    "wagtailadmin_pages:type_use[content_type_app_name,content_type_model_name]": Case(
        lambda w: {"content_type_app_name": "home", "content_type_model_name": "standardpage"},
        kind=LISTING,
    ),
    "wagtailadmin_pages:type_use_results[content_type_app_name,content_type_model_name]": Case(
        lambda w: {"content_type_app_name": "home", "content_type_model_name": "standardpage"},
        kind=LISTING,
    ),
    "wagtailadmin_pages:choose_parent[app_label,model_name]": Case(
        lambda w: {"app_label": "home", "model_name": "standardpage"}, kind=LISTING
    ),
    "wagtailadmin_pages:usage[page_id]": Case(page("market")),
    "wagtailadmin_pages:edit[page_id]": [
        Case(
            lambda w: {"page_id": M(w).consultation.pk},
            kind=LISTING,
            methods=("GET",),
            variant="own-page",
            own_writes=("wagtailadmin_editingsession", "wagtailcore_pagesubscription"),
            note="Montclair's own consultation: its choosers offer Montclair's themes only.",
        ),
        Case(
            page("market"),
            post=lambda w: page_edit_data(B(w).market, "Le marché piraté"),
            control_status=200,
            writes=True,
        ),
        Case(page("market_en"), variant="translation", methods=("GET",)),
        Case(
            page("market_en"),
            post=lambda w: {"localize-convert-to-alias": "1"},
            variant="translation-convert-to-alias",
            methods=("POST",),
        ),
    ],
    "wagtailadmin_pages:preview_on_edit[page_id]": Case(
        page("market"), post=lambda w: page_edit_data(B(w).market, "Aperçu piraté")
    ),
    "wagtailadmin_pages:view_draft[page_id]": Case(page("moderated")),
    "wagtailadmin_pages:add_subpage[parent_page_id]": Case(
        lambda w: {"parent_page_id": B(w).home.pk}
    ),
    "wagtailadmin_pages:delete[page_id]": Case(
        page("untranslated"), post=lambda w: {}, writes=True
    ),
    "wagtailadmin_pages:unpublish[page_id]": Case(
        page("market"), post=lambda w: {"include_descendants": "on"}, writes=True
    ),
    "wagtailadmin_pages:convert_alias[page_id]": Case(
        page("alias"), post=lambda w: {}, writes=True
    ),
    "wagtailadmin_pages:move[page_to_move_id]": Case(lambda w: {"page_to_move_id": B(w).market.pk}),
    "wagtailadmin_pages:move_confirm[page_to_move_id,destination_id]": [
        Case(
            lambda w: {"page_to_move_id": B(w).untranslated.pk, "destination_id": M(w).home.pk},
            post=lambda w: {},
            variant="belval-to-montclair",
            writes=True,
        ),
        Case(
            lambda w: {"page_to_move_id": M(w).kiosque.pk, "destination_id": B(w).home.pk},
            post=lambda w: {},
            variant="montclair-into-belval",
            writes=True,
        ),
    ],
    "wagtailadmin_pages:set_page_position[page_to_move_id]": Case(
        lambda w: {"page_to_move_id": B(w).market.pk},
        query=lambda w: "position=5",
        post=lambda w: {},
        methods=("POST",),
        control_status=200,
        writes=True,
    ),
    "wagtailadmin_pages:copy[page_id]": [
        Case(
            page("market"),
            post=lambda w: {
                "new_title": "Copie",
                "new_slug": "copie-marche",
                "new_parent_page": M(w).home.pk,
                "copy_subpages": "",
                "publish_copies": "",
                "alias": "",
            },
            variant="belval-to-montclair",
            writes=True,
        ),
        Case(
            lambda w: {"page_id": M(w).market.pk},
            post=lambda w: {
                "new_title": "Copie",
                "new_slug": "copie-marche",
                "new_parent_page": B(w).home.pk,
                "copy_subpages": "",
                "publish_copies": "",
                "alias": "",
            },
            methods=("POST",),
            variant="montclair-into-belval",
            writes=True,
            note="Montclair's own page: only the POST naming Belval's home as parent reaches out.",
        ),
    ],
    "wagtailadmin_pages:workflow_action[page_id,action_name,task_state_id]": Case(
        lambda w: {
            "page_id": B(w).moderated.pk,
            "action_name": "approve",
            "task_state_id": B(w).task_state.pk,
        },
        post=lambda w: {"comment": ""},
        writes=True,
    ),
    "wagtailadmin_pages:collect_workflow_action_data[page_id,action_name,task_state_id]": Case(
        lambda w: {
            "page_id": B(w).moderated.pk,
            "action_name": "approve",
            "task_state_id": B(w).task_state.pk,
        },
        post=lambda w: {"comment": ""},
    ),
    "wagtailadmin_pages:confirm_workflow_cancellation[page_id]": Case(page("moderated")),
    "wagtailadmin_pages:workflow_preview[page_id,task_id]": Case(
        lambda w: {"page_id": B(w).moderated.pk, "task_id": B(w).task.pk}
    ),
    "wagtailadmin_pages:set_privacy[page_id]": Case(
        page("market"), post=lambda w: {"restriction_type": "login"}, writes=True
    ),
    "wagtailadmin_pages:lock[page_id]": Case(
        page("market"), post=lambda w: {}, methods=("POST",), writes=True
    ),
    "wagtailadmin_pages:unlock[page_id]": Case(
        page("locked"), post=lambda w: {}, methods=("POST",), writes=True
    ),
    "wagtailadmin_pages:revisions_index[page_id]": Case(page("market")),
    "wagtailadmin_pages:revisions_view[page_id,revision_id]": Case(
        lambda w: {"page_id": B(w).market.pk, "revision_id": B(w).market_revisions[0].pk}
    ),
    "wagtailadmin_pages:revisions_revert[page_id,revision_id]": Case(
        lambda w: {"page_id": B(w).market.pk, "revision_id": B(w).market_revisions[0].pk},
        post=lambda w: page_edit_data(B(w).market, "Version piratée"),
        control_status=200,
        writes=True,
    ),
    "wagtailadmin_pages:revisions_unschedule[page_id,revision_id]": Case(
        lambda w: {"page_id": B(w).scheduled.pk, "revision_id": B(w).scheduled_revision.pk},
        post=lambda w: {},
        writes=True,
    ),
    "wagtailadmin_pages:revisions_compare[pk,revision_id_a,revision_id_b]": Case(
        lambda w: {"pk": B(w).market.pk, "revision_id_a": "earliest", "revision_id_b": "latest"}
    ),
    "wagtailadmin_pages:workflow_history[page_id]": Case(page("moderated")),
    "wagtailadmin_pages:workflow_history_detail[page_id,workflow_state_id]": Case(
        lambda w: {"page_id": B(w).moderated.pk, "workflow_state_id": B(w).workflow_state.pk}
    ),
    "wagtailadmin_pages:history[page_id]": Case(page("market")),
    "wagtailadmin_pages:history_results[page_id]": Case(page("market")),
    "wagtailadmin_choose_page_child[parent_page_id]": [
        Case(lambda w: {"parent_page_id": B(w).home.pk}),
        Case(
            lambda w: {"parent_page_id": M(w).home.pk},
            kind=LISTING,
            methods=("GET",),
            variant="own-home",
        ),
    ],
    "wagtailadmin_tag_model_autocomplete[app_name,model_name]": Case(
        lambda w: {"app_name": "taggit", "model_name": "tag"},
        kind=LISTING,
        query=lambda w: "term=BELVAL",
    ),
    # Collections, workflows, editing sessions (Wagtail's own settings) -------------------
    "wagtailadmin_collections:edit[pk]": Case(
        lambda w: {"pk": w.belval_commune.collection.pk},
        post=lambda w: {"name": "Piraté", "parent": w.belval_commune.collection.get_parent().pk},
        writes=True,
    ),
    "wagtailadmin_collections:delete[pk]": Case(
        lambda w: {"pk": w.belval_commune.collection.pk}, post=lambda w: {}
    ),
    "wagtailadmin_collections:set_privacy[collection_id]": Case(
        lambda w: {"collection_id": w.belval_commune.collection.pk},
        post=lambda w: {"restriction_type": "login"},
        writes=True,
    ),
    "wagtailadmin_workflows:enable[pk]": Case(
        lambda w: {"pk": B(w).workflow.pk}, post=lambda w: {}, methods=("POST",)
    ),
    "wagtailadmin_workflows:disable[pk]": Case(
        lambda w: {"pk": B(w).workflow.pk}, post=lambda w: {}, writes=True
    ),
    "wagtailadmin_workflows:edit[pk]": Case(lambda w: {"pk": B(w).workflow.pk}),
    "wagtailadmin_workflows:usage[pk]": Case(lambda w: {"pk": B(w).workflow.pk}),
    "wagtailadmin_workflows:usage_results[pk]": Case(lambda w: {"pk": B(w).workflow.pk}),
    "wagtailadmin_workflows:remove[page_pk]": Case(
        lambda w: {"page_pk": B(w).moderated.pk},
        post=lambda w: {},
        methods=("POST",),
        writes=True,
    ),
    "wagtailadmin_workflows:remove[page_pk,workflow_pk]": Case(
        lambda w: {"page_pk": B(w).moderated.pk, "workflow_pk": B(w).workflow.pk},
        post=lambda w: {},
        methods=("POST",),
        writes=True,
    ),
    "wagtailadmin_workflows:add_task[app_label,model_name]": Case(
        lambda w: {"app_label": "wagtailcore", "model_name": "groupapprovaltask"}, kind=LISTING
    ),
    "wagtailadmin_workflows:edit_task[pk]": Case(lambda w: {"pk": B(w).task.pk}),
    "wagtailadmin_workflows:disable_task[pk]": Case(
        lambda w: {"pk": B(w).task.pk}, post=lambda w: {}, writes=True
    ),
    "wagtailadmin_workflows:enable_task[pk]": Case(
        lambda w: {"pk": B(w).task.pk}, post=lambda w: {}, methods=("POST",)
    ),
    "wagtailadmin_workflows:task_chosen[task_id]": Case(lambda w: {"task_id": B(w).task.pk}),
    "wagtailadmin_editing_sessions:ping[app_label,model_name,object_id,session_id]": Case(
        lambda w: {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": str(B(w).market.pk),
            "session_id": B(w).editing_session.pk,
        },
        post=lambda w: {},
        methods=("POST",),
    ),
    "wagtailadmin_editing_sessions:release[session_id]": Case(
        lambda w: {"session_id": B(w).editing_session.pk},
        post=lambda w: {},
        methods=("POST",),
        refused=False,
        control_user="belval_editor",
        writes=True,
        note="Releases only the caller's own session: 200 for anyone, nothing done for others.",
    ),
    # Participatory budgets -----------------------------------------------------------
    "budget_freeze_results[page_id]": Case(
        page("budget_closed"), post=lambda w: {}, control_status=200, writes=True
    ),
    "budget_review:review[proposal_id]": Case(
        lambda w: {"proposal_id": B(w).project.pk},
        post=lambda w: {"final_cost": "30000", "eligible": "eligible", "public_reason": ""},
        writes=True,
    ),
    "budget_paper:list[page_id]": Case(page("budget")),
    "budget_paper:add[page_id]": Case(
        page("budget"),
        post=lambda w: {"voter_reference": "Martin Paul 1980", "projects": [B(w).projects[1].pk]},
        writes=True,
    ),
    "budget_paper:withdraw[page_id,ballot_id]": Case(
        lambda w: {"page_id": B(w).budget.pk, "ballot_id": B(w).paper_ballot.pk},
        post=lambda w: {"reason": "Pirate"},
        writes=True,
    ),
    # Projects ---------------------------------------------------------------------------
    # The vote of budget_closed is not frozen yet: a POST is refused by the service
    # (400) even for Belval's staff, so only the refusal of the screen is checked here.
    "projects_from_winners[page_id]": Case(page("budget_closed"), post=lambda w: {}),
    # wagtail-localize -------------------------------------------------------------------
    "wagtail_localize:submit_page_translation[page_id]": Case(
        page("untranslated"), post=lambda w: {"locales": [_locale("de")]}, writes=True
    ),
    "wagtail_localize:submit_snippet_translation[app_label,model_name,pk]": Case(
        lambda w: {
            "app_label": "consultations",
            "model_name": "category",
            "pk": str(B(w).category_untranslated.pk),
        },
        post=lambda w: {"locales": [_locale("en")]},
        writes=True,
    ),
    "wagtail_localize:update_translations[translation_source_id]": [
        Case(
            lambda w: {"translation_source_id": B(w).market_source.pk},
            post=lambda w: {"publish_translations": "on"},
            variant="page",
            writes=True,
        ),
        Case(
            lambda w: {"translation_source_id": B(w).category_source.pk},
            post=lambda w: {"publish_translations": "on"},
            variant="snippet",
            writes=True,
        ),
    ],
    "wagtail_localize:edit_string_translation[translation_id,string_segment_id]": Case(
        lambda w: {
            "translation_id": B(w).market_translation.pk,
            "string_segment_id": B(w).string_segment.pk,
        },
        post=lambda w: {"value": "Piraté"},
        methods=("PUT", "DELETE"),
        control_status=200,
        writes=True,
    ),
    "wagtail_localize:edit_override[translation_id,overridable_segment_id]": Case(
        lambda w: {
            "translation_id": B(w).home_translation.pk,
            "overridable_segment_id": B(w).overridable_segment.pk,
        },
        post=lambda w: {"value": str(B(w).image.pk)},  # Belval's own: others are refused
        methods=("PUT", "DELETE"),
        control_status=201,
        writes=True,
    ),
    "wagtail_localize:download_pofile[translation_id]": [
        Case(lambda w: {"translation_id": B(w).market_translation.pk}, variant="page"),
        Case(lambda w: {"translation_id": B(w).category_translation.pk}, variant="snippet"),
    ],
    "wagtail_localize:upload_pofile[translation_id]": [
        Case(
            lambda w: {"translation_id": B(w).market_translation.pk},
            post=_po_upload("market_translation"),
            methods=("POST",),
            variant="page",
            writes=True,
        ),
        Case(
            lambda w: {"translation_id": B(w).category_translation.pk},
            post=_po_upload("category_translation"),
            methods=("POST",),
            variant="snippet",
            writes=True,
        ),
    ],
    "wagtail_localize:machine_translate[translation_id]": Case(
        lambda w: {"translation_id": B(w).market_translation.pk},
        post=lambda w: {},
        methods=("POST",),
        control_status=404,
        note="No machine translator is configured: 404 for everyone.",
    ),
    "wagtail_localize:preview_translation[translation_id]": Case(
        lambda w: {"translation_id": B(w).market_translation.pk}
    ),
    "wagtail_localize:preview_translation[translation_id,mode]": Case(
        lambda w: {"translation_id": B(w).market_translation.pk, "mode": "default"},
        control_status=404,
        note="Our pages have no named preview mode: 404 for everyone.",
    ),
    "wagtail_localize:stop_translation[translation_id]": [
        Case(
            lambda w: {"translation_id": B(w).market_translation.pk},
            post=lambda w: {"next": "/admin/pages/"},
            methods=("POST",),
            variant="page",
            writes=True,
        ),
        Case(
            lambda w: {"translation_id": B(w).category_translation.pk},
            post=lambda w: {"next": "/admin/pages/"},
            methods=("POST",),
            variant="snippet",
            writes=True,
        ),
    ],
    "wagtail_localize:convert_to_alias[page_id]": Case(
        page("market_en"), post=lambda w: {}, writes=True
    ),
    "wagtail_localize:snippets_api_listing[app_label,model_name]": [
        Case(
            lambda w: {"app_label": "consultations", "model_name": "category"},
            kind=LISTING,
            methods=("GET",),
            variant="category",
        ),
        Case(
            lambda w: {"app_label": "consultations", "model_name": "district"},
            kind=LISTING,
            methods=("GET",),
            variant="district",
        ),
    ],
    "wagtail_localize:snippets_api_detail[app_label,model_name,pk]": Case(
        lambda w: {
            "app_label": "consultations",
            "model_name": "category",
            "pk": str(B(w).category.pk),
        },
        methods=("GET",),
    ),
    # Form submissions (questionnaires) ---------------------------------------------------
    "wagtailforms:list_submissions[page_id]": Case(page("questionnaire")),
    "wagtailforms:list_submissions_results[page_id]": Case(page("questionnaire")),
    "wagtailforms:delete_submissions[page_id]": Case(
        page("questionnaire"),
        query=lambda w: f"selected-submissions={B(w).submission.pk}",
        post=lambda w: {},
        writes=True,
    ),
    # Redirects, settings, search promotions --------------------------------------------
    "wagtailredirects:edit[redirect_id]": Case(
        lambda w: {"redirect_id": B(w).redirect.pk},
        post=lambda w: {
            "old_path": "/pirate",
            "site": B(w).site.pk,
            "is_permanent": "on",
            "redirect_link": "https://example.org/",
        },
        writes=True,
    ),
    "wagtailredirects:delete[redirect_id]": Case(
        lambda w: {"redirect_id": B(w).redirect.pk}, post=lambda w: {}, writes=True
    ),
    "wagtailsettings:edit[app_name,model_name]": Case(
        lambda w: {"app_name": "home", "model_name": "communesettings"},
        note="Redirects to the settings of the request's site (here Montclair's).",
    ),
    "wagtailsettings:edit[app_name,model_name,pk]": Case(
        lambda w: {"app_name": "home", "model_name": "communesettings", "pk": B(w).site.pk},
        post=lambda w: {
            "official_name": "Ville piratée",
            "accent_colour": "#000000",
            "answer_commitment_days": "30",
        },
        control_status=200,
        writes=True,
    ),
    "wagtailsettings:preview_on_edit[app_name,model_name,pk]": Case(
        lambda w: {"app_name": "home", "model_name": "communesettings", "pk": B(w).site.pk},
        post=lambda w: {"official_name": "Aperçu", "accent_colour": "#000000"},
        control_status=404,
        note="Commune settings have no preview: 404 for everyone.",
    ),
    "wagtailsearchpromotions:edit[query_id]": Case(
        lambda w: {"query_id": B(w).query.pk},
        post=lambda w: {
            "query_string": "marché pirate",
            "editors_picks-TOTAL_FORMS": "0",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
        },
        writes=True,
    ),
    "wagtailsearchpromotions:delete[query_id]": Case(
        lambda w: {"query_id": B(w).query.pk}, post=lambda w: {}, writes=True
    ),
    # Documents and images of Belval's collection ----------------------------------------
    "wagtaildocs:edit[document_id]": Case(
        lambda w: {"document_id": B(w).document.pk},
        post=lambda w: {"title": "Piraté", "collection": w.belval_commune.collection.pk},
        writes=True,
    ),
    "wagtaildocs:delete[document_id]": Case(
        lambda w: {"document_id": B(w).document.pk}, post=lambda w: {}, writes=True
    ),
    "wagtaildocs:edit_multiple[doc_id]": Case(
        lambda w: {"doc_id": B(w).document.pk},
        post=lambda w: {
            f"doc-{B(w).document.pk}-title": "Piraté",
            f"doc-{B(w).document.pk}-collection": w.belval_commune.collection.pk,
        },
        methods=("POST",),
        control_status=200,
        writes=True,
    ),
    "wagtaildocs:create_multiple_from_uploaded_document[uploaded_file_id]": Case(
        lambda w: {"uploaded_file_id": B(w).uploaded_document.pk},
        post=lambda w: {
            f"uploaded-document-{B(w).uploaded_document.pk}-title": "Piraté",
            f"uploaded-document-{B(w).uploaded_document.pk}-collection": (
                w.montclair_commune.collection.pk
            ),
        },
        methods=("POST",),
        control=False,
        note=(
            "Wagtail's form validates the file before attaching it and refuses its empty "
            "extension under WAGTAILDOCS_EXTENSIONS, for everyone; the image twin proves the path."
        ),
    ),
    "wagtaildocs:delete_multiple[doc_id]": Case(
        lambda w: {"doc_id": B(w).document.pk},
        post=lambda w: {},
        methods=("POST",),
        control_status=200,
        writes=True,
    ),
    "wagtaildocs:delete_upload_multiple[uploaded_file_id]": Case(
        lambda w: {"uploaded_file_id": B(w).uploaded_document.pk},
        post=lambda w: {},
        methods=("POST",),
        control_status=200,
        control_user="belval_editor",
        writes=True,
    ),
    "wagtaildocs:document_usage[document_id]": Case(lambda w: {"document_id": B(w).document.pk}),
    "wagtailimages:edit[image_id]": Case(
        lambda w: {"image_id": B(w).image.pk},
        post=lambda w: {"title": "Piraté", "collection": w.belval_commune.collection.pk},
        writes=True,
    ),
    "wagtailimages:delete[image_id]": Case(
        lambda w: {"image_id": B(w).image.pk}, post=lambda w: {}, writes=True
    ),
    "wagtailimages:url_generator[image_id]": Case(
        lambda w: {"image_id": B(w).image.pk},
        control_status=404,
        note="No image serve view is configured: 404 for everyone.",
    ),
    "wagtailimages:url_generator_output[image_id]": Case(
        lambda w: {"image_id": B(w).image.pk},
        query=lambda w: "filter_method=fill&width=100&height=100",
        control_status=404,
        note="No image serve view is configured: 404 for everyone.",
    ),
    "wagtailimages:preview[image_id,filter_spec]": Case(
        lambda w: {"image_id": B(w).image.pk, "filter_spec": "fill-100x100"}
    ),
    "wagtailimages:image_usage[image_id]": Case(lambda w: {"image_id": B(w).image.pk}),
    "wagtailimages:edit_multiple[image_id]": Case(
        lambda w: {"image_id": B(w).image.pk},
        post=lambda w: {
            f"image-{B(w).image.pk}-title": "Piraté",
            f"image-{B(w).image.pk}-collection": w.belval_commune.collection.pk,
        },
        methods=("POST",),
        control_status=200,
        writes=True,
    ),
    "wagtailimages:create_multiple_from_uploaded_image[uploaded_file_id]": Case(
        lambda w: {"uploaded_file_id": B(w).uploaded_image.pk},
        post=lambda w: {
            f"uploaded-image-{B(w).uploaded_image.pk}-title": "Piraté",
            f"uploaded-image-{B(w).uploaded_image.pk}-collection": (
                w.montclair_commune.collection.pk
            ),
        },
        methods=("POST",),
        control_status=200,
        control_user="belval_editor",
        writes=True,
    ),
    "wagtailimages:delete_multiple[image_id]": Case(
        lambda w: {"image_id": B(w).image.pk},
        post=lambda w: {},
        methods=("POST",),
        control_status=200,
        writes=True,
    ),
    "wagtailimages:delete_upload_multiple[uploaded_file_id]": Case(
        lambda w: {"uploaded_file_id": B(w).uploaded_image.pk},
        post=lambda w: {},
        methods=("POST",),
        control_status=200,
        control_user="belval_editor",
        writes=True,
    ),
    "wagtaildocs_chooser:chosen[pk]": Case(lambda w: {"pk": str(B(w).document.pk)}),
    "wagtailimages_chooser:chosen[pk]": Case(lambda w: {"pk": str(B(w).image.pk)}),
    "wagtailimages_chooser:select_format[image_id]": Case(
        lambda w: {"image_id": B(w).image.pk},
        post=lambda w: {
            "image-chooser-insertion-format": "fullwidth",
            "image-chooser-insertion-image_is_decorative": "on",
        },
        control_status=200,
    ),
    # Themes and districts --------------------------------------------------------------
    **{
        f"wagtailsnippets_consultations_{model}:{view}[pk]": _taxonomy_case(model, view)
        for model in ("category", "district")
        for view in ("edit", "delete", "usage", "history", "history_results")
    },
    "wagtailsnippetchoosers_consultations_category:chosen[pk]": Case(
        lambda w: {"pk": str(B(w).category.pk)}
    ),
    "wagtailsnippetchoosers_consultations_district:chosen[pk]": Case(
        lambda w: {"pk": str(B(w).district.pk)}
    ),
    # Moderation -------------------------------------------------------------------------
    "participation_proposals:inspect[pk]": Case(lambda w: {"pk": B(w).proposal.pk}),
    "participation_proposals:status[pk]": Case(
        lambda w: {"pk": B(w).proposal.pk},
        post=lambda w: {"status": "answered", "answer": "Réponse pirate", "public": "on"},
        writes=True,
    ),
    "participation_proposals:publish[pk]": Case(
        lambda w: {"pk": B(w).pending.pk}, post=lambda w: {}, writes=True
    ),
    "participation_proposals:merge[pk]": Case(
        lambda w: {"pk": B(w).proposal.pk},
        post=lambda w: {"original": B(w).original.pk, "answer": ""},
        writes=True,
    ),
    "participation_proposals:hide[pk]": Case(
        lambda w: {"pk": B(w).proposal.pk}, post=lambda w: {"reason": "Pirate"}, writes=True
    ),
    "participation_proposals:unhide[pk]": Case(
        lambda w: {"pk": B(w).hidden.pk}, post=lambda w: {}, writes=True
    ),
    "participation_comments:inspect[pk]": Case(lambda w: {"pk": B(w).comment.pk}),
    "participation_comments:hide[pk]": Case(
        lambda w: {"pk": B(w).comment.pk}, post=lambda w: {"reason": "Pirate"}, writes=True
    ),
    "participation_comments:unhide[pk]": Case(
        lambda w: {"pk": B(w).hidden_comment.pk}, post=lambda w: {}, writes=True
    ),
    # Install-wide settings: locales, sites, users, groups ------------------------------
    **{
        f"wagtaillocales:{view}[pk]": Case(lambda w: {"pk": _locale("de")})
        for view in ("edit", "delete", "history", "history_results", "usage", "copy")
    },
    **{
        f"wagtailsites:{view}[pk]": Case(lambda w: {"pk": B(w).site.pk})
        for view in ("edit", "delete", "history", "history_results", "usage", "copy")
    },
    **{
        f"wagtailusers_users:{view}[pk]": Case(lambda w: {"pk": w.belval_editor.pk})
        for view in ("edit", "delete", "history", "history_results", "usage", "copy")
    },
    **{
        f"wagtailusers_groups:{view}[pk]": Case(lambda w: {"pk": w.belval_commune.editors.pk})
        for view in ("edit", "delete", "history", "history_results", "usage")
    },
    "wagtailadmin_password_reset_confirm[uidb64,token]": Case(
        lambda w: {"uidb64": "MQ", "token": "set-password"},
        kind=LISTING,
        note="Anonymous password reset: names no commune object.",
    ),
}


# Bulk actions: one case per registered action, on a Belval object of its model --------

BULK_TARGETS: dict[str, Callable] = {
    "wagtailcore.page": lambda w: B(w).untranslated.pk,
    "wagtailimages.image": lambda w: B(w).image.pk,
    "wagtaildocs.document": lambda w: B(w).document.pk,
    "consultations.proposal": lambda w: B(w).proposal.pk,
    "consultations.comment": lambda w: B(w).comment.pk,
    "consultations.category": lambda w: B(w).category.pk,
    "consultations.district": lambda w: B(w).district.pk,
    "accounts.user": lambda w: w.belval_editor.pk,
}
BULK_POST: dict[str, Callable] = {
    "move": lambda w: {"chooser": M(w).home.pk},
    "add_to_collection": lambda w: {"collection": w.montclair_commune.collection.pk},
    "add_tags": lambda w: {"tags": "pirate"},
    "hide": lambda w: {"reason": "Pirate"},
    "assign_role": lambda w: {"role": w.montclair_commune.editors.pk, "action": "assign"},
    "set_active_state": lambda w: {"mark_as_active": "False"},
}


def registered_bulk_actions() -> list[tuple[str, str, str]]:
    bulk_action_registry._scan_for_bulk_actions()
    return sorted(
        (app_label, model_name, action)
        for app_label, models in bulk_action_registry.actions.items()
        for model_name, actions in models.items()
        for action in actions
    )


# What "unhide" acts on: hidden contributions.
BULK_UNHIDE_TARGETS: dict[str, Callable] = {
    "consultations.proposal": lambda w: B(w).hidden.pk,
    "consultations.comment": lambda w: B(w).hidden_comment.pk,
}


def _bulk_case(app_label, model_name, action):
    label = f"{app_label}.{model_name}"
    target = (BULK_UNHIDE_TARGETS if action == "unhide" else BULK_TARGETS).get(label)
    post = BULK_POST.get(action, lambda w: {})
    return Case(
        lambda w: {"app_label": app_label, "model_name": model_name, "action": action},
        query=(lambda w: f"id={target(w)}") if target else None,
        post=post,
        variant=f"{app_label}.{model_name}.{action}",
        writes=True,
    )


def _select_all_case(app_label, model_name, action, query, variant):
    return Case(
        lambda w: {"app_label": app_label, "model_name": model_name, "action": action},
        kind=LISTING,
        query=query,
        methods=("GET",),
        variant=f"{app_label}.{model_name}.{action}.{variant}",
        note=(
            "'Select all in listing': the confirmation lists what would be acted on, which "
            "must be the user's own communes' objects only (a POST acts on the same set)."
        ),
    )


CASES["wagtail_bulk_action[app_label,model_name,action]"] = [
    *(_bulk_case(*action) for action in registered_bulk_actions()),
    # "Select all" in a listing: Wagtail computes the objects itself.
    *(_select_all_case(*action, lambda w: "id=all", "all") for action in registered_bulk_actions()),
    _select_all_case(
        "wagtailcore", "page", "publish", lambda w: "id=all&childOf=1", "all-under-root"
    ),
    _select_all_case(
        "wagtailcore",
        "page",
        "publish",
        lambda w: f"id=all&childOf={B(w).home.pk}",
        "all-in-belval",
    ),
    _select_all_case(
        "wagtailcore", "page", "unpublish", lambda w: "id=all&q=BELVAL", "all-searched"
    ),
]


def cases_of(key) -> list[Case]:
    value = CASES[key]
    return value if isinstance(value, list) else [value]


# Admin URLs without parameters: extra query strings naming Belval's objects or words.
LISTING_QUERIES: dict[str, list[Callable]] = {
    "wagtailadmin_api:pages:listing": [
        lambda w: "search=BELVAL",
        lambda w: f"child_of={B(w).home.pk}",
        lambda w: f"descendant_of={B(w).home.pk}",
        lambda w: "type=home.StandardPage&fields=title",
        lambda w: f"translation_of={B(w).market.pk}",
    ],
    "wagtailadmin_api:pages:find": [lambda w: f"id={B(w).market.pk}"],
    "wagtailadmin_api:images:listing": [lambda w: "search=BELVAL"],
    "wagtailadmin_api:images:find": [lambda w: f"id={B(w).image.pk}"],
    "wagtailadmin_api:documents:listing": [lambda w: "search=BELVAL"],
    "wagtailadmin_api:documents:find": [lambda w: f"id={B(w).document.pk}"],
    "wagtailadmin_choose_page": [lambda w: "page_type=wagtailcore.page"],
    "wagtailadmin_choose_page_chosen_multiple": [lambda w: f"id={B(w).market.pk}"],
    "wagtailimages_chooser:chosen_multiple": [lambda w: f"id={B(w).image.pk}"],
    "wagtaildocs_chooser:chosen_multiple": [lambda w: f"id={B(w).document.pk}"],
    "wagtailsnippetchoosers_consultations_category:chosen_multiple": [
        lambda w: f"id={B(w).category.pk}"
    ],
    "wagtailsnippetchoosers_consultations_district:chosen_multiple": [
        lambda w: f"id={B(w).district.pk}"
    ],
    "budget_review:index": [lambda w: f"page={B(w).budget_review.pk}"],
    "participation_proposals:index": [
        lambda w: "export=csv",
        lambda w: "export=xlsx",
        lambda w: f"page={B(w).consultation.pk}",
    ],
    "participation_comments:index": [lambda w: "export=csv", lambda w: "export=xlsx"],
    "wagtailadmin_reports:site_history": [lambda w: "export=csv"],
    "wagtailadmin_reports:locked_pages": [lambda w: "export=csv"],
    "wagtailadmin_reports:aging_pages": [lambda w: "export=csv"],
    "wagtailforms:index": [lambda w: "export=csv"],
    "wagtailadmin_tag_autocomplete": [lambda w: "term=BELVAL"],
}

# Admin URLs without parameters that are not pages to look at.
LISTING_SKIPPED = {
    "wagtailadmin_logout": "ends the session",
    "wagtailadmin_error_test": "raises an error on purpose",
    "wagtailadmin_sprite": "icons",
    "wagtailadmin_javascript_catalog": "translations of the admin's scripts",
    "wagtail_localize:javascript_catalog": "translations of the admin's scripts",
}


def content_type_of(model_label):
    return _ct(model_label)
