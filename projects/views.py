"""Public views of project pages. Thin: parse, call a service, render."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from wagtail.images import get_image_model
from wagtail.models import Site

from consultations.models import Category, District, Proposal
from consultations.queries import category_names
from core import pagecache
from core.images import CARD_RENDITION, SHARING_RENDITION
from core.navigation import subpage_url
from core.tenancy import site_for_page
from home.sharing import SharingOverrides

from . import feeds
from .forms import ProjectFilterForm
from .models import ProjectImage, ProjectMilestone
from .queries import STATUS_ORDER, index_projects

PROJECTS_PER_PAGE = 12
GALLERY_RENDITION = "width-800"  # as in templates/projects/project_page.html


def _commune(request, page) -> Site | None:
    return Site.find_for_request(request) or site_for_page(page)


def source_categories(site):
    """The commune's categories in its source language (projects point to these)."""
    if site is None:
        return Category.objects.none()
    return Category.objects.filter(site=site, locale_id=site.root_page.locale_id)


# The projects index ----------------------------------------------------------------


def project_listing(request, index) -> dict:
    """Context of the projects index: filters, one page of projects, feed link.

    A constant number of queries whatever the number of projects: milestones
    (progress) and the first gallery image (with its rendition) are prefetched.
    """
    site = _commune(request, index)
    listed = index_projects(index)
    categories = source_categories(site)
    names = category_names(categories)
    years = [
        day.year
        for day in ProjectMilestone.objects.filter(page__in=listed).dates(
            "date", "year", order="DESC"
        )
    ]
    filters = ProjectFilterForm(
        request.GET or None,
        categories=categories,
        category_names=names,
        districts=District.objects.filter(site=site) if site else District.objects.none(),
        years=years,
    )
    filters.is_valid()  # invalid values are dropped, never an error
    chosen = getattr(filters, "cleaned_data", {})

    projects = listed
    if chosen.get("status"):
        projects = projects.filter(status=chosen["status"])
    if chosen.get("category"):
        projects = projects.filter(category=chosen["category"])
    if chosen.get("district"):
        projects = projects.filter(district=chosen["district"])
    if chosen.get("year"):
        projects = projects.filter(
            Exists(ProjectMilestone.objects.filter(page=OuterRef("pk"), date__year=chosen["year"]))
        )
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    projects = (
        projects.annotate(status_rank=STATUS_ORDER)
        .order_by("status_rank", "-first_published_at", "pk")
        .select_related("district")
        .prefetch_related(
            "milestones",
            Prefetch(
                "gallery_images",
                queryset=ProjectImage.objects.order_by("sort_order", "pk").prefetch_related(
                    Prefetch("image", queryset=images)
                ),
            ),
        )
    )
    page_obj = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "filters": filters,
        "filtered": any(chosen.get(name) for name in ("status", "category", "district", "year")),
        "page_obj": page_obj,
        "projects": page_obj.object_list,
        "category_names": names,
        "feed_url": subpage_url(index, "feed", request=request),
    }


# A project -------------------------------------------------------------------------


def _localized_live(page):
    """A page in the visitor's language when translated and live, else itself; None if
    the page itself is not live."""
    if page is None or not page.live:
        return None
    return page.specific.localized


def _origin_proposals(request, project) -> list[dict]:
    ids = [origin.proposal_id for origin in project.origins.all() if origin.proposal_id]
    if ids and pagecache.enabled():
        # A proposal hidden, deleted or changed on its own page makes this page stale
        # too: the generations of their pages are read before the proposals are.
        pages = Proposal.objects.filter(pk__in=ids).values_list("page_id", flat=True)
        pagecache.depend_on(request, *{pagecache.page_key(page) for page in pages})
    proposals = Proposal.objects.visible().filter(pk__in=ids).select_related("page")
    pages = {}  # a project's proposals come from one or two pages: localize each once
    links = []
    for proposal in proposals:
        if proposal.page_id not in pages:
            pages[proposal.page_id] = _localized_live(proposal.page)
        page = pages[proposal.page_id]
        url = subpage_url(page, "proposal", proposal.pk, request=request) if page else ""
        links.append({"proposal": proposal, "url": url})
    return links


def _gallery(project) -> list[ProjectImage]:
    # The first picture is also the one the page is shared with (home.sharing).
    images = get_image_model().objects.prefetch_renditions(GALLERY_RENDITION, SHARING_RENDITION)
    return list(project.gallery_images.prefetch_related(Prefetch("image", queryset=images)))


def project_context(request, page) -> dict:
    category_name = ""
    if page.category_id:
        category_name = category_names([page.category]).get(page.category_id, "")
    gallery = _gallery(page)
    return {
        "timeline": page.timeline(),
        "updates": page.ordered_updates,
        "gallery": gallery,
        # Shared with its first picture (the gallery is read anyway).
        "sharing": SharingOverrides(image=gallery[0].image, image_alt=gallery[0].alt_text)
        if gallery
        else None,
        "category_name": category_name,
        "origin": _localized_live(page.origin_page) if page.origin_page_id else None,
        "origin_proposals": _origin_proposals(request, page),
        "feed_url": subpage_url(page, "feed", request=request),
    }


def project_feed(request, page):
    return feeds.ProjectUpdatesFeed()(request, page=page)


def index_feed(request, index):
    return feeds.IndexUpdatesFeed()(request, page=index)
