"""What a search on one commune finds, in the visitor's language.

Scope, for every backend (the filters are Wagtail `FilterField`s, so the
database backend applies them in SQL and OpenSearch in its query):

- pages: live, outside any view restriction, under one of the localized roots
  of the request's Site (a commune's translations are sibling trees, so
  `descendant_of(site.root_page)` alone would miss them), in the current locale;
- projects: the same, of type `projects.ProjectPage` (resolved lazily: without
  the projects app there are simply no project results);
- proposals: listed ones (published in some status, not hidden, not awaiting
  moderation, not merged) of those same live, public pages of the commune.
  Proposals belong to a page's source-language instance and are written in the
  language their author chose, so they are found from every language of the
  commune; each links to the proposal under the page in the visitor's language
  when that translation is live, else under the source page (and its text is
  marked with the source page's language).

Editors' promotions (wagtail.contrib.search_promotions) come first. Queries
are global in Wagtail, so only promoted pages of this commune, in the current
language (the promoted page or its translation), are shown; promotions without
a page (external links) cannot be tied to a commune and are not shown.

The number of SQL queries does not depend on the number of hits: one count per
kind, one query per kind shown on the page (plus one per page type for pages),
one for the proposals' pages, one for the promotions.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page, Site
from wagtail.search.utils import normalise_query_string

from consultations.models import Proposal
from core.tenancy import commune_pages_q

from .highlight import best_snippet, snippet, stream_text
from .query import SearchInput

PAGES, PROJECTS, PROPOSALS = "pages", "projects", "proposals"
KINDS = (PAGES, PROJECTS, PROPOSALS)
KIND_LABELS = {PAGES: _("Pages"), PROJECTS: _("Projects"), PROPOSALS: _("Proposals")}
# Text fields a page type may have, in the order snippets are looked for.
PAGE_TEXT_FIELDS = ("search_description", "intro", "summary", "hero_text", "body")


def project_page_model():
    """`projects.ProjectPage`, or None when the projects app is not installed."""
    try:
        return apps.get_model("projects", "ProjectPage")
    except LookupError:
        return None


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    label: str
    title_html: str = ""  # the title, escaped, matched words marked
    snippet: str = ""
    context: str = ""  # the page a proposal belongs to
    lang: str = ""  # language of the text, when not the visitor's
    promoted: bool = False
    object: object = field(default=None, repr=False)


def _page_texts(page) -> list[str]:
    texts = []
    for name in PAGE_TEXT_FIELDS:
        value = getattr(page, name, None)
        if not value:
            continue
        if isinstance(value, str):
            texts.append(strip_tags(value))
        elif hasattr(value, "raw_data"):  # a StreamField, read without queries
            texts.append(stream_text(value.raw_data))
        else:
            texts.append(strip_tags(str(value)))
    return texts


class SiteSearch:
    """One search of one commune, in the active language."""

    def __init__(self, request, search_input: SearchInput):
        self.request = request
        self.input = search_input
        self.partial = False  # True when no result holds every word, and some words were enough

    @cached_property
    def site(self) -> Site | None:
        return Site.find_for_request(self.request)

    @cached_property
    def locale(self) -> Locale:
        return Locale.get_active()

    @cached_property
    def project_model(self):
        return project_page_model()

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        return KINDS if self.project_model is not None else (PAGES, PROPOSALS)

    @cached_property
    def public_pages(self):
        """Live pages of the commune, in every language, outside view restrictions."""
        if self.site is None:
            return Page.objects.none()
        return (
            Page.objects.live()
            .filter(commune_pages_q(self.site))
            .exclude(Page.objects.all().private_q())
        )

    @cached_property
    def promotions(self) -> list[Hit]:
        """Editors' picks for this query that are pages of this commune, in this language."""
        if self.input.is_empty:
            return []
        picks = list(
            SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(self.input.text), page__isnull=False
            )
            .select_related("page")
            .order_by("sort_order", "pk")
        )
        if not picks:
            return []
        pages = {
            page.translation_key: page
            for page in self.public_pages.filter(
                translation_key__in=[pick.page.translation_key for pick in picks],
                locale=self.locale,
            ).specific()
        }
        hits, seen = [], set()
        for pick in picks:
            page = pages.get(pick.page.translation_key)
            if page is None or page.pk in seen:
                continue
            seen.add(page.pk)
            hit = self._page_hit(page)
            hit.promoted = True
            if pick.description:
                hit.snippet = pick.description
            hits.append(hit)
        return hits

    def querysets(self) -> dict:
        """The scoped queryset of each kind of result (promoted pages left out)."""
        promoted = [hit.object.pk for hit in self.promotions]
        pages = self.public_pages.filter(locale=self.locale).exclude(pk__in=promoted)
        found = {}
        if self.project_model is not None:
            found[PAGES] = pages.not_type(self.project_model).specific()
            found[PROJECTS] = pages.type(self.project_model).specific()
        else:
            found[PAGES] = pages.specific()
        found[PROPOSALS] = Proposal.objects.listed().filter(
            page_id__in=self.public_pages.values("pk")
        )
        return found

    def _search(self, match_all: bool) -> dict:
        query = self.input.backend_query(match_all=match_all)
        return {kind: queryset.search(query) for kind, queryset in self.querysets().items()}

    @cached_property
    def results(self) -> dict:
        """Wagtail search results per kind; lazily evaluated, sliced by the paginator."""
        if self.input.is_empty or self.site is None:
            return {}
        found = self._search(match_all=True)
        if self.input.has_several_parts and not any(self.counts_of(found).values()):
            found = self._search(match_all=False)
            self.partial = True
        return found

    @staticmethod
    def counts_of(results) -> dict:
        return {kind: found.count() for kind, found in results.items()}

    @cached_property
    def counts(self) -> dict:
        counts = self.counts_of(self.results)
        for hit in self.promotions:
            counts[hit.kind] = counts.get(hit.kind, 0) + 1
        return counts

    def sequence(self, kind: str = "") -> "HitSequence":
        """Results of one kind, or of all kinds one after the other, promotions first."""
        if kind:  # "projects" without the projects app: no results, not all results
            kinds = [kind] if kind in self.results else []
        else:
            kinds = [name for name in self.kinds if name in self.results]
        promoted = [hit for hit in self.promotions if hit.kind in kinds]
        return HitSequence(self, promoted, [(k, self.results[k]) for k in kinds])

    # Hits -------------------------------------------------------------------------

    def _page_hit(self, page) -> Hit:
        is_project = self.project_model is not None and isinstance(page, self.project_model)
        return Hit(
            kind=PROJECTS if is_project else PAGES,
            title=page.title,
            url=page.get_url(request=self.request) or "",
            label=str(page.specific_class._meta.verbose_name if page.specific_class else ""),
            title_html=self._marked(page.title),
            snippet=best_snippet(_page_texts(page), self.input.highlight_keys),
            object=page,
        )

    def _marked(self, title: str):
        return (
            snippet(title, self.input.highlight_keys, length=len(title), lead=len(title)) or title
        )

    def hits(self, kind: str, objects) -> list[Hit]:
        objects = list(objects)
        if kind == PROPOSALS:
            return self._proposal_hits(objects)
        return [self._page_hit(page) for page in objects]

    def _proposal_hits(self, proposals) -> list[Hit]:
        if not proposals:
            return []
        source_ids = {proposal.page_id for proposal in proposals}
        pages = list(
            self.public_pages.filter(
                translation_key__in=Page.objects.filter(pk__in=source_ids).values("translation_key")
            )
            .filter(Q(pk__in=source_ids) | Q(locale=self.locale))
            .select_related("locale")
            .specific(defer=True)
        )
        by_key = {}
        for page in pages:
            if page.locale_id == self.locale.pk:
                by_key[page.translation_key] = page
        hits = []
        sources = {page.pk: page for page in pages}
        keys = self.input.highlight_keys
        for proposal in proposals:
            source = sources.get(proposal.page_id)
            if source is None:
                continue
            page = by_key.get(source.translation_key, source)
            url = page.get_url(request=self.request) or ""
            if hasattr(page, "reverse_subpage"):
                url += page.reverse_subpage("proposal", args=[proposal.pk])
            language = source.locale.language_code
            hits.append(
                Hit(
                    kind=PROPOSALS,
                    title=proposal.title,
                    title_html=self._marked(proposal.title),
                    url=url,
                    label=str(Proposal._meta.verbose_name),
                    snippet=best_snippet([proposal.body], keys),
                    context=page.title,
                    lang=language if language != self.locale.language_code else "",
                    object=proposal,
                )
            )
        return hits


class HitSequence:
    """Promotions, then each kind's results in turn, sliceable for Django's Paginator.

    Counting costs one query per kind (already made for the filters); a slice
    costs one query per kind it touches.
    """

    def __init__(self, search: SiteSearch, promoted: list[Hit], parts):
        self.search = search
        self.promoted = promoted
        self.parts = parts

    def count(self) -> int:
        return len(self.promoted) + sum(
            self.search.counts.get(kind, 0) - self._promoted_of(kind) for kind, _found in self.parts
        )

    def _promoted_of(self, kind: str) -> int:
        return sum(1 for hit in self.search.promotions if hit.kind == kind)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Search hits are read by slices.")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        hits = list(self.promoted[start:stop])
        offset = len(self.promoted)
        for kind, found in self.parts:
            size = self.search.counts.get(kind, 0) - self._promoted_of(kind)
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                hits.extend(self.search.hits(kind, found[low:high]))
            offset += size
        return hits
