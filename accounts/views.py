"""Citizen account pages: thin views around accounts.services and Django's auth views."""

import json
import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from core.ratelimit import rate_limit

from . import rules, services
from .forms import (
    AccountDeletionForm,
    AgoraPasswordResetForm,
    EmailAuthenticationForm,
    EmailChangeForm,
    ProfileForm,
    SignupForm,
)
from .middleware import posted_email
from .tokens import InvalidToken

logger = logging.getLogger(__name__)

# Rates are in core.ratelimit.DEFAULT_RATES, overridable with AGORA_RATE_LIMITS.


def _base_url(request) -> str:
    """Scheme and host of this request, for links in e-mails (Host is validated
    against ALLOWED_HOSTS by Django)."""
    return request.build_absolute_uri("/")


def _home_url() -> str:
    return f"/{get_language()}/"


# --- Sign-up and e-mail confirmation ----------------------------------------------------


@never_cache
@rate_limit(scope="signup-ip", key="ip")
@rate_limit(scope="signup-email", key=posted_email)
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    if request.method == "POST":
        form = SignupForm(data=request.POST)
        if form.honeypot_filled():
            # Look exactly like a successful sign-up, store and send nothing: a bot
            # told that it failed would learn which field to leave alone.
            logger.info("Sign-up honeypot filled; nothing stored.")
            return redirect("accounts:signup_done")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.register_citizen(
                    email=data["email"],
                    password=data["password1"],
                    display_name=data["display_name"],
                    residence=data["residence"],
                    birth_year=data["birth_year"],
                    language=get_language(),
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return redirect("accounts:signup_done")
    else:
        form = SignupForm()
    return render(request, "accounts/signup.html", {"form": form})


class SignupDoneView(TemplateView):
    template_name = "accounts/signup_done.html"


@never_cache
def confirm_email(request, token):
    try:
        user = services.confirm_email(token=token)
    except InvalidToken as error:
        return render(
            request,
            "accounts/confirm_email_invalid.html",
            {"expired": error.expired},
            status=400,
        )
    messages.success(request, _("Thank you, your e-mail address is confirmed."))
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect("accounts:profile")
    login_url = reverse("accounts:login")
    return redirect(f"{login_url}?{urlencode({'next': reverse('accounts:profile')})}")


@require_POST
@login_required
@rate_limit(scope="resend-confirmation", key="user")
def resend_confirmation(request):
    if request.user.has_confirmed_email:
        messages.info(request, _("Your e-mail address is already confirmed."))
    else:
        services.send_email_confirmation(user=request.user, base_url=_base_url(request))
        messages.success(
            request,
            _("We have sent a new confirmation link to %(email)s.") % {"email": request.user.email},
        )
    return redirect("accounts:profile")


# --- Log in / log out ----------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's log-in view with e-mail addresses.

    Failures are limited by the lockout every way in shares (accounts/lockout.py):
    per e-mail address ("login-account") and per client IP ("login-ip"); once
    either counter reaches its limit, every attempt (even with the right password)
    answers 429 until the window ends. A success clears the address's counter.
    """

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.get_user().has_confirmed_email:
            messages.warning(
                self.request,
                _(
                    "Please confirm your e-mail address with the link we sent you: "
                    "you need it to take part."
                ),
            )
        return response

    def get_default_redirect_url(self):
        return _home_url()


class LogoutView(auth_views.LogoutView):
    """Log out by POST only (Django refuses GET with 405)."""

    def get_default_redirect_url(self):
        return _home_url()

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You are logged out."))
        return response


# --- Profile ----------------------------------------------------------------------------


@never_cache
@login_required
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm.for_user(user, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_profile(
                    user=user,
                    display_name=data["display_name"],
                    residence=data["residence"],
                    birth_year=data["birth_year"],
                    language=data["language"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile")
    else:
        form = ProfileForm.for_user(user)
    return render(request, "accounts/profile.html", {"form": form, "account": user})


@never_cache
@login_required
@rate_limit(scope="email-change", key="user")
def email_change(request):
    if request.method == "POST":
        form = EmailChangeForm(request.user, data=request.POST)
        if form.is_valid():
            try:
                services.change_email(
                    user=request.user,
                    new_email=form.cleaned_data["new_email"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _(
                        "Your e-mail address is now %(email)s. Follow the link we sent "
                        "there to confirm it."
                    )
                    % {"email": request.user.email},
                )
                return redirect("accounts:profile")
    else:
        form = EmailChangeForm(request.user)
    return render(request, "accounts/email_change.html", {"form": form})


# --- Personal data: download my data, delete my account ---------------------------------


@require_GET
@never_cache
@login_required
@rate_limit(scope="data-export", key="user", methods=("GET",))
def data_export(request):
    """Everything stored about the person, as a JSON file to download."""
    data = services.export_personal_data(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"agora-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@never_cache
@login_required
@rate_limit(scope="account-delete", key="user")
def account_delete(request):
    """GET explains and asks for the password; POST deletes, logs out, confirms."""
    refusal = rules.deletion_refusal(request.user)
    form = AccountDeletionForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        delete_contributions = form.cleaned_data["delete_contributions"]
        try:
            services.delete_account(
                user=request.user,
                password=form.cleaned_data["password"],
                delete_contributions=delete_contributions,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except PermissionDenied as error:
            refusal = str(error)
        else:
            logout(request)
            request.session["account_deleted"] = (
                "contributions_deleted" if delete_contributions else "contributions_kept"
            )
            return redirect("accounts:account_deleted")
    status = 403 if refusal and request.method == "POST" else 200
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "refusal": refusal},
        status=status,
    )


@method_decorator(never_cache, name="dispatch")
class AccountDeletedView(TemplateView):
    """The confirmation, once logged out; says what became of the contributions."""

    template_name = "accounts/account_deleted.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outcome"] = self.request.session.pop("account_deleted", "")
        return context


@method_decorator(rate_limit(scope="password-change", key="user"), name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


# --- Password reset (Django's views, our templates and e-mail path) ----------------------


# Reset requests and reset links are limited, like the admin's, by
# accounts.middleware.AccountRoutesMiddleware, which knows them by their class.
class PasswordResetView(auth_views.PasswordResetView):
    form_class = AgoraPasswordResetForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    email_template_name = "accounts/emails/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
