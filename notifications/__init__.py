"""Notifications: the pages a person follows, and how they stop hearing about them.

Any page can be followed whose type has the follow routes
(`notifications.routes.FollowRoutesMixin`: ``<page>follow/`` and
``<page>unsubscribe/?token=…``). A follow belongs to the page's source-language
instance, so translations share it. This app knows no app above it: what a
follower is told about, and when, belongs to the app whose news it is (projects
records its events and e-mails them to the followers of a project and of the
consultation or budget it came from), which reads `Follow` and signs its e-mails'
unsubscribe links with `notifications.tokens`.
"""
