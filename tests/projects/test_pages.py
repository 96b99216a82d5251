"""Project pages: progress from milestones, the timeline with today, what citizens read."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError

from budget.models import BudgetPage
from consultations.models import ConsultationPage
from home.models import HomePage, StandardPage
from projects.factories import make_project, milestones, updates
from projects.models import ProjectImage, ProjectIndexPage, ProjectMilestone, ProjectPage

from .helpers import HOST

pytestmark = pytest.mark.django_db


# Progress ---------------------------------------------------------------------------


def test_progress_is_the_share_of_milestones_done(orchard):
    assert (orchard.milestones_done, orchard.milestones_total) == (1, 3)
    assert orchard.progress_percent == 33


def test_progress_follows_the_milestones_not_a_typed_figure(belval_index):
    project = make_project(
        index=belval_index,
        milestones=milestones((-3, "A", True), (-2, "B", True), (-1, "C", True), (5, "D", False)),
    )
    assert project.progress_percent == 75
    ProjectMilestone.objects.filter(page=project).update(done=True)
    assert ProjectPage.objects.get(pk=project.pk).progress_percent == 100


def test_a_project_without_milestones_has_no_progress_yet(client, belval_index):
    project = make_project(index=belval_index, title="Sans étapes")
    assert project.progress_percent is None
    assert "Aucune étape prévue pour l'instant." in client.get(project.url, **HOST).text


# Timeline ---------------------------------------------------------------------------


def _states(project, today):
    return [
        (entry.state, entry.milestone.title if entry.milestone else None)
        for entry in project.timeline(today)
    ]


def test_today_sits_between_the_past_and_the_coming_milestones(belval_index):
    project = make_project(
        index=belval_index,
        milestones=milestones(
            (date(2026, 5, 1), "Travaux", False),
            (date(2026, 1, 10), "Vote", True),
            (date(2026, 3, 1), "Études", False),
        ),
    )
    assert _states(project, date(2026, 4, 1)) == [
        ("done", "Vote"),
        ("late", "Études"),
        ("today", None),
        ("upcoming", "Travaux"),
    ]
    # Before every milestone, today comes first; after all of them, last.
    assert _states(project, date(2025, 12, 1))[0] == ("today", None)
    assert _states(project, date(2026, 6, 1))[-1] == ("today", None)
    # A milestone due today is listed before the marker.
    assert _states(project, date(2026, 3, 1))[:3] == [
        ("done", "Vote"),
        ("upcoming", "Études"),
        ("today", None),
    ]


def test_the_timeline_is_an_ordered_list_with_today_marked(client, orchard):
    text = client.get(orchard.url, **HOST).text
    timeline = text[text.index('class="project-timeline__list"') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert timeline.index("Vote des habitants") < timeline.index("Aujourd'hui")
    assert timeline.index("Études du terrain") < timeline.index("Aujourd'hui")
    assert timeline.index("Aujourd'hui") < timeline.index("Plantation")
    assert 'aria-current="date"' in timeline
    # States are written, not only coloured.
    for state in ("Réalisée", "Pas encore réalisée", "À venir"):
        assert state in timeline


# The page ---------------------------------------------------------------------------


def test_the_project_page_shows_status_money_and_news_newest_first(client, belval_index, nature):
    project = make_project(
        index=belval_index,
        title="Des bancs au bord de l'eau",
        status="in_progress",
        budget_planned=Decimal("12000.50"),
        budget_spent=Decimal("4000"),
        category=nature,
        updates=updates(
            (-30, "Commande passée", "Les bancs sont commandés."),
            (-2, "Premiers bancs posés", "Trois bancs sont en place."),
        ),
    )
    text = client.get(project.url, **HOST).text
    assert 'class="badge badge--in_progress">En cours</span>' in text
    assert "12\u00a0000,50\u00a0€" in text
    assert "4\u00a0000\u00a0€" in text
    assert "Nature en ville" in text
    assert text.index("Premiers bancs posés") < text.index("Commande passée")
    assert f'href="{project.url}feed/"' in text


def test_the_project_page_shows_its_district_and_gallery(client, belval, orchard, les_pres):
    pictures = [
        ("Le parc avant les travaux", "En mars."),
        ("Les premiers arbres plantés", ""),
    ]
    for position, (alt_text, caption) in enumerate(pictures):
        ProjectImage.objects.create(
            page=orchard,
            image=wagtail_factories.ImageFactory(
                collection=belval.collection, file__width=1600, file__height=1200
            ),
            alt_text=alt_text,
            caption=caption,
            locale=orchard.locale,
            sort_order=position,
        )
    text = client.get(orchard.url, **HOST).text
    assert f"<dt>Quartier</dt><dd>{les_pres.name}</dd>" in text

    gallery = text[text.index('class="project__gallery"') :]
    gallery = gallery[: gallery.index("</section>")]
    assert "Photos" in gallery
    images = re.findall(r"<img [^>]*>", gallery)
    assert [re.search(r'alt="([^"]*)"', img).group(1) for img in images] == [
        "Le parc avant les travaux",
        "Les premiers arbres plantés",
    ]
    # Each picture is served as a rendition 800 pixels wide, not the 1600-pixel original.
    for img, item in zip(images, orchard.gallery_images.order_by("sort_order"), strict=True):
        rendition = item.image.renditions.get(filter_spec="width-800")
        assert (rendition.width, rendition.height) == (800, 600)
        assert f'src="{rendition.url}"' in img
        assert 'width="800"' in img
    assert "<figcaption>En mars.</figcaption>" in gallery
    assert gallery.count("<figcaption>") == 1


def test_a_project_without_district_or_pictures_shows_neither(client, belval_index):
    text = client.get(make_project(index=belval_index, title="Sans photos").url, **HOST).text
    assert "<dt>Quartier</dt>" not in text
    assert 'class="project__gallery"' not in text


def test_a_cancelled_project_must_say_why(belval_index):
    project = make_project(index=belval_index, title="Une patinoire")
    project.status = "cancelled"
    project.status_reason = " "
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "status_reason" in error.value.message_dict
    project.status_reason = "Le terrain est inondable : le projet est abandonné."
    project.full_clean()


def test_a_cancelled_project_shows_its_reason(client, belval_index):
    project = make_project(
        index=belval_index,
        title="Une patinoire",
        status="cancelled",
        status_reason="Le terrain est inondable : le projet est abandonné.",
    )
    text = client.get(project.url, **HOST).text
    assert "Annulé" in text
    assert "Pourquoi le projet est annulé" in text
    assert "Le terrain est inondable" in text


def test_where_project_pages_may_live():
    assert ProjectIndexPage.allowed_parent_page_models() == [HomePage]
    assert ProjectPage.allowed_parent_page_models() == [ProjectIndexPage]
    assert ProjectPage.allowed_subpage_models() == []
    for model in (StandardPage, ConsultationPage, BudgetPage):
        assert ProjectPage not in model.allowed_subpage_models()
        assert ProjectIndexPage not in model.allowed_subpage_models()
    assert ProjectIndexPage in HomePage.allowed_subpage_models()


def test_one_projects_index_per_commune(belval_index, belval):
    assert not ProjectIndexPage.can_create_at(belval.home)


def test_projects_are_searchable_by_title_summary_and_body():
    fields = {field.field_name for field in ProjectPage.search_fields if hasattr(field, "boost")}
    assert {"title", "summary", "body"} <= fields


def test_a_future_milestone_is_upcoming_not_late(belval_index):
    tomorrow = date.today() + timedelta(days=1)
    project = make_project(index=belval_index, milestones=milestones((tomorrow, "Demain", False)))
    assert [entry.state for entry in project.timeline(date.today())] == ["today", "upcoming"]
