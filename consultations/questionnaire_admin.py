"""The staff's listing of a questionnaire's answers (Wagtail's, with a safe CSV export)."""

from wagtail.contrib.forms.views import SubmissionsListView

from core.spreadsheets import spreadsheet_safe


class QuestionnaireSubmissionsListView(SubmissionsListView):
    """Wagtail's answers listing, whose CSV export never starts a cell like a formula:
    free-text answers are citizen text, and a spreadsheet would run "=HYPERLINK(…)".
    (The XLSX export already writes every text cell as text.)"""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_safe(value) if export_format == self.FORMAT_CSV else value
