"""Where uploaded files live and how they are sent.

Two stores. Public media (`STORAGES["default"]`, MEDIA_ROOT at /media/) holds only what anyone may
see: the approved OCOP product photos, re-encoded without their metadata (tamnong.core.photos).
Private files (`STORAGES["private"]`, outside MEDIA_ROOT) hold everything else people upload:
evidence, import workbooks, photos waiting for an office, dossier documents, photos of works. A
private file has no address of its own: it is sent only by the private file page
(tamnong.accounts.files), after the record that owns it lets the user read it, always as a download
that a browser cannot run (`private_response`).
"""

import posixpath
from collections.abc import Iterable
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, InMemoryStorage, Storage, storages
from django.http import FileResponse, Http404, HttpResponse

PRIVATE = "private"

# Types a browser shows or opens without running anything from this site's origin; any other file is
# sent as application/octet-stream (an HTML or SVG evidence file is never text/html nor image/svg+xml).
SAFE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".zip": "application/zip",
}
PUBLIC_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


class _NoAddress:
    """A private store: its files have no URL (link to the private file page of their record)."""

    def url(self, name):
        raise ValueError(f"{name} is a private file: link to its record's file page, not to a storage URL.")


class PrivateFileSystemStorage(_NoAddress, FileSystemStorage):
    pass


class PrivateInMemoryStorage(_NoAddress, InMemoryStorage):
    """The tests' private store."""


def private_storage() -> Storage:
    """The private store (the `storage=` of every private FileField)."""
    return storages[PRIVATE]


def public_storage() -> Storage:
    return storages["default"]


def safe_content_type(name: str) -> str:
    return SAFE_TYPES.get(posixpath.splitext(name)[1].lower(), "application/octet-stream")


def _protect(response: HttpResponse, content_type: str, filename: str) -> HttpResponse:
    response["Content-Type"] = content_type
    response["Content-Disposition"] = _attachment(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _attachment(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "tep"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def private_response(name: str, *, filename: str | None = None) -> HttpResponse:
    """Send the private file `name` as a download: a safe type (else application/octet-stream),
    nosniff, `Content-Security-Policy: sandbox`. With TAMNONG_PRIVATE_ACCEL_PREFIX set, the reverse
    proxy sends the bytes (nginx X-Accel-Redirect to an `internal` location, README "Deploy");
    otherwise Django streams them. Call it only once the record allowed the reader."""
    filename = filename or posixpath.basename(name)
    content_type = safe_content_type(filename)
    storage = private_storage()
    try:
        if not storage.exists(name):
            raise Http404("No such file.")
    except SuspiciousFileOperation:
        raise Http404("No such file.") from None
    prefix = getattr(settings, "TAMNONG_PRIVATE_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        return _protect(response, content_type, filename)
    return _protect(FileResponse(storage.open(name, "rb")), content_type, filename)


def public_media(request, path: str):
    """Public media in the embedded set-up (production's reverse proxy serves /media/ itself): only
    the public store, only photos, nosniff. A private file is not there, whatever its name."""
    content_type = PUBLIC_TYPES.get(posixpath.splitext(path)[1].lower())
    storage = public_storage()
    try:
        if content_type is None or not storage.exists(path):
            raise Http404("No such photo.")
    except SuspiciousFileOperation:
        raise Http404("No such photo.") from None
    response = FileResponse(storage.open(path, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def move(names: Iterable[str], *, to_private: bool = True) -> dict[str, str]:
    """Move stored files between the public and the private store (the migrations that made files
    private); returns {old name: new name} for any that had to be renamed. Missing files are skipped."""
    source, target = (public_storage(), private_storage()) if to_private else (private_storage(), public_storage())
    renamed = {}
    for name in {n for n in names if n}:
        if not source.exists(name):
            continue
        with source.open(name, "rb") as f:
            saved = target.save(name, f)
        source.delete(name)
        if saved != name:
            renamed[name] = saved
    return renamed


def migration_move(model_label: str, *fields: str):
    """The RunPython pair of a migration that makes these fields' files private (forwards) or public
    again (backwards); rows follow a file that had to be renamed."""

    def run(apps, to_private: bool) -> None:
        model = apps.get_model(model_label)
        for field in fields:
            names = model.objects.exclude(**{field: ""}).values_list(field, flat=True)
            for old, new in move(names, to_private=to_private).items():
                model.objects.filter(**{field: old}).update(**{field: new})

    return (lambda apps, schema_editor: run(apps, True)), (lambda apps, schema_editor: run(apps, False))
