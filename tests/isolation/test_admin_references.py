"""An editor of Belval cannot put Montclair's images, documents, pages or themes on
Belval's content, through any field of any admin form.

`references()` enumerates, from the admin forms themselves (`core.admin_forms.
admin_form_classes`: every page type, snippet and setting), every place that names
an object belonging to a commune: foreign keys and many-to-many fields, the same
in inline forms, each chooser block of each StreamField (however deeply nested),
and the links rich text may hold. A new field, block or page type is tested here
by construction. Each place is sent with Montclair's object (refused, with an error
right there) and with Belval's own (no error there): the refusal is the commune's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django import forms
from django.core import checks
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import (
    ChooserBlock,
    ListBlock,
    RichTextBlock,
    StreamBlock,
    StructBlock,
)
from wagtail.blocks.base import BlockField
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import features as rich_text_features
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import rich_text
from wagtail_localize.models import SegmentOverride

from core.admin_forms import admin_form_classes
from core.owners import commune_of, has_owner
from core.tenancy import commune_pages_q
from home.models import HomePage, StandardPage

from .helpers import BELVAL_HOST, body_of

FOREIGN = "Cet élément appartient à une autre commune"
FOREIGN_LINK = "renvoie vers une page ou un document d'une autre commune"

# Rich text features naming an object, and the model they name.
LINK_FEATURES = {"link": Page, "document-link": get_document_model(), "image": get_image_model()}


@dataclass(frozen=True)
class Reference:
    """A place of an admin form that names an object of `target` (one of `types`)."""

    model: type  # the page type, snippet or setting edited
    inline: str | None  # the inline formset (InlinePanel) it is in, if any
    field: str
    path: tuple  # the blocks from the StreamField to the chooser: (("image", "stream"), …)
    target: type
    types: tuple  # page types the chooser offers (pages only)
    rich_text: tuple = ()  # the block or field's features, for rich text links

    @property
    def id(self) -> str:
        place = ".".join(
            [self.inline or "", self.field, *(name for name, _kind in self.path)]
        ).strip(".")
        kind = f"link to {self.target.__name__}" if self.rich_text else self.target.__name__
        return f"{self.model._meta.label}:{place}({kind})"


def _features(features) -> tuple:
    return tuple(features if features is not None else rich_text_features.get_default_features())


def _link_targets(features) -> list[type]:
    return [model for feature, model in LINK_FEATURES.items() if feature in features]


def _block_references(block, path):
    """(path, target, page types, rich text features) of every chooser under `block`."""
    if isinstance(block, StreamBlock):
        for name, child in block.child_blocks.items():
            yield from _block_references(child, (*path, (name, "stream")))
    elif isinstance(block, StructBlock):
        for name, child in block.child_blocks.items():
            yield from _block_references(child, (*path, (name, "struct")))
    elif isinstance(block, ListBlock):
        yield from _block_references(block.child_block, (*path, ("item", "list")))
    elif isinstance(block, ChooserBlock):
        types = tuple(getattr(block, "target_models", ()) or ())
        yield path, block.model_class, types, ()
    elif isinstance(block, RichTextBlock):
        features = _features(block.features)
        for target in _link_targets(features):
            yield path, target, (), features


def _form_references(model, form_class, inline=None):
    meta_model = form_class._meta.model
    for name, field in form_class.base_fields.items():
        try:
            model_field = meta_model._meta.get_field(name)
        except Exception:
            model_field = None
        if isinstance(field, forms.ModelChoiceField):
            target = field.queryset.model
            if has_owner(target) and target is not Site:
                types = tuple(getattr(field.widget, "target_models", ()) or ())
                yield Reference(model, inline, name, (), target, types)
        elif isinstance(field, BlockField):
            for path, target, types, features in _block_references(field.block, ()):
                yield Reference(model, inline, name, path, target, types, features)
        elif isinstance(model_field, RichTextField):
            features = _features(model_field.features)
            for target in _link_targets(features):
                yield Reference(model, inline, name, (), target, (), features)
    if inline is None:
        for relation, formset in getattr(form_class, "formsets", {}).items():
            yield from _form_references(model, formset.form, inline=relation)


def references() -> list[Reference]:
    found = []
    for model, form_class in admin_form_classes():
        found.extend(_form_references(model, form_class))
    return found


REFERENCES = references()


def test_the_enumeration_finds_the_known_places():
    """The enumeration is not vacuous: it finds places of every kind."""
    ids = {reference.id for reference in REFERENCES}
    for expected in (
        "home.HomePage:hero_image(Image)",
        "home.HomePage:body.image.image(Image)",
        "home.HomePage:body.document.document(Document)",
        "home.HomePage:body.call_to_action.page(Page)",
        "home.HomePage:body.paragraph(link to Page)",
        "home.HomePage:body.paragraph(link to Document)",
        "home.CommuneSettings:logo(Image)",
        "home.CommuneSettings:legal_notice_page(Page)",
        "consultations.ConsultationPage:categories(Category)",
        "projects.ProjectPage:origin_page(Page)",
        "projects.ProjectPage:gallery_images.image(Image)",
        "projects.ProjectPage:origins.proposal(Proposal)",
        "projects.ProjectPage:updates.body(link to Page)",
    ):
        assert expected in ids, expected


# The objects of each commune ------------------------------------------------------------


def _commune_object(reference: Reference, site) -> object:
    """An object of `site`'s commune that `reference` may name."""
    target = reference.target
    if issubclass(target, Page):
        types = reference.types or (target,)
        for page_type in types:
            page = (
                page_type.objects.filter(commune_pages_q(site), depth__gt=2).order_by("pk").first()
            )
            if page is not None:
                return page
        raise LookupError(f"no {types} in {site}")
    for instance in target._default_manager.order_by("pk"):
        owner = commune_of(instance)
        if owner is not None and owner.pk == site.pk:
            return instance
    raise LookupError(f"no {target} in {site}")


def _belval_parent(model, site, user):
    """A Belval page under which a `model` page may be added (made when missing)."""
    for parent_model in model.allowed_parent_page_models():
        parent = (
            parent_model.objects.filter(commune_pages_q(site), locale=site.root_page.locale)
            .order_by("path")
            .first()
        )
        if parent is not None:
            return parent
    parent_model = model.allowed_parent_page_models()[0]
    grandparent = _belval_parent(parent_model, site, user)
    parent = parent_model(title=f"{parent_model.__name__} de Belval", slug=uuid.uuid4().hex[:12])
    grandparent.add_child(instance=parent)
    return parent


def _url_and_user(reference: Reference, world):
    """Where Belval's staff edit (or add) content of the reference's model, and who."""
    model, site = reference.model, world.belval_commune.site
    if model in settings_registry:
        # Commune settings: install-wide staff only (who may not mix communes either).
        url = reverse(
            "wagtailsettings:edit",
            args=[model._meta.app_label, model._meta.model_name, site.pk],
        )
        return url, world.superuser
    if issubclass(model, Page):
        page = (
            model.objects.filter(
                commune_pages_q(site),
                locale=site.root_page.locale,
                locked=False,
                alias_of__isnull=True,
            )
            .order_by("path")
            .first()
        )
        if page is not None:
            return reverse("wagtailadmin_pages:edit", args=[page.pk]), world.belval_editor
        parent = _belval_parent(model, site, world.belval_editor)
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        return url, world.belval_editor
    assert model in get_snippet_models(), model
    instance = model._default_manager.filter(site=site).order_by("pk").first()
    viewset = model.snippet_viewset
    return reverse(viewset.get_url_name("edit"), args=[instance.pk]), world.belval_editor


# What is sent ---------------------------------------------------------------------------


def _rich_text_value(reference: Reference, instance) -> str:
    if issubclass(reference.target, get_image_model()):
        html = f'<embed embedtype="image" id="{instance.pk}" format="fullwidth" alt="x"/>'
    else:
        linktype = "page" if issubclass(reference.target, Page) else "document"
        html = f'<p><a linktype="{linktype}" id="{instance.pk}">lien</a></p>'
    return rich_text(html, features=list(reference.rich_text))


def _leaf_value(reference: Reference, instance):
    if reference.rich_text:
        return _rich_text_value(reference, instance)
    return str(instance.pk)


def _block_data(prefix: str, path: tuple, value) -> dict:
    """StreamField data holding one block along `path`, the chooser at its end holding
    `value` (the other blocks left empty: they may be refused, the chooser is checked)."""
    if not path:
        return {prefix: value}
    (name, kind), rest = path[0], path[1:]
    if kind == "struct":
        return _block_data(f"{prefix}-{name}", rest, value)
    item = {f"{prefix}-count": "1", f"{prefix}-0-deleted": "", f"{prefix}-0-order": "0"}
    item[f"{prefix}-0-id"] = str(uuid.uuid4())
    if kind == "stream":
        item[f"{prefix}-0-type"] = name
    return {**item, **_block_data(f"{prefix}-0-value", rest, value)}


def _data(reference: Reference, instance) -> dict:
    prefix = f"{reference.inline}-0-" if reference.inline else ""
    name = f"{prefix}{reference.field}"
    if reference.path:
        data = _block_data(name, reference.path, _leaf_value(reference, instance))
    elif reference.rich_text:
        data = {name: _leaf_value(reference, instance)}
    else:
        data = {name: str(instance.pk)}
    if reference.inline:
        management = ("TOTAL_FORMS", "1"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0")
        data.update({f"{reference.inline}-{key}": value for key, value in management})
        data[f"{reference.inline}-MAX_NUM_FORMS"] = "1000"
    return data


# What comes back ------------------------------------------------------------------------


def _messages(error) -> list[str]:
    if isinstance(error, StreamBlockValidationError | StructBlockValidationError):
        return [str(message) for message in error.non_block_errors]
    if isinstance(error, ListBlockValidationError):
        return [str(message) for message in error.non_block_errors]
    return [str(message) for message in error.messages]


def _errors_at(response, reference: Reference) -> list[str]:
    """The error messages the form shows at the reference's place (none: [])."""
    if response.status_code == 302:
        return []
    form = response.context["form"]
    if reference.inline:
        form = form.formsets[reference.inline].forms[0]
    errors = form.errors.as_data().get(reference.field, [])
    if not reference.path:
        return [message for error in errors for message in _messages(error)]
    node = errors[0] if errors else None
    for _name, kind in reference.path:
        if node is None:
            return []
        key = 0 if kind in ("stream", "list") else _name
        node = node.block_errors.get(key)
    return _messages(node) if node is not None else []


@pytest.mark.parametrize("reference", REFERENCES, ids=lambda reference: reference.id)
def test_each_place_refuses_an_object_of_another_commune(world, db, client, reference):
    url, user = _url_and_user(reference, world)
    client.force_login(user)
    montclair_object = _commune_object(reference, world.montclair_commune.site)
    belval_object = _commune_object(reference, world.belval_commune.site)

    response = client.post(url, _data(reference, montclair_object), HTTP_HOST=BELVAL_HOST)
    assert response.status_code == 200, (url, response.status_code)
    refused = _errors_at(response, reference)
    assert refused, f"{reference.id}: Montclair's {montclair_object!r} was not refused"
    if user == world.belval_editor:  # (a superuser's admin lists every site anyway)
        shown = body_of(response)
        assert "Montclair" not in shown, f"{reference.id}: the form shows Montclair's object"
        assert "montclair" not in shown, f"{reference.id}: the form shows Montclair's object"

    response = client.post(url, _data(reference, belval_object), HTTP_HOST=BELVAL_HOST)
    assert not _errors_at(response, reference), f"{reference.id}: Belval's own was refused"


# The finding as the tester found it -----------------------------------------------------


def test_belvals_editor_cannot_put_montclairs_image_on_belvals_home(world, db, client):
    client.force_login(world.belval_editor)
    home = world.belval.home
    before = home.get_latest_revision().pk
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        {
            "title": home.title,
            "slug": home.slug,
            "hero_title": "Bienvenue",
            "hero_text": "",
            "hero_image": world.montclair.image.pk,
            "body-count": "0",
            "action-publish": "action-publish",
        },
        HTTP_HOST=BELVAL_HOST,
    )
    assert response.status_code == 200
    assert FOREIGN in body_of(response)
    assert "Montclair" not in body_of(response)  # the error names nothing of Montclair
    home.refresh_from_db()
    assert home.hero_image_id == world.belval.image.pk
    assert home.get_latest_revision().pk == before
    public = client.get("/fr/", HTTP_HOST=BELVAL_HOST)
    assert "fontaine-montclair" not in body_of(public)


def test_a_superuser_cannot_mix_communes_either(world, db, client):
    client.force_login(world.superuser)
    market = world.belval.market
    before = market.get_latest_revision().pk
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[market.pk]),
        {
            "title": market.title,
            "slug": market.slug,
            "intro": "",
            **_block_data(
                "body", (("image", "stream"), ("image", "struct")), str(world.montclair.image.pk)
            ),
            "body-0-value-alt_text": "Une fontaine",
            "action-publish": "action-publish",
        },
        HTTP_HOST=BELVAL_HOST,
    )
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["body"][0]
    assert FOREIGN in _messages(error.block_errors[0].block_errors["image"])[0]
    assert market.get_latest_revision().pk == before


def test_a_field_of_another_commune_is_refused_with_the_other_errors(world, db, client):
    """A block left incomplete and a chooser naming Montclair: both errors at once."""
    client.force_login(world.belval_editor)
    market = world.belval.market
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[market.pk]),
        {
            "title": market.title,
            "slug": market.slug,
            "intro": "",
            **_block_data(
                "body", (("image", "stream"), ("image", "struct")), str(world.montclair.image.pk)
            ),
            "body-0-value-alt_text": "",  # refused: no alternative text, not decorative
        },
        HTTP_HOST=BELVAL_HOST,
    )
    image_block = response.context["form"].errors.as_data()["body"][0].block_errors[0]
    assert FOREIGN in _messages(image_block.block_errors["image"])[0]
    assert "texte alternatif" in _messages(image_block.block_errors["alt_text"])[0]


# The translation editor ------------------------------------------------------------------


def test_a_translation_cannot_override_an_image_with_another_communes(world, db, client):
    """wagtail-localize lets a translation use another image than its source: not one of
    another commune (and not one that does not exist)."""
    client.force_login(world.belval_editor)
    translation = world.belval.home_translation
    segment = world.belval.overridable_segment
    url = reverse("wagtail_localize:edit_override", args=[translation.pk, segment.pk])
    for value in (world.montclair.image.pk, 999_999, "abc"):
        response = client.put(
            url,
            f"value={value}",
            content_type="application/x-www-form-urlencoded",
            HTTP_HOST=BELVAL_HOST,
        )
        assert response.status_code == 400, (value, response.status_code)
        assert not SegmentOverride.objects.filter(context_id=segment.context_id).exists()

    response = client.put(
        url,
        f"value={world.belval.image.pk}",
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=BELVAL_HOST,
    )
    assert response.status_code in (200, 201)
    assert SegmentOverride.objects.filter(context_id=segment.context_id).exists()


# Every admin form goes through the check -----------------------------------------------


def test_a_page_type_whose_form_skips_the_check_stops_the_site(monkeypatch):
    from core.checks import check_admin_forms_refuse_other_communes

    assert not check_admin_forms_refuse_other_communes()
    monkeypatch.setattr(StandardPage, "base_form_class", WagtailAdminPageForm)
    StandardPage.get_edit_handler.cache_clear()
    try:
        errors = check_admin_forms_refuse_other_communes()
    finally:
        monkeypatch.undo()
        StandardPage.get_edit_handler.cache_clear()
    assert [(error.id, error.obj) for error in errors] == [("core.E001", StandardPage)]
    assert errors[0].level == checks.ERROR


def test_every_admin_form_is_checked():
    labels = {model._meta.label for model, _form in admin_form_classes()}
    assert {"home.HomePage", "home.StandardPage", "home.CommuneSettings"} <= labels
    assert {"consultations.Category", "consultations.District"} <= labels
    assert HomePage in {model for model, _form in admin_form_classes()}
