"""The demo: each commune builds three projects, one of them a budget winner."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from budget.models import BudgetPage
from home.tenancy import commune_pages_q
from projects.models import ProjectIndexPage, ProjectPage

pytestmark = pytest.mark.django_db


def test_each_commune_has_three_translated_projects_in_different_states(client):
    call_command("seed_demo", verbosity=0)
    for site in Site.objects.all():
        home = site.root_page
        index = ProjectIndexPage.objects.get(commune_pages_q(site), locale=home.locale)
        assert index.live
        projects = ProjectPage.objects.live().child_of(index)
        assert projects.count() == 3
        assert len({project.status for project in projects}) == 3
        from_winner = [
            project
            for project in projects
            if project.origin_page and isinstance(project.origin_page.specific, BudgetPage)
        ]
        assert from_winner, site.hostname
        assert from_winner[0].origins.exists()
        assert all(project.milestones.exists() for project in projects)
        assert any(project.updates.exists() for project in projects)
        done = [m.done for project in projects for m in project.milestones.all()]
        assert True in done
        assert False in done
        for project in projects:
            english = project.get_translations().filter(locale__language_code="en").get()
            assert english.live
            assert english.title != project.title

        host = {"HTTP_HOST": site.hostname}
        french = client.get(index.url, **host)
        assert french.status_code == 200
        assert len(french.context["projects"]) == 3
        assert client.get(from_winner[0].url, **host).status_code == 200
