"""The citizen's ballot form: what a ballot page posts, read into what `cast_ballot` needs.

The form reads the shape of a ballot: project ids and points written as whole
numbers, no project named twice. Whether the projects named are on this ballot,
and the page's own rules (how many choices, the envelope, the ranks, the points to
give), are checked by the ballot service (`services.ballots.validate_ballot`) for
every ballot however it is cast, with one query of the projects named; the form
does not check them a second time. Where both could find the same fault, they say
it in the same words.
"""

from django import forms

from core.text import plain_int

from .models import BallotMethod
from .services.ballots import CHOSEN_TWICE, NOT_ON_BALLOT, POINTS_NOT_WHOLE


class ProjectsField(forms.Field):
    """The `projects` the ballot posts, in order (the rank order of a ranked ballot).

    A blank value is a choice left empty (a rank without a project) and is skipped.
    """

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> list[int | None]:
        """The ids posted, None where a value is no id at all."""
        values = value if isinstance(value, (list, tuple)) else [value] if value else []
        return [plain_int(item) for item in values if str(item).strip()]

    def validate(self, value):
        ids = [pk for pk in value if pk is not None]
        if len(set(ids)) != len(ids):
            raise forms.ValidationError(CHOSEN_TWICE, code="chosen_twice")
        if len(ids) != len(value):
            raise forms.ValidationError(NOT_ON_BALLOT, code="not_on_ballot")


class PointsInput(forms.Widget):
    """Reads the `points-<project id>` inputs of a cumulative ballot (one per project),
    as (id, points) texts in the order posted."""

    def value_from_datadict(self, data, files, name):
        prefix = f"{name}-"
        return [
            (key.removeprefix(prefix), value)
            for key, value in data.items()
            if key.startswith(prefix)
        ]

    def value_omitted_from_data(self, data, files, name):
        return False


class PointsField(forms.Field):
    """Points given to each project on a cumulative ballot, by project id.

    An input left blank or at 0 chooses nothing. Whether the points keep within the
    page's limits is the ballot service's check.
    """

    widget = PointsInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> list[tuple[int | None, int | None]]:
        """(project id, points) for each project given points; None where unreadable."""
        given = []
        for key, text in value or []:
            if not str(text).strip():
                continue
            points = plain_int(text)
            if points != 0:
                given.append((plain_int(key), points))
        return given

    def validate(self, value):
        if any(points is None for _pk, points in value):
            raise forms.ValidationError(POINTS_NOT_WHOLE, code="points_not_whole")
        if any(pk is None for pk, _points in value):
            raise forms.ValidationError(NOT_ON_BALLOT, code="not_on_ballot")
        ids = [pk for pk, _points in value]
        if len(set(ids)) != len(ids):
            raise forms.ValidationError(CHOSEN_TWICE, code="chosen_twice")

    def clean(self, value) -> dict[int, int]:
        return dict(super().clean(value))


class BallotForm(forms.Form):
    """A citizen's ballot on a budget page; its cleaned data are `cast_ballot`'s
    `projects` (ids, in rank order) and `points` (by id, cumulative ballots only).

    A cumulative ballot posts only points: its projects are those given points, in
    the order posted.
    """

    projects = ProjectsField()

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.method = page.ballot_method
        if self.method == BallotMethod.CUMULATIVE:
            self.fields["points"] = PointsField()

    def clean(self):
        cleaned = super().clean()
        if "points" not in self.fields:
            cleaned["points"] = {}
        elif cleaned.get("projects") == [] and "points" in cleaned:
            cleaned["projects"] = list(cleaned["points"])
        return cleaned

    def error_texts(self) -> list[str]:
        """Every error of the ballot, for the one alert above it."""
        return [message for errors in self.errors.values() for message in errors]

    def as_sent(self) -> tuple[list[int], dict[int, int]]:
        """The projects and points as posted (what could be read of them), to show the
        ballot back to the citizen with its errors."""
        projects = self.fields["projects"].to_python(self["projects"].data)
        projects = [pk for pk in projects if pk is not None]
        points = {}
        if "points" in self.fields:
            points = {
                pk: value
                for pk, value in self.fields["points"].to_python(self["points"].data)
                if pk is not None and value is not None
            }
        return projects or list(points), points
