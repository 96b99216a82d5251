"""Demo content for two communes, Belval and Montclair, in several languages.

Each text is written once with its translations; the French text goes into the
source pages and the others reach the translated pages through wagtail-localize,
exactly as a translator's PO file would.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    fr: str
    en: str
    de: str = ""
    nl: str = ""

    def in_language(self, language: str) -> str:
        return getattr(self, language)


@dataclass(frozen=True)
class PageSpec:
    title: Text
    slug: Text
    intro: Text | None = None
    body: list[tuple[str, Text]] = field(default_factory=list)
    show_in_menus: bool = False
    role: str = ""  # "legal" or "accessibility": linked from the commune settings


@dataclass(frozen=True)
class CommuneSpec:
    name: str
    official_name: str
    hostname: str
    languages: list[str]
    accent_colour: str
    contact_email: str
    contact_address: str
    hero_title: Text
    hero_text: Text
    home_body: list[tuple[str, Text]]
    pages: list[PageSpec]
    is_default_site: bool = False


def _legal_notice(commune: str, address: str) -> PageSpec:
    return PageSpec(
        title=Text("Mentions légales", "Legal notice", "Impressum", "Colofon"),
        slug=Text("mentions-legales", "legal-notice", "impressum", "colofon"),
        body=[
            ("heading", Text("Éditeur du site", "Publisher", "Herausgeber", "Uitgever")),
            (
                "paragraph",
                Text(
                    f"Ce site est édité par la commune de {commune}, {address}.",
                    f"This site is published by the commune of {commune}, {address}.",
                    f"Diese Website wird von der Gemeinde {commune}, {address}, herausgegeben.",
                    f"Deze website wordt uitgegeven door de gemeente {commune}, {address}.",
                ),
            ),
            (
                "heading",
                Text(
                    "Données personnelles",
                    "Personal data",
                    "Personenbezogene Daten",
                    "Persoonsgegevens",
                ),
            ),
            (
                "paragraph",
                Text(
                    "Vos données servent uniquement à la participation citoyenne. Vous pouvez les "
                    "télécharger ou supprimer votre compte à tout moment depuis votre profil.",
                    "Your data is used only for citizen participation. You can download it or "
                    "delete your account at any time from your profile.",
                    "Ihre Daten dienen ausschließlich der Bürgerbeteiligung. Sie können sie "
                    "jederzeit in Ihrem Profil herunterladen oder Ihr Konto löschen.",
                    "Uw gegevens worden alleen gebruikt voor burgerparticipatie. U kunt ze op elk "
                    "moment via uw profiel downloaden of uw account verwijderen.",
                ),
            ),
        ],
        role="legal",
    )


def _accessibility(commune: str) -> PageSpec:
    return PageSpec(
        title=Text(
            "Déclaration d'accessibilité",
            "Accessibility statement",
            "Erklärung zur Barrierefreiheit",
            "Toegankelijkheidsverklaring",
        ),
        slug=Text("accessibilite", "accessibility", "barrierefreiheit", "toegankelijkheid"),
        body=[
            (
                "paragraph",
                Text(
                    f"La commune de {commune} s'engage à rendre ce site accessible conformément au "
                    "référentiel général d'amélioration de l'accessibilité (RGAA).",
                    f"The commune of {commune} is committed to making this site accessible in line "
                    "with the French accessibility standard (RGAA, WCAG 2.1 AA).",
                    f"Die Gemeinde {commune} verpflichtet sich, diese Website gemäß dem "
                    "französischen Standard RGAA (WCAG 2.1 AA) barrierefrei zu gestalten.",
                    f"De gemeente {commune} zet zich in om deze website toegankelijk te maken "
                    "volgens de Franse norm RGAA (WCAG 2.1 AA).",
                ),
            ),
            ("heading", Text("Nous contacter", "Contact us", "Kontakt", "Contact")),
            (
                "paragraph",
                Text(
                    "Si vous ne parvenez pas à accéder à un contenu, écrivez-nous : nous vous "
                    "répondrons sous quinze jours.",
                    "If you cannot reach some content, write to us: we will answer within "
                    "fifteen days.",
                    "Wenn Sie auf einen Inhalt nicht zugreifen können, schreiben Sie uns: Wir "
                    "antworten innerhalb von fünfzehn Tagen.",
                    "Kunt u bepaalde inhoud niet bereiken? Schrijf ons: we antwoorden binnen "
                    "vijftien dagen.",
                ),
            ),
        ],
        role="accessibility",
    )


BELVAL = CommuneSpec(
    name="Belval",
    official_name="Ville de Belval",
    hostname="belval.localhost",
    languages=["fr", "en", "de", "nl"],
    accent_colour="#1d4e89",
    contact_email="participation@belval.localhost",
    contact_address="Hôtel de ville, 1 place de la République, 57000 Belval",
    is_default_site=True,
    hero_title=Text(
        "Belval se construit avec vous",
        "Belval is built with you",
        "Belval gestalten wir gemeinsam",
        "Belval bouwen we samen",
    ),
    hero_text=Text(
        "Proposez vos idées, votez pour le budget participatif et suivez les projets de la ville.",
        "Share your ideas, vote in the participatory budget and follow the town's projects.",
        "Bringen Sie Ihre Ideen ein, stimmen Sie über den Bürgerhaushalt ab und verfolgen Sie "
        "die Projekte der Stadt.",
        "Deel uw ideeën, stem over de burgerbegroting en volg de projecten van de stad.",
    ),
    home_body=[
        (
            "heading",
            Text(
                "Participer à la vie de Belval",
                "Take part in Belval",
                "Mitmachen in Belval",
                "Doe mee in Belval",
            ),
        ),
        (
            "paragraph",
            Text(
                "Chaque année, les habitantes et habitants décident de l'usage d'une partie du "
                "budget de la ville.",
                "Every year, residents decide how part of the town's budget is spent.",
                "Jedes Jahr entscheiden die Einwohnerinnen und Einwohner über einen Teil des "
                "städtischen Haushalts.",
                "Elk jaar beslissen de inwoners hoe een deel van de begroting van de stad wordt "
                "besteed.",
            ),
        ),
    ],
    pages=[
        PageSpec(
            title=Text(
                "Comment participer", "How to take part", "So machen Sie mit", "Zo doet u mee"
            ),
            slug=Text("participer", "take-part", "mitmachen", "meedoen"),
            intro=Text(
                "Trois façons de donner votre avis sur l'avenir de Belval.",
                "Three ways to have your say on Belval's future.",
                "Drei Wege, Ihre Meinung zur Zukunft von Belval einzubringen.",
                "Drie manieren om uw mening te geven over de toekomst van Belval.",
            ),
            body=[
                ("heading", Text("Proposer", "Propose", "Vorschlagen", "Voorstellen")),
                (
                    "paragraph",
                    Text(
                        "Pendant la phase de propositions, déposez une idée pour votre quartier.",
                        "During the proposals phase, submit an idea for your neighbourhood.",
                        "Reichen Sie während der Vorschlagsphase eine Idee für Ihr Viertel ein.",
                        "Dien tijdens de voorstelfase een idee in voor uw wijk.",
                    ),
                ),
                ("heading", Text("Voter", "Vote", "Abstimmen", "Stemmen")),
                (
                    "paragraph",
                    Text(
                        "Classez vos trois projets préférés : chacun compte, dès 16 ans.",
                        "Rank your three favourite projects: everyone counts, from the age of 16.",
                        "Ordnen Sie Ihre drei Lieblingsprojekte: Jede Stimme zählt, ab 16 Jahren.",
                        "Rangschik uw drie favoriete projecten: iedereen telt mee, vanaf 16 jaar.",
                    ),
                ),
            ],
            show_in_menus=True,
        ),
        _legal_notice("Belval", "1 place de la République, 57000 Belval"),
        _accessibility("Belval"),
    ],
)

MONTCLAIR = CommuneSpec(
    name="Montclair",
    official_name="Commune de Montclair",
    hostname="montclair.localhost",
    languages=["fr", "en"],
    accent_colour="#7a2e5c",
    contact_email="mairie@montclair.localhost",
    contact_address="Mairie de Montclair, 3 rue des Tilleuls, 69000 Montclair",
    hero_title=Text("Montclair, ensemble pour demain", "Montclair, together for tomorrow"),
    hero_text=Text(
        "La commune vous rend compte de chaque décision prise avec vous.",
        "The commune reports back on every decision made with you.",
    ),
    home_body=[
        ("heading", Text("Vos idées ont été réalisées", "Your ideas have been built")),
        (
            "paragraph",
            Text(
                "Découvrez les résultats du dernier budget participatif et l'avancement des "
                "projets lauréats.",
                "See the results of the last participatory budget and how the winning projects "
                "are progressing.",
            ),
        ),
    ],
    pages=[
        PageSpec(
            title=Text("La démocratie participative", "Participatory democracy"),
            slug=Text("democratie-participative", "participatory-democracy"),
            intro=Text(
                "Montclair associe ses habitants aux décisions depuis 2019.",
                "Montclair has involved its residents in decisions since 2019.",
            ),
            body=[
                (
                    "paragraph",
                    Text(
                        "Le conseil municipal répond à chaque proposition dans un délai de "
                        "deux mois.",
                        "The municipal council answers every proposal within two months.",
                    ),
                ),
            ],
            show_in_menus=True,
        ),
        _legal_notice("Montclair", "3 rue des Tilleuls, 69000 Montclair"),
        _accessibility("Montclair"),
    ],
)

COMMUNES = [BELVAL, MONTCLAIR]
