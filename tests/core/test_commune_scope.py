"""core.tenancy.CommuneScope: the one primitive every commune-scoped read builds on."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Site

from accounts.factories import UserFactory
from consultations.factories import ProposalFactory, make_consultation
from consultations.models import Proposal
from consultations.queries import answer_overdue
from core.tenancy import CommuneScope, commune_pages_q
from home.queries import commitment_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_communes(belval, montclair):
    belval_page = make_consultation(parent=belval.home, title="Le parc", slug="parc")
    montclair_page = make_consultation(parent=montclair.home, title="Les quais", slug="quais")
    return (
        ProposalFactory(page=belval_page, title="Des bancs"),
        ProposalFactory(page=montclair_page, title="Une guinguette"),
    )


def test_a_commune_is_every_localized_root_of_its_site(belval, montclair):
    scope = CommuneScope.of_sites(Site.objects.filter(pk=belval.site.pk))

    assert {root.path for root in scope.roots} == {page.path for page in belval.home_pages.values()}
    assert {root.site_id for root in scope.roots} == {belval.site.pk}
    assert {root.name for root in scope.roots} == {belval.site.site_name}


def test_contributions_are_filtered_through_their_page(two_communes, belval, montclair):
    ours, theirs = two_communes
    scope = CommuneScope.of_sites(Site.objects.filter(pk=belval.site.pk))

    assert list(scope.filter(Proposal.objects.all())) == [ours]
    assert list(scope.filter(Page.objects.filter(pk=theirs.page.pk), prefix="")) == []


def test_several_communes_annotate_each_row_with_its_own(two_communes, belval, montclair):
    ours, theirs = two_communes
    scope = CommuneScope.of_sites(Site.objects.filter(pk__in=[belval.site.pk, montclair.site.pk]))
    rows = dict(
        scope.filter(Proposal.objects.all())
        .annotate(site=scope.site_of(), commune=scope.commune_name())
        .values_list("pk", "site")
    )
    names = dict(
        Proposal.objects.annotate(commune=scope.commune_name()).values_list("pk", "commune")
    )

    assert rows == {ours.pk: belval.site.pk, theirs.pk: montclair.site.pk}
    assert names == {ours.pk: belval.site.site_name, theirs.pk: montclair.site.site_name}


def test_a_staff_member_covers_only_the_communes_of_their_groups(two_communes, belval):
    ours, _theirs = two_communes
    moderator = UserFactory(groups=[belval.moderators])
    outsider = UserFactory(groups=[Group.objects.create(name="Nulle part")])
    superuser = UserFactory(is_superuser=True)

    assert list(CommuneScope.of_user(moderator).filter(Proposal.objects.all())) == [ours]
    assert not CommuneScope.of_user(outsider).filter(Proposal.objects.all()).exists()
    assert CommuneScope.of_user(superuser).unrestricted
    assert CommuneScope.of_user(superuser).filter(Proposal.objects.all()).count() == 2


def test_a_scope_without_commune_selects_nothing(two_communes):
    scope = CommuneScope.of_sites(Site.objects.none())

    assert scope.roots == []
    assert not scope.filter(Proposal.objects.all()).exists()
    assert not Proposal.objects.filter(scope.q()).exists()


def test_the_roots_are_read_once_when_first_needed(belval, django_assert_num_queries):
    with django_assert_num_queries(0):
        scope = CommuneScope.of_sites(Site.objects.filter(pk=belval.site.pk))
    with django_assert_num_queries(1):
        assert scope.roots
        assert scope.roots


def test_pages_of_a_commune_with_or_without_its_roots(belval):
    page = make_consultation(parent=belval.home, title="Le parc", slug="parc")
    inclusive = set(Page.objects.filter(commune_pages_q(belval.site)).values_list("pk", flat=True))
    below = set(
        Page.objects.filter(commune_pages_q(belval.site, inclusive=False)).values_list(
            "pk", flat=True
        )
    )

    assert belval.home.pk in inclusive
    assert page.pk in inclusive
    assert belval.home.pk not in below
    assert page.pk in below


def test_annotations_reach_the_roots_and_per_commune_conditions(two_communes, belval):
    ours, _theirs = two_communes
    belval.settings.answer_commitment_days = 10
    belval.settings.save()
    scope = CommuneScope.of_sites(
        Site.objects.filter(pk=belval.site.pk), answer_commitment_days=commitment_days()
    )
    assert {root.extra["answer_commitment_days"] for root in scope.roots} == {10}

    Proposal.objects.filter(pk=ours.pk).update(created_at=timezone.now() - timedelta(days=11))
    overdue = dict(
        scope.filter(Proposal.objects.all())
        .annotate(late=answer_overdue(scope, timezone.now()))
        .values_list("pk", "late")
    )
    assert overdue == {ours.pk: True}

    Proposal.objects.filter(pk=ours.pk).update(created_at=F("created_at") + timedelta(days=2))
    in_time = scope.filter(Proposal.objects.all()).annotate(
        late=answer_overdue(scope, timezone.now())
    )
    assert dict(in_time.values_list("pk", "late")) == {ours.pk: False}
