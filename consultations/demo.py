"""Demo consultations for Belval and Montclair: one open for proposals, one with results.

Built from the same factories and services as the tests, so the demo exercises
the real rules (supports, threshold, answers).
"""

import random
from dataclasses import dataclass, field

from django.utils import timezone

from home.services import translate_page

from . import services
from .factories import (
    CategoryFactory,
    CitizenFactory,
    DistrictFactory,
    make_consultation,
    make_questionnaire,
)
from .models import PhaseKind, ProposalStatus
from .models.questionnaire import split_choices

OPEN = (
    (PhaseKind.INFORMATION, -40, -21),
    (PhaseKind.PROPOSALS, -20, 25),
    (PhaseKind.REVIEW, 26, 55),
    (PhaseKind.RESULTS, 56, 120),
)
FINISHED = (
    (PhaseKind.PROPOSALS, -150, -100),
    (PhaseKind.REVIEW, -99, -60),
    (PhaseKind.RESULTS, -59, 60),
)


@dataclass
class ConsultationSpec:
    title: tuple[str, str]  # French, English
    slug: tuple[str, str]
    intro: tuple[str, str]
    phases: tuple
    proposals: list[tuple[str, str, str]]  # title, body, category key
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)  # index → (status, answer)
    results: tuple[str, str] = ("", "")  # French, English
    # (label, field type, choices, required) and how the demo citizens answered.
    questionnaire: list[tuple[str, str, str, bool]] = field(default_factory=list)


CATEGORIES = {
    "mobility": ("Mobilité", "Mobility"),
    "nature": ("Nature en ville", "Nature in town"),
    "life": ("Vie de quartier", "Neighbourhood life"),
    "safety": ("Sécurité et accessibilité", "Safety and accessibility"),
}

MARKET_SQUARE = [
    (
        "Des bancs à l'ombre autour de la fontaine",
        "Les personnes âgées n'ont nulle part où s'asseoir les jours de marché. Quelques bancs à l'ombre des platanes suffiraient.",
        "life",
    ),
    (
        "Plus de bancs sur la place",
        "Installer des bancs supplémentaires pour se reposer pendant le marché.",
        "life",
    ),
    (
        "Un abri vélo couvert",
        "Un abri pour une trentaine de vélos près de l'entrée nord, à l'abri de la pluie.",
        "mobility",
    ),
    (
        "Stationnement vélo sécurisé",
        "Des arceaux solides pour attacher son vélo pendant les courses.",
        "mobility",
    ),
    (
        "Piétonniser la place le samedi",
        "Fermer la place aux voitures le samedi matin pour profiter du marché en sécurité.",
        "mobility",
    ),
    (
        "Des arbres pour rafraîchir la place",
        "Planter des arbres d'alignement côté sud, la place est une fournaise l'été.",
        "nature",
    ),
    (
        "Un îlot de fraîcheur avec brumisateurs",
        "Des brumisateurs près des étals pour les jours de canicule.",
        "nature",
    ),
    (
        "Des toilettes publiques accessibles",
        "Il n'y a aucune toilette publique autour de la place ; en installer une accessible aux fauteuils.",
        "safety",
    ),
    (
        "Une fontaine à eau potable",
        "Remettre en service une fontaine d'eau potable pour les passants.",
        "life",
    ),
    (
        "Des jeux pour enfants",
        "Un petit espace de jeux pour les enfants pendant que les parents font le marché.",
        "life",
    ),
    (
        "Un marché nocturne l'été",
        "Organiser un marché de producteurs un vendredi soir par mois en été.",
        "life",
    ),
    (
        "Mieux éclairer la place le soir",
        "Plusieurs coins sont sombres après 20 h ; un éclairage doux rassurerait.",
        "safety",
    ),
    (
        "Élargir les trottoirs rue du Four",
        "Les poussettes et fauteuils ne passent pas rue du Four les jours de marché.",
        "safety",
    ),
    (
        "Des bacs de compost pour les commerçants",
        "Récupérer les invendus et épluchures des étals dans des bacs de compost.",
        "nature",
    ),
    (
        "Un parking vélo cargo",
        "Deux ou trois places pour vélos cargos, utiles pour les courses familiales.",
        "mobility",
    ),
    (
        "Une navette depuis les hameaux",
        "Une navette gratuite le samedi matin depuis les hameaux vers le marché.",
        "mobility",
    ),
    (
        "Végétaliser les pieds d'arbres",
        "Semer des fleurs au pied des platanes avec les écoles du quartier.",
        "nature",
    ),
    (
        "Un point d'information de la mairie",
        "Un stand mensuel de la mairie sur le marché pour poser ses questions.",
        "life",
    ),
    (
        "Réduire la vitesse avenue de la Gare",
        "Zone 30 et plateau surélevé à l'entrée de la place.",
        "safety",
    ),
    (
        "Des ombrières solaires",
        "Des ombrières photovoltaïques au-dessus du parking pour produire de l'électricité.",
        "nature",
    ),
    (
        "Un kiosque à musique",
        "Un kiosque pour les concerts de l'école de musique le dimanche.",
        "life",
    ),
    ("Des poubelles de tri", "Des poubelles de tri sélectif autour de la place.", "nature"),
    (
        "Un passage piéton devant la boulangerie",
        "Traverser devant la boulangerie est dangereux, il manque un passage piéton.",
        "safety",
    ),
    ("Une boîte à livres", "Une boîte à livres en bois près des bancs.", "life"),
    (
        "Un plan tactile pour les malvoyants",
        "Un plan en relief de la place et des bandes podotactiles.",
        "safety",
    ),
    (
        "Un abri pour attendre le bus",
        "L'arrêt de bus de la place n'a pas d'abri, on attend sous la pluie.",
        "mobility",
    ),
    (
        "Des tables de pique-nique",
        "Quelques tables pour manger sur place les produits du marché.",
        "life",
    ),
    (
        "Un jardin partagé derrière la halle",
        "Transformer la pelouse derrière la halle en jardin partagé.",
        "nature",
    ),
    (
        "Bornes de recharge pour vélos électriques",
        "Deux bornes de recharge pour vélos électriques près de l'abri.",
        "mobility",
    ),
    (
        "Fête de la place chaque printemps",
        "Une fête annuelle pour inaugurer les aménagements avec les habitants.",
        "life",
    ),
]

BELVAL_OPEN = ConsultationSpec(
    title=("Aménagement de la place du marché", "Redesigning the market square"),
    slug=("place-du-marche", "market-square"),
    intro=(
        "La place du marché sera réaménagée en 2027. Proposez vos idées, soutenez celles des autres et discutez-en.",
        "The market square will be redesigned in 2027. Share your ideas, support others' and discuss them.",
    ),
    phases=OPEN,
    proposals=MARKET_SQUARE,
)

CYCLING_QUESTIONS = [
    (
        "À quelle fréquence circulez-vous à vélo ?",
        "radio",
        "Tous les jours\nChaque semaine\nRarement\nJamais",
        True,
    ),
    (
        "Qu'est-ce qui vous ferait pédaler davantage ?",
        "checkboxes",
        "Des pistes séparées\nDu stationnement sûr\nDes aides à l'achat\nMoins de voitures",
        False,
    ),
]

BELVAL_DONE = ConsultationSpec(
    title=("Plan vélo 2026", "2026 cycling plan"),
    slug=("plan-velo-2026", "cycling-plan-2026"),
    intro=(
        "Vous avez proposé des aménagements cyclables ; voici les réponses de la commune.",
        "You proposed cycling improvements; here are the commune's answers.",
    ),
    phases=FINISHED,
    proposals=[
        (
            "Une piste cyclable vers le lycée",
            "Relier le centre au lycée par une piste séparée des voitures.",
            "mobility",
        ),
        (
            "Double sens cyclable rue des Écoles",
            "Autoriser les vélos dans les deux sens rue des Écoles.",
            "mobility",
        ),
        (
            "Location de vélos à la gare",
            "Un service de location longue durée de vélos électriques.",
            "mobility",
        ),
        (
            "Supprimer le stationnement place Carnot",
            "Remplacer le parking par une piste et des arbres.",
            "nature",
        ),
    ],
    answers={
        0: (
            ProposalStatus.IN_PROGRESS,
            "Les travaux commencent en mars ; la piste sera ouverte à la rentrée.",
        ),
        1: (
            ProposalStatus.DONE,
            "Le double sens cyclable est en place depuis juin, avec une signalisation renforcée.",
        ),
        2: (
            ProposalStatus.ANSWERED,
            "La région lance ce service en 2027 ; la commune mettra un local à disposition.",
        ),
        3: (
            ProposalStatus.REJECTED,
            "Le stationnement reste nécessaire aux commerces ; 20 places seront converties en arceaux vélo.",
        ),
    },
    results=(
        "Merci pour vos propositions et vos soutiens : trois idées sont retenues, dont deux déjà engagées.",
        "Thank you for your proposals and support: three ideas are taken up, two of them already under way.",
    ),
    questionnaire=CYCLING_QUESTIONS,
)


MONTCLAIR_OPEN = ConsultationSpec(
    title=("Une cour d'école oasis", "A green schoolyard"),
    slug=("cour-oasis", "green-schoolyard"),
    intro=(
        "La cour de l'école des Tilleuls deviendra un îlot de fraîcheur ouvert le week-end. Que souhaitez-vous y voir ?",
        "The Tilleuls school playground will become a cool green space open at weekends. What would you like there?",
    ),
    phases=OPEN,
    proposals=[
        (
            "Des arbres fruitiers",
            "Des pommiers et des cerisiers, pour l'ombre et le goûter.",
            "nature",
        ),
        ("Un potager pédagogique", "Des bacs potagers entretenus par les classes.", "nature"),
        ("Une cabane en bois", "Une cabane pour jouer à l'abri du soleil.", "life"),
        ("Des sols perméables", "Remplacer le bitume par des copeaux et de la pelouse.", "nature"),
        ("Ouverture le samedi", "Ouvrir la cour aux familles le samedi après-midi.", "life"),
        ("Un point d'eau", "Une fontaine pour boire pendant les récréations chaudes.", "safety"),
    ],
)

LIGHTING_QUESTIONS = [
    ("Êtes-vous favorable à l'extinction nocturne ?", "radio", "Oui\nNon\nSans avis", True),
    (
        "À quelle heure rentrez-vous le plus souvent ?",
        "dropdown",
        "Avant 22 h\nEntre 22 h et minuit\nAprès minuit",
        False,
    ),
]

MONTCLAIR_DONE = ConsultationSpec(
    title=("Éclairage public et nuit noire", "Street lighting and dark skies"),
    slug=("eclairage-public", "street-lighting"),
    intro=(
        "Faut-il éteindre l'éclairage la nuit ? La consultation est close ; voici ce que la commune a décidé.",
        "Should street lights go off at night? The consultation is closed; here is what the commune decided.",
    ),
    phases=FINISHED,
    proposals=[
        ("Éteindre de 1 h à 5 h", "Économiser l'énergie et protéger les oiseaux.", "nature"),
        (
            "Garder l'éclairage près de la gare",
            "Les voyageurs du dernier train rentrent tard.",
            "safety",
        ),
    ],
    answers={
        0: (
            ProposalStatus.ANSWERED,
            "L'éclairage sera coupé de 1 h à 5 h dans les quartiers résidentiels dès janvier.",
        ),
        1: (
            ProposalStatus.ANSWERED,
            "Les abords de la gare restent éclairés toute la nuit, avec des lampes moins puissantes.",
        ),
    },
    results=(
        "L'extinction nocturne est adoptée pour les quartiers résidentiels ; les axes de la gare restent éclairés.",
        "Night-time switch-off is adopted for residential areas; the streets around the station stay lit.",
    ),
    questionnaire=LIGHTING_QUESTIONS,
)


DISTRICTS = {
    "Belval": ["Centre-ville", "Gare", "Les Prés", "Vieux-Bourg"],
    "Montclair": ["Le Plateau", "Les Tilleuls", "Bord de Saône"],
}
COMMENTS = [
    "Très bonne idée, je soutiens.",
    "Il faudrait penser à l'entretien.",
    "Et pourquoi pas aussi côté est ?",
    "Je suis d'accord, c'est urgent.",
    "Attention au coût pour la commune.",
]
REPLIES = ["Bonne remarque.", "C'est prévu dans la proposition.", "Tout à fait !"]


def _categories(commune, locales):
    categories = {}
    for key, (french, english) in CATEGORIES.items():
        category = CategoryFactory(site=commune.site, name=french, locale=commune.home.locale)
        if "en" in locales:
            english_category = category.copy_for_translation(locales["en"])
            english_category.name = english
            english_category.save()
        categories[key] = category
    return categories


def seed_consultations(commune, *, specs, rng: random.Random, citizens, moderator):
    """Create the demo consultations of one commune (source pages in French)."""
    locales = {page.locale.language_code: page.locale for page in commune.home_pages.values()}
    categories = _categories(commune, locales)
    districts = [
        DistrictFactory(site=commune.site, name=name) for name in DISTRICTS[commune.site.site_name]
    ]
    for spec in specs:
        page = make_consultation(
            parent=commune.home,
            title=spec.title[0],
            slug=spec.slug[0],
            intro=spec.intro[0],
            phases=spec.phases,
            categories=list(categories.values()),
            support_threshold=15,
        )
        if spec.results[0]:
            page.results_body = [("paragraph", f"<p>{spec.results[0]}</p>")]
            page.save_revision().publish()
        if "en" in locales:
            texts = (spec.title, spec.slug, spec.intro, spec.results)
            translate_page(
                page=page,
                language="en",
                strings={french: english for french, english in texts if french},
            )
        _seed_contributions(
            page,
            spec,
            rng=rng,
            citizens=citizens,
            categories=categories,
            districts=districts,
            moderator=moderator,
        )
        if spec.questionnaire:
            _seed_questionnaire(page, spec, rng=rng, citizens=citizens)


def _seed_contributions(page, spec, *, rng, citizens, categories, districts, moderator):
    # Contributions are written directly with the services' models: the services
    # would refuse them in a finished consultation, which the demo needs to show.
    from .factories import CommentFactory, ProposalFactory

    for index, (title, body, category_key) in enumerate(spec.proposals):
        proposal = ProposalFactory(
            page=page,
            author=rng.choice(citizens),
            title=title,
            body=body,
            category=categories[category_key],
            district=rng.choice(districts),
            show_author_name=rng.random() < 0.5,
        )
        supporters = rng.sample(
            [c for c in citizens if c != proposal.author], k=rng.randint(0, len(citizens) - 1)
        )
        for supporter in supporters:
            proposal.supports.create(user=supporter)
        proposal.support_count = len(supporters)
        if len(supporters) >= page.support_threshold:
            proposal.threshold_reached_at = timezone.now()
        if rng.random() < 0.4:
            top = CommentFactory(
                page=page, proposal=proposal, author=rng.choice(citizens), body=rng.choice(COMMENTS)
            )
            proposal.comment_count += 1
            if rng.random() < 0.6:
                CommentFactory(
                    page=page,
                    proposal=proposal,
                    parent=top,
                    author=rng.choice(citizens),
                    body=rng.choice(REPLIES),
                )
                proposal.comment_count += 1
        proposal.save()
        if index in spec.answers:
            status, answer = spec.answers[index]
            services.change_status(proposal=proposal, staff=moderator, status=status, answer=answer)


def _seed_questionnaire(page, spec, *, rng, citizens):
    """A questionnaire with answers from the demo citizens (written directly: it is closed)."""
    from .models import QuestionnaireSubmission

    questionnaire = make_questionnaire(
        page,
        questions=spec.questionnaire,
        title="Questionnaire",
        slug="questionnaire",
        intro="Quelques questions pour mieux connaître vos habitudes.",
        thank_you_text="Merci pour vos réponses !",
    )
    fields = list(questionnaire.form_fields.all())
    for citizen in rng.sample(citizens, k=len(citizens) * 2 // 3):
        answers = {}
        for question in fields:
            options = split_choices(question.choices)
            if question.field_type in ("checkboxes", "multiselect"):
                answers[question.clean_name] = rng.sample(options, k=rng.randint(1, len(options)))
            else:
                answers[question.clean_name] = rng.choice(options)
        QuestionnaireSubmission.objects.create(page=questionnaire, user=citizen, form_data=answers)


def demo_citizens(count: int = 24):
    """Confirmed adult citizens with French names; `citoyen1@demo.localhost` etc."""
    return [
        CitizenFactory(email=f"citoyen{number}@demo.localhost") for number in range(1, count + 1)
    ]
