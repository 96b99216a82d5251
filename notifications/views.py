"""Public views of the follow routes. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.navigation import page_url, safe_next, subpage_url
from core.ratelimit import rate_limit

from . import services
from .forms import ConfirmForm
from .models import Follow
from .tokens import InvalidUnsubscribeToken

FOLLOW_RATE = "60/h"


@rate_limit(scope="follow", rate=FOLLOW_RATE, key="user_or_ip")
def follow(request, page):
    """POST: follow the page (or stop, with action=unfollow), then back to where one was."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(page_url(page, request))
    back = safe_next(request, page_url(page, request))
    if request.POST.get("action") == "unfollow":
        services.unfollow_page(page=page, user=request.user)
        messages.success(request, _("You no longer follow this page."))
        return HttpResponseRedirect(back)
    try:
        services.follow_page(page=page, user=request.user)
    except services.FollowRefused as refusal:
        messages.error(request, refusal.decision.reason)
        return HttpResponseRedirect(back)
    messages.success(request, _("You follow this page: we will e-mail you its news."))
    return HttpResponseRedirect(back)


def unsubscribe_url(request, page, token: str) -> str:
    return f"{subpage_url(page, 'unsubscribe', request=request)}?{urlencode({'token': token})}"


def unsubscribe(request, page):
    """GET asks for confirmation, POST stops the follow. No log-in needed: the signed
    link (``?token=``) says who. A damaged link gets a clear error (400)."""
    token = request.GET.get("token", "")
    try:
        user_id = services.unsubscribe_target(token=token, page=page)
    except InvalidUnsubscribeToken:
        response = page.render(
            request,
            template="notifications/unsubscribe.html",
            context_overrides={"invalid": True},
        )
        response.status_code = 400
        return response
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        if form.is_valid():
            services.unsubscribe(token=token, page=page)
            messages.success(
                request,
                _("Done: you will no longer receive e-mails about “%(title)s”.")
                % {"title": page.title},
            )
            return HttpResponseRedirect(page_url(page, request))
    following = Follow.objects.filter(user_id=user_id, page_id=page.source_page.pk).exists()
    return page.render(
        request,
        template="notifications/unsubscribe.html",
        context_overrides={
            "invalid": False,
            "following": following,
            "action": unsubscribe_url(request, page, token),
        },
    )
