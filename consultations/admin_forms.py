"""Forms of the staff moderation screens: they parse input, services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import CitizenCharField

from .models import Proposal, ProposalStatus, StatusChange

# Pending is the state before publication and "merged" comes only from a merge.
STAFF_STATUSES = [
    (value, label)
    for value, label in ProposalStatus.choices
    if value not in {ProposalStatus.PENDING, ProposalStatus.MERGED}
]
ANSWER_MAX = StatusChange._meta.get_field("answer").max_length
REASON_MAX = Proposal._meta.get_field("hidden_reason").max_length


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=STAFF_STATUSES)
    answer = CitizenCharField(
        multiline=True,
        label=_("Official answer"),
        required=False,
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown on the proposal's page with today's date when published."),
    )
    public = forms.BooleanField(label=_("Publish the answer"), required=False, initial=True)

    def __init__(self, *args, current_status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_status = current_status

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == self.current_status and not cleaned.get("answer", "").strip():
            raise forms.ValidationError(_("Change the status or write an answer."))
        return cleaned


class HideForm(forms.Form):
    reason = CitizenCharField(
        label=_("Reason for hiding"),
        max_length=REASON_MAX,
        help_text=_("Kept for the record and shown to the other moderators."),
    )


class ConfirmForm(forms.Form):
    """Nothing to fill in: the POST itself confirms the action."""


class OriginalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s (no. %(id)s)") % {"title": obj.title, "id": obj.pk}


class MergeForm(forms.Form):
    original = OriginalChoiceField(
        label=_("Original proposal"),
        queryset=Proposal.objects.none(),
        help_text=_("The duplicate's supports move to it; nobody is counted twice."),
    )
    answer = CitizenCharField(
        multiline=True,
        label=_("Explanation"),
        required=False,
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, duplicate: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        # Only another proposal of the same page can be the original.
        self.fields["original"].queryset = (
            Proposal.objects.filter(page_id=duplicate.page_id, merged_into__isnull=True)
            .exclude(pk=duplicate.pk)
            .exclude(status=ProposalStatus.MERGED)
            .order_by("title", "pk")
        )
