"""Routable pages hand each route to a view function, by name: a page model never
imports its views.

A page model defines its routes (`@path(...)` of Wagtail's RoutablePageMixin), and its
app's views import the models: if the routes imported the views, models and views
would import each other. Instead the views module registers its route views in the
app's `RouteViews` table (`@ROUTE_VIEWS.register`), the app's `ready()` imports the
views module, and a route looks its view up by name when a request comes.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured


class RouteViews:
    """The view functions of one app's page routes, by function name."""

    def __init__(self, app_label: str):
        self.app_label = app_label
        self._views: dict[str, Callable] = {}

    def register(self, view: Callable) -> Callable:
        """Decorator: `view` answers the routes that name it."""
        self._views[view.__name__] = view
        return view

    def __getitem__(self, name: str) -> Callable:
        try:
            return self._views[name]
        except KeyError:
            raise ImproperlyConfigured(
                f"No route view {name!r} in {self.app_label}: its views module registers "
                "its route views when imported by the app's ready()."
            ) from None
