"""The documented backup restores: `manage.py backup_restore_check` on this database.

Runs on SQLite (online backup API) and, in the PostgreSQL run, on PostgreSQL
(pg_dump / pg_restore into a fresh database).
"""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from budget import services as budget_services
from budget.factories import make_budget
from consultations.factories import CitizenFactory, CommentFactory, ProposalFactory
from consultations.models import ProposalStatus
from core import backup

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media_on_disk(settings, tmp_path):
    root = tmp_path / "media"
    (root / "original_images").mkdir(parents=True)
    (root / "original_images" / "banc.jpg").write_bytes(b"\xff\xd8" + bytes(range(256)) * 40)
    (root / "documents").mkdir()
    (root / "documents" / "compte-rendu.pdf").write_bytes(b"%PDF-1.7 " + b"x" * 5000)
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


@pytest.fixture
def participation(consultation, belval):
    """Contributions in several tables: proposals, comments, a budget and its ballots."""
    proposals = ProposalFactory.create_batch(3, page=consultation)
    CommentFactory(page=consultation, proposal=proposals[0])
    budget = make_budget(parent=belval.home, title="Budget participatif", slug="budget")
    project = ProposalFactory(
        page=budget, status=ProposalStatus.ELIGIBLE, estimated_cost=Decimal("1000")
    )
    for voter in CitizenFactory.create_batch(4):
        budget_services.cast_ballot(page=budget, voter=voter, projects=[project.pk])
    return consultation


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows(
    participation, media_on_disk, tmp_path
):
    output = tmp_path / "backups"
    stdout = StringIO()

    call_command("backup_restore_check", output=output, stdout=stdout)

    text = stdout.getvalue()
    assert "the same in every table" in text
    assert "Media: 2 files" in text
    assert "the same files, byte for byte" in text
    assert "Backup and restore check passed." in text
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    assert len(list(output.glob(f"agora-*{suffix}"))) == 1
    assert len(list(output.glob("media-*.tar.gz"))) == 1


def test_the_counts_are_compared_table_by_table(participation, tmp_path):
    comparison = backup.check_database(tmp_path)

    assert comparison.differences == []
    assert comparison.source == comparison.restored
    assert comparison.source["consultations_proposal"] == 4
    assert comparison.source["consultations_comment"] == 1
    assert comparison.source["budget_ballot"] == 4
    assert comparison.source["budget_ballotchoice"] == 4
    assert comparison.source["wagtailcore_page"] >= 4
    assert len(comparison.source) > 50  # every table, Wagtail's and Django's too


def test_without_output_nothing_is_left_behind(participation, monkeypatch, tmp_path):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)

    call_command("backup_restore_check", no_media=True, stdout=StringIO())

    assert list(Path(tmp_path).iterdir()) == []


def test_a_restore_that_lost_rows_fails_and_names_the_table(participation, monkeypatch, tmp_path):
    real = backup.check_database

    def losing_a_ballot(output, using="default"):
        comparison = real(output, using=using)
        comparison.restored["budget_ballot"] -= 1
        return comparison

    monkeypatch.setattr(
        "core.management.commands.backup_restore_check.check_database", losing_a_ballot
    )
    stderr = StringIO()
    with pytest.raises(CommandError, match="differs from the source"):
        call_command("backup_restore_check", no_media=True, stdout=StringIO(), stderr=stderr)
    assert "budget_ballot: 4 rows in the source, 3 restored" in stderr.getvalue()


def test_a_media_archive_that_loses_a_file_fails(media_on_disk, monkeypatch, tmp_path):
    real_fingerprints = backup._fingerprints

    def forgetful(root):
        prints = real_fingerprints(root)
        if "agora-media-" in str(root):  # the unpacked copy
            prints.pop("documents/compte-rendu.pdf")
        return prints

    monkeypatch.setattr(backup, "_fingerprints", forgetful)
    media = backup.check_media(tmp_path)
    assert media.missing == ["documents/compte-rendu.pdf"]
    assert not media.identical
