"""Every route of the URL configuration, for tests that enumerate routes from the code
(admin isolation, log-in routes, spreadsheet exports) so that a new one cannot escape."""

from django.urls import URLResolver, get_resolver


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback


def all_routes():
    """(route, namespaced name or None, view callback) of every URL pattern."""
    return _walk(get_resolver().url_patterns)
