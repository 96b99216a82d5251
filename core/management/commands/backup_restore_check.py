import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.backup import BackupError, check_database, check_media


class Command(BaseCommand):
    help = (
        "Back up the database (and the media files), restore the backup into a fresh "
        "database and compare the rows of every table. Fails if anything differs. "
        "With --output the backup files are kept there: a backup known to restore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Directory to keep the backup files in (default: a temporary one, removed).",
        )
        parser.add_argument("--no-media", action="store_true", help="Leave the media files out.")
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, **options):
        if options["output"]:
            self._check(options["output"], options)
        else:
            with tempfile.TemporaryDirectory(prefix="agora-backup-") as directory:
                self._check(Path(directory), options)

    def _check(self, output: Path, options):
        vendor = connections[options["database"]].vendor
        try:
            database = check_database(output, using=options["database"])
            media = None if options["no_media"] else check_media(output)
        except BackupError as error:
            raise CommandError(str(error)) from error

        for path in database.files:
            self.stdout.write(f"Database ({vendor}): {path} ({path.stat().st_size:,} bytes)")
        if database.differences:
            for table, source, restored in database.differences:
                self.stderr.write(f"  {table}: {source} rows in the source, {restored} restored")
            raise CommandError("The restored database differs from the source.")
        self.stdout.write(
            f"Restored into a fresh database: {len(database.source)} tables, "
            f"{database.total_rows:,} rows, the same in every table."
        )

        if options["no_media"]:
            self.stdout.write(self.style.SUCCESS("Backup and restore check passed."))
            return
        if media is None:
            self.stdout.write("Media: not on the file system (back them up with their storage).")
            self.stdout.write(self.style.SUCCESS("Backup and restore check passed."))
            return
        self.stdout.write(f"Media: {media.files} files ({media.bytes:,} bytes) in {media.archive}")
        if not media.identical:
            for name in media.missing:
                self.stderr.write(f"  missing after unpacking: {name}")
            for name in media.different:
                self.stderr.write(f"  different after unpacking: {name}")
            raise CommandError("The media archive does not give back the same files.")
        self.stdout.write("Media archive unpacked elsewhere: the same files, byte for byte.")
        self.stdout.write(self.style.SUCCESS("Backup and restore check passed."))
