"""Citizen forms of the participation core. Validation messages are for citizens."""

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleCaptchaInput
from core.filesizes import format_file_size
from core.text import CitizenCharField
from core.uploads import CitizenImageField, image_limits

from .models import (
    COMMENT_BODY_MAX,
    PROPOSAL_BODY_MAX,
    PROPOSAL_TITLE_MAX,
    Category,
    District,
    ProposalStatus,
    ReportReason,
)
from .threads import MAX_NUMBER, ThreadOrder


class CaptchaMixin:
    """Adds a captcha for a citizen's first contributions (spam accounts post at once)."""

    def __init__(self, *args, with_captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_captcha:
            self.fields["captcha"] = CaptchaField(
                label=_("Type the characters shown in the image"),
                help_text=_("Asked for your first contributions only."),
                # The accounts' widget: a label bound to the answer box, a translated
                # image description (the stock one has neither).
                widget=AccessibleCaptchaInput(),
            )


class ProposalForm(CaptchaMixin, forms.Form):
    title = CitizenCharField(
        label=_("Title"),
        max_length=PROPOSAL_TITLE_MAX,
        help_text=_("In a few words, what do you propose?"),
    )
    body = CitizenCharField(
        multiline=True,
        label=_("Description"),
        max_length=PROPOSAL_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Explain the need and your idea. Plain text, up to 5,000 characters."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("— choose a category —"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("— the whole commune —"),
    )
    location_label = CitizenCharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("A street, a square, a park…"),
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost in euros"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    image = CitizenImageField(label=_("Image"), required=False)
    image_description = CitizenCharField(
        label=_("What the image shows"),
        max_length=250,
        required=False,
        help_text=_("For people who cannot see the image."),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)
    show_author_name = forms.BooleanField(
        label=_("Show my display name in the open-data export"),
        required=False,
    )

    def __init__(self, *args, page, categories, districts, has_image=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.fields["category"].queryset = categories
        self.fields["district"].queryset = districts
        if not categories.exists():
            del self.fields["category"]
        if not districts.exists():
            del self.fields["district"]
        if not page.asks_for_cost:
            del self.fields["estimated_cost"]
        if not has_image:
            del self.fields["remove_image"]
        self.fields["image"].help_text = _("JPEG, PNG or WebP, up to %(size)s.") % {
            "size": format_file_size(image_limits()["bytes"])
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_description") or "").strip():
            self.add_error("image_description", _("Describe the image in a few words."))
        return cleaned


class CommentForm(CaptchaMixin, forms.Form):
    body = CitizenCharField(
        multiline=True,
        label=_("Your comment"),
        max_length=COMMENT_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, for_commune: bool = False, **kwargs):
        """`for_commune`: the author is staff of the page's commune and may publish on
        its behalf. Nobody else gets the field: what they send for it is ignored."""
        super().__init__(*args, **kwargs)
        if for_commune:
            self.fields["as_commune"] = forms.BooleanField(
                label=_("Publish on behalf of the commune"),
                help_text=_("Your comment will be marked “Answer from the commune”."),
                required=False,
            )
            self.order_fields(["body", "as_commune"])


class ThreadsForm(forms.Form):
    """Which comment threads a page shows; invalid values are ignored, never an error."""

    comments = forms.IntegerField(required=False, min_value=1, max_value=MAX_NUMBER)
    order = forms.ChoiceField(choices=ThreadOrder.choices, required=False)
    thread = forms.IntegerField(required=False, min_value=1, max_value=MAX_NUMBER)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    details = CitizenCharField(
        multiline=True,
        label=_("Details"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalFilterForm(forms.Form):
    """The list's filters and sort; invalid values are ignored, never an error page."""

    SORTS = [
        ("recent", _("Most recent")),
        ("supports", _("Most supported")),
        ("comments", _("Most commented")),
        ("random", _("Random")),
    ]
    STATUSES = [
        (value, label)
        for value, label in ProposalStatus.choices
        if value not in (ProposalStatus.PENDING, ProposalStatus.MERGED)
    ]

    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *STATUSES], required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    seed = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args, categories, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["district"].queryset = districts
