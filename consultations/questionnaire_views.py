"""A questionnaire page's requests: GET shows the questions (or the thanks of a citizen
who has answered), POST answers them through the page's form and the one service.

`QuestionnairePage.serve` hands every request over to `questionnaire` here, through
the app's route views (core.routing).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from core import ratelimit

from . import questionnaire_services as services
from .routes import ROUTE_VIEWS


@ROUTE_VIEWS.register
def questionnaire(request, page):
    if request.method == "POST":
        refusal = ratelimit.enforce(
            request, (("questionnaire-ip", "ip"), ("questionnaire", "user"))
        )
        if refusal is not None:
            return refusal
        return _answer(request, page)
    context = page.get_context(request)
    if context["answer"] is not None:
        return TemplateResponse(request, page.get_landing_page_template(request), context)
    if context["decision"]:
        context["form"] = page.get_form(page=page, user=request.user)
    return TemplateResponse(request, page.get_template(request), context)


def _answer(request, page):
    decision = services.can_answer(page=page, user=request.user)
    if not decision:
        if decision.action == "login" and not request.user.is_authenticated:
            return redirect_to_login(page.get_url(request))
        return _refusal(request, page, decision)
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    if form.is_valid():
        try:
            services.submit_questionnaire(page=page, user=request.user, data=form.cleaned_data)
        except services.AlreadyAnswered as refusal:
            # Nothing stored; the page now shows the thanks for the first answer.
            messages.info(request, refusal.decision.reason)
            return HttpResponseRedirect(page.get_url(request))
        except services.ParticipationRefused as refusal:
            return _refusal(request, page, refusal.decision)
        except ValidationError as error:
            # Only when a translation lags behind its source page's questions.
            form.add_error(None, error.messages)
        else:
            return HttpResponseRedirect(page.get_url(request))
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context)


def _refusal(request, page, decision):
    context = page.get_context(request)
    context["decision"] = decision
    return TemplateResponse(request, page.get_template(request), context, status=403)
