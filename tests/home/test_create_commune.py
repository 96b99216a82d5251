import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
)

from home.models import CommuneSettings, HomePage
from home.services import CommuneSetupError, create_commune

pytestmark = pytest.mark.django_db

# Messages are in French, the operators' language (LANGUAGE_CODE).

COUNTED = [
    Page,
    Site,
    Group,
    Collection,
    CommuneSettings,
    GroupPagePermission,
    GroupCollectionPermission,
    Workflow,
]


def snapshot():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_command_creates_site_roots_settings_collection_and_groups(capsys):
    call_command(
        "create_commune",
        "--name=Valmont",
        "--hostname=Valmont.example.org",
        "--port=8443",
        "--languages=fr,en,nl",
        "--official-name=Ville de Valmont",
    )
    site = Site.objects.get(hostname="valmont.example.org")
    assert site.port == 8443
    assert site.site_name == "Valmont"

    roots = HomePage.objects.filter(translation_key=site.root_page.translation_key)
    assert sorted(roots.values_list("locale__language_code", flat=True)) == ["en", "fr", "nl"]
    assert all(root.live for root in roots)
    assert site.root_page.specific.locale.language_code == "fr"

    settings = CommuneSettings.for_site(site)
    assert settings.official_name == "Ville de Valmont"
    assert settings.answer_commitment_days == 60
    assert Collection.objects.filter(name="Valmont").exists()

    editors = Group.objects.get(name="Valmont — rédacteurs")
    moderators = Group.objects.get(name="Valmont — modérateurs")
    for group in (editors, moderators):
        covered = set(
            GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True)
        )
        assert covered == set(roots.values_list("pk", flat=True))
        assert GroupCollectionPermission.objects.filter(
            group=group, collection__name="Valmont"
        ).exists()

    def page_codenames(group):
        return set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )

    # Editors write and submit; moderators validate, correct and publish.
    assert page_codenames(editors) == {"add_page", "change_page", "lock_page", "unlock_page"}
    assert page_codenames(moderators) == {
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    workflow = Workflow.objects.get(name="Publication — Valmont")
    assert set(workflow.workflow_pages.values_list("page_id", flat=True)) == set(
        roots.values_list("pk", flat=True)
    )
    [task] = [task.specific for task in workflow.tasks]
    assert task.name == "Validation par les modérateurs — Valmont"
    assert list(task.groups.all()) == [moderators]

    # Both groups moderate participation (scoped to the commune by its page
    # permissions); contributions are never added or deleted from the admin.
    def consultations_codenames(group):
        return set(
            group.permissions.filter(content_type__app_label="consultations").values_list(
                "codename", flat=True
            )
        )

    moderation = {"view_proposal", "change_proposal", "view_comment", "change_comment"}
    taxonomy = {
        f"{action}_{model}"
        for model in ("category", "district")
        for action in ("add", "change", "delete", "view")
    }
    assert consultations_codenames(moderators) == moderation
    # Editors also keep their commune's themes and districts.
    assert consultations_codenames(editors) == moderation | taxonomy
    assert "Valmont" in capsys.readouterr().out


def test_second_run_on_same_hostname_fails_cleanly_and_changes_nothing():
    call_command(
        "create_commune", "--name=Valmont", "--hostname=valmont.example.org", "--languages=fr,en"
    )
    before = snapshot()

    with pytest.raises(CommandError, match=r"utilise déjà le nom d'hôte valmont\.example\.org"):
        call_command("create_commune", "--name=Valmont bis", "--hostname=valmont.example.org")

    assert snapshot() == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"languages": ["fr", "xx"]}, "Langue inconnue : xx"),
        ({"languages": []}, "au moins une langue"),
        ({"languages": ["fr", "fr"]}, "deux fois"),
        ({"name": "  "}, "Donnez un nom"),
        ({"accent_colour": "#ffff00"}, "contraste"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(kwargs, message):
    before = snapshot()
    arguments = {"name": "Valmont", "hostname": "valmont.example.org", "languages": ["fr"]} | kwargs
    with pytest.raises(CommuneSetupError, match=message):
        create_commune(**arguments)
    assert snapshot() == before


def test_only_one_default_commune(belval):
    with pytest.raises(CommuneSetupError, match="site par défaut"):
        create_commune(name="Autre", hostname="autre.localhost", is_default_site=True)


def test_a_home_page_translated_later_joins_the_communes_workflow():
    commune = create_commune(name="Valmont", hostname="valmont.example.org", languages=["fr"])
    german = Locale.objects.get_or_create(language_code="de")[0]

    translated = commune.home.copy_for_translation(german)

    assert WorkflowPage.objects.get(page=translated).workflow == commune.workflow
    assert translated.get_workflow() == commune.workflow
