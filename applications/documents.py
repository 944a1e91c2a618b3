"""Checks of an uploaded document by its content, and its storage under a random private path.

A document is accepted only as PDF, JPEG or PNG recognised by its first bytes (the name proves
nothing), within DOCUMENT_MAX_BYTES, readable, and for PDF neither encrypted nor carrying active
content (JavaScript, launch actions, embedded files, automatic actions). The original name is kept
only as a label (shown escaped); the file is stored as ``documents/<yyyy>/<mm>/<random>.<ext>``.
"""

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSION = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
# What a file's name may say for each type; another known extension on the name is a mislabelled file.
NAME_EXTENSIONS = {PDF: {"pdf"}, JPEG: {"jpg", "jpeg", "jpe"}, PNG: {"png"}}
KNOWN_EXTENSIONS = set().union(*NAME_EXTENSIONS.values())

MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))

# PDF keys that make a document act on its own when opened or viewed.
_ACTIVE_KEYS = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/AA", "/RichMedia", "/XFA"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute", "/Rendition", "/SubmitForm"}
# A document with more objects than this is refused rather than walked (a 10 MB file rarely has 100k).
_MAX_PDF_OBJECTS = 200_000


class DocumentRefused(Exception):
    """The file is refused; ``str(exc)`` says why, for the person who sent it."""


@dataclass(frozen=True)
class CheckedDocument:
    label: str
    content_type: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSION[self.content_type]


def clean_label(name: str | None) -> str:
    """The original name as a label only: its last path part, printable characters, at most 150.

    It is never used as a path; templates escape it when they show it.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 150 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:150]
    return name or _("document")


def _name_extension(label: str) -> str:
    stem, dot, ext = label.rpartition(".")
    return ext.lower() if dot and stem else ""


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def inspect_upload(upload) -> CheckedDocument:
    """Check one uploaded file (a Django UploadedFile); raise DocumentRefused saying why."""
    label = clean_label(getattr(upload, "name", ""))
    size = upload.size or 0
    if size == 0:
        raise DocumentRefused(_("“%(name)s” is empty.") % {"name": label})
    limit = rules.document_max_bytes()
    if size > limit:
        raise DocumentRefused(
            _("“%(name)s” is %(size)s MB; a file may be at most %(max)s MB.")
            % {"name": label, "size": _mb(size), "max": _mb(limit)}
        )
    upload.seek(0)
    content_type = sniff(upload.read(16))
    if content_type is None:
        raise DocumentRefused(
            _("“%(name)s” is not a PDF, JPEG or PNG file (checked by its content, not its name).") % {"name": label}
        )
    ext = _name_extension(label)
    if ext in KNOWN_EXTENSIONS and ext not in NAME_EXTENSIONS[content_type]:
        raise DocumentRefused(
            _("“%(name)s” is named as a .%(ext)s file but its content is %(kind)s: rename it or choose the right file.")
            % {"name": label, "ext": ext, "kind": EXTENSION[content_type].upper()}
        )
    upload.seek(0)
    if content_type == PDF:
        _check_pdf(upload, label)
    else:
        _check_image(upload, label)
    return CheckedDocument(label=label, content_type=content_type, size=size, sha256=_sha256(upload))


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check_image(upload, label: str) -> None:
    from PIL import Image

    try:
        with Image.open(upload) as image:
            image.verify()  # reads the whole structure without decoding every pixel
    except Exception as exc:  # Pillow raises many kinds (truncated, bomb, syntax)
        raise DocumentRefused(_("“%(name)s” cannot be read as an image.") % {"name": label}) from exc
    finally:
        upload.seek(0)


def _check_pdf(upload, label: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise DocumentRefused(
                _("“%(name)s” is encrypted or protected by a password: upload an unprotected copy.") % {"name": label}
            )
        if len(reader.pages) < 1:
            raise DocumentRefused(_("“%(name)s” has no pages.") % {"name": label})
        found = find_active_content(reader)
    except DocumentRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        raise DocumentRefused(_("“%(name)s” cannot be read as a PDF document.") % {"name": label}) from exc
    finally:
        upload.seek(0)
    if found:
        raise DocumentRefused(
            _("“%(name)s” contains active content (%(what)s), which is not accepted: print it to a new PDF "
              "and upload that.") % {"name": label, "what": ", ".join(sorted(found))}
        )


def find_active_content(reader) -> set[str]:
    """Walk every object reachable from the trailer; return the active-content keys found.

    A walk of the object graph (not a search of the raw bytes) also sees objects inside compressed
    object streams. /OpenAction is active only when it is an action of a kind listed in
    _ACTIVE_ACTIONS; a plain destination ("open at page 1") is harmless.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            visited += 1
            if visited > _MAX_PDF_OBJECTS:
                raise ValueError("too many objects")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for name, value in obj.items():
                if name in _ACTIVE_KEYS:
                    found.add(name)
                if name == "/S" and value in _ACTIVE_ACTIONS:
                    found.add(str(value))
                if name == "/OpenAction":
                    target = value.get_object() if isinstance(value, IndirectObject) else value
                    if isinstance(target, DictionaryObject) and target.get("/S") in _ACTIVE_ACTIONS:
                        found.add("/OpenAction")
                if name in ("/Parent", "/P"):  # back-references: their targets are reached from the root
                    continue
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return found


def new_storage_path(content_type: str) -> str:
    now = timezone.now()
    return f"documents/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{EXTENSION[content_type]}"


def store(upload, checked: CheckedDocument) -> str:
    """Write the file to the private storage under a new random path; return that path."""
    storage = storages["private"]
    upload.seek(0)
    path = storage.save(new_storage_path(checked.content_type), upload)
    return path


def delete_quietly(path: str) -> None:
    try:
        storages["private"].delete(path)
    except Exception:  # best effort: an orphan file is harmless, a half-saved row is not
        pass
