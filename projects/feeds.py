"""Atom feeds of project updates: one per project, one per projects index.

Served as sub-routes of the pages (`<project>feed/`, `<index>feed/`), so Wagtail's
routing already scopes them to the commune of the request's host: a Montclair
project is not a page of Belval's site, and an index lists its own children only.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from wagtail.rich_text import expand_db_html

from home.models import CommuneSettings

from .models import ProjectUpdate
from .queries import index_projects

FEED_ITEMS = 30
PUBLICATION_TIME = time(12, 0)  # updates carry a date; entries need a time


def _moment(day):
    return timezone.make_aware(datetime.combine(day, PUBLICATION_TIME))


class UpdatesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, page):
        self.request = request
        self.page = page
        return page

    def title(self, obj):
        commune = CommuneSettings.for_request(self.request)
        return f"{obj.title} — {commune.official_name}" if commune.official_name else obj.title

    def author_name(self, obj):
        return CommuneSettings.for_request(self.request).official_name or None

    def link(self, obj):
        return obj.get_url(request=self.request)

    def feed_url(self, obj):
        return obj.get_url(request=self.request) + obj.reverse_subpage("feed")

    def item_description(self, item):
        return expand_db_html(item.body)

    def item_pubdate(self, item):
        return _moment(item.date)

    def item_updateddate(self, item):
        return _moment(item.date)

    def item_link(self, item):
        return f"{self.item_page(item).get_url(request=self.request)}#{item.anchor}"

    def item_page(self, item):
        return self.page


class ProjectUpdatesFeed(UpdatesFeed):
    """A project's updates, newest first."""

    def subtitle(self, obj):
        return obj.summary

    def items(self, obj):
        return obj.ordered_updates[:FEED_ITEMS]

    def item_title(self, item):
        return item.title


class IndexUpdatesFeed(UpdatesFeed):
    """The updates of every project listed on an index, newest first."""

    def subtitle(self, obj):
        return obj.intro or None

    def items(self, obj):
        return list(
            ProjectUpdate.objects.filter(page__in=index_projects(obj))
            .select_related("page")
            .order_by("-date", "-sort_order", "-pk")[:FEED_ITEMS]
        )

    def item_page(self, item):
        return item.page

    def item_title(self, item):
        return f"{item.page.title} — {item.title}"
