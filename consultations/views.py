"""Public views of a participation page's sub-routes. Thin: parse, call a service, render."""

import secrets

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import ExpressionWrapper, F, IntegerField, Prefetch
from django.db.models.functions import Mod
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Site

from core.images import CARD_RENDITION, SHARING_RENDITION
from core.navigation import page_url, safe_next, subpage_url
from core.ratelimit import per_account_and_ip, rate_limit
from core.spreadsheets import csv_response
from core.text import plain_int
from home.sharing import SharingOverrides

from . import duplicates, rules, services, threads
from .forms import CommentForm, ProposalFilterForm, ProposalForm, ReportForm, ThreadsForm
from .models import PROPOSAL_TITLE_MAX, Comment, District, Proposal, StatusChange, Support
from .queries import category_names, page_categories
from .routes import ROUTE_VIEWS

PROPOSALS_PER_PAGE = 20
DETAIL_RENDITION = "width-960"
RANDOM_MODULUS = 2_147_483_647  # a prime: (id * seed) mod p shuffles ids stably per seed

# Contributions are limited per account and per address (core.ratelimit.DEFAULT_RATES,
# overridable with AGORA_RATE_LIMITS).
# The ids of the suggestions a browser showed, sent back with the form.
SEEN_SIMILAR_MAX = 20


# Helpers ---------------------------------------------------------------------


def latest_proposals(source, limit: int = 6):
    return (
        Proposal.objects.listed()
        .filter(page_id=source.pk)
        .select_related("category", "district", "author")
        .prefetch_related(Prefetch("image", queryset=_image_queryset(CARD_RENDITION)))
        .order_by("-created_at", "-pk")[:limit]
    )


def asked_threads(request) -> threads.Asked:
    """The page of comment threads the query string asks for (bad values: the defaults)."""
    form = ThreadsForm(request.GET)
    form.is_valid()  # invalid values are dropped, never an error
    chosen = getattr(form, "cleaned_data", {})
    return threads.Asked(
        number=chosen.get("comments") or 1,
        order=chosen.get("order") or threads.ThreadOrder.OLDEST,
        unfolded=chosen.get("thread"),
    )


def comment_threads(request, *, page, proposal) -> threads.Threads:
    """The page's (or the proposal's) comment threads this request asks for, read only
    when the template shows them."""
    return threads.Threads(
        page_id=page.pk, proposal_id=proposal.pk if proposal else None, asked=asked_threads(request)
    )


def speaks_for_commune(request, page) -> bool:
    """Whether the signed-in person may publish comments on behalf of the page's commune,
    computed once a request."""
    if not request.user.is_authenticated:
        return False
    if not hasattr(request, "_agora_speaks_for_commune"):
        request._agora_speaks_for_commune = bool(
            rules.can_speak_for_commune(page.source_page, request.user)
        )
    return request._agora_speaks_for_commune


def comment_location(request, page, comment: Comment, *, order=threads.ThreadOrder.OLDEST) -> str:
    """Where a comment is read: the page of threads that holds it, its thread unfolded
    if need be, scrolled to it (`#comment-<id>`)."""
    if comment.proposal_id:
        base = subpage_url(page, "proposal", comment.proposal_id, request=request)
    else:
        base = page_url(page, request)
    query = threads.locate(comment, order=order).query_string()
    return f"{base}{query}#comment-{comment.pk}"


def cache_version(request) -> str:
    """The version of the page's shared fragments ("" when caching is off), set when
    the page was routed (`home.wagtail_hooks.cache_for_visitors`)."""
    return getattr(request, "agora_page_version", "")


def thread_version(request, *, page, proposal) -> str:
    """The version of a comment thread's shared fragment, or "" (render it) when the
    viewer wrote in it: their comments carry a delete button, a personal part."""
    version = cache_version(request)
    user = request.user
    if version and user.is_authenticated:
        wrote = Comment.objects.filter(page_id=page.pk, proposal=proposal, author=user).exists()
        if wrote:
            return ""
    return version


def _districts(request):
    site = Site.find_for_request(request)
    return District.objects.filter(site=site)


def needs_captcha(request) -> bool:
    """Whether the signed-in citizen's contributions carry a captcha, computed once a request
    (the page's context and its form both ask)."""
    if not request.user.is_authenticated:
        return False
    if not hasattr(request, "_agora_needs_captcha"):
        request._agora_needs_captcha = services.needs_captcha(request.user)
    return request._agora_needs_captcha


def _image_queryset(*renditions):
    return get_image_model().objects.prefetch_renditions(*renditions)


def _proposal_for_page(page, proposal_id: int, queryset=None) -> Proposal:
    queryset = queryset if queryset is not None else Proposal.objects.all()
    return get_object_or_404(queryset, pk=proposal_id, page_id=page.source_page.pk)


def _refused(request, page, decision: rules.Decision):
    """Say why an action is not possible (or send visitors to log in)."""
    if decision.action == "login" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _render_status(
        page.render(
            request, template="consultations/refused.html", context_overrides={"decision": decision}
        ),
        403,
    )


def _render_status(response, status: int):
    response.status_code = status
    return response


# Proposals -------------------------------------------------------------------


@ROUTE_VIEWS.register
def proposal_list(request, page):
    source = page.source_page
    categories = page_categories(page)
    districts = _districts(request)
    filters = ProposalFilterForm(request.GET or None, categories=categories, districts=districts)
    filters.is_valid()  # invalid values are dropped, never an error
    chosen = getattr(filters, "cleaned_data", {})

    sort = chosen.get("sort") or "recent"
    if sort == "random" and not chosen.get("seed"):
        query = request.GET.copy()
        query["seed"] = str(secrets.randbelow(RANDOM_MODULUS - 1) + 1)
        query.pop("page", None)
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")

    proposals = (
        Proposal.objects.listed()
        .filter(page_id=source.pk)
        .select_related("category", "district", "author")
        .prefetch_related(Prefetch("image", queryset=_image_queryset(CARD_RENDITION)))
    )
    if chosen.get("category"):
        proposals = proposals.filter(category=chosen["category"])
    if chosen.get("district"):
        proposals = proposals.filter(district=chosen["district"])
    if chosen.get("status"):
        proposals = proposals.filter(status=chosen["status"])
    if sort == "supports":
        proposals = proposals.order_by("-support_count", "-created_at", "-pk")
    elif sort == "comments":
        proposals = proposals.order_by("-comment_count", "-created_at", "-pk")
    elif sort == "random":
        shuffle = ExpressionWrapper(
            Mod(F("id") * chosen["seed"], RANDOM_MODULUS), output_field=IntegerField()
        )
        proposals = proposals.annotate(shuffle=shuffle).order_by("shuffle", "pk")
    else:
        proposals = proposals.order_by("-created_at", "-pk")

    # Lazy: a shared fragment of the list, once cached, spares these queries.
    page_obj = SimpleLazyObject(
        lambda: Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    )
    # The fragment's links keep the query string: it is part of what the list varies on.
    list_key = urlencode(sorted((key, request.GET.getlist(key)) for key in request.GET), True)
    return page.render(
        request,
        template="consultations/proposal_list.html",
        context_overrides={
            "filters": filters,
            "page_obj": page_obj,
            "proposals": SimpleLazyObject(lambda: page_obj.object_list),
            "list_key": list_key,
            "cache_version": cache_version(request),
            "category_names": category_names(categories),
            "can_propose": rules.can_propose(source, request.user),
        },
    )


@ROUTE_VIEWS.register
def proposal_detail(request, page, proposal_id: int):
    source = page.source_page
    proposal = _proposal_for_page(
        page,
        proposal_id,
        Proposal.objects.select_related(
            "author", "category", "district", "merged_into"
        ).prefetch_related(
            Prefetch("image", queryset=_image_queryset(DETAIL_RENDITION, SHARING_RENDITION))
        ),
    )
    proposal.page = source  # the rules read the page: the one already loaded
    user = request.user
    is_author = user.is_authenticated and proposal.author_id == user.pk
    if not proposal.is_visible and not is_author:
        raise Http404

    answers = StatusChange.objects.filter(proposal=proposal, is_public=True).exclude(answer="")
    supported = (
        user.is_authenticated and Support.objects.filter(proposal=proposal, user=user).exists()
    )
    return page.render(
        request,
        template="consultations/proposal_detail.html",
        context_overrides={
            "proposal": proposal,
            "threads": comment_threads(request, page=source, proposal=proposal),
            "thread_version": thread_version(request, page=source, proposal=proposal),
            "answers": answers,
            "supported": supported,
            "is_author": is_author,
            "category_names": category_names([proposal.category] if proposal.category else []),
            "can_support": rules.can_support(proposal, user),
            "can_edit": rules.can_edit_proposal(proposal, user),
            "sharing": SharingOverrides(
                title=proposal.title,
                description=proposal.body,
                image=proposal.image,
                image_alt=proposal.image_description,
            ),
        },
    )


def _proposal_form(request, page, *, data=None, files=None, initial=None, has_image=False):
    return ProposalForm(
        data,
        files,
        initial=initial,
        page=page.source_page,
        categories=page_categories(page),
        districts=_districts(request),
        has_image=has_image,
        with_captcha=needs_captcha(request),
    )


def _image_upload(form):
    upload = form.cleaned_data.get("image")
    if not upload:
        return None
    return services.ProposalImage(
        file=upload, description=form.cleaned_data["image_description"].strip()
    )


def _proposal_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "category": data.get("category"),
        "district": data.get("district"),
        "location_label": data.get("location_label", "").strip(),
        "estimated_cost": data.get("estimated_cost"),
        "show_author_name": data.get("show_author_name", False),
        "image": _image_upload(form),
    }


def _seen_similar(request) -> set[int]:
    """Suggestions the citizen's browser already showed while they typed."""
    seen = request.POST.get("seen_similar", "").split(",")[:SEEN_SIMILAR_MAX]
    return {int(value) for value in seen if value.strip().isdigit()}


def _proposal_links(request, page, proposals) -> list[tuple[Proposal, str]]:
    return [
        (proposal, subpage_url(page, "proposal", proposal.pk, request=request))
        for proposal in proposals
    ]


def _submit(request, page, form):
    try:
        proposal = services.submit_proposal(
            page=page, author=request.user, **_proposal_fields(form)
        )
    except services.ParticipationRefused as refusal:
        return _refused(request, page, refusal.decision)
    if proposal.is_visible:
        messages.success(request, _("Thank you! Your proposal is published."))
    else:
        messages.success(
            request,
            _("Thank you! Your proposal will be published once a moderator has read it."),
        )
    return HttpResponseRedirect(subpage_url(page, "proposal", proposal.pk, request=request))


@ROUTE_VIEWS.register
@per_account_and_ip("proposal")
def proposal_create(request, page):
    """Submit a proposal; a close match first asks "did you mean…?" and saves nothing.

    The citizen confirms with `distinct` ("mine is different") or goes to the
    existing proposal to support it. Suggestions already shown while typing
    (`seen_similar`, sent by static/js/similar-proposals.js) are not asked again.
    """
    decision = rules.can_propose(page.source_page, request.user)
    if not decision:
        return _refused(request, page, decision)
    did_you_mean = []
    if request.method == "POST":
        form = _proposal_form(request, page, data=request.POST, files=request.FILES)
        if form.is_valid():
            if not request.POST.get("distinct"):
                did_you_mean = duplicates.close_matches(page=page, title=form.cleaned_data["title"])
                if {proposal.pk for proposal in did_you_mean} <= _seen_similar(request):
                    did_you_mean = []
            if not did_you_mean:
                return _submit(request, page, form)
    else:
        form = _proposal_form(request, page)
    return page.render(
        request,
        template="consultations/proposal_form.html",
        context_overrides={
            "form": form,
            "proposal": None,
            "did_you_mean": _proposal_links(request, page, did_you_mean),
            "image_dropped": bool(did_you_mean and request.FILES.get("image")),
            "similar_url": subpage_url(page, "proposal_similar", request=request),
        },
    )


@ROUTE_VIEWS.register
@rate_limit(scope="similar", key="ip", methods=("GET",))
def proposal_similar(request, page):
    """An HTML fragment for the proposal form: visible proposals close to `?title=`.

    Not a page (no layout, no page context): the form's script inserts it as it is.
    """
    title = request.GET.get("title", "")[:PROPOSAL_TITLE_MAX]
    similar = duplicates.similar_proposals(page=page, title=title) if title.strip() else []
    response = TemplateResponse(
        request,
        "consultations/includes/similar_proposals.html",
        {"similar": _proposal_links(request, page, similar)},
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


@ROUTE_VIEWS.register
@per_account_and_ip("proposal")
def proposal_edit(request, page, proposal_id: int):
    proposal = _proposal_for_page(page, proposal_id)
    decision = rules.can_edit_proposal(proposal, request.user)
    if not decision:
        return _refused(request, page, decision)
    has_image = bool(proposal.image_id)
    if request.method == "POST":
        form = _proposal_form(
            request, page, data=request.POST, files=request.FILES, has_image=has_image
        )
        if form.is_valid():
            try:
                services.edit_proposal(
                    proposal=proposal,
                    editor=request.user,
                    remove_image=form.cleaned_data.get("remove_image", False),
                    **_proposal_fields(form),
                )
            except services.ParticipationRefused as refusal:
                return _refused(request, page, refusal.decision)
            messages.success(request, _("Your proposal has been updated."))
            return HttpResponseRedirect(subpage_url(page, "proposal", proposal.pk, request=request))
    else:
        form = _proposal_form(
            request,
            page,
            has_image=has_image,
            initial={
                "title": proposal.title,
                "body": proposal.body,
                "category": proposal.category_id,
                "district": proposal.district_id,
                "location_label": proposal.location_label,
                "estimated_cost": proposal.estimated_cost,
                "image_description": proposal.image_description,
                "show_author_name": proposal.show_author_name,
            },
        )
    return page.render(
        request,
        template="consultations/proposal_form.html",
        context_overrides={"form": form, "proposal": proposal},
    )


@ROUTE_VIEWS.register
@per_account_and_ip("support")
def proposal_support(request, page, proposal_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    proposal = _proposal_for_page(page, proposal_id)
    detail = subpage_url(page, "proposal", proposal.pk, request=request)
    if not request.user.is_authenticated:
        return redirect_to_login(detail)
    wanted = request.POST.get("action") != "withdraw"
    try:
        services.toggle_support(proposal=proposal, user=request.user, support=wanted)
    except services.ParticipationRefused as refusal:
        return _refused(request, page, refusal.decision)
    messages.success(
        request,
        _("Thank you for your support.") if wanted else _("Your support has been withdrawn."),
    )
    return HttpResponseRedirect(safe_next(request, detail))


@ROUTE_VIEWS.register
def proposals_export(request, page):
    """Open data: the page's visible proposals, with no personal data."""
    source = page.source_page
    answers = (
        StatusChange.objects.filter(is_public=True)
        .exclude(answer="")
        .order_by("-created_at", "-pk")
    )
    proposals = (
        Proposal.objects.visible()
        .filter(page_id=source.pk)
        .select_related("category", "district", "author")
        .prefetch_related(Prefetch("status_changes", queryset=answers, to_attr="public_answers"))
        .order_by("pk")
    )
    headings = [
        "id",
        "title",
        "description",
        "category",
        "district",
        "place",
        "status",
        "supports",
        "comments",
        "submitted",
        "first_answered",
        "official_answer",
        "author",
        "url",
    ]

    def rows():
        yield headings
        for proposal in proposals:
            answer = proposal.public_answers[0].answer if proposal.public_answers else ""
            yield (
                proposal.pk,
                proposal.title,
                proposal.body,
                proposal.category.name if proposal.category else "",
                proposal.district.name if proposal.district else "",
                proposal.location_label,
                proposal.status,
                proposal.support_count,
                proposal.comment_count,
                proposal.created_at.isoformat(),
                proposal.first_answered_at.isoformat() if proposal.first_answered_at else "",
                answer,
                proposal.author.display_name
                if proposal.show_author_name and proposal.author
                else "",
                request.build_absolute_uri(
                    subpage_url(page, "proposal", proposal.pk, request=request)
                ),
            )

    return csv_response(rows(), filename=f"{source.slug}-proposals.csv")


# Comments and reports --------------------------------------------------------


@ROUTE_VIEWS.register
@per_account_and_ip("comment")
def comment_create(request, page, proposal_id: int | None = None):
    """POST publishes a comment; GET shows the form on its own page (with a captcha
    for a citizen's first contributions, or after an error)."""
    source = page.source_page
    proposal = _proposal_for_page(page, proposal_id) if proposal_id else None
    if proposal is not None and not proposal.is_visible:
        raise Http404
    back = (
        subpage_url(page, "proposal", proposal.pk, request=request)
        if proposal
        else page_url(page, request)
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path() if request.method == "GET" else back)
    decision = rules.can_comment(source, request.user)
    if not decision:
        return _refused(request, page, decision)

    parent_id = request.POST.get("parent") or request.GET.get("parent")
    parent = None
    if parent_id:
        parent = Comment.objects.filter(
            pk=plain_int(parent_id) or 0, page_id=source.pk, proposal=proposal
        ).first()
        if parent is None:
            raise Http404
    with_captcha = needs_captcha(request)
    for_commune = speaks_for_commune(request, page)
    if request.method == "POST":
        form = CommentForm(request.POST, with_captcha=with_captcha, for_commune=for_commune)
        if form.is_valid():
            try:
                comment = services.add_comment(
                    page=page,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    proposal=proposal,
                    parent=parent,
                    as_commune=form.cleaned_data.get("as_commune", False),
                )
            except services.ParticipationRefused as refusal:
                return _refused(request, page, refusal.decision)
            messages.success(request, _("Your comment is published."))
            return HttpResponseRedirect(comment_location(request, page, comment))
        status = 400
    else:
        form = CommentForm(
            initial={"parent": parent.pk if parent else None},
            with_captcha=with_captcha,
            for_commune=for_commune,
        )
        status = 200
    return _render_status(
        page.render(
            request,
            template="consultations/comment_form.html",
            context_overrides={"form": form, "proposal": proposal, "parent": parent, "back": back},
        ),
        status,
    )


@ROUTE_VIEWS.register
def comment_permalink(request, page, comment_id: int):
    """A comment's lasting address (e-mails, the admin, shared links): redirects to the
    page of threads that holds it, however long the discussion has grown."""
    comment = get_object_or_404(
        Comment.objects.select_related("parent", "proposal"),
        pk=comment_id,
        page_id=page.source_page.pk,
    )
    proposal = comment.proposal
    if proposal is not None and not proposal.is_visible:
        user = request.user
        if not (user.is_authenticated and proposal.author_id == user.pk):
            raise Http404
    order = asked_threads(request).order
    return HttpResponseRedirect(comment_location(request, page, comment, order=order))


@ROUTE_VIEWS.register
@per_account_and_ip("comment")
def comment_delete(request, page, comment_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    comment = get_object_or_404(Comment, pk=comment_id, page_id=page.source_page.pk)
    if not request.user.is_authenticated:
        return redirect_to_login(page_url(page, request))
    try:
        services.delete_comment(comment=comment, user=request.user)
    except services.ParticipationRefused as refusal:
        return _refused(request, page, refusal.decision)
    messages.success(request, _("Your comment has been deleted."))
    back = (
        subpage_url(page, "proposal", comment.proposal_id, request=request)
        if comment.proposal_id
        else page_url(page, request)
    )
    return HttpResponseRedirect(safe_next(request, back))


@ROUTE_VIEWS.register
@per_account_and_ip("report")
def report_content(request, page, proposal_id: int | None = None, comment_id: int | None = None):
    source = page.source_page
    if proposal_id is not None:
        target = _proposal_for_page(page, proposal_id)
        if not target.is_visible:
            raise Http404
        back = subpage_url(page, "proposal", target.pk, request=request)
    else:
        target = get_object_or_404(
            Comment, pk=comment_id, page_id=source.pk, is_hidden=False, is_deleted=False
        )
        back = (
            subpage_url(page, "proposal", target.proposal_id, request=request)
            if target.proposal_id
            else page_url(page, request)
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            services.report(
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"].strip(),
                proposal=target if proposal_id is not None else None,
                comment=target if comment_id is not None else None,
            )
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return HttpResponseRedirect(back)
    else:
        form = ReportForm()
    return page.render(
        request,
        template="consultations/report_form.html",
        context_overrides={"form": form, "target": target, "back": back},
    )
