"""A URLconf with a view that fails, to see the 500 page as visitors do."""

from django.urls import path

from config.urls import handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *urlpatterns]
