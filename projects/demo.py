"""Demo projects: each commune builds three projects, in different states, with a timeline
and news — one of them a winner of its last participatory budget, created the way staff
do it (`create_projects_from_winners`), then completed and published. French source
pages, translated into English through wagtail-localize (`home.services.translate_page`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from consultations import services as consultation_services
from consultations.models import Category, ConsultationPage, District, Proposal, ProposalStatus
from home.services import translate_page
from notifications.services import follow_page

from .factories import day, make_project_index
from .models import ProjectIndexPage, ProjectMilestone, ProjectOrigin, ProjectPage, ProjectUpdate
from .services import create_projects_from_winners

Text = tuple[str, str]  # French, English


@dataclass(frozen=True)
class Step:
    days: int  # from today
    title: Text
    done: bool
    description: Text = ("", "")


@dataclass(frozen=True)
class News:
    days: int
    title: Text
    text: Text


@dataclass(frozen=True)
class ProjectSpec:
    title: Text
    slug: Text
    summary: Text
    body: Text
    status: str
    milestones: list[Step]
    news: list[News] = field(default_factory=list)
    status_reason: Text = ("", "")
    budget_planned: Decimal | None = None
    budget_spent: Decimal | None = None
    category: str = ""  # French name of one of the commune's categories
    district: str = ""
    # Where it comes from: the budget winner of this title, or (consultation slug, proposal).
    winner: str = ""
    consultation: tuple[str, str] | None = None
    proposal_status: str = ""  # what becomes of the proposal it builds
    proposal_answer: str = ""


INDEX = {
    "title": ("Les projets", "Projects"),
    "slug": ("projets", "projects"),
    "intro": (
        "Ce que la commune réalise après vos votes et vos propositions : où en est chaque projet, ce qu'il coûte, ce qui reste à faire.",
        "What the commune builds after your votes and proposals: where each project stands, what it costs, what is left to do.",
    ),
}

BELVAL = [
    ProjectSpec(
        winner="Un verger partagé au parc des Prés",
        title=("Un verger partagé au parc des Prés", "A shared orchard in the Prés park"),
        slug=("verger-partage", "shared-orchard"),
        summary=(
            "Lauréat du budget participatif 2025 : trente arbres fruitiers plantés avec les écoles, en accès libre.",
            "Winner of the 2025 participatory budget: thirty fruit trees planted with the schools, open to all.",
        ),
        body=(
            "Les services espaces verts ont choisi des variétés anciennes adaptées au sol du parc. Les classes de l'école des Prés parraineront chacune un arbre.",
            "The parks department chose heritage varieties suited to the park's soil. Each class of the Prés school will look after one tree.",
        ),
        status="in_progress",
        budget_spent=Decimal("6400"),
        category="Nature en ville",
        district="Les Prés",
        milestones=[
            Step(-90, ("Choisi par les habitants", "Chosen by residents"), True),
            Step(
                -40,
                ("Étude du sol et choix des variétés", "Soil survey and choice of varieties"),
                True,
            ),
            Step(-8, ("Commande des arbres", "Trees ordered"), True),
            Step(
                25,
                ("Plantation avec les écoles", "Planting with the schools"),
                False,
                (
                    "Rendez-vous au parc un mercredi après-midi.",
                    "Meet at the park on a Wednesday afternoon.",
                ),
            ),
            Step(120, ("Première récolte partagée", "First shared harvest"), False),
        ],
        news=[
            News(
                -35,
                ("Le sol est prêt", "The soil is ready"),
                (
                    "L'étude confirme que le sol convient aux pommiers et aux poiriers.",
                    "The survey confirms the soil suits apple and pear trees.",
                ),
            ),
            News(
                -8,
                ("Trente arbres commandés", "Thirty trees ordered"),
                (
                    "Pommiers, poiriers et pruniers arriveront d'une pépinière de la région.",
                    "Apple, pear and plum trees will come from a nursery in the region.",
                ),
            ),
        ],
        proposal_status=ProposalStatus.IN_PROGRESS,
        proposal_answer="Lauréat du vote : les travaux ont commencé, suivez-les sur la page du projet.",
    ),
    ProjectSpec(
        consultation=("plan-velo-2026", "Double sens cyclable rue des Écoles"),
        title=("Double sens cyclable rue des Écoles", "Two-way cycling on rue des Écoles"),
        slug=("double-sens-cyclable", "two-way-cycling"),
        summary=(
            "Issu du plan vélo : les cyclistes circulent dans les deux sens rue des Écoles depuis juin.",
            "From the cycling plan: cyclists have ridden both ways on rue des Écoles since June.",
        ),
        body=(
            "Marquage au sol, panneaux et un plateau ralentisseur devant l'école sécurisent la rue.",
            "Road markings, signs and a speed table in front of the school make the street safe.",
        ),
        status="done",
        budget_planned=Decimal("14000"),
        budget_spent=Decimal("12850.40"),
        category="Mobilité",
        district="Centre-ville",
        milestones=[
            Step(-200, ("Proposition retenue", "Proposal taken up"), True),
            Step(-120, ("Concertation avec les riverains", "Talks with residents"), True),
            Step(-60, ("Travaux de marquage", "Road marking works"), True),
            Step(-45, ("Mise en service", "Opened"), True),
        ],
        news=[
            News(
                -45,
                ("C'est ouvert !", "It is open!"),
                (
                    "Le double sens cyclable est en service ; merci de votre prudence aux abords de l'école.",
                    "Two-way cycling is open; please take care near the school.",
                ),
            ),
        ],
    ),
    ProjectSpec(
        title=("Une patinoire de plein air l'hiver", "An open-air ice rink in winter"),
        slug=("patinoire", "ice-rink"),
        summary=(
            "Le projet de patinoire sur la place de la République est abandonné.",
            "The ice rink planned on place de la République is abandoned.",
        ),
        body=(
            "Une patinoire temporaire devait animer le centre-ville en décembre.",
            "A temporary ice rink was to liven up the town centre in December.",
        ),
        status="cancelled",
        status_reason=(
            "Son coût énergétique dépasse ce que la commune s'est engagée à consommer ; une piste de luge en matériau recyclé est à l'étude à la place.",
            "Its energy use exceeds what the commune has committed to; a sledging slope made of recycled material is being studied instead.",
        ),
        budget_planned=Decimal("45000"),
        district="Centre-ville",
        milestones=[
            Step(-150, ("Étude de faisabilité", "Feasibility study"), True),
            Step(-30, ("Décision du conseil municipal", "Town council decision"), True),
        ],
        news=[
            News(
                -30,
                ("Le conseil renonce à la patinoire", "The council drops the ice rink"),
                (
                    "Le bilan énergétique a conduit le conseil à abandonner le projet.",
                    "The energy assessment led the council to drop the project.",
                ),
            ),
        ],
    ),
]

MONTCLAIR = [
    ProjectSpec(
        winner="Des arbres rue des Tilleuls",
        title=("Des arbres rue des Tilleuls", "Trees on rue des Tilleuls"),
        slug=("arbres-tilleuls", "tilleuls-trees"),
        summary=(
            "Lauréat du budget participatif 2025 : douze tilleuls plantés, la rue est plus fraîche l'été.",
            "Winner of the 2025 participatory budget: twelve lime trees planted, the street is cooler in summer.",
        ),
        body=(
            "Les fosses de plantation ont été agrandies pour que les arbres vivent longtemps.",
            "The tree pits were enlarged so that the trees live long.",
        ),
        status="done",
        budget_spent=Decimal("19320"),
        category="Nature en ville",
        district="Les Tilleuls",
        milestones=[
            Step(-100, ("Choisi par les habitants", "Chosen by residents"), True),
            Step(-60, ("Préparation des fosses", "Tree pits prepared"), True),
            Step(-20, ("Plantation", "Planting"), True),
        ],
        news=[
            News(
                -20,
                ("Les douze tilleuls sont plantés", "The twelve lime trees are planted"),
                (
                    "Merci aux riverains venus aider à la plantation.",
                    "Thanks to the residents who came to help plant them.",
                ),
            ),
        ],
        proposal_status=ProposalStatus.DONE,
        proposal_answer="Réalisé : les arbres sont plantés.",
    ),
    ProjectSpec(
        winner="Un jardin partagé",
        title=("Un jardin partagé", "A shared garden"),
        slug=("jardin-partage", "shared-garden"),
        summary=(
            "Lauréat du budget participatif 2025 : des parcelles cultivées par les habitants au Plateau.",
            "Winner of the 2025 participatory budget: plots grown by residents on the Plateau.",
        ),
        body=(
            "Une association de quartier gérera le jardin ; les parcelles seront attribuées par tirage au sort.",
            "A neighbourhood association will run the garden; plots will be allotted by drawing lots.",
        ),
        status="in_progress",
        budget_spent=Decimal("2100"),
        category="Nature en ville",
        district="Le Plateau",
        milestones=[
            Step(-100, ("Choisi par les habitants", "Chosen by residents"), True),
            Step(-15, ("Clôture et récupérateurs d'eau", "Fence and rain-water tanks"), True),
            Step(30, ("Tirage au sort des parcelles", "Plots allotted by drawing lots"), False),
        ],
        news=[
            News(
                -15,
                ("Le terrain est clos", "The plot is fenced"),
                (
                    "Les récupérateurs d'eau de pluie sont installés.",
                    "The rain-water tanks are in place.",
                ),
            ),
        ],
        proposal_status=ProposalStatus.IN_PROGRESS,
        proposal_answer="Lauréat du vote : le jardin est en cours d'aménagement.",
    ),
    ProjectSpec(
        consultation=("eclairage-public", "Éteindre de 1 h à 5 h"),
        title=("Extinction de l'éclairage la nuit", "Street lights off at night"),
        slug=("extinction-nocturne", "lights-off-at-night"),
        summary=(
            "Issu de la consultation sur l'éclairage : les quartiers résidentiels seront éteints de 1 h à 5 h.",
            "From the street-lighting consultation: residential areas will be dark from 1 am to 5 am.",
        ),
        body=(
            "Des horloges astronomiques seront posées dans les armoires électriques ; les abords de la gare restent éclairés.",
            "Astronomical clocks will be fitted in the street cabinets; the streets around the station stay lit.",
        ),
        status="planned",
        budget_planned=Decimal("7800"),
        category="Nature en ville",
        milestones=[
            Step(20, ("Pose des horloges", "Clocks fitted"), False),
            Step(45, ("Première nuit noire", "First dark night"), False),
        ],
        news=[
            News(
                -6,
                ("Les quartiers concernés sont connus", "The areas concerned are known"),
                (
                    "La carte des rues éteintes de 1 h à 5 h est en ligne ; la gare et ses abords restent éclairés.",
                    "The map of the streets dark from 1 am to 5 am is online; the station and its surroundings stay lit.",
                ),
            ),
        ],
    ),
]

PROJECTS = {"Belval": BELVAL, "Montclair": MONTCLAIR}
FOLLOWERS = 5  # demo citizens following each published project


def _strings(spec: ProjectSpec) -> dict[str, str]:
    texts = [spec.title, spec.slug, spec.summary, spec.body, spec.status_reason]
    for step in spec.milestones:
        texts += [step.title, step.description]
    for news in spec.news:
        texts += [news.title, news.text]
    return {french: english for french, english in texts if french}


def _origin(spec: ProjectSpec, commune, winners: dict[str, ProjectPage]):
    """The draft created from a budget winner, or a new page with its consultation origin;
    and the proposal it builds."""
    if spec.winner:
        page = winners[spec.winner]
        return page, ProjectOrigin.objects.get(page=page).proposal
    page = ProjectPage(locale=commune.home.locale)
    proposal = None
    if spec.consultation:
        slug, title = spec.consultation
        consultation = ConsultationPage.objects.get(slug=slug, locale=commune.home.locale)
        proposal = Proposal.objects.get(page=consultation, title=title)
        page.origin_page = consultation
        page.origins = [ProjectOrigin(proposal=proposal)]
    return page, proposal


def _fill(page: ProjectPage, spec: ProjectSpec, commune) -> None:
    page.title = spec.title[0]
    page.slug = spec.slug[0]
    page.summary = spec.summary[0]
    page.body = [("paragraph", f"<p>{spec.body[0]}</p>")]
    page.status = spec.status
    page.status_reason = spec.status_reason[0]
    if spec.budget_planned is not None:
        page.budget_planned = spec.budget_planned
    page.budget_spent = spec.budget_spent
    if spec.category:
        page.category = Category.objects.get(
            site=commune.site, name=spec.category, locale=commune.home.locale
        )
    if spec.district:
        page.district = District.objects.get(site=commune.site, name=spec.district)
    page.milestones = [
        ProjectMilestone(
            date=day(step.days),
            title=step.title[0],
            description=step.description[0],
            done=step.done,
        )
        for step in spec.milestones
    ]
    page.updates = [
        ProjectUpdate(date=day(news.days), title=news.title[0], body=f"<p>{news.text[0]}</p>")
        for news in spec.news
    ]


def seed_projects(commune, *, budget, editor, citizens, rng) -> ProjectIndexPage:
    """The commune's projects index and its three demo projects, in French and English."""
    index = make_project_index(
        parent=commune.home,
        title=INDEX["title"][0],
        slug=INDEX["slug"][0],
        intro=INDEX["intro"][0],
        show_in_menus=True,
    )
    translate_page(page=index, language="en", strings=dict(INDEX.values()))
    # As staff do it: one action creates the drafts of every winner of the budget.
    outcome = create_projects_from_winners(budget=budget, staff=editor)
    winners = {page.title: page for page in outcome.created}

    for spec in PROJECTS[commune.site.site_name]:
        page, proposal = _origin(spec, commune, winners)
        _fill(page, spec, commune)
        if page.pk is None:
            page.owner = editor
            index.add_child(instance=page)
        page.save_revision(user=editor).publish(user=editor)
        page = ProjectPage.objects.get(pk=page.pk)
        translate_page(page=page, language="en", strings=_strings(spec))
        if spec.proposal_status and proposal is not None:
            consultation_services.change_status(
                proposal=proposal,
                staff=editor,
                status=spec.proposal_status,
                answer=spec.proposal_answer,
            )
        for citizen in rng.sample(citizens, k=FOLLOWERS):
            follow_page(page=page, user=citizen)
    return index
