"""Backup and restore of the portal: the database (pg_dump's custom format) and the documents (the private
storage's files), consistent with each other, with a manifest of every file's SHA-256.

Consistency: the database is dumped first (one snapshot), then the documents are copied. A document's file is
written before its row commits and deleted only after its row is gone, so every row in the dump has its file
in the copy, except a file deleted between the two steps (a draft's document removed in those seconds), which
`restore_portal` names. A file newer than the dump is copied too and is harmless.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

MANIFEST = "manifest.json"
DUMP = "database.dump"
DOCUMENTS = "documents"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def private_root() -> Path:
    """The documents' folder; backups of an S3 bucket are the bucket's own (versioning, replication)."""
    storage = settings.STORAGES["private"]
    if storage["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        raise CommandError(
            "Documents are not on the local file system (S3): back the bucket up with its own "
            "versioning or replication; this command covers a file-system storage only."
        )
    return Path(storage.get("OPTIONS", {}).get("location") or settings.PRIVATE_MEDIA_ROOT)


def pg_environment() -> dict:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise CommandError("Backups need PostgreSQL (pg_dump); the demo's SQLite file can simply be copied.")
    env = {
        **os.environ,
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return {key: value for key, value in env.items() if value != ""}


def run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def backup(destination: Path) -> Path:
    """Write one backup folder under ``destination``; return it."""
    folder = destination / dt.datetime.now(dt.UTC).strftime("portal-%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=False)
    env = pg_environment()
    run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={folder / DUMP}"], env)
    source = private_root()
    documents: dict[str, str] = {}
    if source.exists():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            if ".partial-" in path.name:  # a write in progress (or a crashed one): never part of a backup
                continue
            target = folder / DOCUMENTS / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            documents[relative] = sha256_of(target)
    manifest = {
        "format": 1,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "database": {
            "file": DUMP,
            "sha256": sha256_of(folder / DUMP),
            "name": connection.settings_dict["NAME"],
        },
        "documents": documents,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def check_backup(folder: Path) -> dict:
    """The manifest, once every file of the backup matches its hash; else CommandError naming each
    mismatch."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise CommandError(f"No readable {MANIFEST} in {folder}: {exc}") from exc
    problems = []
    if sha256_of(folder / manifest["database"]["file"]) != manifest["database"]["sha256"]:
        problems.append(f"{manifest['database']['file']}: SHA-256 differs from the manifest")
    for relative, expected in manifest["documents"].items():
        path = folder / DOCUMENTS / relative
        if not path.is_file():
            problems.append(f"documents/{relative}: missing")
        elif sha256_of(path) != expected:
            problems.append(f"documents/{relative}: SHA-256 differs from the manifest")
    if problems:
        raise CommandError("The backup is damaged:\n  " + "\n  ".join(problems))
    return manifest


def restore(folder: Path) -> dict:
    """Restore ``folder`` into the configured database (which must be empty) and documents folder."""
    manifest = check_backup(folder)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        if cursor.fetchone()[0]:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} is not empty: restore into a new, "
                "empty database (createdb), then point DATABASE_URL at it."
            )
    connection.close()
    run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(folder / manifest["database"]["file"]),
        ],
        pg_environment(),
    )
    target = private_root()
    for relative in manifest["documents"]:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / DOCUMENTS / relative, destination)
    return manifest


def documents_problems(manifest: dict) -> list[str]:
    """Each application's and library's document row whose file is missing or whose SHA-256 differs from the
    one frozen in the row (what the receipts show)."""

    root = private_root()
    problems = []
    for label in ("applications.ApplicationDocument", "applications.LibraryDocument"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        fields = {f.name for f in model._meta.get_fields()}
        if not {"storage_path", "sha256"} <= fields:
            continue
        for pk, path, expected in model.objects.exclude(storage_path="").values_list(
            "pk", "storage_path", "sha256"
        ):
            file = root / path
            if not file.is_file():
                problems.append(f"{label} {pk}: {path} missing")
            elif sha256_of(file) != expected:
                problems.append(f"{label} {pk}: {path} SHA-256 differs from the one recorded")
    return problems
