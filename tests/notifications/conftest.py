"""Pages to follow: the projects' fixtures (a project is the page followed most)."""

from tests.projects.conftest import belval_index, les_pres, nature, orchard  # noqa: F401
