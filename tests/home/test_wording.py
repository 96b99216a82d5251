"""The platform writes as a French commune writes: dates ("1er janvier", "du 2 au 31
janvier 2027", German "31. Januar 2027"), the gender of statuses, verbs on buttons,
file sizes in "Mo", plurals instead of "(s)", one sentence with its links, and an
admin in French (Wagtail's and wagtail-localize's strings included)."""

import json
import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import Task, Workflow

from budget.factories import make_budget
from consultations.factories import ConsultationPageFactory, ProposalFactory
from consultations.models import ConsultationPage, ConsultationPhase, PhaseKind, ProposalStatus
from core.dates import date_range, long_date, long_datetime
from core.filesizes import format_file_size
from projects.factories import make_project, make_project_index
from tests.projects.helpers import translate

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "belval.localhost"}
NBSP = "\u00a0"


def consultation_with(parent, *phases, **fields):
    """A published consultation whose phases are (kind, start, end) with real dates."""
    page = ConsultationPageFactory.build(**fields)
    page.phases = [
        ConsultationPhase(kind=kind, start=start, end=end) for kind, start, end in phases
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def next_new_year() -> date:
    return date(timezone.localdate().year + 1, 1, 1)


def sub(page, name):
    return page.url + page.reverse_subpage(name)


# Dates ------------------------------------------------------------------------------


def test_the_first_of_the_month_is_written_1er(client, belval):
    today = timezone.localdate()
    new_year = next_new_year()
    page = consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, today - timedelta(days=3), new_year),
        (PhaseKind.REVIEW, new_year + timedelta(days=1), new_year + timedelta(days=30)),
        title="Place du marché",
        slug="place-du-marche",
    )
    text = client.get(page.url, **HOST).text
    assert f"Propositions, jusqu'au 1er janvier {new_year.year}." in text
    home = client.get(belval.home.url, **HOST).text
    assert f"Propositions</span> jusqu'au 1er janvier {new_year.year}" in home
    assert " 1 janvier" not in text + home


def test_a_timeline_writes_its_periods_with_full_month_names(client, belval):
    today = timezone.localdate()
    page = consultation_with(
        belval.home,
        (PhaseKind.INFORMATION, date(2026, 7, 1), date(2026, 7, 10)),
        (PhaseKind.PROPOSALS, today - timedelta(days=3), next_new_year()),
        slug="calendrier",
    )
    text = client.get(page.url, **HOST).text
    assert "du 1er au 10 juillet 2026" in text
    assert not re.search(r"\b\d{1,2} (Jan|Fév|Mar|Avr|Jui|Jul|Aoû|Sep|Oct|Nov|Déc)\b", text)


def test_german_dates_put_a_full_stop_after_the_day(client, belval):
    today = timezone.localdate()
    end = date(today.year + 1, 1, 31)
    page = consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, today - timedelta(days=3), end),
        title="Marktplatz",
        slug="marktplatz",
    )
    german = translate(page, "de")
    text = client.get(german.url, **HOST).text
    assert f"bis zum 31. Januar {end.year}." in text


def test_dates_in_every_language():
    cases = {
        "fr": ("1er janvier 2027", f"1er janvier 2027 à 14{NBSP}h{NBSP}05", "10 juillet 2026"),
        "de": ("1. Januar 2027", "1. Januar 2027, 14:05 Uhr", "10. Juli 2026"),
        "nl": ("1 januari 2027", "1 januari 2027 om 14.05 uur", "10 juli 2026"),
        "en": ("1 January 2027", "1 January 2027, 14:05", "10 July 2026"),
    }
    new_year_lunch = timezone.make_aware(datetime(2027, 1, 1, 14, 5))
    for language, (day, moment, summer) in cases.items():
        with translation.override(language):
            assert long_date(date(2027, 1, 1)) == day
            assert long_datetime(new_year_lunch) == moment
            assert long_date(date(2026, 7, 10)) == summer
    with translation.override("fr"):
        assert date_range(date(2027, 2, 1), date(2027, 4, 6)) == "du 1er février au 6 avril 2027"
        assert date_range(date(2026, 12, 22), date(2027, 1, 1)) == (
            "du 22 décembre 2026 au 1er janvier 2027"
        )
        assert date_range(date(2027, 1, 2), date(2027, 1, 31)) == "du 2 au 31 janvier 2027"
    with translation.override("de"):
        assert date_range(date(2027, 1, 2), date(2027, 1, 31)) == "2. bis 31. Januar 2027"


def test_templates_write_dates_through_the_date_filters():
    """`|date:"j F Y"` writes "1 janvier" and "31 Januar": templates use long_date and the
    other filters of format_tags; `|date` keeps only machine formats."""
    from pathlib import Path

    allowed = {"c", "Y-m-d", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"}
    root = Path(__file__).resolve().parents[2] / "templates"
    found = {
        (path.name, fmt)
        for path in root.rglob("*.*")
        if path.suffix in {".html", ".txt"}
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text(encoding="utf-8"))
        if fmt not in allowed
    }
    assert not found


# Home page cards: each phase worded for what it is ---------------------------------


def test_home_cards_word_each_kind_of_phase(client, belval):
    today = timezone.localdate()
    consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, today - timedelta(days=40), today - timedelta(days=11)),
        (PhaseKind.RESULTS, today - timedelta(days=10), today + timedelta(days=60)),
        title="Plan vélo",
        slug="plan-velo",
    )
    consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, today + timedelta(days=5), today + timedelta(days=30)),
        title="Cour oasis",
        slug="cour-oasis",
    )
    consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, today - timedelta(days=40), today - timedelta(days=1)),
        title="Éclairage",
        slug="eclairage",
    )
    cards = client.get(belval.home.url, **HOST).text
    since = long_date(today - timedelta(days=10))
    assert f"Résultats</span> depuis le {since}" in cards
    assert f"Prochaine étape le {long_date(today + timedelta(days=5))}" in cards
    assert "Participation terminée" in cards
    assert "Résultats</span> jusqu" not in cards


# Words ------------------------------------------------------------------------------


def test_a_done_project_is_realise_in_the_masculine(client, belval):
    index = make_project_index(parent=belval.home, title="Projets", slug="projets")
    project = make_project(index=index, title="Double sens cyclable", slug="velo", status="done")
    assert 'badge--done">Réalisé</span>' in client.get(project.url, **HOST).text
    listing = client.get(index.url, **HOST).text
    assert '<option value="done">Réalisé</option>' in listing
    # Filters: "Catégorie : Toutes les catégories", never "Catégorie : Tous".
    assert "Toutes les catégories" in listing
    assert "Toutes les années" in listing


def test_a_budget_project_under_review_reads_as_a_project(belval):
    budget = make_budget(parent=belval.home, slug="budget")
    winner = ProposalFactory(page=budget, status=ProposalStatus.WINNER)
    assert winner.project_status_label == "Lauréat"
    assert winner.get_status_display() == "Lauréate"  # a proposal, elsewhere


def test_the_budget_page_invites_to_vote_with_a_verb(client, belval, citizen):
    budget = make_budget(parent=belval.home, slug="budget-2026", ballot_method="approval")
    client.force_login(citizen)
    text = client.get(budget.url, **HOST).text
    assert f'<a class="button" href="{sub(budget, "vote")}">Voter</a>' in text
    # The phase keeps its noun.
    assert '<span class="timeline__title">Vote</span>' in text


def test_the_ballot_counts_take_the_plural_of_their_number(client, belval, citizen):
    approval = make_budget(parent=belval.home, slug="approbation", ballot_method="approval")
    ranked = make_budget(
        parent=belval.home, slug="classement", ballot_method="ranked", points_per_rank="3,2,1"
    )
    for page in (approval, ranked):
        ProposalFactory(page=page, status=ProposalStatus.ELIGIBLE, estimated_cost=1000)
    client.force_login(citizen)
    counts = client.get(sub(approval, "vote"), **HOST).text
    assert 'data-text-count-one="%(count)s projet choisi."' in counts
    assert 'data-text-count-other="%(count)s projets choisis."' in counts
    ranks = client.get(sub(ranked, "vote"), **HOST).text
    assert 'data-text-ranked-one="Vous avez classé %(count)s projet sur %(max)s."' in ranks
    assert 'data-text-ranked-other="Vous avez classé %(count)s projets sur %(max)s."' in ranks
    assert "(s)" not in counts + ranks


def test_the_upload_help_gives_the_limit_in_mo(client, belval, citizen):
    page = consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, timezone.localdate() - timedelta(days=1), next_new_year()),
        slug="idees",
    )
    client.force_login(citizen)
    text = client.get(sub(page, "proposal_new"), **HOST).text
    assert f"JPEG, PNG ou WebP, 5{NBSP}Mo au plus." in text


@pytest.mark.parametrize(
    ("size", "french", "german"),
    [
        (5 * 1024 * 1024, f"5{NBSP}Mo", f"5{NBSP}MB"),
        (int(4.5 * 1024 * 1024), f"4,5{NBSP}Mo", f"4,5{NBSP}MB"),
        (300 * 1024, f"300{NBSP}Ko", f"300{NBSP}KB"),
        (1, "1 octet", "1 Byte"),
        (12, "12 octets", "12 Byte"),
    ],
)
def test_file_sizes(size, french, german):
    with translation.override("fr"):
        assert format_file_size(size) == french
    with translation.override("de"):
        assert format_file_size(size) == german


def test_logging_in_is_asked_in_one_sentence_with_its_two_links(client, belval):
    page = consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, timezone.localdate() - timedelta(days=1), next_new_year()),
        slug="participer-ici",
    )
    text = client.get(page.url, **HOST).text
    assert (
        '<a href="/fr/accounts/login/?next=/fr/participer-ici/">Connectez-vous</a> ou '
        '<a href="/fr/accounts/signup/">créez un compte</a> pour participer.'
    ) in text
    assert "Se connecter</a>" not in text.split('class="decision"', 1)[1]


# The admin --------------------------------------------------------------------------


def test_wagtails_default_workflow_has_a_french_name():
    assert Workflow.objects.filter(name="Validation par les modérateurs").exists()
    assert Task.objects.filter(name="Validation par les modérateurs").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_the_page_editor_speaks_french(client, belval, belval_editor):
    today = timezone.localdate()
    page = consultation_with(
        belval.home,
        (PhaseKind.PROPOSALS, date(2026, 8, 9), today + timedelta(days=10)),
        slug="edition",
    )
    client.force_login(belval_editor)
    text = client.get(f"/admin/pages/{page.pk}/edit/").text
    assert f"Soumettre au workflow «{NBSP}Publication — Belval{NBSP}»" in text
    assert f"Ajouter{NBSP}: Phase" in text
    assert 'value="09/08/2026"' in text  # dates as French staff write them, not 2026-08-09
    assert f"Langue{NBSP}:" in text
    for english_or_odd in ("Moderators approval", "Région", "un(e)", "Ce(tte)", "le/la", "é(e)"):
        assert english_or_odd not in text, english_or_odd


def test_uploads_in_the_admin_give_their_limit_in_mo(client, belval, belval_editor):
    client.force_login(belval_editor)
    text = client.get("/admin/images/multiple/add/").text
    assert f"10,0{NBSP}Mo" in text
    assert "Mio" not in text


def test_the_translation_editor_speaks_french(client, belval, belval_editor):
    client.force_login(belval_editor)
    catalogue = client.get("/admin/localize/jsi18n/").text
    strings = json.loads(re.search(r"const newcatalog = (\{.*?\});", catalogue, re.S).group(1))
    assert strings["Publish in "] == f"Publier la traduction{NBSP}: "
    assert strings["%(source)s to %(target)s translation"] == "Traduction (%(source)s → %(target)s)"
    assert strings["More actions"] == "Plus d'actions"
    # The script that rewords what the editor writes without gettext is on every screen.
    assert "js/admin-wording.js" in client.get("/admin/").text
