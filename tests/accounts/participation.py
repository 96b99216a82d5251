"""A citizen who took part in everything, through the public pages, for the personal-data tests.

`take_part(client, world)` makes `world.person` propose (with an image), comment,
reply, support, vote, answer the questionnaire and report, as a browser would.
"""

import io
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from accounts.factories import SuperuserFactory
from budget.factories import make_budget
from consultations import services
from consultations.factories import (
    CitizenFactory,
    CommentFactory,
    ProposalFactory,
    make_consultation,
    make_questionnaire,
)
from consultations.models import Comment, Proposal, ProposalStatus
from tests.consultations.helpers import CAPTCHA_OK, HOST, sub

# What must never show anywhere once the account is deleted (checked case-insensitively).
NAME = "Zébulon Quatrevents"
EMAIL = "zebulon.qv@example.org"
FIRST_NAME = "Zébulon"
LAST_NAME = "Oublidelavie"
TRACES = ["Quatrevents", "zebulon", "Zébulon", "Oublidelavie", "qv@example", "Z&#233;bulon"]

VISITS = "Venez-vous au marché ?"
REMARK = "Une remarque ?"


def png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def build_world(belval) -> SimpleNamespace:
    """A consultation with a questionnaire, a budget whose vote is open, and people."""
    consultation = make_consultation(
        parent=belval.home, title="Place du marché", slug="place-du-marche", support_threshold=50
    )
    questionnaire = make_questionnaire(
        consultation,
        title="Questionnaire sur la place",
        slug="questionnaire",
        questions=[
            (VISITS, "radio", "Chaque semaine\nParfois\nJamais", True),
            (REMARK, "multiline", "", False),
        ],
    )
    budget = make_budget(
        parent=belval.home,
        title="Budget participatif 2026",
        slug="budget-2026",
        show_live_results=True,
        max_choices=3,
    )
    person = CitizenFactory(
        email=EMAIL,
        display_name=NAME,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        residence=belval.site,
    )
    marc = CitizenFactory(email="marc@example.org", display_name="Marc")
    staff = SuperuserFactory(email="admin@belval.localhost", display_name="Admin Belval")
    marc_proposal = ProposalFactory(
        page=consultation, author=marc, title="Des bancs à l'ombre", body="Sous les tilleuls."
    )
    marc_comment = CommentFactory(
        page=consultation, proposal=marc_proposal, author=marc, body="Et des tables aussi."
    )
    Proposal.objects.filter(pk=marc_proposal.pk).update(comment_count=1)
    projects = [
        ProposalFactory(
            page=budget,
            author=marc,
            title=f"Projet de Marc {number}",
            status=ProposalStatus.ELIGIBLE,
            estimated_cost=Decimal("10000"),
        )
        for number in (1, 2)
    ]
    return SimpleNamespace(
        belval=belval,
        consultation=consultation,
        questionnaire=questionnaire,
        budget=budget,
        person=person,
        marc=marc,
        staff=staff,
        marc_proposal=marc_proposal,
        marc_comment=marc_comment,
        projects=projects,
    )


def take_part(client, world) -> SimpleNamespace:
    """`world.person` takes part in everything; returns what they made."""
    consultation, budget = world.consultation, world.budget
    client.force_login(world.person)

    def post(url, data, **extra):
        response = client.post(url, data, **HOST, **extra)
        assert response.status_code == 302, (url, response.status_code)
        return response

    post(
        sub(consultation, "proposal_new"),
        {
            "title": "Une fontaine d'eau potable",
            "body": "Au centre de la place.",
            "image": SimpleUploadedFile("fontaine.png", png(), content_type="image/png"),
            "image_description": "Une fontaine en pierre",
            "show_author_name": "on",
            **CAPTCHA_OK,
        },
    )
    open_proposal = Proposal.objects.get(title="Une fontaine d'eau potable")
    post(
        sub(consultation, "proposal_new"),
        {"title": "Un marché le dimanche", "body": "Le matin.", **CAPTCHA_OK},
    )
    answered = Proposal.objects.get(title="Un marché le dimanche")
    services.change_status(
        proposal=answered, staff=world.staff, status=ProposalStatus.ANSWERED, answer="Étudié."
    )
    # A budget project of theirs, reviewed and put to the vote.
    project = ProposalFactory(
        page=budget,
        author=world.person,
        title="Un composteur de quartier",
        status=ProposalStatus.ELIGIBLE,
        estimated_cost=Decimal("5000"),
    )

    comments = sub(consultation, "proposal_comments", world.marc_proposal.pk)
    post(comments, {"body": "Je suis pour, à l'ombre surtout.", **CAPTCHA_OK})
    post(comments, {"body": "Des tables, oui !", "parent": world.marc_comment.pk, **CAPTCHA_OK})
    post(sub(consultation, "comments"), {"body": "Merci pour la consultation.", **CAPTCHA_OK})
    comment = Comment.objects.get(body="Je suis pour, à l'ombre surtout.")
    reply = Comment.objects.get(body="Des tables, oui !")
    page_comment = Comment.objects.get(body="Merci pour la consultation.")

    post(sub(consultation, "proposal_support", world.marc_proposal.pk), {})
    post(
        sub(consultation, "comment_report", world.marc_comment.pk),
        {"reason": "off_topic", "details": "Hors sujet selon moi."},
    )
    post(sub(budget, "vote"), {"projects": [world.projects[0].pk, project.pk]})
    keys = {field.label: field.clean_name for field in world.questionnaire.form_fields.all()}
    post(world.questionnaire.url, {keys[VISITS]: "Parfois", keys[REMARK]: "Plus d'ombre."})

    # Others react to their contributions.
    client.force_login(world.marc)
    post(sub(consultation, "proposal_support", open_proposal.pk), {})
    post(
        sub(consultation, "proposal_comments", open_proposal.pk),
        {"body": "Excellente idée de fontaine.", **CAPTCHA_OK},
    )
    post(comments, {"body": "Merci pour ton soutien.", "parent": comment.pk, **CAPTCHA_OK})
    client.logout()

    return SimpleNamespace(
        open_proposal=Proposal.objects.get(pk=open_proposal.pk),
        answered=answered,
        project=project,
        comment=comment,
        reply=reply,
        page_comment=page_comment,
        marc_reply=Comment.objects.get(body="Merci pour ton soutien."),
    )
