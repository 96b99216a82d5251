"""Two communes on one install: Belval, full of content, and Montclair, its neighbour.

Every object of Belval carries the word "Belval" (titles, names, bodies), so that a
response showing anything of Belval to Montclair's staff is caught by looking for
that word. Built once for the whole `tests/isolation` package (see conftest.py).
"""

import hashlib
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.admin.models import EditingSession
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    GroupApprovalTask,
    Locale,
    Page,
    UploadedFile,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    Translation,
    TranslationSource,
)

from accounts.factories import SuperuserFactory, UserFactory
from budget.models import Ballot, BallotChannel, BallotChoice, BudgetCriterion, BudgetPhase
from budget.services.paper import enter_paper_ballot
from consultations import services
from consultations.factories import (
    CategoryFactory,
    CitizenFactory,
    CommentFactory,
    DistrictFactory,
    ProposalFactory,
    make_consultation,
    make_questionnaire,
)
from consultations.models import (
    PhaseKind,
    ProposalStatus,
    QuestionnaireSubmission,
    ReportReason,
)
from home.factories import StandardPageFactory, make_commune
from home.services import translate_page

# Looked for in every response shown to Montclair, as the content writes it ("Belval")
# or in names and addresses ("belval"). Searches ask for "BELVAL", which matches the same
# objects (searches ignore case) but never counts as a leak when the page repeats it.
MARKERS = ("Belval", "belval")
SEARCH = "BELVAL"

# Phases in days from today.
IN_REVIEW = (
    (PhaseKind.PROPOSALS, -60, -11),
    (PhaseKind.REVIEW, -10, 6),
    (PhaseKind.VOTE, 7, 30),
    (PhaseKind.RESULTS, 31, 90),
)
VOTE_OPEN = ((PhaseKind.VOTE, -7, 14), (PhaseKind.RESULTS, 15, 60))
VOTE_CLOSED = ((PhaseKind.VOTE, -20, -5), (PhaseKind.RESULTS, 10, 60))


def _budget(parent, *, title, slug, phases, **fields):
    from budget.models import BudgetPage

    today = timezone.localdate()
    page = BudgetPage(
        title=title,
        slug=slug,
        intro=f"{title} : décidez de l'usage du budget.",
        envelope=Decimal("100000"),
        max_project_cost=Decimal("60000"),
        ballot_method="approval",
        result_rule="greedy",
        show_live_results=True,
        **fields,
    )
    page.phases = [
        BudgetPhase(kind=kind, start=today + timedelta(days=start), end=today + timedelta(days=end))
        for kind, start, end in phases
    ]
    page.criteria = [BudgetCriterion(text=f"Relève de la compétence de {parent.title}")]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return BudgetPage.objects.get(pk=page.pk)


def _ballot(page, proposals, number, channel=BallotChannel.ONLINE, voter=None):
    ballot = Ballot.objects.create(
        page=page,
        voter=voter,
        voter_hash=hashlib.sha256(f"belval-voter-{page.pk}-{number}".encode()).hexdigest(),
        channel=channel,
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, proposal=proposal, position=position, points=1)
        for position, proposal in enumerate(proposals)
    )
    return ballot


def _translate_snippet(instance, locale) -> Translation:
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale, enabled=True)
    translation.save_target()
    return translation


def build_commune_content(commune, name, *, staff, rich=True):
    """Pages, contributions, media and taxonomy of one commune; every title names it."""
    # `staff` is an editor of the commune, who writes everything here. Editors submit
    # pages to the commune's workflow; here their pages are published as a moderator
    # would approve them (who may publish is tested elsewhere, not by this world).
    home = commune.home
    w = SimpleNamespace(commune=commune, site=commune.site, home=home)
    locale = home.locale
    w.category = CategoryFactory(site=commune.site, name=f"Mobilité à {name}", locale=locale)
    w.district = DistrictFactory(site=commune.site, name=f"Centre de {name}")

    w.image = Image.objects.create(
        title=f"Fontaine de {name}",
        file=get_test_image_file(filename=f"fontaine-{name.lower()}.png"),
        collection=commune.collection,
    )
    w.image.tags.add(f"{name.lower()}-fontaine")
    # The thumbnail the admin's listings show, made once (a listing would make it).
    w.image.get_rendition("max-165x165")
    w.document = Document.objects.create(
        title=f"Compte rendu de {name}",
        file=ContentFile(b"Compte rendu", name=f"compte-rendu-{name.lower()}.txt"),
        collection=commune.collection,
    )

    w.market = StandardPageFactory(
        parent=home, title=f"Le marché de {name}", slug="marche", intro=f"Le marché de {name}."
    )
    w.market.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    w.consultation = make_consultation(
        parent=home,
        title=f"Consultation de {name}",
        slug="consultation",
        categories=[w.category],
        support_threshold=50,
    )
    citizen = CitizenFactory(email=f"citoyen@{name.lower()}.example", display_name="Alex")
    w.proposal = ProposalFactory(
        page=w.consultation,
        title=f"Des bancs à {name}",
        body=f"Des bancs ombragés à {name}.",
        category=w.category,
        district=w.district,
        author=citizen,
    )
    w.comment = CommentFactory(
        page=w.consultation, proposal=w.proposal, body=f"Oui, des bancs à {name}.", author=citizen
    )
    w.kiosque = StandardPageFactory(
        parent=home,
        title=f"Le kiosque de {name}",
        # A slug of its own for Montclair's, which the tests move into Belval.
        slug="kiosque" if rich else "kiosque-du-parc",
        intro="",
    )
    w.kiosque.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    # A budget whose vote is open.
    w.budget = _budget(home, title=f"Budget de {name} 2026", slug="budget-2026", phases=VOTE_OPEN)
    w.projects = [
        ProposalFactory(
            page=w.budget,
            title=f"Projet {number} de {name}",
            body=f"Projet {number} de {name}.",
            status=ProposalStatus.ELIGIBLE,
            estimated_cost=Decimal(cost),
            author=citizen,
        )
        for number, cost in enumerate(("40000", "25000"), start=1)
    ]
    if not rich:
        return w

    # Pages: a translated page, an untranslated one, an alias, a scheduled revision,
    # a locked page, a page in a moderation workflow.
    translate_page(
        page=w.market,
        language="en",
        strings={
            f"Le marché de {name}": f"The {name} market",
            "marche": "market",
            f"Le marché de {name}.": f"The {name} market.",
        },
        user=staff,
    )
    w.market_en = w.market.get_translation(Locale.objects.get(language_code="en"))
    w.market_translation = Translation.objects.get(
        source__object_id=w.market.translation_key, target_locale__language_code="en"
    )
    w.market_source = w.market_translation.source
    w.string_segment = StringSegment.objects.filter(source=w.market_source).first()
    w.untranslated = StandardPageFactory(
        parent=home, title=f"Horaires de {name}", slug="horaires", intro=f"Horaires de {name}."
    )
    w.untranslated.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    w.alias = CreatePageAliasAction(
        w.untranslated, parent=w.market, update_slug="horaires-alias", user=staff
    ).execute(skip_permission_checks=True)
    w.scheduled = StandardPageFactory(
        parent=home, title=f"Fête de {name}", slug="fete", intro=f"La fête de {name}."
    )
    w.scheduled.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    w.scheduled.go_live_at = timezone.now() + timedelta(days=30)
    w.scheduled.title = f"Fête de {name} (programme)"
    w.scheduled_revision = w.scheduled.save_revision(user=staff)
    w.scheduled_revision.publish(user=staff, skip_permission_checks=True)
    w.scheduled_revision.refresh_from_db()
    w.locked = StandardPageFactory(
        parent=home, title=f"Règlement de {name}", slug="reglement", intro=f"Règlement de {name}."
    )
    w.locked.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    w.locked.locked = True
    w.locked.locked_by = staff
    w.locked.locked_at = timezone.now()
    w.locked.save()
    w.moderated = StandardPageFactory(
        parent=home, title=f"Travaux à {name}", slug="travaux", intro=f"Travaux à {name}."
    )
    w.moderated.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    w.task = GroupApprovalTask.objects.create(name=f"Relecture {name}")
    w.task.groups.set([commune.moderators])
    w.workflow = Workflow.objects.create(name=f"Circuit {name}")
    WorkflowTask.objects.create(workflow=w.workflow, task=w.task, sort_order=0)
    WorkflowPage.objects.create(workflow=w.workflow, page=w.moderated)
    w.moderated.title = f"Travaux à {name} (à relire)"
    w.moderated.save_revision(user=staff)
    w.workflow_state = w.workflow.start(w.moderated, staff)
    w.task_state = w.workflow_state.current_task_state
    w.moderated_revision = w.moderated.get_latest_revision()
    w.market_revisions = list(w.market.revisions.order_by("pk"))
    # A hero image on the home page gives the translation an overridable segment.
    home.hero_image = w.image
    home.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    home_source, _created = TranslationSource.update_or_create_from_instance(home)
    w.home_translation = Translation.objects.filter(source=home_source).first()
    w.overridable_segment = OverridableSegment.objects.filter(source=home_source).first()

    # Taxonomy: a category translated through wagtail-localize.
    w.category_translation = _translate_snippet(w.category, Locale.objects.get(language_code="en"))
    w.category_en = w.category.get_translation(Locale.objects.get(language_code="en"))
    w.category_source = w.category_translation.source
    w.category_untranslated = CategoryFactory(
        site=commune.site, name=f"Nature à {name}", locale=locale
    )

    # Contributions: published, pending and hidden proposals; comments; reports.
    w.pending = ProposalFactory(
        page=w.consultation,
        title=f"Un kiosque à {name}",
        body=f"Un kiosque à {name}.",
        status=ProposalStatus.PENDING,
        author=citizen,
    )
    w.original = ProposalFactory(
        page=w.consultation,
        title=f"Plus de bancs à {name}",
        body=f"Encore des bancs à {name}.",
        author=citizen,
    )
    w.hidden = ProposalFactory(
        page=w.consultation, title=f"Publicité à {name}", body=f"Achetez à {name}.", author=citizen
    )
    services.hide(target=w.hidden, moderator=staff, reason=f"Publicité ({name})")
    w.hidden_comment = CommentFactory(
        page=w.consultation, proposal=w.proposal, body=f"Insulte à {name}.", author=citizen
    )
    services.hide(target=w.hidden_comment, moderator=staff, reason=f"Insulte ({name})")
    w.page_comment = CommentFactory(
        page=w.consultation, body=f"Merci à la ville de {name}.", author=citizen
    )
    reporter = CitizenFactory(email=f"signale@{name.lower()}.example")
    services.report(
        reporter=reporter,
        reason=ReportReason.ABUSE,
        details=f"Propos injurieux à {name}",
        comment=w.comment,
    )
    services.change_status(
        proposal=w.proposal,
        staff=staff,
        status=ProposalStatus.UNDER_REVIEW,
        answer=f"La ville de {name} étudie la proposition.",
    )
    w.proposal.refresh_from_db()

    # A questionnaire with one answer.
    w.questionnaire = make_questionnaire(
        w.consultation,
        title=f"Questionnaire de {name}",
        slug="questionnaire",
        questions=[(f"Venez-vous au marché de {name} ?", "singleline", "", False)],
    )
    w.submission = QuestionnaireSubmission.objects.create(
        page=w.questionnaire,
        user=citizen,
        form_data={"venez_vous_au_marche": f"Oui, à {name}"},
    )

    # Budgets: one in review, the one with the vote open gets online and paper
    # ballots, one whose vote has closed (ready to be frozen).
    w.budget_review = _budget(
        home, title=f"Budget de {name} 2027", slug="budget-2027", phases=IN_REVIEW
    )
    w.project = ProposalFactory(
        page=w.budget_review,
        title=f"Un préau à {name}",
        body=f"Un préau pour l'école de {name}.",
        estimated_cost=Decimal("30000"),
        author=citizen,
    )
    w.ballot = _ballot(w.budget, w.projects, 1, voter=citizen)
    w.paper_ballot = enter_paper_ballot(
        page=w.budget,
        staff=staff,
        voter_reference=f"Dupont Jeanne 1970 {name}",
        projects=[w.projects[0].pk],
    )
    w.budget_closed = _budget(
        home, title=f"Budget de {name} 2025", slug="budget-2025", phases=VOTE_CLOSED
    )
    closed_projects = [
        ProposalFactory(
            page=w.budget_closed,
            title=f"Fontaine de {name} 2025",
            body=f"Une fontaine à {name}.",
            status=ProposalStatus.ELIGIBLE,
            estimated_cost=Decimal("50000"),
            author=citizen,
        )
    ]
    _ballot(w.budget_closed, closed_projects, 1)

    # Site-wide records that point into the commune.
    w.redirect = Redirect.objects.create(
        old_path="/ancien-marche", site=commune.site, redirect_page=w.market
    )
    w.query = Query.get(f"marché {name}")
    w.search_promotion = SearchPromotion.objects.create(
        query=w.query, page=w.market, description=f"Le marché de {name}", sort_order=0
    )
    image_ct = ContentType.objects.get_for_model(Image)
    w.uploaded_image = UploadedFile.objects.create(
        file=get_test_image_file(filename=f"envoi-{name.lower()}.png"),
        uploaded_by_user=staff,
        for_content_type=image_ct,
    )
    w.uploaded_document = UploadedFile.objects.create(
        file=ContentFile(b"brouillon", name=f"envoi-{name.lower()}.txt"),
        uploaded_by_user=staff,
        for_content_type=ContentType.objects.get_for_model(Document),
    )
    w.editing_session = EditingSession.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(w.market.pk),
        last_seen_at=timezone.now(),
    )
    return w


def build_world():
    belval = make_commune(
        name="Belval",
        hostname="belval.localhost",
        languages=["fr", "en", "de", "nl"],
        is_default_site=True,
        official_name="Ville de Belval",
    )
    montclair = make_commune(
        name="Montclair",
        hostname="montclair.localhost",
        languages=["fr", "en"],
        official_name="Commune de Montclair",
    )
    belval_editor = UserFactory(
        email="editeur@belval.localhost", display_name="Éditrice Belval", groups=[belval.editors]
    )
    world = SimpleNamespace(
        belval_commune=belval,
        montclair_commune=montclair,
        belval_editor=belval_editor,
        montclair_editor=UserFactory(
            email="editeur@montclair.localhost",
            display_name="Éditeur M.",
            groups=[montclair.editors],
        ),
        montclair_moderator=UserFactory(
            email="moderateur@montclair.localhost",
            display_name="Modérateur M.",
            groups=[montclair.moderators],
        ),
        superuser=SuperuserFactory(email="admin@agora.localhost", display_name="Admin"),
        # A citizen who takes part on both sites (accounts are install-wide).
        citizen=CitizenFactory(email="camille@example.org", display_name="Camille"),
    )
    world.belval = build_commune_content(belval, "Belval", staff=belval_editor)
    montclair_editor = world.montclair_editor
    world.montclair = build_commune_content(
        montclair, "Montclair", staff=montclair_editor, rich=False
    )
    world.files = {}
    for commune in (world.belval, world.montclair):
        for attr in ("image", "document", "uploaded_image", "uploaded_document"):
            stored = getattr(commune, attr, None)
            if stored is not None:
                with stored.file.open("rb") as handle:
                    world.files[stored.file.name] = handle.read()
    return world
