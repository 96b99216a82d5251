from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _promotions_changed(sender, **kwargs) -> None:
    from core import pagecache

    pagecache.bump_on_commit(pagecache.SEARCH_KEY)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from core import pagecache

        from . import services, views

        # A results page served from the page cache still counts the search.
        pagecache.register_replay(views.RECORD_REPLAY, services.record_visitor_search)
        post_save.connect(_promotions_changed, SearchPromotion, dispatch_uid="search-promoted")
        post_delete.connect(_promotions_changed, SearchPromotion, dispatch_uid="search-unpromoted")
