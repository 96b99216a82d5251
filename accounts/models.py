"""The user model: one account per citizen or staff member, across all communes.

People log in with their e-mail address, which is never shown publicly; what
other citizens see is the display name they chose. First and last names are
optional and private (staff accounts use them in the admin).

Citizens also declare their commune of residence (one of the install's Sites, or
none) and their birth year; participation pages apply their own residence and age
rules to these. An account can log in as soon as it exists, but contributing
requires a confirmed e-mail address: check `user.has_confirmed_email`.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_BIRTH_YEAR = 1900


def validate_birth_year_not_in_future(value):
    """A declared birth year cannot be later than the current year."""
    current_year = timezone.localdate().year
    if value is not None and value > current_year:
        raise ValidationError(
            _("Enter a year between %(min)s and %(max)s."),
            code="birth_year_out_of_range",
            params={"min": MIN_BIRTH_YEAR, "max": current_year},
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Log-in is case-insensitive on the e-mail address.
        return self.get(email__iexact=username)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("The name other participants see next to your contributions."),
    )

    residence = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("commune of residence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        help_text=_("Empty when the person lives in none of the communes on this platform."),
    )
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_BIRTH_YEAR), validate_birth_year_not_in_future],
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails this person receives."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or self.email

    @property
    def has_confirmed_email(self) -> bool:
        """True once the person has followed the link sent to their current address."""
        return self.email_confirmed_at is not None

    def get_full_name(self):
        full_name = f"{self.first_name} {self.last_name}".strip()
        return full_name or self.display_name

    def get_short_name(self):
        return self.display_name or self.first_name
