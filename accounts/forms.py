from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site
from wagtail.users.forms import UserCreationForm, UserEditForm

from core.text import CitizenCharField
from home.models import CommuneSettings

from .emails import send_templated_email
from .models import MIN_BIRTH_YEAR

User = get_user_model()


class _DisplayNameAdminMixin(forms.Form):
    display_name = CitizenCharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown publicly next to this person's contributions."),
    )
    # Private names are optional: citizens often give only a display name.
    first_name = CitizenCharField(label=_("First name"), required=False)
    last_name = CitizenCharField(label=_("Last name"), required=False)


class AdminUserCreationForm(_DisplayNameAdminMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"display_name"}


class AdminUserEditForm(_DisplayNameAdminMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"display_name"}


# --- Public forms: sign-up, log-in, profile, e-mail change, password reset ------------


class AccessibleCaptchaInput(CaptchaTextInput):
    """django-simple-captcha's widget with a translated image description and the
    label bound to the answer box (not wrapped in a fieldset).

    Rendered with the project's template engine so that the template lives in
    templates/accounts/widgets/ like every other template.
    """

    template_name = "accounts/widgets/captcha.html"
    use_fieldset = False

    def _render(self, template_name, context, renderer=None):
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 - our template


class ResidenceField(forms.ChoiceField):
    """The commune of residence among the install's Sites, or "other / none of these".

    Cleans to a `Site`, or None for "other"; an empty choice is "not answered".
    """

    OTHER = "other"

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", residence_choices)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose your commune from the list.")}
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None, self.OTHER):
            return None
        site = Site.objects.filter(pk=value).first()
        if site is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return site

    @classmethod
    def initial_for(cls, user) -> str:
        return str(user.residence_id) if user.residence_id else cls.OTHER


def residence_choices():
    names = dict(CommuneSettings.objects.values_list("site_id", "official_name"))
    communes = sorted(
        (
            (str(site.pk), names.get(site.pk) or site.site_name or site.hostname)
            for site in Site.objects.all()
        ),
        key=lambda choice: choice[1].casefold(),
    )
    return [
        ("", _("Choose…")),
        *communes,
        (ResidenceField.OTHER, _("Another commune / none of these")),
    ]


class BirthYearField(forms.IntegerField):
    """A four-digit year between 1900 and the current year."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter your birth year as four digits, e.g. 1985.")}
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "bday-year", "maxlength": 4}
            ),
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        current_year = timezone.localdate().year
        if value is not None and not MIN_BIRTH_YEAR <= value <= current_year:
            raise ValidationError(
                _("Enter a year between %(min)s and %(max)s."),
                code="birth_year_out_of_range",
                params={"min": MIN_BIRTH_YEAR, "max": current_year},
            )


class ServiceErrorsMixin:
    """Show a service's ValidationError next to the matching form fields."""

    service_field_names: dict[str, str] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = self.service_field_names.get(name, name)
            self.add_error(field if field in self.fields else None, errors)


class SignupForm(ServiceErrorsMixin, forms.Form):
    # A field people never see. Bots that fill every input fill it too.
    HONEYPOT_FIELD = "website"

    service_field_names = {"password": "password1"}

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("To log in and to receive confirmations. Never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    display_name = CitizenCharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown publicly next to your contributions; a nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_(
            "At least 8 characters. Avoid common passwords, passwords made only of "
            "digits and passwords close to your name or e-mail address."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    residence = ResidenceField(
        label=_("Commune of residence"),
        help_text=_("Some consultations and votes are open only to a commune's residents."),
    )
    birth_year = BirthYearField(
        label=_("Birth year"),
        help_text=_("Some consultations and votes have an age condition. Never shown publicly."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I have read and I accept the terms of use and the privacy notice."),
        error_messages={
            "required": _("Accept the terms of use and the privacy notice to create an account.")
        },
    )
    captcha = CaptchaField(
        label=_("Security check: type the characters shown in the image"),
        help_text=_("Cannot read them? Reload the page to get another image."),
        widget=AccessibleCaptchaInput(),
        error_messages={
            "invalid": _("The characters do not match the image. Try again with this new image.")
        },
    )

    def honeypot_filled(self) -> bool:
        return bool(self.data.get(self.HONEYPOT_FIELD, "").strip())

    def clean(self):
        cleaned_data = super().clean()
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            candidate = User(
                email=cleaned_data.get("email", ""),
                display_name=cleaned_data.get("display_name", ""),
            )
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with the e-mail address (case-insensitive) and the password."""

    username = UsernameField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is incorrect."),
    }


class ProfileForm(ServiceErrorsMixin, forms.Form):
    display_name = CitizenCharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown publicly next to your contributions; a nickname is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    residence = ResidenceField(
        label=_("Commune of residence"),
        help_text=_("Some consultations and votes are open only to a commune's residents."),
    )
    birth_year = BirthYearField(
        label=_("Birth year"),
        required=False,
        help_text=_("Some consultations and votes have an age condition. Never shown publicly."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails we send you"),
        choices=[
            (code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES
        ],
    )

    @classmethod
    def for_user(cls, user, data=None) -> "ProfileForm":
        return cls(
            data=data,
            initial={
                "display_name": user.display_name,
                "residence": ResidenceField.initial_for(user),
                "birth_year": user.birth_year,
                "language": user.language,
            },
        )


class EmailChangeForm(ServiceErrorsMixin, forms.Form):
    service_field_names = {"email": "new_email"}

    new_email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        help_text=_("We will send a confirmation link to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your current password."), code="wrong_password")
        return password


class AgoraPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending its e-mail in the person's language, in the background.

    Like Django's, it says nothing about whether an account exists for the address.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context.get("user")
        send_templated_email(
            to=to_email,
            subject_template=subject_template_name,
            text_template=email_template_name,
            html_template=html_email_template_name,
            context=context,
            language=getattr(user, "language", None),
            from_email=from_email,
        )


class AccountDeletionForm(ServiceErrorsMixin, forms.Form):
    """Confirm the deletion with the password; choose what becomes of contributions."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To make sure it is you who deletes the account."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    delete_contributions = forms.BooleanField(
        label=_("Also delete my proposals, comments and questionnaire answers, where possible"),
        required=False,
    )
