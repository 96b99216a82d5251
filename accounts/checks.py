"""System checks: every app that stores something about a person exports and erases it.

See the personal-data contract in accounts/__init__.py.
"""

from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks

TAG = "personal_data"
INTERFACE = ("export_personal_data", "erase_personal_data")


def _project_apps():
    """The apps of this project (not installed packages)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if (
            path.is_relative_to(base)
            and ".venv" not in path.parts
            and "site-packages" not in (path.parts)
        ):
            yield config


@checks.register(TAG)
def check_personal_data_providers(app_configs=None, **kwargs):
    errors = []
    providers = list(getattr(settings, "PERSONAL_DATA_PROVIDERS", []))
    for name in providers:
        try:
            module = import_module(f"{name}.personal_data")
        except ImportError:
            errors.append(
                checks.Error(
                    f"PERSONAL_DATA_PROVIDERS lists {name!r}, which has no personal_data module.",
                    hint=f"Add {name}/personal_data.py (see accounts/__init__.py).",
                    id="accounts.E001",
                )
            )
            continue
        missing = [name for name in INTERFACE if not callable(getattr(module, name, None))]
        if missing:
            errors.append(
                checks.Error(
                    f"{name}.personal_data lacks {', '.join(missing)}.",
                    hint="See the personal-data contract in accounts/__init__.py.",
                    id="accounts.E002",
                )
            )

    user_model = get_user_model()
    for config in _project_apps():
        if config.name in providers:
            continue
        pointing = [
            f"{field.model._meta.label}.{field.name}"
            for model in config.get_models()
            for field in model._meta.get_fields()
            if field.is_relation
            and not field.auto_created
            and field.related_model is user_model
            and field.model is model  # not the fields inherited from Wagtail's Page
        ]
        if pointing:
            errors.append(
                checks.Error(
                    f"{', '.join(pointing)} point to users, but {config.name!r} is not in "
                    "PERSONAL_DATA_PROVIDERS.",
                    hint=f"Add {config.name}/personal_data.py and list {config.name!r}.",
                    id="accounts.E003",
                )
            )
        elif find_spec(f"{config.name}.personal_data") is not None:
            errors.append(
                checks.Error(
                    f"{config.name}.personal_data exists but {config.name!r} is not in "
                    "PERSONAL_DATA_PROVIDERS, so it is never exported nor erased.",
                    id="accounts.E004",
                )
            )
    return errors
