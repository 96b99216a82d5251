"""Every write of the budget app, one keyword-only function and one transaction each.

Grouped by subject in this package; import them from here.
"""

from .ballots import BallotRejected, cast_ballot, validate_ballot
from .paper import enter_paper_ballot
from .results import freeze_results
from .review import ReviewRefused, review_project

__all__ = [
    "BallotRejected",
    "ReviewRefused",
    "cast_ballot",
    "enter_paper_ballot",
    "freeze_results",
    "review_project",
    "validate_ballot",
]
