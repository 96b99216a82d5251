"""A commune whose participation data can grow, to check that queries do not grow with it."""

import io
import itertools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from accounts.models import User
from budget.factories import make_budget
from budget.models import Ballot, BallotChoice, ProjectReview, voter_hash
from budget.services import freeze_results
from consultations.factories import CategoryFactory, DistrictFactory, make_consultation
from consultations.models import Comment, Proposal, ProposalStatus, StatusChange, Support
from demo.scale import BUDGET_FINISHED
from projects.factories import make_project, make_project_index
from projects.models import (
    ProjectImage,
    ProjectMilestone,
    ProjectOrigin,
    ProjectPage,
    ProjectStatus,
    ProjectUpdate,
)

HOST = {"HTTP_HOST": "belval.localhost"}
_numbers = itertools.count(1)


def sub(page, name, *args) -> str:
    return page.url + page.reverse_subpage(name, args=args or None)


def _image():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), "teal").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Photo", file=ImageFile(buffer, name=f"photo{next(_numbers)}.png")
    )


@dataclass
class Scene:
    """Belval with a consultation, an open budget and a closed, frozen one."""

    commune: object
    consultation: object
    budget: object
    closed_budget: object
    categories: list
    districts: list
    project_index: object
    project: object
    people: list = field(default_factory=list)
    busy: Proposal | None = None

    def person(self):
        number = next(_numbers)
        user = User.objects.create(
            email=f"perf{number}@example.org",
            display_name=f"Personne {number}",
            birth_year=1980,
        )
        self.people.append(user)
        return user

    def first_thread(self) -> Comment:
        """The busy proposal's first thread (it has replies)."""
        return Comment.objects.filter(proposal=self.busy, parent=None).order_by("pk").first()

    def grow(self, *, proposals: int, comments: int, projects: int, ballots: int) -> None:
        """Add this many rows of each kind (with images, answers, supports, replies)."""
        authors = [self.person() for _ in range(3)]
        new = []
        for n in range(proposals):
            status = [ProposalStatus.PUBLISHED, ProposalStatus.ANSWERED][n % 2]
            new.append(
                Proposal.objects.create(
                    page=self.consultation,
                    author=authors[n % 3],
                    title=f"Proposition {next(_numbers)}",
                    body="Texte.",
                    category=self.categories[n % len(self.categories)],
                    district=self.districts[n % len(self.districts)],
                    status=status,
                    image=_image() if n % 3 == 0 else None,
                )
            )
        for proposal in new:
            if proposal.status == ProposalStatus.ANSWERED:
                StatusChange.objects.create(
                    proposal=proposal,
                    old_status="published",
                    new_status="answered",
                    answer="Merci, c'est étudié.",
                )
            Support.objects.create(proposal=proposal, user=authors[(new.index(proposal) + 1) % 3])
        if self.busy is None:
            self.busy = new[0]
        tops = Comment.objects.bulk_create(
            Comment(
                page=self.consultation,
                proposal=self.busy,
                author=authors[n % 3],
                body="Oui.",
                is_commune_answer=n % 4 == 0,
            )
            for n in range(comments)
        )
        # Every third thread gets a reply, the first one many (folded beyond three).
        first = self.first_thread()
        Comment.objects.bulk_create(
            Comment(
                page=self.consultation,
                proposal=self.busy,
                parent=top,
                author=authors[1],
                body="Réponse.",
            )
            for top in [*tops[::3], *[first] * (comments // 5)]
        )
        Comment.objects.bulk_create(
            Comment(page=self.consultation, author=authors[n % 3], body="Sur la page.")
            for n in range(comments)
        )
        self.busy.comment_count = Comment.objects.filter(proposal=self.busy).count()
        self.busy.save(update_fields=["comment_count"])

        for page in (self.budget, self.closed_budget):
            made = [
                Proposal.objects.create(
                    page=page,
                    author=authors[n % 3],
                    title=f"Projet {next(_numbers)}",
                    body="Projet.",
                    category=self.categories[n % len(self.categories)],
                    district=self.districts[n % len(self.districts)],
                    status=ProposalStatus.ELIGIBLE,
                    estimated_cost=Decimal(1000 + n),
                    image=_image() if n % 10 == 0 else None,
                )
                for n in range(projects)
            ]
            ProjectReview.objects.bulk_create(
                ProjectReview(proposal=proposal, final_cost=Decimal(2000)) for proposal in made[::2]
            )
            made_ballots = Ballot.objects.bulk_create(
                Ballot(page=page, voter_hash=voter_hash(f"perf-{next(_numbers)}"))
                for _ in range(ballots)
            )
            BallotChoice.objects.bulk_create(
                BallotChoice(ballot=ballot, proposal=made[n % len(made)])
                for n, ballot in enumerate(made_ballots)
            )
        self.grow_projects(projects, new)

    def grow_projects(self, count: int, proposals: list) -> None:
        """`count` more projects in the index; the watched project gains as many
        milestones, updates, images and origin proposals."""
        statuses = list(ProjectStatus.values)
        for n in range(count):
            make_project(
                index=self.project_index,
                title=f"Chantier {next(_numbers)}",
                status=statuses[n % len(statuses)],
                status_reason="Trop cher.",
                category=self.categories[n % len(self.categories)],
                district=self.districts[n % len(self.districts)],
            )
        project = self.project

        def made(model, **fields):
            if any(f.name == "locale" for f in model._meta.fields):
                fields["locale_id"] = project.locale_id
            return model(page=project, **fields)

        ProjectMilestone.objects.bulk_create(
            made(ProjectMilestone, date=date(2026, 1, 1), title=f"Étape {n}", done=n % 2 == 0)
            for n in range(count)
        )
        ProjectUpdate.objects.bulk_create(
            made(ProjectUpdate, date=date(2026, 2, 1), title=f"Nouvelles {n}", body="<p>Oui.</p>")
            for n in range(count)
        )
        ProjectImage.objects.bulk_create(
            made(ProjectImage, image=_image(), alt_text="Le chantier")
            for _ in range(max(count // 20, 1))
        )
        ProjectOrigin.objects.bulk_create(
            made(ProjectOrigin, proposal=proposal) for proposal in proposals[:count]
        )


@pytest.fixture
def scene(belval, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    categories = [
        CategoryFactory(site=belval.site, name=name, locale=belval.home.locale)
        for name in ("Mobilité", "Nature")
    ]
    districts = [DistrictFactory(site=belval.site, name=name) for name in ("Centre", "Gare")]
    consultation = make_consultation(
        parent=belval.home, title="Nos quartiers", slug="quartiers", categories=categories
    )
    budget = make_budget(
        parent=belval.home,
        title="Budget 2026",
        slug="budget-2026",
        ballot_method="approval",
        max_choices=5,
        categories=categories,
        criteria=["Compétence communale"],
    )
    closed = make_budget(
        parent=belval.home,
        title="Budget 2025",
        slug="budget-2025",
        ballot_method="approval",
        phases=BUDGET_FINISHED,
        categories=categories,
    )
    index = make_project_index(parent=belval.home, title="Projets")
    project = make_project(
        index=index,
        title="La place refaite",
        status=ProjectStatus.IN_PROGRESS,
        origin_page=consultation,
    )
    return Scene(
        project_index=index,
        project=ProjectPage.objects.get(pk=project.pk),
        commune=belval,
        consultation=consultation,
        budget=budget,
        closed_budget=closed,
        categories=categories,
        districts=districts,
    )


def freeze(scene) -> None:
    freeze_results(page=scene.closed_budget, staff=None)
    scene.closed_budget.refresh_from_db()


def count_queries(client, url: str, *, status: int = 200) -> tuple[int, list[str]]:
    """Queries of a GET once everything lazily created (renditions) exists."""
    first = client.get(url, **HOST)
    assert first.status_code == status, (url, first.status_code)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **HOST)
    assert response.status_code == status
    return len(captured), [query["sql"] for query in captured.captured_queries]
