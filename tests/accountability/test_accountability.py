"""Accountability figures, their admin panel and report, exports and the public block."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from accountability.figures import commune_figures, figures_for_site
from accounts.factories import SuperuserFactory, UserFactory
from budget.factories import make_budget
from budget.models import Ballot, BallotChannel, BudgetPage
from consultations.factories import (
    CitizenFactory,
    CommentFactory,
    ProposalFactory,
    make_consultation,
)
from consultations.models import Proposal, ProposalStatus, Support
from home.factories import StandardPageFactory
from home.services import commune_changed
from projects.factories import make_project, make_project_index
from projects.models import ProjectIndexPage, ProjectStatus
from tests.communes import READS
from tests.snapshots import Snapshots

REPORT = "/admin/accountability/"


def ago(days):
    return timezone.now() - timedelta(days=days)


def proposal(page, *, days_ago, answered_after=None, **fields):
    item = ProposalFactory(page=page, **fields)
    created = ago(days_ago)
    answered = created + timedelta(days=answered_after) if answered_after is not None else None
    Proposal.objects.filter(pk=item.pk).update(created_at=created, first_answered_at=answered)
    return item


def commune_data(commune, *, prefix):
    """A hand-built data set; the expected figures are in `EXPECTED`."""
    site = commune.site
    alice = CitizenFactory(email=f"alice@{prefix}.org", residence=site)
    bob = CitizenFactory(email=f"bob@{prefix}.org", residence=site)
    carol = CitizenFactory(email=f"carol@{prefix}.org")
    dave = CitizenFactory(email=f"dave@{prefix}.org")
    erin = CitizenFactory(email=f"erin@{prefix}.org")
    frank = CitizenFactory(email=f"frank@{prefix}.org")
    consultation = make_consultation(parent=commune.home, slug=f"consultation-{prefix}")
    p1 = proposal(consultation, days_ago=100, answered_after=30, author=alice)  # in time
    proposal(consultation, days_ago=100, answered_after=80, author=None)  # late
    proposal(consultation, days_ago=70, author=None, title=f"En retard {prefix}")  # overdue
    proposal(consultation, days_ago=10, author=bob)  # not due yet
    proposal(consultation, days_ago=200, author=None, status=ProposalStatus.MERGED)
    proposal(consultation, days_ago=100, author=None, is_hidden=True)
    comment = CommentFactory(page=consultation, proposal=p1, author=carol)
    type(comment).objects.filter(pk=comment.pk).update(created_at=ago(120))
    CommentFactory(page=consultation, proposal=p1, author=frank, is_deleted=True)
    Support.objects.create(proposal=p1, user=dave)
    budget = make_budget(parent=commune.home, slug=f"budget-{prefix}")
    Ballot.objects.create(page=budget, voter=erin, voter_hash=f"{prefix}-erin")
    Ballot.objects.create(page=budget, voter_hash=f"{prefix}-paper", channel=BallotChannel.PAPER)
    index = make_project_index(parent=commune.home, slug=f"projets-{prefix}")
    for status, planned, spent in (
        (ProjectStatus.DONE, "1000", "900"),
        (ProjectStatus.IN_PROGRESS, "5000", "1200"),
        (ProjectStatus.CANCELLED, "300", "50"),
        (ProjectStatus.PLANNED, "200", "0"),
    ):
        make_project(
            index=index,
            status=status,
            status_reason="Raison publique.",
            budget_planned=Decimal(planned),
            budget_spent=Decimal(spent),
        )
    make_project(index=index, publish=False, budget_planned=Decimal("99999"))  # a draft
    return consultation


EXPECTED = {
    "proposals_received": 6,
    "residents": 2,
    "contributors": 5,  # alice, bob, carol, dave, erin (frank's comment is deleted)
    "active_participants": 3,  # bob, dave, erin
    "ballots": 2,
    "answered_on_time": 1,
    "answered_late": 1,
    "overdue_count": 1,
    "answered_on_time_percent": 33,
    "projects_planned": 1,
    "projects_in_progress": 1,
    "projects_done": 1,
}


_communes: dict = {}


def _build_data() -> None:
    belval, montclair = _communes["belval"], _communes["montclair"]
    commune_data(belval, prefix="belval")
    commune_data(montclair, prefix="montclair")
    # Montclair gets one more overdue proposal, so its figures differ from Belval's.
    page = make_consultation(parent=montclair.home, slug="autre")
    proposal(page, days_ago=90, author=None, title="Secret de Montclair")


def _after_replay(_result) -> None:
    for site in Site.objects.all():
        commune_changed(site=site)


# Built once per test process, then written back (tests/snapshots.py): its pages take
# most of a test's time otherwise.
_data = Snapshots(
    _build_data,
    record=lambda _result: None,
    refetch=lambda _keys: None,
    reads=(*READS, "accounts_user"),
    after_replay=_after_replay,
)


@pytest.fixture
def data(belval, montclair):
    _communes.update(belval=belval, montclair=montclair)
    _data()
    return belval, montclair


@pytest.fixture
def busier_montclair(data):
    """Montclair with more residents, paper ballots and finished projects, so that
    each of its figures differs from Belval's and from its other figures."""
    belval, montclair = data
    for number in range(6):
        CitizenFactory(email=f"habitant{number}@montclair.org", residence=montclair.site)
    budget = BudgetPage.objects.get(slug="budget-montclair")
    for number in range(4):
        Ballot.objects.create(
            page=budget, voter_hash=f"montclair-paper-{number}", channel=BallotChannel.PAPER
        )
    index = ProjectIndexPage.objects.get(slug="projets-montclair")
    for _number in range(3):
        make_project(
            index=index,
            status=ProjectStatus.DONE,
            budget_planned=Decimal("1000"),
            budget_spent=Decimal("950"),
        )
    return belval, montclair


@pytest.fixture
def montclair_editor(montclair):
    return UserFactory(email="editeur@montclair.localhost", groups=[montclair.editors])


def test_figures_match_the_hand_built_data_set(data):
    belval, montclair = data
    figures = figures_for_site(belval.site)
    for name, value in EXPECTED.items():
        assert getattr(figures, name) == value, name
    assert [p.title for p in figures.overdue] == ["En retard belval"]
    assert figures.overdue[0].days_late == 10
    [money] = figures.money
    assert (money.currency, money.allocated, money.spent) == ("EUR", Decimal(6200), Decimal(2150))
    other = figures_for_site(montclair.site)
    assert other.proposals_received == 7
    assert [p.title for p in other.overdue] == ["Secret de Montclair", "En retard montclair"]


def test_commitment_of_the_commune_is_used(data):
    belval, _montclair = data
    belval.settings.answer_commitment_days = 90
    belval.settings.save()
    figures = figures_for_site(belval.site)
    # Now both answers came in time, and the 70-day-old proposal is not overdue yet.
    assert (figures.answered_on_time, figures.answered_late, figures.overdue_count) == (2, 0, 0)


def test_report_is_scoped_to_the_communes_of_the_user(client, data, montclair_editor):
    belval, _montclair = data
    client.force_login(montclair_editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Montclair" in html
    assert "Secret de Montclair" in html
    assert "Belval" not in html
    assert "En retard belval" not in html
    # Admin 404s come back as a redirect to /fr/admin/…, which then answers 404.
    for query in ({"commune": belval.site.pk}, {"commune": belval.site.pk, "export": "csv"}):
        response = client.get(REPORT, query, follow=True)
        assert response.status_code == 404
        assert b"En retard belval" not in response.content
    assert client.get(REPORT, {"commune": "x"}, follow=True).status_code == 404


def test_user_without_commune_is_refused(client, data):
    client.force_login(UserFactory(email="staff@example.org", is_staff=True, is_superuser=False))
    response = client.get(REPORT, follow=True)
    # Sent to the admin login (no admin access), never shown any figure.
    assert response.redirect_chain
    assert b"En retard" not in response.content


def test_exports_are_scoped(client, data, montclair_editor):
    _belval, montclair = data
    client.force_login(montclair_editor)
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Commune"
    assert [row[0] for row in rows[1:]] == ["Montclair"]
    assert rows[1][1] == "7"
    response = client.get(REPORT, {"export": "xlsx", "commune": montclair.site.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert [row[0] for row in values[1:]] == ["Montclair"]


def test_superuser_sees_every_commune(client, data):
    client.force_login(SuperuserFactory(email="root@example.org"))
    rows = list(csv.reader(io.StringIO(client.get(REPORT, {"export": "csv"}).content.decode())))
    assert [row[0] for row in rows[1:]] == ["Belval", "Montclair"]


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def table_rows(html: str) -> list[list[str]]:
    """The cells of each row of the table's body, as text."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_dashboard_panel_is_scoped(client, busier_montclair, montclair_editor):
    client.force_login(montclair_editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = re.search(r'<section [^>]*id="accountability-section".*?</section>', html, re.S)
    assert panel, "no accountability panel on the dashboard"
    panel = panel.group(0)
    assert "Suivi des engagements" in panel
    assert f'href="{REPORT}"' in panel
    # Montclair's figures only, each in its column.
    assert table_rows(panel) == [
        [
            "Montclair",
            "7",  # proposals received
            "8",  # registered residents
            "5",  # people who took part
            "3",  # active in the last 90 days
            "6",  # ballots
            "25 % (1 sur 4, en 60 jours)",
            "2",  # overdue
            "1",  # projects in progress
            "4",  # projects done
            "9 200 € / 5 000 €",
        ]
    ]
    assert "Belval" not in html


def test_report_query_count_does_not_grow_with_the_data(client, belval, montclair):
    user = SuperuserFactory(email="root@example.org")
    client.force_login(user)
    commune_data(belval, prefix="belval")
    # Once first, so that what a process caches on its first report (content types)
    # is not counted in one measure only.
    assert client.get(REPORT).status_code == 200
    with CaptureQueriesContext(connection) as small:
        assert client.get(REPORT).status_code == 200
    commune_data(montclair, prefix="montclair")
    page = make_consultation(parent=belval.home, slug="encore")
    for days in (70, 80, 90, 100):
        proposal(page, days_ago=days, author=CitizenFactory())
    with CaptureQueriesContext(connection) as large:
        assert client.get(REPORT).status_code == 200
    assert len(large) == len(small)


def test_figures_query_count_is_fixed(data):
    from wagtail.models import Site

    with CaptureQueriesContext(connection) as queries:
        commune_figures(Site.objects.all())
    assert len(queries) <= 12


def test_block_shows_the_commune_figures_without_names(client, data):
    belval, _montclair = data
    page = StandardPageFactory(
        parent=belval.home,
        title="Nos engagements",
        slug="engagements",
    )
    page.body = [("commitments", {"heading": "", "intro": "Ce que nous avons promis."})]
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.body[0].block_type == "commitments"
    response = client.get(page.url, HTTP_HOST="belval.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce que nous avons promis." in html
    assert "Nos engagements" in html
    assert "Propositions reçues" in html
    assert "33" in html
    assert "En retard belval" not in html  # no titles, no names
    assert "alice" not in html.lower()


def commitments_page(commune, slug):
    page = StandardPageFactory(parent=commune.home, title="Nos engagements", slug=slug)
    page.body = [("commitments", {"heading": "", "intro": ""})]
    page.save_revision().publish()
    return page


def commitments_shown(client, page, hostname) -> dict[str, str]:
    """The figures of the page's "our commitments" block: label → figure."""
    html = client.get(page.url, HTTP_HOST=hostname).content.decode()
    block = re.search(r'<dl class="commitments__figures">(.*?)</dl>', html, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {text_of(label): text_of(figure) for label, figure in pairs}


def test_the_commitments_block_shows_its_own_communes_figures_only(client, busier_montclair):
    belval, montclair = busier_montclair
    montclair.settings.answer_commitment_days = 45
    montclair.settings.save()
    on_belval = commitments_shown(
        client, commitments_page(belval, "engagements"), "belval.localhost"
    )
    on_montclair = commitments_shown(
        client, commitments_page(montclair, "nos-engagements"), "montclair.localhost"
    )
    assert on_belval == {
        "Propositions reçues": "6",
        "Propositions ayant reçu une réponse en 60 jours": "33 % (1 sur 3)",
        "Propositions sans réponse au-delà du délai promis": "1",
        "Habitants inscrits": "2",
        "Personnes ayant participé": "5",
        "Actifs ces 90 derniers jours": "3",
        "Bulletins déposés": "2",
        "Projets en cours": "1",
        "Projets réalisés": "1",
        "Montant alloué aux projets (EUR)": "6 200 €",
        "Montant dépensé (EUR)": "2 150 €",
    }
    assert on_montclair == {
        "Propositions reçues": "7",
        "Propositions ayant reçu une réponse en 45 jours": "25 % (1 sur 4)",
        "Propositions sans réponse au-delà du délai promis": "2",
        "Habitants inscrits": "8",
        "Personnes ayant participé": "5",
        "Actifs ces 90 derniers jours": "3",
        "Bulletins déposés": "6",
        "Projets en cours": "1",
        "Projets réalisés": "4",
        "Montant alloué aux projets (EUR)": "9 200 €",
        "Montant dépensé (EUR)": "5 000 €",
    }
