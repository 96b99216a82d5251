"""Admin registrations of accountability: the report, its menu item, the dashboard panel."""

from wagtail import hooks

from . import admin_views

hooks.register("register_admin_urls", admin_views.register_admin_urls)
hooks.register("register_reports_menu_item", admin_views.register_report_menu_item)
hooks.register("construct_homepage_panels", admin_views.add_accountability_panel)
