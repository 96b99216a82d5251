"""Project pages in the Wagtail admin: each commune's editors in their own tree."""

import pytest
from django.urls import reverse

from consultations.factories import CategoryFactory, DistrictFactory, make_consultation
from projects.admin_forms import ProjectPageForm
from projects.models import ProjectIndexPage, ProjectPage

pytestmark = pytest.mark.django_db


def _add_url(parent, model):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def _project_data(**fields):
    data = {
        "title": "Un verger",
        "slug": "verger",
        "summary": "Des arbres fruitiers.",
        "body-count": "0",
        "status": "planned",
        "status_reason": "",
        "currency": "EUR",
        "budget_planned": "",
        "budget_spent": "",
        "category": "",
        "district": "",
        "origin_page": "",
        "action-submit": "Submit",
    }
    for relation in ("gallery_images", "milestones", "updates", "origins"):
        data.update(
            {
                f"{relation}-TOTAL_FORMS": "0",
                f"{relation}-INITIAL_FORMS": "0",
                f"{relation}-MIN_NUM_FORMS": "0",
                f"{relation}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


def test_an_editor_creates_the_index_and_a_project_in_their_commune(client, belval, belval_editor):
    client.force_login(belval_editor)
    response = client.post(
        _add_url(belval.home, ProjectIndexPage),
        {"title": "Projets", "slug": "projets", "intro": "", "action-submit": "Submit"},
    )
    assert response.status_code == 302, response.content
    index = ProjectIndexPage.objects.get()
    response = client.post(
        _add_url(index, ProjectPage),
        _project_data(
            **{
                "milestones-TOTAL_FORMS": "1",
                "milestones-0-date": "2026-03-01",
                "milestones-0-title": "Vote",
                "milestones-0-description": "",
                "milestones-0-done": "on",
                "milestones-0-ORDER": "1",
            }
        ),
    )
    assert response.status_code == 302, response.content
    project = ProjectPage.objects.get()
    # Submitted to the commune's publication workflow: live once a moderator approves.
    assert not project.live
    assert project.current_workflow_state.workflow == belval.workflow
    assert project.progress_percent == 100


def test_an_editor_cannot_add_projects_to_another_commune(client, montclair, belval_editor):
    from projects.factories import make_project_index

    index = make_project_index(parent=montclair.home)
    client.force_login(belval_editor)
    response = client.post(_add_url(index, ProjectPage), _project_data())
    assert response.status_code in (302, 403)
    assert not ProjectPage.objects.exists()
    response = client.post(
        _add_url(montclair.home, ProjectIndexPage),
        {"title": "Piraté", "slug": "pirate", "action-submit": "Submit"},
    )
    assert response.status_code in (302, 403)
    assert ProjectIndexPage.objects.count() == 1


def test_a_cancelled_project_without_reason_is_refused_in_the_admin(
    client, belval_index, belval_editor
):
    client.force_login(belval_editor)
    response = client.post(_add_url(belval_index, ProjectPage), _project_data(status="cancelled"))
    assert response.status_code == 200
    assert "Expliquez publiquement pourquoi le projet est annulé." in response.text
    assert not ProjectPage.objects.exists()


def test_choices_are_those_of_the_pages_commune(belval, montclair, belval_index):
    ours = CategoryFactory(site=belval.site, name="Nature", locale=belval.home.locale)
    theirs = CategoryFactory(site=montclair.site, name="Ailleurs", locale=montclair.home.locale)
    our_district = DistrictFactory(site=belval.site, name="Les Prés")
    their_district = DistrictFactory(site=montclair.site, name="Le Plateau")
    form_class = ProjectPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, ProjectPageForm)
    form = form_class(parent_page=belval_index, instance=ProjectPage(), for_user=None)
    assert list(form.fields["category"].queryset) == [ours]
    assert theirs not in form.fields["category"].queryset
    assert list(form.fields["district"].queryset) == [our_district]
    assert their_district not in form.fields["district"].queryset


def test_another_communes_consultation_cannot_be_the_origin(
    client, belval_index, montclair, belval_editor, belval
):
    foreign = make_consultation(parent=montclair.home, title="Ailleurs", slug="ailleurs")
    client.force_login(belval_editor)
    response = client.post(
        _add_url(belval_index, ProjectPage), _project_data(origin_page=str(foreign.pk))
    )
    assert response.status_code == 200
    assert (
        "Choisissez une consultation ou un budget participatif de cette commune." in response.text
    )
    assert not ProjectPage.objects.exists()

    ours = make_consultation(parent=belval.home, title="Plan vélo", slug="plan-velo")
    response = client.post(
        _add_url(belval_index, ProjectPage), _project_data(origin_page=str(ours.pk))
    )
    assert response.status_code == 302
    assert ProjectPage.objects.get().origin_page_id == ours.pk


def test_the_edit_form_offers_only_the_communes_proposals(client, belval, montclair, belval_editor):
    from consultations.factories import ProposalFactory
    from projects.factories import make_project, make_project_index

    ours = make_consultation(parent=belval.home, title="Plan vélo", slug="plan-velo")
    theirs = make_consultation(parent=montclair.home, title="Ailleurs", slug="ailleurs")
    our_idea = ProposalFactory(page=ours, title="Une piste vers le lycée")
    ProposalFactory(page=theirs, title="Une idée de Montclair")
    index = make_project_index(parent=belval.home)
    project = make_project(index=index, title="Piste", proposals=[our_idea], origin_page=ours)
    client.force_login(belval_editor)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[project.pk]),
        _add_url(index, ProjectPage),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "Plan vélo — Une piste vers le lycée" in response.text
        assert "Une idée de Montclair" not in response.text
