"""The admin's edit forms: they name only their commune's objects, and bear damaged data.

Every page, snippet and setting form of the admin is built on `CommunePageForm` or
`CommuneModelForm` (the models name them as their `base_form_class`; the system
check `core.E001` fails for a model whose admin form is not, see
`admin_form_classes`). Once Django has cleaned a form, `CommuneReferencesMixin`
reads every object it names and refuses, with an error on the field, one of
another commune (`core.owners.commune_of`):

- foreign keys and many-to-many fields (images, documents, pages, themes…);
- StreamField blocks: each chooser block (image, document, page, snippet), or any
  block that declares references (`extract_references`), the error shown on the
  block itself, however deeply nested;
- rich text (fields and blocks): links to pages and documents;
- the same, in every inline form (gallery, origins, updates…), recursively.

The commune is the one of the content edited (a page's tree, a snippet's or a
setting's site), not the user's: a superuser working on several communes cannot
mix them either. Content of no commune (install-wide) may name objects of the
communes its editor covers. Objects of no commune (install-wide media) may be
named anywhere. The form shown again after a refusal names nothing of the other
commune either (no title, no thumbnail): a refused choice shows the field's value
before the edit, a refused block or link is emptied.

`SentDataMixin` (all these forms and their inline forms) turns data a widget
cannot read (a StreamField sent without its block count, rich text that is not
the editor's JSON, an id that is not a number) into an error on the field, where
Wagtail's widgets would raise and answer 500. The admin's other views answer 400
to a request missing a parameter (`core.admin_urls`).
"""

from __future__ import annotations

import re
from functools import cache

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.forms.models import WagtailAdminModelFormMetaclass
from wagtail.blocks import (
    ChooserBlock,
    ListBlock,
    RichTextBlock,
    StreamBlock,
    StreamValue,
    StructBlock,
)
from wagtail.blocks.list_block import ListBlockValidationError, ListValue
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.rich_text import RichText
from wagtail.rich_text import features as rich_text_features
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

from .owners import commune_of
from .tenancy import communes_for_user, covers_every_commune, site_for_page

OTHER_COMMUNE = _("This item belongs to another commune: choose one of this commune's own.")
OTHER_COMMUNE_LINK = _(
    "This text links to a page or a document of another commune: remove or change the link."
)
DAMAGED = _("This field was sent incomplete or damaged: reload the page and enter it again.")

# What a widget raises on data it cannot read (a missing key, a non-number, bad JSON).
UNREADABLE = (LookupError, ValueError, TypeError, AttributeError)
# Django's codes for a choice that is not in a model choice field's list.
INVALID_CHOICE = {"invalid_choice", "invalid_pk_value", "invalid_list"}
# A link of rich text as stored (links are never nested): its attributes and its text.
LINK = re.compile(r"<a(\b[^>]*)>(.*?)</a>", re.DOTALL)


class References:
    """Which objects content of `commune` may name, `user` editing it."""

    def __init__(self, commune: Site | None, user=None):
        self.commune = commune
        self.user = user
        self._allowed: dict[tuple[type, str], bool] = {}

    def allows(self, instance: Model) -> bool:
        owner = commune_of(instance)
        if owner is None:
            return True
        if self.commune is not None:
            return owner.pk == self.commune.pk
        # Install-wide content: the objects of the communes its editor covers.
        user = self.user
        return (
            user is None
            or covers_every_commune(user)
            or communes_for_user(user).filter(pk=owner.pk).exists()
        )

    def allows_reference(self, model: type[Model], pk) -> bool:
        key = (model, str(pk))
        if key not in self._allowed:
            try:
                instance = model._default_manager.filter(pk=pk).first()
            except (ValueError, TypeError):
                instance = None  # no such object: nothing of another commune
            self._allowed[key] = instance is None or self.allows(instance)
        return self._allowed[key]

    # Values -------------------------------------------------------------------------

    def _refused(self, references, message) -> ValidationError | None:
        for model, pk, *_path in references:
            if not self.allows_reference(model, pk):
                return ValidationError(message, code="other_commune")
        return None

    def block_error(self, block, value) -> ValidationError | None:
        """The errors of the blocks of `value` that name another commune's objects, as
        the block validation errors Wagtail shows on each block (None: nothing refused)."""
        if value is None:
            return None
        if isinstance(block, StreamBlock):
            errors = {}
            for index, child in enumerate(value):
                error = self.block_error(child.block, child.value)
                if error is not None:
                    errors[index] = error
            return StreamBlockValidationError(block_errors=errors) if errors else None
        if isinstance(block, StructBlock):
            errors = {}
            for name, child_block in block.child_blocks.items():
                error = self.block_error(child_block, value.get(name))
                if error is not None:
                    errors[name] = error
            return StructBlockValidationError(block_errors=errors) if errors else None
        if isinstance(block, ListBlock):
            errors = {}
            children = getattr(value, "bound_blocks", None)
            for index, child in enumerate(children if children is not None else value):
                child_value = child.value if children is not None else child
                error = self.block_error(block.child_block, child_value)
                if error is not None:
                    errors[index] = error
            return ListBlockValidationError(block_errors=errors) if errors else None
        message = OTHER_COMMUNE_LINK if isinstance(block, RichTextBlock) else OTHER_COMMUNE
        return self._refused(block.extract_references(value), message)

    def field_error(self, form, name: str, value) -> ValidationError | None:
        """The error of form field `name`, whose cleaned value is `value` (None: none)."""
        if isinstance(value, Model):
            if self.allows(value):
                return None
            return ValidationError(OTHER_COMMUNE, code="other_commune")
        if isinstance(value, QuerySet | list | tuple):
            objects = [item for item in value if isinstance(item, Model)]
            if all(self.allows(item) for item in objects):
                return None
            return ValidationError(OTHER_COMMUNE, code="other_commune")
        if isinstance(value, StreamValue):
            return self.block_error(value.stream_block, value)
        model_field = _model_field(form, name)
        if isinstance(model_field, RichTextField) and value:
            return self._refused(model_field.extract_references(value), OTHER_COMMUNE_LINK)
        return None

    # What is shown again -------------------------------------------------------------

    def _tag_refused(self, handlers: dict, kind: str, attributes: str) -> bool:
        attrs = extract_attrs(attributes)
        handler = handlers.get(attrs.get(kind))
        if handler is None:
            return False
        return any(
            not self.allows_reference(model, pk)
            for model, pk, *_path in handler.extract_references(attrs)
        )

    def scrubbed_html(self, html: str) -> str:
        """Rich text without its links (their text kept) and embeds naming what this
        content may not name."""
        links, embeds = rich_text_features.get_link_types(), rich_text_features.get_embed_types()
        html = LINK.sub(
            lambda match: (
                match.group(2)
                if self._tag_refused(links, "linktype", match.group(1))
                else match.group(0)
            ),
            html,
        )
        return FIND_EMBED_TAG.sub(
            lambda match: (
                "" if self._tag_refused(embeds, "embedtype", match.group(1)) else match.group(0)
            ),
            html,
        )

    def scrubbed(self, block, value):
        """`value` without what this content may not name: refused choosers emptied,
        refused links and embeds removed."""
        if value is None:
            return None
        if isinstance(block, StreamBlock):
            return StreamValue(
                block,
                [
                    (child.block_type, self.scrubbed(child.block, child.value), child.id)
                    for child in value
                ],
            )
        if isinstance(block, StructBlock):
            return block._to_struct_value(
                [
                    (name, self.scrubbed(child_block, value.get(name)))
                    for name, child_block in block.child_blocks.items()
                ]
            )
        if isinstance(block, ListBlock):
            children = getattr(value, "bound_blocks", None)
            if children is None:
                return [self.scrubbed(block.child_block, item) for item in value]
            return ListValue(
                block,
                bound_blocks=[
                    ListValue.ListChild(
                        block.child_block,
                        self.scrubbed(block.child_block, child.value),
                        id=child.id,
                    )
                    for child in children
                ],
            )
        if isinstance(block, RichTextBlock):
            return RichText(self.scrubbed_html(value.source))
        if isinstance(block, ChooserBlock) and self.block_error(block, value) is not None:
            return None
        return value

    def _hide(self, form, name: str, value) -> None:
        """Show `form`'s field `name` again without what was refused."""
        show_instead = getattr(form, "show_instead", None)
        if show_instead is None:
            return
        if isinstance(value, StreamValue):
            block = value.stream_block
            show_instead(
                name,
                lambda sent: self.scrubbed(block, sent) if isinstance(sent, StreamValue) else sent,
            )
        elif isinstance(value, str):
            show_instead(
                name, lambda sent: self.scrubbed_html(sent) if isinstance(sent, str) else sent
            )
        else:
            show_instead(name, form._initial_of(name))

    # Forms --------------------------------------------------------------------------

    def check(self, form) -> None:
        """Add an error to every field of `form` (and of its inline forms) that names an
        object this content may not name."""
        cleaned = getattr(form, "cleaned_data", None)
        if cleaned is None:
            return
        for name in list(form.fields):
            if name in cleaned:
                value = cleaned[name]
                error = self.field_error(form, name, value)
                if error is not None:
                    form.add_error(name, error)
                    self._hide(form, name, value)
            elif name in form._errors:
                self._refused_otherwise(form, name)
        for formset in getattr(form, "formsets", {}).values():
            formset.errors  # noqa: B018 - cleans the inline forms
            for child in formset.forms:
                if formset.can_delete and formset._should_delete_form(child):
                    continue
                self.check(child)

    def _refused_otherwise(self, form, name: str) -> None:
        """A field refused for other reasons (a choice outside the field's list, a block
        left empty) is not shown again with another commune's objects; a StreamField
        also shows, on each block, the objects of other communes it names."""
        field, sent = form.fields[name], form[name].data
        if isinstance(field, forms.ModelChoiceField):
            model = field.queryset.model
            chosen = sent if isinstance(sent, list | tuple) else [sent]
            if any(pk not in (None, "") and not self.allows_reference(model, pk) for pk in chosen):
                self._hide(form, name, None)
        elif isinstance(sent, StreamValue):
            errors = form._errors[name].as_data()
            ours = self.block_error(sent.stream_block, sent)
            if ours is None:
                return
            if len(errors) == 1 and isinstance(errors[0], StreamBlockValidationError):
                merged = merge_block_errors(errors[0], ours)
                form._errors[name] = form.error_class([merged], renderer=form.renderer)
            self._hide(form, name, sent)
        elif (
            isinstance(sent, str)
            and isinstance(_model_field(form, name), RichTextField)
            and self.scrubbed_html(sent) != sent
        ):
            form.add_error(name, ValidationError(OTHER_COMMUNE_LINK, code="other_commune"))
            self._hide(form, name, sent)


BLOCK_ERRORS = (StreamBlockValidationError, StructBlockValidationError, ListBlockValidationError)


def merge_block_errors(first: ValidationError, second: ValidationError) -> ValidationError:
    """One block validation error holding both `first`'s and `second`'s, block by block."""
    for kind in BLOCK_ERRORS:
        if isinstance(first, kind) and isinstance(second, kind):
            errors = dict(first.block_errors)
            for key, error in second.block_errors.items():
                errors[key] = merge_block_errors(errors[key], error) if key in errors else error
            return kind(block_errors=errors, non_block_errors=first.non_block_errors)
    if isinstance(second, BLOCK_ERRORS):
        first, second = second, first
    if isinstance(first, BLOCK_ERRORS):  # a container's own error (from its clean())
        return type(first)(
            block_errors=first.block_errors,
            non_block_errors=[*first.non_block_errors.as_data(), *second.error_list],
        )
    return ValidationError([*first.error_list, *second.error_list])


def _model_field(form, name):
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


class SentDataMixin:
    """A form whose fields' data a widget cannot read shows an error on the field (and
    the value it had) instead of failing; and a form that may show a field again
    otherwise than it was sent (`show_instead`)."""

    def _field_name(self, html_name: str) -> str | None:
        for name in self.fields:
            if self.add_prefix(name) == html_name:
                return name
        return None

    def show_instead(self, name: str, replace) -> None:
        """From now on, show field `name` with `replace(what was sent)`."""
        self.__dict__.setdefault("_shown_instead", {})[name] = replace

    def _widget_data_value(self, widget, html_name):
        name = self._field_name(html_name)
        try:
            value = super()._widget_data_value(widget, html_name)
        except UNREADABLE:
            if name is None:
                raise
            self.__dict__.setdefault("_damaged_fields", set()).add(name)
            return self.get_initial_for_field(self.fields[name], name)
        replace = self.__dict__.get("_shown_instead", {}).get(name)
        return value if replace is None else replace(value)

    def full_clean(self):
        super().full_clean()
        for name in sorted(self.__dict__.get("_damaged_fields", ())):
            if name not in self._errors:
                self.add_error(name, ValidationError(DAMAGED, code="damaged"))
        # A choice refused as not in the field's list ("abc", an id of another commune…)
        # is shown again as it was: the chooser would load (and show) what was sent.
        for name, error_list in self._errors.items():
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField) and INVALID_CHOICE.intersection(
                error.code for error in error_list.as_data()
            ):
                self.show_instead(name, self._initial_of(name))

    def _initial_of(self, name: str):
        field = self.fields[name]
        return lambda sent: self.get_initial_for_field(field, name)


class CommuneReferencesMixin(SentDataMixin):
    """A form that refuses the objects of another commune than its content's."""

    def content_commune(self) -> Site | None:
        """The commune of the content edited: a page's (its parent's, when new) or, for
        any other model, its instance's once the form has filled it in."""
        instance = self.instance
        if isinstance(instance, Page):
            page = instance if instance.path else getattr(self, "parent_page", None)
            return site_for_page(page) if page is not None else None
        return commune_of(instance)

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            References(self.content_commune(), getattr(self, "for_user", None)).check(self)


@cache
def _with_sent_data(form_class):
    """`form_class`, bearing damaged data (`SentDataMixin`)."""
    return type(form_class)(
        form_class.__name__, (SentDataMixin, form_class), {"__module__": form_class.__module__}
    )


class CommuneFormMetaclass(WagtailAdminModelFormMetaclass):
    """Inline forms (InlinePanel) are `CommuneChildForm`s, or bear damaged data as they do
    when their panel names its own form class (for fields required only on publishing)."""

    @classmethod
    def child_form(cls):
        return CommuneChildForm

    def __new__(mcs, name, bases, attrs):
        formsets = getattr(attrs.get("Meta"), "formsets", None)
        if isinstance(formsets, dict):
            for options in formsets.values():
                form = options.get("form") if isinstance(options, dict) else None
                if form is not None and not issubclass(form, SentDataMixin):
                    options["form"] = _with_sent_data(form)
        return super().__new__(mcs, name, bases, attrs)


class CommuneChildForm(SentDataMixin, WagtailAdminModelForm, metaclass=CommuneFormMetaclass):
    """An inline form; its parent checks the objects it names, for its commune."""


class CommuneModelForm(
    CommuneReferencesMixin, WagtailAdminModelForm, metaclass=CommuneFormMetaclass
):
    """The base form of snippets and settings."""


class CommunePageForm(CommuneReferencesMixin, WagtailAdminPageForm, metaclass=CommuneFormMetaclass):
    """The base form of every page type."""


def admin_form_classes():
    """(model, form class) of every admin form editing content: creatable page types,
    snippets, settings."""
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.contrib.settings.views import get_setting_edit_handler
    from wagtail.models import get_page_models
    from wagtail.snippets.models import get_snippet_models

    for model in get_page_models():
        if model.is_creatable:
            yield model, model.get_edit_handler().get_form_class()
    for model in get_snippet_models():
        yield model, model.snippet_viewset.get_form_class()
    for model in settings_registry:
        yield model, get_setting_edit_handler(model).get_form_class()
