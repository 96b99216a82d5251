"""Admin registrations of projects: the winners' projects screen and its buttons."""

from wagtail import hooks

from . import admin_views

hooks.register("register_admin_urls", admin_views.register_admin_urls)
hooks.register("register_page_header_buttons", admin_views.page_header_buttons)
hooks.register("register_page_listing_more_buttons", admin_views.page_listing_more_buttons)
