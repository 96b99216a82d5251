"""Template tags for questionnaires shown on their consultation's page."""

from django import template

from consultations.questionnaire_services import consultation_questionnaires

register = template.Library()


@register.simple_tag
def questionnaires_of(consultation, with_results=False):
    """`{% questionnaires_of page with_results=show_results as questionnaires %}`.

    The consultation's live questionnaires (entries with `.page` and `.results`);
    results are computed only when asked for, once per questionnaire.
    """
    return consultation_questionnaires(consultation, with_results=bool(with_results))
