"""Backups of the database and the uploaded files, and their restore (`tamnong backup`, `tamnong
restore`; README, "Backups").

A backup is one folder:

    manifest.json        when, which database engine, the row count of every table, each file's SHA-256
    database.sqlite3     SQLite: a consistent copy taken with SQLite's online backup API (the site may run)
    database.pgdump      PostgreSQL: `pg_dump --format=custom` (consistent: one snapshot), read by pg_restore
    files-<name>.tar.gz  each file storage on disk in settings.STORAGES (uploaded photos, private files),
                         found at run time; the collected static files are rebuilt, not backed up

`restore` writes the database named by the settings (DATABASE_URL) — it must be empty: a fresh file or a
freshly created PostgreSQL database — and unpacks the files into each storage's folder, then checks the
row count of every table and every file against the manifest, and fails loudly on any difference."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, transaction

from tamnong.core import clock

MANIFEST = "manifest.json"
FORMAT = 1
SKIPPED_STORAGES = ("staticfiles",)  # rebuilt by collectstatic


class BackupError(Exception):
    """A backup or a restore that cannot be done or does not match its manifest (message in Vietnamese)."""


def file_storages() -> dict[str, Path]:
    """The file storages on this machine's disk, by their name in settings.STORAGES."""
    out: dict[str, Path] = {}
    for alias in settings.STORAGES:
        if alias in SKIPPED_STORAGES:
            continue
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            out[alias] = Path(storage.location)
    return out


def table_counts() -> dict[str, int]:
    """The rows of every table of the database (Django's and any other), by table name; SQLite's own
    tables (sqlite_sequence, sqlite_stat1) are left out."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor, include_views=False))
        return _counts(cursor, [t for t in tables if not t.startswith("sqlite_")], connection.ops.quote_name)


def _counts(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 — names from the database's catalog
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    """The row counts of a SQLite file, as table_counts() reads a live database."""
    db = sqlite3.connect(path)
    try:
        cursor = db.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        tables = [row[0] for row in cursor.fetchall()]
        return _counts(cursor, tables, lambda t: '"' + t.replace('"', '""') + '"')
    finally:
        db.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files_of(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa sao lưu được cơ sở dữ liệu {vendor}: chỉ SQLite và PostgreSQL.")
    return vendor


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if db.get(name):
            env[key] = str(db[name])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (Debian: gói postgresql-client).")
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 — fixed programs
    if done.returncode != 0:
        raise BackupError(f"{command[0]} không chạy được ({done.returncode}): {done.stderr.strip()[-1000:]}")


def _pg_dump(path: Path) -> dict[str, int]:
    """pg_dump of the snapshot in which the rows are counted: the counts are those of the dump even
    while the site goes on writing."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              "--file", str(path)], _pg_env())  # fmt: skip
    return counts


@dataclass(frozen=True)
class Backup:
    folder: Path
    tables: int
    rows: int
    files: int


def backup_create(folder: Path) -> Backup:
    """Write a backup into `folder` (created; it must not exist yet)."""
    engine = _engine()
    folder = Path(folder)
    if folder.exists():
        raise BackupError(f"Thư mục {folder} đã có: chọn một thư mục mới cho bản sao lưu.")
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder.parent if folder.parent.exists() else None))
    try:
        if engine == "sqlite":
            # The online backup API copies a consistent state while the site goes on writing; the counts
            # are read from the copy itself.
            target = sqlite3.connect(work / "database.sqlite3")
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            with target:
                source.backup(target)
            source.close()
            target.close()
            counts = _sqlite_counts(work / "database.sqlite3")
        else:
            counts = _pg_dump(work / "database.pgdump")
        files: dict[str, dict[str, str]] = {}
        for alias, root in file_storages().items():
            files[alias] = _files_of(root)
            with tarfile.open(work / f"files-{alias}.tar.gz", "w:gz") as tar:
                if root.is_dir():
                    for relative in files[alias]:
                        tar.add(root / relative, arcname=relative)
        manifest = {
            "format": FORMAT, "created_at": clock.now().isoformat(), "engine": engine, "tables": counts,
            "files": files,
        }  # fmt: skip
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        folder.parent.mkdir(parents=True, exist_ok=True)
        work.rename(folder)  # a backup folder is whole or absent
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Backup(folder, len(counts), sum(counts.values()), sum(len(f) for f in files.values()))


def _manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} không phải bản sao lưu của Tamnông: không có {MANIFEST}.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')}, phiên bản này đọc định dạng {FORMAT}.")
    return manifest


def backup_restore(folder: Path) -> Backup:
    """Restore `folder` into the (empty) database of the settings and the storages' folders, then check."""
    folder = Path(folder)
    manifest = _manifest(folder)
    engine = _engine()
    if engine != manifest["engine"]:
        raise BackupError(
            f"Bản sao lưu là của {manifest['engine']}, cơ sở dữ liệu đích là {engine}: cần cùng loại "
            "(chuyển giữa hai loại bằng dumpdata/loaddata)."
        )
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing:
        raise BackupError(
            f"Cơ sở dữ liệu đích đã có {len(existing)} bảng: chỉ khôi phục vào cơ sở dữ liệu trống "
            "(tệp SQLite mới, hoặc CREATE DATABASE mới trên PostgreSQL)."
        )
    if engine == "sqlite":
        connection.close()
        source = sqlite3.connect(folder / "database.sqlite3")
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        connection.close()
        env = _pg_env()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", env["PGDATABASE"],
              str(folder / "database.pgdump")], env)  # fmt: skip
    roots = file_storages()
    for alias in manifest["files"]:
        if alias not in roots:
            raise BackupError(f"Bản sao lưu có tệp của kho «{alias}», nhưng cấu hình này không có kho đó trên đĩa.")
        roots[alias].mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / f"files-{alias}.tar.gz", "r:gz") as tar:
            tar.extractall(roots[alias], filter="data")
    return backup_check(folder)


def backup_check(folder: Path) -> Backup:
    """Compare the live database and files with a backup's manifest: every table's row count, every
    file's SHA-256. BackupError names each difference."""
    manifest = _manifest(folder)
    counts = table_counts()
    problems = [
        f"bảng {t}: {manifest['tables'].get(t, 'không có')} dòng trong bản sao lưu, {counts.get(t, 'không có')} dòng "
        "trong cơ sở dữ liệu"
        for t in sorted(set(counts) | set(manifest["tables"]))
        if counts.get(t) != manifest["tables"].get(t)
    ]
    roots = file_storages()
    for alias, files in manifest["files"].items():
        present = _files_of(roots[alias]) if alias in roots else {}
        for name, digest in files.items():
            if present.get(name) != digest:
                problems.append(f"tệp {alias}/{name}: {'khác nội dung' if name in present else 'thiếu'}")
    if problems:
        raise BackupError("Không khớp với bản sao lưu:\n- " + "\n- ".join(problems))
    files = sum(len(f) for f in manifest["files"].values())
    return Backup(Path(folder), len(counts), sum(counts.values()), files)
