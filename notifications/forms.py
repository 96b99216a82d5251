"""Citizen forms of the notifications app."""

from django import forms


class ConfirmForm(forms.Form):
    """Nothing to fill in: the POST itself confirms."""
