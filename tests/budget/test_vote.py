"""Casting ballots: each method's rules, one ballot per person, replacement, refusals;
the ballot page and its filters."""

import html
import re
from decimal import Decimal

import pytest
from django.test import Client

from budget import services
from budget.factories import make_budget
from budget.models import Ballot, BallotChoice, voter_hash
from consultations.factories import (
    CategoryFactory,
    CitizenFactory,
    DistrictFactory,
    ProposalFactory,
)
from consultations.models import PhaseKind, ProposalStatus
from consultations.services import ParticipationRefused
from tests.consultations.helpers import HOST, sub

pytestmark = pytest.mark.django_db


def vote(client, page, data):
    return client.post(sub(page, "vote"), data, **HOST)


def stored(ballot):
    return list(ballot.choices.values_list("proposal_id", "points"))


def test_ranked_ballot_is_stored_with_points_by_rank_and_shown_back(
    client, ranked_budget, budget_projects, citizen
):
    first, second, third, _fourth = budget_projects(ranked_budget)
    client.force_login(citizen)
    response = vote(client, ranked_budget, {"projects": [third.pk, first.pk, second.pk]})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert stored(ballot) == [(third.pk, 3), (first.pk, 2), (second.pk, 1)]
    assert ballot.voter_hash == voter_hash(citizen.email)
    assert citizen.email not in ballot.voter_hash

    page = client.get(sub(ranked_budget, "vote"), **HOST).text
    assert "Votre bulletin enregistré" in page
    assert page.index("Projet 3") < page.index("Projet 1")


def test_a_ballot_is_replaced_not_added(client, ranked_budget, budget_projects, citizen):
    first, second, *_ = budget_projects(ranked_budget)
    client.force_login(citizen)
    vote(client, ranked_budget, {"projects": [first.pk]})
    vote(client, ranked_budget, {"projects": [second.pk, first.pk]})
    assert Ballot.objects.count() == 1
    assert stored(Ballot.objects.get()) == [(second.pk, 3), (first.pk, 2)]


def test_changing_e_mail_address_does_not_give_a_second_vote(
    ranked_budget, budget_projects, citizen
):
    first, second, *_ = budget_projects(ranked_budget)
    services.cast_ballot(page=ranked_budget, voter=citizen, projects=[first.pk])
    citizen.email = "lea.nouvelle@example.org"
    citizen.save(update_fields=["email"])
    services.cast_ballot(page=ranked_budget, voter=citizen, projects=[second.pk])
    assert Ballot.objects.count() == 1
    ballot = Ballot.objects.get()
    assert stored(ballot) == [(second.pk, 3)]
    # The first address's hash stays: nobody else can vote with that address.
    assert ballot.voter_hash == voter_hash("lea@example.org")


@pytest.mark.parametrize(
    ("make_data", "message"),
    [
        (lambda p: {"projects": [p[0].pk, p[0].pk]}, "choisi deux fois"),
        (lambda p: {"projects": [p[0].pk, p[1].pk, p[2].pk, p[3].pk]}, "au plus 3 projets"),
        (lambda p: {"projects": ["999999"]}, "pas sur ce bulletin"),
        (lambda p: {"projects": ["abc"]}, "pas sur ce bulletin"),
        (lambda p: {"projects": []}, "au moins un projet"),
    ],
)
def test_bad_ranked_ballots_are_refused(
    client, ranked_budget, budget_projects, citizen, make_data, message
):
    projects = budget_projects(ranked_budget)
    client.force_login(citizen)
    response = vote(client, ranked_budget, make_data(projects))
    assert response.status_code == 400
    assert message in response.text
    assert not Ballot.objects.exists()


def test_ineligible_and_foreign_projects_are_refused(
    client, belval, montclair, ranked_budget, budget_projects, citizen
):
    budget_projects(ranked_budget)
    ineligible = ProposalFactory(
        page=ranked_budget, status=ProposalStatus.INELIGIBLE, estimated_cost=Decimal("100")
    )
    other_budget = make_budget(parent=montclair.home)
    foreign = ProposalFactory(
        page=other_budget, status=ProposalStatus.ELIGIBLE, estimated_cost=Decimal("100")
    )
    client.force_login(citizen)
    for project in (ineligible, foreign):
        assert vote(client, ranked_budget, {"projects": [project.pk]}).status_code == 400
    assert not Ballot.objects.exists()


def test_approval_limits(belval, budget_projects, citizen):
    page = make_budget(parent=belval.home, ballot_method="approval", min_choices=2, max_choices=3)
    projects = budget_projects(page)
    with pytest.raises(services.BallotRejected, match="au moins 2 projets"):
        services.cast_ballot(page=page, voter=citizen, projects=[projects[0].pk])
    with pytest.raises(services.BallotRejected, match="au plus 3 projets"):
        services.cast_ballot(page=page, voter=citizen, projects=[p.pk for p in projects])
    assert not Ballot.objects.exists()
    assert not BallotChoice.objects.exists()
    ballot = services.cast_ballot(
        page=page, voter=citizen, projects=[projects[0].pk, projects[1].pk]
    )
    assert stored(ballot) == [(projects[0].pk, 1), (projects[1].pk, 1)]


def test_knapsack_total_must_fit_the_envelope(belval, budget_projects, citizen):
    page = make_budget(parent=belval.home, ballot_method="knapsack", envelope=Decimal("60000"))
    big, medium, small, tiny = budget_projects(page)
    with pytest.raises(services.BallotRejected, match="plus que le budget"):
        services.cast_ballot(page=page, voter=citizen, projects=[big.pk, medium.pk])
    assert not Ballot.objects.exists()
    assert not BallotChoice.objects.exists()
    ballot = services.cast_ballot(page=page, voter=citizen, projects=[big.pk, small.pk, tiny.pk])
    assert len(stored(ballot)) == 3


def test_cumulative_points(client, belval, budget_projects, citizen):
    page = make_budget(
        parent=belval.home, ballot_method="cumulative", total_points=7, max_points_per_project=3
    )
    first, second, *_ = budget_projects(page)
    client.force_login(citizen)
    assert vote(client, page, {f"points-{first.pk}": "4"}).status_code == 400  # over the cap
    assert (
        vote(client, page, {f"points-{first.pk}": "3", f"points-{second.pk}": "-1"}).status_code
        == 400
    )
    assert not Ballot.objects.exists()
    response = vote(client, page, {f"points-{first.pk}": "3", f"points-{second.pk}": "2"})
    assert response.status_code == 302
    assert stored(Ballot.objects.get()) == [(first.pk, 3), (second.pk, 2)]
    third_and_fourth = [p.pk for p in budget_projects(page, costs=[Decimal(1), Decimal(2)])]
    with pytest.raises(services.BallotRejected, match="vous en avez 7"):
        services.cast_ballot(
            page=page,
            voter=CitizenFactory(),
            projects=[first.pk, *third_and_fourth],
            points=dict.fromkeys([first.pk, *third_and_fourth], 3),
        )
    # Nine points over seven: neither a second ballot nor a change to the first.
    assert stored(Ballot.objects.get()) == [(first.pk, 3), (second.pk, 2)]
    # Nor may the citizen replace their ballot with one over the total.
    over = {f"points-{pid}": "3" for pid in (first.pk, *third_and_fourth)}
    assert vote(client, page, over).status_code == 400
    assert stored(Ballot.objects.get()) == [(first.pk, 3), (second.pk, 2)]


NOT_ON_BALLOT = "Un des projets choisis n'est pas sur ce bulletin."
CHOSEN_TWICE = "Un projet est choisi deux fois."
POINTS_NOT_WHOLE = "Donnez à chaque projet choisi un nombre entier de points, au moins 1."


def ballot_alert(response) -> str:
    """The alert above the ballot: why it was refused, as the citizen reads it."""
    found = re.search(r'role="alert" id="ballot-error"><p>(.*?)</p>', response.text, re.S)
    return html.unescape(found.group(1)) if found else ""


@pytest.mark.parametrize("method", ["approval", "knapsack", "ranked"])
@pytest.mark.parametrize(
    ("make_projects", "message"),
    [
        (lambda mine, theirs: [mine[0].pk, "abc"], NOT_ON_BALLOT),
        (lambda mine, theirs: ["²"], NOT_ON_BALLOT),  # a digit to Python, not to a ballot
        (lambda mine, theirs: ["-3"], NOT_ON_BALLOT),
        (lambda mine, theirs: [f"{mine[0].pk}.0"], NOT_ON_BALLOT),
        (lambda mine, theirs: ["9" * 30], NOT_ON_BALLOT),
        (lambda mine, theirs: [mine[0].pk, theirs["other page"].pk], NOT_ON_BALLOT),
        (lambda mine, theirs: [mine[0].pk, theirs["other commune"].pk], NOT_ON_BALLOT),
        (lambda mine, theirs: [mine[1].pk, f" {mine[1].pk} "], CHOSEN_TWICE),
        (lambda mine, theirs: [mine[1].pk, f"0{mine[1].pk}", "abc"], CHOSEN_TWICE),
    ],
    ids=[
        "letters",
        "superscript",
        "negative",
        "decimal",
        "too long",
        "other page",
        "other commune",
        "twice",
        "twice and letters",
    ],
)
def test_malformed_ballots_are_refused_with_a_clear_message_and_store_nothing(
    client, belval, montclair, budget_projects, citizen, method, make_projects, message
):
    page = make_budget(parent=belval.home, slug="budget", ballot_method=method, max_choices=3)
    mine = budget_projects(page)
    theirs = {
        "other page": budget_projects(make_budget(parent=belval.home, slug="autre"))[0],
        "other commune": budget_projects(make_budget(parent=montclair.home))[0],
    }
    client.force_login(citizen)
    response = vote(client, page, {"projects": make_projects(mine, theirs)})
    assert response.status_code == 400
    assert ballot_alert(response) == message
    assert not Ballot.objects.exists()
    assert not BallotChoice.objects.exists()


@pytest.mark.parametrize(
    ("make_data", "message"),
    [
        (lambda p, other: {f"points-{p[0].pk}": "-2"}, POINTS_NOT_WHOLE),
        (lambda p, other: {f"points-{p[0].pk}": "2.5"}, POINTS_NOT_WHOLE),
        (lambda p, other: {f"points-{p[0].pk}": "deux"}, POINTS_NOT_WHOLE),
        (lambda p, other: {f"points-{p[0].pk}": "1", "points-abc": "2"}, NOT_ON_BALLOT),
        (lambda p, other: {f"points-{p[0].pk}": "1", f"points-{other.pk}": "2"}, NOT_ON_BALLOT),
        (lambda p, other: {f"points-{p[0].pk}": "1", f"points-0{p[0].pk}": "2"}, CHOSEN_TWICE),
        # Projects named beside the points: every points input must still be a number.
        (
            lambda p, other: {"projects": [p[0].pk], f"points-{p[0].pk}": "2", "points-x": "y"},
            POINTS_NOT_WHOLE,
        ),
    ],
    ids=["negative", "decimal", "words", "bad id", "other page", "twice", "beside projects"],
)
def test_malformed_points_are_refused_with_a_clear_message_and_store_nothing(
    client, belval, budget_projects, citizen, make_data, message
):
    page = make_budget(
        parent=belval.home, slug="budget", ballot_method="cumulative", total_points=7
    )
    projects = budget_projects(page)
    other = budget_projects(make_budget(parent=belval.home, slug="autre"))[0]
    client.force_login(citizen)
    response = vote(client, page, make_data(projects, other))
    assert response.status_code == 400
    assert ballot_alert(response) == message
    assert not Ballot.objects.exists()


def test_points_left_blank_or_at_zero_choose_nothing(client, belval, budget_projects, citizen):
    page = make_budget(parent=belval.home, ballot_method="cumulative", total_points=7)
    first, second, third, _fourth = budget_projects(page)
    client.force_login(citizen)
    data = {f"points-{third.pk}": " 2 ", f"points-{first.pk}": "0", f"points-{second.pk}": ""}
    assert vote(client, page, {**data, "points-abc": "0"}).status_code == 302
    assert stored(Ballot.objects.get()) == [(third.pk, 2)]


def test_a_malformed_ballot_on_a_closed_vote_is_told_the_vote_is_closed(
    client, belval, budget_projects, citizen
):
    """The vote's rules come before the ballot's contents, as when a ballot is cast."""
    page = make_budget(
        parent=belval.home,
        phases=((PhaseKind.VOTE, -20, -1), (PhaseKind.RESULTS, 0, 20)),
        ballot_method="approval",
    )
    project, *_ = budget_projects(page)
    client.force_login(citizen)
    response = vote(client, page, {"projects": [project.pk, project.pk, "abc"]})
    assert response.status_code == 403
    assert "Le vote est clos depuis le" in response.text
    assert ballot_alert(response) == ""
    assert not Ballot.objects.exists()


def test_a_refused_ballot_is_shown_back_as_the_citizen_filled_it(
    client, ranked_budget, budget_projects, citizen
):
    first, second, third, fourth = budget_projects(ranked_budget)
    client.force_login(citizen)
    response = vote(
        client, ranked_budget, {"projects": [third.pk, "", first.pk, second.pk, fourth.pk]}
    )
    assert ballot_alert(response) == "Classez au plus 3 projets."

    def selected(rank):
        select = re.search(rf'<select id="rank-{rank}".*?</select>', response.text, re.S)
        return re.findall(r'<option value="(\d+)"[^>]* selected>', select.group(0))

    # Empty ranks are closed up, as the ballot is counted.
    assert [selected(rank) for rank in (1, 2, 3)] == [[str(p.pk)] for p in (third, first, second)]


@pytest.mark.parametrize(
    ("phases", "message"),
    [
        (((PhaseKind.REVIEW, -5, 5), (PhaseKind.VOTE, 6, 20)), "Le vote s&#x27;ouvrira le"),
        (((PhaseKind.VOTE, -20, -1), (PhaseKind.RESULTS, 0, 20)), "Le vote est clos depuis le"),
    ],
)
def test_votes_outside_the_vote_phase_are_refused(
    client, belval, budget_projects, citizen, phases, message
):
    page = make_budget(parent=belval.home, phases=phases, ballot_method="approval")
    project, *_ = budget_projects(page)
    client.force_login(citizen)
    response = vote(client, page, {"projects": [project.pk]})
    assert response.status_code == 403
    assert message in response.text
    assert not Ballot.objects.exists()


def test_under_age_and_non_residents_are_refused(belval, montclair, budget_projects):
    page = make_budget(parent=belval.home, ballot_method="approval", residents_only=True)
    project, *_ = budget_projects(page)
    with pytest.raises(ParticipationRefused, match="à partir de 16 ans"):
        services.cast_ballot(
            page=page,
            voter=CitizenFactory(birth_year=2015, residence=belval.site),
            projects=[project.pk],
        )
    with pytest.raises(ParticipationRefused, match="résidents"):
        services.cast_ballot(
            page=page, voter=CitizenFactory(residence=montclair.site), projects=[project.pk]
        )
    services.cast_ballot(
        page=page, voter=CitizenFactory(residence=belval.site), projects=[project.pk]
    )
    assert Ballot.objects.count() == 1


def test_a_forged_form_without_the_csrf_token_is_refused(ranked_budget, budget_projects, citizen):
    first, second, *_ = budget_projects(ranked_budget)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    response = vote(browser, ranked_budget, {"projects": [first.pk, second.pk]})
    assert response.status_code == 403
    assert not Ballot.objects.exists()

    # Nor can a forged form replace a ballot the citizen cast.
    services.cast_ballot(page=ranked_budget, voter=citizen, projects=[first.pk])
    response = vote(browser, ranked_budget, {"projects": [second.pk]})
    assert response.status_code == 403
    assert stored(Ballot.objects.get()) == [(first.pk, 3)]


def test_visitors_are_sent_to_log_in(client, ranked_budget, budget_projects):
    project, *_ = budget_projects(ranked_budget)
    response = vote(client, ranked_budget, {"projects": [project.pk]})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "Connectez-vous" in client.get(sub(ranked_budget, "vote"), **HOST).text


def test_frozen_results_close_the_vote(ranked_budget, budget_projects, citizen):
    from django.utils import timezone

    project, *_ = budget_projects(ranked_budget)
    type(ranked_budget).objects.filter(pk=ranked_budget.pk).update(results_frozen_at=timezone.now())
    ranked_budget.refresh_from_db()
    with pytest.raises(ParticipationRefused, match="définitifs"):
        services.cast_ballot(page=ranked_budget, voter=citizen, projects=[project.pk])


def test_a_ballot_checked_before_the_results_were_frozen_is_refused(
    ranked_budget, budget_projects, citizen
):
    """The request read the page while the vote was open; the results were frozen
    before its ballot reached the write transaction."""
    from django.utils import timezone

    project, *_ = budget_projects(ranked_budget)
    read_by_the_request = ranked_budget  # not refreshed: as the request found it
    type(ranked_budget).objects.filter(pk=ranked_budget.pk).update(results_frozen_at=timezone.now())
    with pytest.raises(ParticipationRefused, match="définitifs"):
        services.cast_ballot(page=read_by_the_request, voter=citizen, projects=[project.pk])
    assert not Ballot.objects.exists()


def test_a_ballot_checked_before_the_vote_was_closed_by_an_editor_is_refused(
    ranked_budget, budget_projects, citizen
):
    """An editor published the page with the vote ended yesterday after the request
    read it: the ballot is checked again against the published phases."""
    from datetime import timedelta

    from django.utils import timezone

    project, *_ = budget_projects(ranked_budget)
    read_by_the_request = ranked_budget
    read_by_the_request.phase_of_kind(PhaseKind.VOTE)  # its phases are read too
    edited = type(ranked_budget).objects.get(pk=ranked_budget.pk)
    vote_phase = next(phase for phase in edited.phases.all() if phase.kind == PhaseKind.VOTE)
    vote_phase.end = timezone.localdate() - timedelta(days=1)
    vote_phase.start = min(vote_phase.start, vote_phase.end)
    edited.phases = [vote_phase]
    edited.save_revision().publish()
    with pytest.raises(ParticipationRefused, match="Le vote est clos depuis le"):
        services.cast_ballot(page=read_by_the_request, voter=citizen, projects=[project.pk])
    assert not Ballot.objects.exists()


def test_a_ballot_waiting_for_the_lock_past_the_votes_last_day_is_refused(
    belval, budget_projects, citizen, monkeypatch
):
    """Checked on the vote's last day, written after midnight: refused, not stored."""
    from datetime import timedelta

    from django.utils import timezone

    from budget import rules

    page = make_budget(
        parent=belval.home,
        phases=((PhaseKind.VOTE, -3, 0), (PhaseKind.RESULTS, 1, 20)),
        ballot_method="approval",
    )
    project, *_ = budget_projects(page)
    tomorrow = timezone.localdate() + timedelta(days=1)
    real_lock = services.ballots.lock_budget_for_ballot

    def lock_after_midnight(page_id):
        state = real_lock(page_id)
        monkeypatch.setattr(rules.timezone, "localdate", lambda: tomorrow)
        return state

    monkeypatch.setattr(services.ballots, "lock_budget_for_ballot", lock_after_midnight)
    with pytest.raises(ParticipationRefused, match="Le vote est clos depuis le"):
        services.cast_ballot(page=page, voter=citizen, projects=[project.pk])
    assert not Ballot.objects.exists()


def test_casting_a_ballot_takes_a_constant_number_of_queries(
    ranked_budget, budget_projects, django_assert_max_num_queries
):
    projects = budget_projects(ranked_budget)
    voter = CitizenFactory()
    services.cast_ballot(page=ranked_budget, voter=voter, projects=[projects[0].pk])
    budget_projects(ranked_budget, costs=[Decimal("1000")] * 40)
    from django.db import connection

    # PostgreSQL takes its shared lock on the page with one more statement.
    with django_assert_max_num_queries(10 if connection.vendor == "postgresql" else 9):
        services.cast_ballot(page=ranked_budget, voter=voter, projects=[p.pk for p in projects[:3]])
    assert BallotChoice.objects.count() == 3


def test_budget_page_shows_its_rules_and_leads_to_the_vote(client, ranked_budget, citizen):
    client.force_login(citizen)
    text = client.get(ranked_budget.url, **HOST).text
    assert "200\u00a0000\u00a0€" in text
    assert "Relève de la compétence de la commune" in text
    assert f'href="{sub(ranked_budget, "vote")}"' in text
    assert "Budget participatif 2026" in client.get("/fr/", **HOST).text


def test_the_ballot_page_queries_do_not_grow_with_projects(
    client, belval, ranked_budget, budget_projects, citizen
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(citizen)
    # Districts first: a new one makes the commune's cached pages and sites stale.
    district, *others = (
        DistrictFactory(site=belval.site, name=f"Quartier {number}") for number in range(31)
    )
    budget_projects(ranked_budget, district=district)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(sub(ranked_budget, "vote"), **HOST).status_code == 200
        return len(captured)

    queries()  # warm the per-process caches (site root paths, locales)
    few = queries()
    for other in others:  # each in its own district: none is read on its own
        budget_projects(ranked_budget, costs=[Decimal("1000")], district=other)
    assert queries() == few


def filter_options(html: str, name: str) -> list[tuple[str, str]] | None:
    """The (value, label) options of the ballot's `name` filter; None when it is absent."""
    select = re.search(rf'<select id="ballot-filter-{name}"[^>]*>(.*?)</select>', html, re.S)
    if select is None:
        return None
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', select.group(1))


def card_data(html: str, name: str) -> list[str]:
    """The `data-<name>` of each project card, in ballot order."""
    return re.findall(rf'<li [^>]*data-{name}="([^"]*)"', html)


def test_the_district_filter_offers_the_districts_of_the_ballots_projects_only(
    client, belval, ranked_budget, budget_projects
):
    gare, ecluse, centre, elsewhere, hidden_there = (
        DistrictFactory(site=belval.site, name=name)
        for name in ("Gare", "Écluse", "Centre-ville", "Les Prés", "Vieux-Bourg")
    )
    first, second, third, fourth = budget_projects(ranked_budget)
    for project, district in ((first, gare), (second, ecluse), (third, centre), (fourth, gare)):
        project.district = district
        project.save(update_fields=["district"])
    ProposalFactory(
        page=ranked_budget, status=ProposalStatus.INELIGIBLE, estimated_cost=1, district=elsewhere
    )
    ProposalFactory(
        page=ranked_budget,
        status=ProposalStatus.ELIGIBLE,
        estimated_cost=1,
        is_hidden=True,
        district=hidden_there,
    )
    budget_projects(ranked_budget, costs=[Decimal("500")])  # a project without a district

    html = client.get(sub(ranked_budget, "vote"), **HOST).text
    # Sorted by name, accents aside; each district once; none without a project here.
    assert filter_options(html, "district") == [
        ("", "tous les quartiers"),
        (str(centre.pk), "Centre-ville"),
        (str(ecluse.pk), "Écluse"),
        (str(gare.pk), "Gare"),
    ]
    assert '<label for="ballot-filter-district">Quartier</label>' in html
    assert card_data(html, "district") == [str(d.pk) for d in (gare, ecluse, centre, gare)] + [""]
    # Without JavaScript the filter stays hidden: every project is listed.
    assert html.count("data-ballot-filter hidden") == 1


def test_no_district_filter_when_no_project_has_a_district(
    client, belval, ranked_budget, budget_projects
):
    DistrictFactory(site=belval.site, name="Gare")  # the commune's, but no project's
    budget_projects(ranked_budget)
    html = client.get(sub(ranked_budget, "vote"), **HOST).text
    assert filter_options(html, "district") is None
    assert card_data(html, "district") == [""] * 4
    assert "data-ballot-filter" not in html


def test_the_category_filter_offers_the_budgets_categories(client, belval, budget_projects):
    nature, mobility = (
        CategoryFactory(site=belval.site, name=name, locale=belval.home.locale)
        for name in ("Nature en ville", "Mobilité")
    )
    page = make_budget(parent=belval.home, ballot_method="approval", categories=[nature, mobility])
    first, *_ = budget_projects(page)
    first.category = nature
    first.save(update_fields=["category"])

    html = client.get(sub(page, "vote"), **HOST).text
    # Every category citizens could choose, even one no project has yet.
    assert filter_options(html, "category") == [
        ("", "toutes les catégories"),
        (str(mobility.pk), "Mobilité"),
        (str(nature.pk), "Nature en ville"),
    ]
    assert '<label for="ballot-filter-category">Afficher les projets de</label>' in html
    assert card_data(html, "category") == [str(nature.pk), "", "", ""]
    assert filter_options(html, "district") is None


def test_a_ballot_sent_in_a_language_the_commune_lacks_is_cast_not_redirected(
    client, montclair, budget_projects
):
    """Montclair speaks French and English: its page answers a German URL in French.
    Reading it redirects to the French URL; a ballot sent there is cast, not lost in a
    redirect that would drop the form."""
    page = make_budget(parent=montclair.home, ballot_method="approval")
    project, *_ = budget_projects(page)
    voter = CitizenFactory(residence=montclair.site)
    client.force_login(voter)
    german = "/de/" + sub(page, "vote").removeprefix("/fr/")
    host = {"HTTP_HOST": "montclair.localhost"}
    assert client.get(german, **host)["Location"] == sub(page, "vote")
    response = client.post(german, {"projects": [project.pk]}, **host)
    assert response.status_code == 302
    assert response["Location"] == sub(page, "vote")
    assert list(Ballot.objects.filter(voter=voter).values_list("choices__proposal", flat=True)) == [
        project.pk
    ]
