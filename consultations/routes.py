"""URL routes under every participation page (the public URL contract of DESIGN.md).

Routes stay thin: each hands over to a view function of the app, registered in
`ROUTE_VIEWS` by its views module (see core.routing): the models never import views.
"""

from wagtail.contrib.routable_page.models import path, re_path

from core.routing import RouteViews

ROUTE_VIEWS = RouteViews("consultations")


class ParticipationRoutesMixin:
    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("proposals/", name="proposals")
    def proposals_route(self, request):
        return ROUTE_VIEWS["proposal_list"](request, self)

    @path("proposals/new/", name="proposal_new")
    def proposal_new_route(self, request):
        return ROUTE_VIEWS["proposal_create"](request, self)

    @path("proposals/similar/", name="proposal_similar")
    def proposal_similar_route(self, request):
        return ROUTE_VIEWS["proposal_similar"](request, self)

    # Wagtail hands routes their path with a trailing slash; files are linked without.
    @re_path(r"^proposals/export\.csv/?$", name="proposals_export")
    def proposals_export_route(self, request):
        return ROUTE_VIEWS["proposals_export"](request, self)

    @path("proposals/<int:proposal_id>/", name="proposal")
    def proposal_route(self, request, proposal_id):
        return ROUTE_VIEWS["proposal_detail"](request, self, proposal_id)

    @path("proposals/<int:proposal_id>/edit/", name="proposal_edit")
    def proposal_edit_route(self, request, proposal_id):
        return ROUTE_VIEWS["proposal_edit"](request, self, proposal_id)

    @path("proposals/<int:proposal_id>/support/", name="proposal_support")
    def proposal_support_route(self, request, proposal_id):
        return ROUTE_VIEWS["proposal_support"](request, self, proposal_id)

    @path("proposals/<int:proposal_id>/comments/", name="proposal_comments")
    def proposal_comments_route(self, request, proposal_id):
        return ROUTE_VIEWS["comment_create"](request, self, proposal_id=proposal_id)

    @path("proposals/<int:proposal_id>/report/", name="proposal_report")
    def proposal_report_route(self, request, proposal_id):
        return ROUTE_VIEWS["report_content"](request, self, proposal_id=proposal_id)

    @path("comments/", name="comments")
    def comments_route(self, request):
        return ROUTE_VIEWS["comment_create"](request, self)

    # A comment's permalink: the page of threads that holds it (`views.comment_permalink`).
    @path("comments/<int:comment_id>/", name="comment")
    def comment_route(self, request, comment_id):
        return ROUTE_VIEWS["comment_permalink"](request, self, comment_id)

    @path("comments/<int:comment_id>/delete/", name="comment_delete")
    def comment_delete_route(self, request, comment_id):
        return ROUTE_VIEWS["comment_delete"](request, self, comment_id)

    @path("comments/<int:comment_id>/report/", name="comment_report")
    def comment_report_route(self, request, comment_id):
        return ROUTE_VIEWS["report_content"](request, self, comment_id=comment_id)
