"""Demo consultations for Belval and Montclair: one open for proposals, one with results.

Built from the same factories and services as the tests, so the demo exercises
the real rules (supports, threshold, answers).
"""

import random
from dataclasses import dataclass, field

from django.utils import timezone

from home.demo import NO_TEXT, Text, target_languages, translate_into

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


@dataclass(frozen=True)
class Question:
    label: Text
    field_type: str
    choices: Text  # one option per line, in the same order in every language
    required: bool = False


@dataclass
class ConsultationSpec:
    title: Text
    slug: Text
    intro: Text
    phases: tuple
    # Citizens' proposals stay in their authors' language: title, body, category key.
    proposals: list[tuple[str, str, str]]
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)  # index → (status, answer)
    results: Text = NO_TEXT
    # Its questions; the demo citizens answer them at random.
    questionnaire: list[Question] = field(default_factory=list)


CATEGORIES = {
    "mobility": Text("Mobilité", "Mobility", "Mobilität", "Mobiliteit"),
    "nature": Text("Nature en ville", "Nature in town", "Natur in der Stadt", "Groen in de stad"),
    "life": Text("Vie de quartier", "Neighbourhood life", "Leben im Viertel", "Leven in de wijk"),
    "safety": Text(
        "Sécurité et accessibilité",
        "Safety and accessibility",
        "Sicherheit und Barrierefreiheit",
        "Veiligheid en toegankelijkheid",
    ),
}
# The page of every questionnaire of the demo: its title, address and texts.
QUESTIONNAIRE = {
    "title": Text("Questionnaire", "Questionnaire", "Fragebogen", "Vragenlijst"),
    "slug": Text("questionnaire", "questionnaire", "fragebogen", "vragenlijst"),
    "intro": Text(
        "Quelques questions pour mieux connaître vos habitudes.",
        "A few questions to get to know your habits better.",
        "Einige Fragen, damit wir Ihre Gewohnheiten besser kennenlernen.",
        "Enkele vragen om uw gewoonten beter te leren kennen.",
    ),
    "thank_you_text": Text(
        "Merci pour vos réponses !",
        "Thank you for your answers!",
        "Vielen Dank für Ihre Antworten!",
        "Hartelijk dank voor uw antwoorden!",
    ),
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
    title=Text(
        "Aménagement de la place du marché",
        "Redesigning the market square",
        "Neugestaltung des Marktplatzes",
        "Herinrichting van het marktplein",
    ),
    slug=Text("place-du-marche", "market-square", "marktplatz", "marktplein"),
    intro=Text(
        "La place du marché sera réaménagée en 2027. Proposez vos idées, soutenez celles des autres et discutez-en.",
        "The market square will be redesigned in 2027. Share your ideas, support others' and discuss them.",
        "Der Marktplatz wird 2027 neu gestaltet. Bringen Sie Ihre Ideen ein, unterstützen Sie "
        "die Vorschläge anderer und diskutieren Sie mit.",
        "Het marktplein wordt in 2027 heringericht. Dien uw ideeën in, steun die van anderen "
        "en praat erover mee.",
    ),
    phases=OPEN,
    proposals=MARKET_SQUARE,
)

CYCLING_QUESTIONS = [
    Question(
        Text(
            "À quelle fréquence circulez-vous à vélo ?",
            "How often do you cycle?",
            "Wie oft fahren Sie Fahrrad?",
            "Hoe vaak fietst u?",
        ),
        "radio",
        Text(
            "Tous les jours\nChaque semaine\nRarement\nJamais",
            "Every day\nEvery week\nRarely\nNever",
            "Täglich\nWöchentlich\nSelten\nNie",
            "Elke dag\nElke week\nZelden\nNooit",
        ),
        required=True,
    ),
    Question(
        Text(
            "Qu'est-ce qui vous ferait pédaler davantage ?",
            "What would make you cycle more?",
            "Was würde Sie dazu bewegen, öfter Rad zu fahren?",
            "Wat zou u ertoe aanzetten vaker te fietsen?",
        ),
        "checkboxes",
        Text(
            "Des pistes séparées\nDu stationnement sûr\nDes aides à l'achat\nMoins de voitures",
            "Separate cycle lanes\nSafe parking\nPurchase grants\nFewer cars",
            "Getrennte Radwege\nSichere Abstellanlagen\nKaufprämien\nWeniger Autoverkehr",
            "Vrijliggende fietspaden\nVeilige fietsenstallingen\nAankooppremies\nMinder auto's",
        ),
    ),
]

BELVAL_DONE = ConsultationSpec(
    title=Text("Plan vélo 2026", "2026 cycling plan", "Radverkehrsplan 2026", "Fietsplan 2026"),
    slug=Text("plan-velo-2026", "cycling-plan-2026", "radverkehrsplan-2026", "fietsplan-2026"),
    intro=Text(
        "Vous avez proposé des aménagements cyclables ; voici les réponses de la commune.",
        "You proposed cycling improvements; here are the commune's answers.",
        "Sie haben Verbesserungen für den Radverkehr vorgeschlagen. Hier finden Sie die "
        "Antworten der Stadt.",
        "U hebt voorstellen gedaan voor betere fietsvoorzieningen. Hier leest u de antwoorden "
        "van de gemeente.",
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
    results=Text(
        "Merci pour vos propositions et vos soutiens : trois idées sont retenues, dont deux déjà engagées.",
        "Thank you for your proposals and support: three ideas are taken up, two of them already under way.",
        "Vielen Dank für Ihre Vorschläge und Ihre Unterstützung: Drei Ideen werden umgesetzt, "
        "zwei davon sind bereits auf den Weg gebracht.",
        "Hartelijk dank voor uw voorstellen en uw steun: drie ideeën worden uitgevoerd, "
        "waarvan er twee al in gang zijn gezet.",
    ),
    questionnaire=CYCLING_QUESTIONS,
)


MONTCLAIR_OPEN = ConsultationSpec(
    title=Text("Une cour d'école oasis", "A green schoolyard"),
    slug=Text("cour-oasis", "green-schoolyard"),
    intro=Text(
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
    Question(
        Text(
            "Êtes-vous favorable à l'extinction nocturne ?",
            "Are you in favour of switching the street lights off at night?",
        ),
        "radio",
        Text("Oui\nNon\nSans avis", "Yes\nNo\nNo opinion"),
        required=True,
    ),
    Question(
        Text(
            "À quelle heure rentrez-vous le plus souvent ?",
            "What time do you usually come home?",
        ),
        "dropdown",
        Text(
            "Avant 22 h\nEntre 22 h et minuit\nAprès minuit",
            "Before 10 pm\nBetween 10 pm and midnight\nAfter midnight",
        ),
    ),
]

MONTCLAIR_DONE = ConsultationSpec(
    title=Text("Éclairage public et nuit noire", "Street lighting and dark skies"),
    slug=Text("eclairage-public", "street-lighting"),
    intro=Text(
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
    results=Text(
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


def _categories(commune, languages):
    """The commune's categories in French, each translated into its other languages."""
    categories = {}
    for key, name in CATEGORIES.items():
        category = CategoryFactory(site=commune.site, name=name.fr, locale=commune.home.locale)
        for language in languages:
            translated = category.copy_for_translation(commune.home_pages[language].locale)
            translated.name = name.in_language(language)
            translated.save()
        categories[key] = category
    return categories


def seed_consultations(commune, *, specs, rng: random.Random, citizens, moderator):
    """Create the demo consultations of one commune: French source pages, translated
    into the commune's other languages."""
    languages = target_languages(commune)
    categories = _categories(commune, languages)
    districts = [
        DistrictFactory(site=commune.site, name=name) for name in DISTRICTS[commune.site.site_name]
    ]
    for spec in specs:
        page = make_consultation(
            parent=commune.home,
            title=spec.title.fr,
            slug=spec.slug.fr,
            intro=spec.intro.fr,
            phases=spec.phases,
            categories=list(categories.values()),
            support_threshold=15,
        )
        if spec.results.fr:
            page.results_body = [("paragraph", f"<p>{spec.results.fr}</p>")]
            page.save_revision().publish()
        translate_into(page, (spec.title, spec.slug, spec.intro, spec.results), languages)
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
            _seed_questionnaire(page, spec, rng=rng, citizens=citizens, languages=languages)


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


def _seed_questionnaire(page, spec, *, rng, citizens, languages):
    """A questionnaire, translated with its consultation, with answers from the demo
    citizens (written directly: it is closed)."""
    from .models import QuestionnaireSubmission

    questionnaire = make_questionnaire(
        page,
        questions=[
            (question.label.fr, question.field_type, question.choices.fr, question.required)
            for question in spec.questionnaire
        ],
        **{name: text.fr for name, text in QUESTIONNAIRE.items()},
    )
    texts = [*QUESTIONNAIRE.values()]
    for question in spec.questionnaire:
        texts += [question.label, question.choices]
    translate_into(questionnaire, texts, languages)
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
