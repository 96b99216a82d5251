"""Demo content for two communes, Belval and Montclair, in several languages.

Each text is written once with its translations; the French text goes into the
source pages and the others reach the translated pages through wagtail-localize,
exactly as a translator's PO file would.
"""

from dataclasses import dataclass, field

from home.demo import Text


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
    """The statement says what is claimed and how it was checked, as the RGAA asks.

    "Partially conformant" because the checks are automated and keyboard tests, not a
    full RGAA audit by people: only such an audit may claim full conformance.
    """
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
                    "référentiel général d'amélioration de l'accessibilité (RGAA 4.1).",
                    f"The commune of {commune} is committed to making this site accessible in line "
                    "with the French accessibility standard (RGAA 4.1).",
                    f"Die Gemeinde {commune} verpflichtet sich, diese Website gemäß dem "
                    "französischen Standard RGAA 4.1 barrierefrei zu gestalten.",
                    f"De gemeente {commune} zet zich in om deze website toegankelijk te maken "
                    "volgens de Franse norm RGAA 4.1.",
                ),
            ),
            (
                "heading",
                Text(
                    "État de conformité",
                    "Compliance status",
                    "Stand der Vereinbarkeit",
                    "Nalevingsstatus",
                ),
            ),
            (
                "paragraph",
                Text(
                    "Niveau visé : WCAG 2.1 niveau AA (RGAA 4.1). Ce site est partiellement "
                    "conforme : aucune non-conformité n'est détectée par les tests décrits "
                    "ci-dessous, mais il n'a pas encore fait l'objet d'un audit complet.",
                    "Target level: WCAG 2.1 level AA (RGAA 4.1). This site is partially "
                    "conformant: the tests described below find no failure, but it has not yet "
                    "had a full audit.",
                    "Angestrebte Stufe: WCAG 2.1 Stufe AA (RGAA 4.1). Diese Website ist teilweise "
                    "konform: Die unten beschriebenen Tests finden keinen Verstoß, eine "
                    "vollständige Prüfung steht jedoch noch aus.",
                    "Beoogd niveau: WCAG 2.1 niveau AA (RGAA 4.1). Deze website voldoet "
                    "gedeeltelijk: de hieronder beschreven tests vinden geen enkele "
                    "tekortkoming, maar een volledige audit heeft nog niet plaatsgevonden.",
                ),
            ),
            (
                "heading",
                Text(
                    "Comment ce site est testé",
                    "How this site is tested",
                    "Wie diese Website geprüft wird",
                    "Hoe deze website getest wordt",
                ),
            ),
            (
                "paragraph",
                Text(
                    "À chaque modification, un navigateur Chromium automatisé vérifie les pages "
                    "principales (accueil, concertation, propositions, formulaire de proposition, "
                    "budget participatif, vote, résultats, projets, page d'un projet, connexion, "
                    "inscription, profil, suppression du compte, recherche, page introuvable) avec l'outil axe-core, selon les critères WCAG "
                    "2.1 A et AA, sur ordinateur (1 280 pixels de large) et sur mobile (390 "
                    "pixels), avec les couleurs de chaque commune : le résultat attendu est zéro "
                    "erreur. Le vote et les commentaires sont aussi testés au clavier seul : "
                    "ordre de tabulation, focus toujours visible, aucun piège au clavier.",
                    "On every change, an automated Chromium browser checks the main pages (home, "
                    "consultation, proposals, proposal form, participatory budget, vote, results, "
                    "projects, a project page, log-in, sign-up, profile, account deletion, search, "
                    "page not found) with the axe-core tool "
                    "against the WCAG 2.1 A and AA criteria, on a desktop (1,280 pixels wide) and "
                    "on a mobile (390 pixels), in each commune's colours: the expected result is "
                    "zero errors. Voting and commenting are also tested with the keyboard only: "
                    "tab order, focus always visible, no keyboard trap.",
                    "Bei jeder Änderung prüft ein automatisierter Chromium-Browser die wichtigsten "
                    "Seiten (Startseite, Beteiligung, Vorschläge, Vorschlagsformular, "
                    "Bürgerhaushalt, Abstimmung, Ergebnisse, Projekte, Projektseite, Anmeldung, "
                    "Registrierung, Profil, Kontolöschung, Suche, Seite nicht gefunden) mit dem Werkzeug axe-core nach den Kriterien "
                    "WCAG 2.1 A und AA, am Computer (1.280 Pixel breit) und auf dem Handy (390 "
                    "Pixel), in den Farben jeder Gemeinde: Erwartet werden null Fehler. "
                    "Abstimmen und Kommentieren werden außerdem nur mit der Tastatur geprüft: "
                    "Tabulatorreihenfolge, stets sichtbarer Fokus, keine Tastaturfalle.",
                    "Bij elke wijziging controleert een geautomatiseerde Chromium-browser de "
                    "belangrijkste pagina's (home, inspraak, voorstellen, voorstelformulier, "
                    "burgerbegroting, stemmen, resultaten, projecten, projectpagina, inloggen, "
                    "registreren, profiel, account verwijderen, zoeken, pagina niet gevonden) met het hulpmiddel axe-core volgens de criteria WCAG "
                    "2.1 A en AA, op een computer (1.280 pixels breed) en op een mobiel (390 "
                    "pixels), in de kleuren van elke gemeente: het verwachte resultaat is nul "
                    "fouten. Stemmen en reageren worden ook alleen met het toetsenbord getest: "
                    "tabvolgorde, altijd zichtbare focus, geen toetsenbordval.",
                ),
            ),
            (
                "heading",
                Text(
                    "Contenus non accessibles",
                    "Content that is not accessible",
                    "Nicht barrierefreie Inhalte",
                    "Niet-toegankelijke inhoud",
                ),
            ),
            (
                "paragraph",
                Text(
                    "Le contrôle de sécurité (captcha) demandé à l'inscription et lors des "
                    "premières contributions est une image accompagnée d'une version sonore, mais "
                    "cette voix de synthèse épelle les caractères en anglais. Si vous ne pouvez "
                    "utiliser ni l'une ni l'autre, écrivez-nous : nous créerons votre compte ou "
                    "publierons votre contribution pour vous.",
                    "The security check (captcha) asked at sign-up and for the first "
                    "contributions is an image with an audio version, but its synthetic voice "
                    "spells the characters out in English. If you can use neither, write to us: "
                    "we will create your account or publish your contribution for you.",
                    "Die Sicherheitsabfrage (Captcha) bei der Registrierung und den ersten "
                    "Beiträgen ist ein Bild mit einer Tonfassung, deren synthetische Stimme die "
                    "Zeichen jedoch auf Englisch buchstabiert. Wenn Sie keines von beiden nutzen "
                    "können, schreiben Sie uns: Wir legen Ihr Konto an oder veröffentlichen Ihren "
                    "Beitrag für Sie.",
                    "De beveiligingscontrole (captcha) bij het registreren en bij de eerste "
                    "bijdragen is een afbeelding met een geluidsversie, maar die synthetische stem "
                    "spelt de tekens in het Engels. Kunt u geen van beide gebruiken, schrijf ons "
                    "dan: wij maken uw account aan of publiceren uw bijdrage voor u.",
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
            (
                "heading",
                Text("Voies de recours", "Remedies", "Rechtsbehelfe", "Beroepsmogelijkheden"),
            ),
            (
                "paragraph",
                Text(
                    "Si notre réponse ne vous satisfait pas, vous pouvez saisir le Défenseur des "
                    "droits.",
                    "If our answer does not satisfy you, you can refer the matter to the "
                    "Défenseur des droits (the French rights ombudsman).",
                    "Wenn unsere Antwort Sie nicht zufriedenstellt, können Sie sich an den "
                    "Défenseur des droits (den französischen Bürgerbeauftragten) wenden.",
                    "Bent u niet tevreden met ons antwoord, dan kunt u zich wenden tot de "
                    "Défenseur des droits (de Franse ombudsman).",
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
                (
                    "heading",
                    Text(
                        "Soutenir et débattre",
                        "Support and discuss",
                        "Unterstützen und diskutieren",
                        "Steunen en meepraten",
                    ),
                ),
                (
                    "paragraph",
                    Text(
                        "Soutenez les propositions de vos voisins et donnez votre avis "
                        "dans les commentaires.",
                        "Support your neighbours' proposals and give your opinion in the comments.",
                        "Unterstützen Sie die Vorschläge Ihrer Nachbarn und sagen Sie Ihre "
                        "Meinung in den Kommentaren.",
                        "Steun de voorstellen van uw buren en geef uw mening in de reacties.",
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
