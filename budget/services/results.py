"""Writes of participatory-budget results: freezing them (one transaction)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log, registry

from consultations.models import PhaseKind
from core import pagecache
from core.dates import long_date
from core.tenancy import site_for_page

from ..models import BudgetPage
from ..personal_data import forget_voter_hashes
from ..results import count_results, results_as_dict

# Wagtail history action; registered by `budget.admin_results.register_log_actions`.
FREEZE_ACTION = "budget.freeze_results"


def freeze_refusal(page, today: date | None = None) -> str | None:
    """Why the page's results cannot be frozen today, or None if they can."""
    today = today or timezone.localdate()
    source = page.source_page
    if source.results_frozen_at:
        return _("The results were already frozen on %(date)s.") % {
            "date": long_date(timezone.localdate(source.results_frozen_at))
        }
    vote = source.phase_of_kind(PhaseKind.VOTE)
    if vote is None:
        return _("This budget has no vote phase, so it has no results to freeze.")
    if today <= vote.end:
        return _(
            "The vote is open until %(date)s: the results can be frozen once it has closed."
        ) % {"date": long_date(vote.end)}
    return None


@transaction.atomic
def freeze_results(*, page, staff) -> dict:
    """Count the ballots one last time and store the results on the budget page for good.

    The figures published afterwards are the stored ones (``frozen_results``), and the
    vote rules refuse new ballots once ``results_frozen_at`` is set. The page row is
    updated with a queryset, so the page's revisions are left untouched. Raises
    ValueError, with a message for the staff member, if the results are already frozen
    or the vote has not closed yet. Returns the stored results.
    """
    source = page.source_page
    locked = BudgetPage.objects.select_for_update().get(pk=source.pk)
    refusal = freeze_refusal(locked)
    if refusal:
        raise ValueError(refusal)
    results = results_as_dict(count_results(locked))
    frozen_at = timezone.now()
    BudgetPage.objects.filter(pk=locked.pk).update(
        results_frozen_at=frozen_at, frozen_results=results
    )
    # No ballot can come any more: deleted voters' hashes have served their purpose.
    forget_voter_hashes(page_ids=[locked.pk])
    if registry.action_exists(FREEZE_ACTION):
        log(
            instance=locked,
            action=FREEZE_ACTION,
            user=staff,
            data={"winners": results["winners"], "ballots": results["ballots"]["total"]},
        )
    # The caller's page object shows the new state too (it is the source, or its
    # `source_page` is, and results are always read from the source).
    source.results_frozen_at = frozen_at
    source.frozen_results = results
    # The page row changed (read while routing): the commune's pages are stale.
    site = site_for_page(source)
    keys = [pagecache.page_key(source.pk), pagecache.ballots_key(source.pk)]
    pagecache.bump_on_commit(*keys, *([pagecache.site_key(site.pk)] if site else []))
    return results
