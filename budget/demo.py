"""Demo budgets: Belval votes now (ranked 3-2-1) and its 2025 budget has final results, as
has Montclair's; the winners of both finished budgets are being built (projects demo)."""

import random
from decimal import Decimal

from consultations.factories import ProposalFactory
from consultations.models import PhaseKind, ProposalStatus
from home.demo import Text, target_languages, translate_into

from .factories import make_budget
from .models import Ballot, BallotChannel, BallotChoice, voter_hash
from .services import freeze_results

BELVAL_PROJECTS = [
    ("Un verger partagé au parc des Prés", 18000),
    ("Des bancs le long de la Moselle", 9000),
    ("Un skatepark rénové", 38000),
    ("Des nichoirs et hôtels à insectes", 3500),
    ("Une piste cyclable rue Jean-Jaurès", 40000),
    ("Des boîtes à livres dans chaque quartier", 4000),
    ("Un terrain de basket éclairé", 32000),
    ("Des toilettes publiques à la gare", 35000),
    ("Une aire de jeux inclusive", 39000),
    ("Des fontaines à eau potable", 15000),
    ("Un atelier de réparation de vélos", 12000),
    ("Des jardinières au Vieux-Bourg", 6000),
    ("Un abri pour les sans-abri l'hiver", 30000),
    ("Des arceaux vélos devant les écoles", 7000),
    ("Une fresque participative sous le pont", 11000),
    ("Un composteur collectif aux Prés", 5000),
    ("Des tables de ping-pong au parc", 8000),
    ("Un parcours de santé", 22000),
    ("L'éclairage solaire du chemin de halage", 27000),
    ("Une cabane à dons", 4500),
    ("Des ombrières dans la cour de l'école", 36000),
    ("Un kiosque à musique restauré", 25000),
    ("Des ruches pédagogiques", 6500),
    ("Un passage piéton sécurisé rue Haute", 14000),
    ("Une bibliothèque de jeux", 10000),
]
BELVAL_2025_PROJECTS = [
    ("Un verger partagé au parc des Prés", 18000),
    ("Des boîtes à livres dans les quartiers", 4000),
    ("Une aire de jeux au Vieux-Bourg", 35000),
    ("Des bancs le long de la Moselle", 9000),
    ("Un local pour les associations de jeunes", 40000),
    ("Des nichoirs dans les écoles", 2500),
]
MONTCLAIR_PROJECTS = [
    ("Une passerelle sur la Saône", 60000),
    ("Des arbres rue des Tilleuls", 20000),
    ("Un city-stade au Plateau", 45000),
    ("Une navette vers le marché", 25000),
    ("Un jardin partagé", 10000),
    ("Des bancs au bord de l'eau", 8000),
    ("Un local pour les associations", 40000),
    ("Une boîte à livres", 2000),
]
BELVAL_BUDGET = {
    "title": Text(
        "Budget participatif 2026",
        "2026 participatory budget",
        "Bürgerhaushalt 2026",
        "Burgerbegroting 2026",
    ),
    "slug": Text(
        "budget-participatif-2026",
        "participatory-budget-2026",
        "buergerhaushalt-2026",
        "burgerbegroting-2026",
    ),
    "intro": Text(
        "200 000 € pour vos projets : classez vos trois préférés, dès 16 ans.",
        "€200,000 for your projects: rank your three favourites, from the age of 16.",
        "200.000 € für Ihre Projekte: Bringen Sie Ihre drei Favoriten in eine Rangfolge. "
        "Abstimmen können alle ab 16 Jahren.",
        "€ 200.000 voor uw projecten: zet uw drie favorieten op volgorde. Iedereen vanaf "
        "16 jaar mag stemmen.",
    ),
}
BELVAL_2025_BUDGET = {
    "title": Text(
        "Budget participatif 2025",
        "2025 participatory budget",
        "Bürgerhaushalt 2025",
        "Burgerbegroting 2025",
    ),
    "slug": Text(
        "budget-participatif-2025",
        "participatory-budget-2025",
        "buergerhaushalt-2025",
        "burgerbegroting-2025",
    ),
    "intro": Text(
        "60 000 € pour vos projets : les habitants ont classé leurs trois préférés ; les lauréats sont en cours de réalisation.",
        "€60,000 for your projects: residents ranked their three favourites; the winners are being built.",
        "60.000 € für Ihre Projekte: Die Einwohnerinnen und Einwohner haben ihre drei "
        "Favoriten in eine Rangfolge gebracht. Die ausgewählten Projekte werden derzeit "
        "umgesetzt.",
        "€ 60.000 voor uw projecten: de inwoners hebben hun drie favorieten op volgorde "
        "gezet. De winnende projecten worden nu uitgevoerd.",
    ),
}
MONTCLAIR_BUDGET = {
    "title": Text("Budget participatif 2025", "2025 participatory budget"),
    "slug": Text("budget-participatif-2025", "participatory-budget-2025"),
    "intro": Text(
        "Les habitants ont choisi, dans la limite de 120 000 €, les projets réalisés cette année.",
        "Residents chose, within €120,000, the projects carried out this year.",
    ),
}
CRITERIA = {
    "competence": Text(
        "Le projet relève des compétences de la commune.",
        "The project is within the commune's powers.",
        "Das Projekt fällt in die Zuständigkeit der Gemeinde.",
        "Het project valt onder de bevoegdheden van de gemeente.",
    ),
    "general": Text(
        "Il sert l'intérêt général et reste accessible à tous.",
        "It serves the general interest and is open to all.",
        "Es dient dem Gemeinwohl und steht allen offen.",
        "Het dient het algemeen belang en is voor iedereen toegankelijk.",
    ),
    "cost": Text(
        "Son coût ne dépasse pas le plafond par projet.",
        "Its cost does not exceed the cap per project.",
        "Die Kosten liegen nicht über der Obergrenze je Projekt.",
        "De kosten liggen niet boven het maximumbedrag per project.",
    ),
}
FINISHED = (
    (PhaseKind.PROPOSALS, -300, -200),
    (PhaseKind.REVIEW, -199, -120),
    (PhaseKind.VOTE, -119, -90),
    (PhaseKind.RESULTS, -89, 120),
)


def _projects(page, titles, *, rng, citizens):
    return [
        ProposalFactory(
            page=page,
            author=rng.choice(citizens),
            title=title,
            body="Projet proposé par des habitants et jugé recevable par les services.",
            status=ProposalStatus.ELIGIBLE,
            estimated_cost=Decimal(cost),
        )
        for title, cost in titles
    ]


def _ballots(page, projects, *, rng, count, choose):
    """`count` anonymous demo ballots; `choose(weights)` returns [(project, points)]."""
    weights = [rng.random() ** 2 for _ in projects]
    ballots = Ballot.objects.bulk_create(
        Ballot(
            page=page,
            voter_hash=voter_hash(f"demo-voter-{page.pk}-{n}"),
            channel=BallotChannel.ONLINE,
        )
        for n in range(count)
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, proposal=project, position=position, points=points)
        for ballot in ballots
        for position, (project, points) in enumerate(choose(weights))
    )


def _translate(commune, page, texts):
    """Translate a budget page into the commune's other languages."""
    translate_into(page, [*texts.values(), *CRITERIA.values()], target_languages(commune))


def seed_belval_budget(belval, *, rng: random.Random, citizens, staff=None):
    """Belval's ranked 3-2-1 vote, open now, with 600 ballots cast."""
    belval_budget = make_budget(
        parent=belval.home,
        title=BELVAL_BUDGET["title"].fr,
        slug=BELVAL_BUDGET["slug"].fr,
        intro=BELVAL_BUDGET["intro"].fr,
        envelope=Decimal("200000"),
        max_project_cost=Decimal("40000"),
        ballot_method="ranked",
        points_per_rank="3,2,1",
        result_rule="greedy",
        criteria=[criterion.fr for criterion in CRITERIA.values()],
    )
    _translate(belval, belval_budget, BELVAL_BUDGET)
    projects = _projects(belval_budget, BELVAL_PROJECTS, rng=rng, citizens=citizens)

    def ranked(weights):
        picks = []
        while len(picks) < 3:
            pick = rng.choices(projects, weights=weights)[0]
            if pick not in picks:
                picks.append(pick)
        return list(zip(picks, (3, 2, 1), strict=True))

    _ballots(belval_budget, projects, rng=rng, count=600, choose=ranked)
    return belval_budget


def seed_belval_2025_budget(belval, *, rng: random.Random, citizens, staff=None):
    """Belval's previous budget: a finished ranked 3-2-1 vote whose results are frozen."""
    page = make_budget(
        parent=belval.home,
        phases=FINISHED,
        title=BELVAL_2025_BUDGET["title"].fr,
        slug=BELVAL_2025_BUDGET["slug"].fr,
        intro=BELVAL_2025_BUDGET["intro"].fr,
        envelope=Decimal("60000"),
        max_project_cost=Decimal("40000"),
        ballot_method="ranked",
        points_per_rank="3,2,1",
        result_rule="greedy",
        criteria=[criterion.fr for criterion in CRITERIA.values()],
    )
    _translate(belval, page, BELVAL_2025_BUDGET)
    projects = _projects(page, BELVAL_2025_PROJECTS, rng=rng, citizens=citizens)
    # The orchard comes first on most ballots: it is the demo's project being built.
    weights = [3.0, 1.2, 1.0, 1.5, 0.6, 0.8]

    def ranked(_weights):
        picks = []
        while len(picks) < 3:
            pick = rng.choices(projects, weights=weights)[0]
            if pick not in picks:
                picks.append(pick)
        return list(zip(picks, (3, 2, 1), strict=True))

    _ballots(page, projects, rng=rng, count=180, choose=ranked)
    freeze_results(page=page, staff=staff)
    return page


def seed_montclair_budget(montclair, *, rng: random.Random, citizens, staff=None):
    """Montclair's finished basket vote counted with the Method of Equal Shares, its
    results frozen as the commune published them."""
    montclair_budget = make_budget(
        parent=montclair.home,
        phases=FINISHED,
        title=MONTCLAIR_BUDGET["title"].fr,
        slug=MONTCLAIR_BUDGET["slug"].fr,
        intro=MONTCLAIR_BUDGET["intro"].fr,
        envelope=Decimal("120000"),
        max_project_cost=Decimal("60000"),
        ballot_method="knapsack",
        result_rule="mes",
        criteria=[criterion.fr for criterion in CRITERIA.values()],
    )
    _translate(montclair, montclair_budget, MONTCLAIR_BUDGET)
    projects = _projects(montclair_budget, MONTCLAIR_PROJECTS, rng=rng, citizens=citizens)

    def basket(weights):
        chosen, spent = [], Decimal(0)
        for project in rng.sample(projects, k=len(projects)):
            if (
                rng.random() < weights[projects.index(project)] + 0.2
                and spent + project.estimated_cost <= 120000
            ):
                chosen.append((project, 1))
                spent += project.estimated_cost
        return chosen or [(min(projects, key=lambda p: p.estimated_cost), 1)]

    _ballots(montclair_budget, projects, rng=rng, count=240, choose=basket)
    freeze_results(page=montclair_budget, staff=staff)
    return montclair_budget


def seed_belval_budgets(belval, *, rng: random.Random, citizens, staff=None):
    """Belval's open 2026 vote and its finished 2025 budget (returned: its winners are built)."""
    seed_belval_budget(belval, rng=rng, citizens=citizens, staff=staff)
    return seed_belval_2025_budget(belval, rng=rng, citizens=citizens, staff=staff)


# Each returns the commune's budget with final results, whose winners are being built.
BUDGETS = {"Belval": seed_belval_budgets, "Montclair": seed_montclair_budget}
