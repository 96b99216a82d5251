from .contributions import (
    COMMENT_BODY_MAX,
    EDITABLE_STATUSES,
    PROJECT_STATUS_LABELS,
    PROPOSAL_BODY_MAX,
    PROPOSAL_TITLE_MAX,
    Comment,
    Moderated,
    Proposal,
    ProposalStatus,
    Report,
    ReportReason,
    StatusChange,
    Support,
)
from .pages import BasePhase, ConsultationPage, ConsultationPhase, ParticipationPage, PhaseKind
from .questionnaire import QuestionnaireField, QuestionnairePage, QuestionnaireSubmission
from .taxonomy import Category, District

__all__ = [
    "COMMENT_BODY_MAX",
    "EDITABLE_STATUSES",
    "PROJECT_STATUS_LABELS",
    "PROPOSAL_BODY_MAX",
    "PROPOSAL_TITLE_MAX",
    "BasePhase",
    "Category",
    "Comment",
    "ConsultationPage",
    "ConsultationPhase",
    "District",
    "Moderated",
    "ParticipationPage",
    "PhaseKind",
    "Proposal",
    "ProposalStatus",
    "QuestionnaireField",
    "QuestionnairePage",
    "QuestionnaireSubmission",
    "Report",
    "ReportReason",
    "StatusChange",
    "Support",
]
