"""Demo projects: each commune builds three projects, in different states, with a timeline
and news — one of them a winner of its last participatory budget, created the way staff
do it (`create_projects_from_winners`), then completed and published. French source
pages, translated into the commune's other languages through wagtail-localize
(`home.demo.translate_into`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from consultations import services as consultation_services
from consultations.models import Category, ConsultationPage, District, Proposal, ProposalStatus
from home.demo import NO_TEXT, Text, target_languages, translate_into
from notifications.services import follow_page

from .factories import day, make_project_index
from .models import ProjectIndexPage, ProjectMilestone, ProjectOrigin, ProjectPage, ProjectUpdate
from .services import create_projects_from_winners


@dataclass(frozen=True)
class Step:
    days: int  # from today
    title: Text
    done: bool
    description: Text = NO_TEXT


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
    status_reason: Text = NO_TEXT
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
    "title": Text("Les projets", "Projects", "Projekte", "Projecten"),
    "slug": Text("projets", "projects", "projekte", "projecten"),
    "intro": Text(
        "Ce que la commune réalise après vos votes et vos propositions : où en est chaque projet, ce qu'il coûte, ce qui reste à faire.",
        "What the commune builds after your votes and proposals: where each project stands, what it costs, what is left to do.",
        "Was die Stadt nach Ihren Abstimmungen und Vorschlägen umsetzt: wie weit jedes "
        "Projekt ist, was es kostet und was noch zu tun bleibt.",
        "Wat de gemeente uitvoert na uw stemmen en voorstellen: hoe ver elk project is, "
        "wat het kost en wat er nog moet gebeuren.",
    ),
}

CHOSEN_BY_RESIDENTS = Text(
    "Choisi par les habitants",
    "Chosen by residents",
    "Von den Bürgerinnen und Bürgern ausgewählt",
    "Gekozen door de inwoners",
)

BELVAL = [
    ProjectSpec(
        winner="Un verger partagé au parc des Prés",
        title=Text(
            "Un verger partagé au parc des Prés",
            "A shared orchard in the Prés park",
            "Ein Gemeinschaftsobstgarten im Parc des Prés",
            "Een buurtboomgaard in het Parc des Prés",
        ),
        slug=Text("verger-partage", "shared-orchard", "gemeinschaftsobstgarten", "buurtboomgaard"),
        summary=Text(
            "Lauréat du budget participatif 2025 : trente arbres fruitiers plantés avec les écoles, en accès libre.",
            "Winner of the 2025 participatory budget: thirty fruit trees planted with the schools, open to all.",
            "Gewinnerprojekt des Bürgerhaushalts 2025: dreißig Obstbäume, gemeinsam mit den "
            "Schulen gepflanzt und für alle frei zugänglich.",
            "Winnaar van de burgerbegroting 2025: dertig fruitbomen, samen met de scholen "
            "geplant en vrij toegankelijk voor iedereen.",
        ),
        body=Text(
            "Les services espaces verts ont choisi des variétés anciennes adaptées au sol du parc. Les classes de l'école des Prés parraineront chacune un arbre.",
            "The parks department chose heritage varieties suited to the park's soil. Each class of the Prés school will look after one tree.",
            "Das Grünflächenamt hat alte Sorten ausgewählt, die zum Boden des Parks passen. "
            "Jede Klasse der Schule Les Prés übernimmt die Patenschaft für einen Baum.",
            "De afdeling Groen heeft oude rassen gekozen die bij de bodem van het park passen. "
            "Elke klas van de school Les Prés adopteert een boom.",
        ),
        status="in_progress",
        budget_spent=Decimal("6400"),
        category="Nature en ville",
        district="Les Prés",
        milestones=[
            Step(-90, CHOSEN_BY_RESIDENTS, True),
            Step(
                -40,
                Text(
                    "Étude du sol et choix des variétés",
                    "Soil survey and choice of varieties",
                    "Bodenuntersuchung und Sortenwahl",
                    "Bodemonderzoek en keuze van de rassen",
                ),
                True,
            ),
            Step(
                -8,
                Text("Commande des arbres", "Trees ordered", "Bäume bestellt", "Bomen besteld"),
                True,
            ),
            Step(
                25,
                Text(
                    "Plantation avec les écoles",
                    "Planting with the schools",
                    "Pflanzaktion mit den Schulen",
                    "Plantdag met de scholen",
                ),
                False,
                Text(
                    "Rendez-vous au parc un mercredi après-midi.",
                    "Meet at the park on a Wednesday afternoon.",
                    "Wir treffen uns an einem Mittwochnachmittag im Park.",
                    "Afspraak op een woensdagmiddag in het park.",
                ),
            ),
            Step(
                120,
                Text(
                    "Première récolte partagée",
                    "First shared harvest",
                    "Erste gemeinsame Ernte",
                    "Eerste gezamenlijke oogst",
                ),
                False,
            ),
        ],
        news=[
            News(
                -35,
                Text(
                    "Le sol est prêt",
                    "The soil is ready",
                    "Der Boden ist bereit",
                    "De bodem is klaar",
                ),
                Text(
                    "L'étude confirme que le sol convient aux pommiers et aux poiriers.",
                    "The survey confirms the soil suits apple and pear trees.",
                    "Die Untersuchung bestätigt, dass sich der Boden für Apfel- und Birnbäume "
                    "eignet.",
                    "Het onderzoek bevestigt dat de bodem geschikt is voor appel- en perenbomen.",
                ),
            ),
            News(
                -8,
                Text(
                    "Trente arbres commandés",
                    "Thirty trees ordered",
                    "Dreißig Bäume bestellt",
                    "Dertig bomen besteld",
                ),
                Text(
                    "Pommiers, poiriers et pruniers arriveront d'une pépinière de la région.",
                    "Apple, pear and plum trees will come from a nursery in the region.",
                    "Die Apfel-, Birn- und Pflaumenbäume kommen aus einer Baumschule in der "
                    "Region.",
                    "De appel-, peren- en pruimenbomen komen van een kwekerij uit de regio.",
                ),
            ),
        ],
        proposal_status=ProposalStatus.IN_PROGRESS,
        proposal_answer="Lauréat du vote : les travaux ont commencé, suivez-les sur la page du projet.",
    ),
    ProjectSpec(
        consultation=("plan-velo-2026", "Double sens cyclable rue des Écoles"),
        title=Text(
            "Double sens cyclable rue des Écoles",
            "Two-way cycling on rue des Écoles",
            "Rue des Écoles: Radverkehr in beide Richtungen",
            "Rue des Écoles: fietsen in beide richtingen",
        ),
        slug=Text(
            "double-sens-cyclable",
            "two-way-cycling",
            "radverkehr-in-beide-richtungen",
            "fietsen-in-beide-richtingen",
        ),
        summary=Text(
            "Issu du plan vélo : les cyclistes circulent dans les deux sens rue des Écoles depuis juin.",
            "From the cycling plan: cyclists have ridden both ways on rue des Écoles since June.",
            "Aus dem Radverkehrsplan: Seit Juni dürfen Radfahrende die Rue des Écoles in beide "
            "Richtungen befahren.",
            "Uit het fietsplan: sinds juni mogen fietsers in beide richtingen door de rue des "
            "Écoles rijden.",
        ),
        body=Text(
            "Marquage au sol, panneaux et un plateau ralentisseur devant l'école sécurisent la rue.",
            "Road markings, signs and a speed table in front of the school make the street safe.",
            "Fahrbahnmarkierungen, Verkehrszeichen und eine Aufpflasterung vor der Schule "
            "machen die Straße sicherer.",
            "Wegmarkeringen, verkeersborden en een verkeersplateau voor de school maken de "
            "straat veiliger.",
        ),
        status="done",
        budget_planned=Decimal("14000"),
        budget_spent=Decimal("12850.40"),
        category="Mobilité",
        district="Centre-ville",
        milestones=[
            Step(
                -200,
                Text(
                    "Proposition retenue",
                    "Proposal taken up",
                    "Vorschlag angenommen",
                    "Voorstel overgenomen",
                ),
                True,
            ),
            Step(
                -120,
                Text(
                    "Concertation avec les riverains",
                    "Talks with residents",
                    "Gespräche mit der Anwohnerschaft",
                    "Overleg met de buurtbewoners",
                ),
                True,
            ),
            Step(
                -60,
                Text(
                    "Travaux de marquage",
                    "Road marking works",
                    "Markierungsarbeiten",
                    "Aanbrengen van de wegmarkeringen",
                ),
                True,
            ),
            Step(-45, Text("Mise en service", "Opened", "Freigabe", "Openstelling"), True),
        ],
        news=[
            News(
                -45,
                Text("C'est ouvert !", "It is open!", "Jetzt freigegeben!", "Het is zover!"),
                Text(
                    "Le double sens cyclable est en service ; merci de votre prudence aux abords de l'école.",
                    "Two-way cycling is open; please take care near the school.",
                    "Radfahrende dürfen die Straße jetzt in beide Richtungen befahren. Bitte "
                    "seien Sie im Bereich der Schule besonders vorsichtig.",
                    "Fietsers mogen de straat nu in beide richtingen gebruiken. Wees extra "
                    "voorzichtig in de buurt van de school.",
                ),
            ),
        ],
    ),
    ProjectSpec(
        title=Text(
            "Une patinoire de plein air l'hiver",
            "An open-air ice rink in winter",
            "Eine Freiluft-Eisbahn im Winter",
            "Een openluchtijsbaan in de winter",
        ),
        slug=Text("patinoire", "ice-rink", "eisbahn", "ijsbaan"),
        summary=Text(
            "Le projet de patinoire sur la place de la République est abandonné.",
            "The ice rink planned on place de la République is abandoned.",
            "Die geplante Eisbahn auf der Place de la République wird nicht verwirklicht.",
            "De geplande ijsbaan op de place de la République gaat niet door.",
        ),
        body=Text(
            "Une patinoire temporaire devait animer le centre-ville en décembre.",
            "A temporary ice rink was to liven up the town centre in December.",
            "Eine mobile Eisbahn sollte im Dezember die Innenstadt beleben.",
            "Een tijdelijke ijsbaan zou in december de binnenstad opfleuren.",
        ),
        status="cancelled",
        status_reason=Text(
            "Son coût énergétique dépasse ce que la commune s'est engagée à consommer ; une piste de luge en matériau recyclé est à l'étude à la place.",
            "Its energy use exceeds what the commune has committed to; a sledging slope made of recycled material is being studied instead.",
            "Die Eisbahn würde mehr Energie verbrauchen, als sich die Stadt zum Ziel gesetzt "
            "hat. Stattdessen wird nun eine Rodelbahn aus recyceltem Material geprüft.",
            "De ijsbaan zou meer energie verbruiken dan de gemeente zich heeft voorgenomen. "
            "In plaats daarvan wordt nu een sleebaan van gerecycled materiaal onderzocht.",
        ),
        budget_planned=Decimal("45000"),
        district="Centre-ville",
        milestones=[
            Step(
                -150,
                Text(
                    "Étude de faisabilité",
                    "Feasibility study",
                    "Machbarkeitsstudie",
                    "Haalbaarheidsstudie",
                ),
                True,
            ),
            Step(
                -30,
                Text(
                    "Décision du conseil municipal",
                    "Town council decision",
                    "Beschluss des Stadtrats",
                    "Besluit van de gemeenteraad",
                ),
                True,
            ),
        ],
        news=[
            News(
                -30,
                Text(
                    "Le conseil renonce à la patinoire",
                    "The council drops the ice rink",
                    "Der Stadtrat verzichtet auf die Eisbahn",
                    "De gemeenteraad ziet af van de ijsbaan",
                ),
                Text(
                    "Le bilan énergétique a conduit le conseil à abandonner le projet.",
                    "The energy assessment led the council to drop the project.",
                    "Angesichts der Energiebilanz hat der Stadtrat das Projekt aufgegeben.",
                    "Gezien de energiebalans heeft de gemeenteraad het project stopgezet.",
                ),
            ),
        ],
    ),
]

MONTCLAIR = [
    ProjectSpec(
        winner="Des arbres rue des Tilleuls",
        title=Text("Des arbres rue des Tilleuls", "Trees on rue des Tilleuls"),
        slug=Text("arbres-tilleuls", "tilleuls-trees"),
        summary=Text(
            "Lauréat du budget participatif 2025 : douze tilleuls plantés, la rue est plus fraîche l'été.",
            "Winner of the 2025 participatory budget: twelve lime trees planted, the street is cooler in summer.",
        ),
        body=Text(
            "Les fosses de plantation ont été agrandies pour que les arbres vivent longtemps.",
            "The tree pits were enlarged so that the trees live long.",
        ),
        status="done",
        budget_spent=Decimal("19320"),
        category="Nature en ville",
        district="Les Tilleuls",
        milestones=[
            Step(-100, CHOSEN_BY_RESIDENTS, True),
            Step(-60, Text("Préparation des fosses", "Tree pits prepared"), True),
            Step(-20, Text("Plantation", "Planting"), True),
        ],
        news=[
            News(
                -20,
                Text("Les douze tilleuls sont plantés", "The twelve lime trees are planted"),
                Text(
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
        title=Text("Un jardin partagé", "A shared garden"),
        slug=Text("jardin-partage", "shared-garden"),
        summary=Text(
            "Lauréat du budget participatif 2025 : des parcelles cultivées par les habitants au Plateau.",
            "Winner of the 2025 participatory budget: plots grown by residents on the Plateau.",
        ),
        body=Text(
            "Une association de quartier gérera le jardin ; les parcelles seront attribuées par tirage au sort.",
            "A neighbourhood association will run the garden; plots will be allotted by drawing lots.",
        ),
        status="in_progress",
        budget_spent=Decimal("2100"),
        category="Nature en ville",
        district="Le Plateau",
        milestones=[
            Step(-100, CHOSEN_BY_RESIDENTS, True),
            Step(-15, Text("Clôture et récupérateurs d'eau", "Fence and rain-water tanks"), True),
            Step(30, Text("Tirage au sort des parcelles", "Plots allotted by drawing lots"), False),
        ],
        news=[
            News(
                -15,
                Text("Le terrain est clos", "The plot is fenced"),
                Text(
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
        title=Text("Extinction de l'éclairage la nuit", "Street lights off at night"),
        slug=Text("extinction-nocturne", "lights-off-at-night"),
        summary=Text(
            "Issu de la consultation sur l'éclairage : les quartiers résidentiels seront éteints de 1 h à 5 h.",
            "From the street-lighting consultation: residential areas will be dark from 1 am to 5 am.",
        ),
        body=Text(
            "Des horloges astronomiques seront posées dans les armoires électriques ; les abords de la gare restent éclairés.",
            "Astronomical clocks will be fitted in the street cabinets; the streets around the station stay lit.",
        ),
        status="planned",
        budget_planned=Decimal("7800"),
        category="Nature en ville",
        milestones=[
            Step(20, Text("Pose des horloges", "Clocks fitted"), False),
            Step(45, Text("Première nuit noire", "First dark night"), False),
        ],
        news=[
            News(
                -6,
                Text("Les quartiers concernés sont connus", "The areas concerned are known"),
                Text(
                    "La carte des rues éteintes de 1 h à 5 h est en ligne ; la gare et ses abords restent éclairés.",
                    "The map of the streets dark from 1 am to 5 am is online; the station and its surroundings stay lit.",
                ),
            ),
        ],
    ),
]


PROJECTS = {"Belval": BELVAL, "Montclair": MONTCLAIR}
FOLLOWERS = 5  # demo citizens following each published project


def _texts(spec: ProjectSpec) -> list[Text]:
    texts = [spec.title, spec.slug, spec.summary, spec.body, spec.status_reason]
    for step in spec.milestones:
        texts += [step.title, step.description]
    for news in spec.news:
        texts += [news.title, news.text]
    return texts


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
    page.title = spec.title.fr
    page.slug = spec.slug.fr
    page.summary = spec.summary.fr
    page.body = [("paragraph", f"<p>{spec.body.fr}</p>")]
    page.status = spec.status
    page.status_reason = spec.status_reason.fr
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
            title=step.title.fr,
            description=step.description.fr,
            done=step.done,
        )
        for step in spec.milestones
    ]
    page.updates = [
        ProjectUpdate(date=day(news.days), title=news.title.fr, body=f"<p>{news.text.fr}</p>")
        for news in spec.news
    ]


def seed_projects(commune, *, budget, editor, moderator, citizens, rng) -> ProjectIndexPage:
    """The commune's projects index and its three demo projects, in French and the
    commune's other languages: written by the editor, published by a moderator."""
    languages = target_languages(commune)
    index = make_project_index(
        parent=commune.home,
        title=INDEX["title"].fr,
        slug=INDEX["slug"].fr,
        intro=INDEX["intro"].fr,
        show_in_menus=True,
    )
    translate_into(index, INDEX.values(), languages)
    # As staff do it: one action creates the drafts of every winner of the budget.
    outcome = create_projects_from_winners(budget=budget, staff=editor)
    winners = {page.title: page for page in outcome.created}

    for spec in PROJECTS[commune.site.site_name]:
        page, proposal = _origin(spec, commune, winners)
        _fill(page, spec, commune)
        if page.pk is None:
            page.owner = editor
            index.add_child(instance=page)
        page.save_revision(user=editor).publish(user=moderator)
        page = ProjectPage.objects.get(pk=page.pk)
        translate_into(page, _texts(spec), languages)
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
