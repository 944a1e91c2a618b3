"""Checks of an uploaded document by its content, and its storage under a random private path.

A document is accepted only as PDF, JPEG or PNG recognised by its first bytes (the name proves
nothing), within DOCUMENT_MAX_BYTES, readable, and for PDF neither encrypted nor carrying active
content: no action that runs by itself (/OpenAction other than "go to a page", /AA additional actions),
no action of an active kind anywhere (JavaScript, Launch, GoToR, GoToE, Named, Sound, Movie, Hide,
SubmitForm, ImportData, ResetForm, Rendition, RichMediaExecute, ...), no embedded files, no XFA forms,
no rich media. A link a reader clicks (/URI, /GoTo in a link annotation or an outline) is kept: CVs
exported by a word processor carry them. The original name is kept only as a label (shown escaped); the
file is stored as ``documents/<yyyy>/<mm>/<random>.<ext>``.

Every check has a budget (issue 10, finding 6: five crafted PDFs of 150,000 objects held a worker 30 s):
objects, pages, decoded bytes and seconds (settings DOCUMENT_PDF_MAX_OBJECTS, DOCUMENT_PDF_MAX_PAGES,
DOCUMENT_CHECK_MAX_DECODED_BYTES, DOCUMENT_CHECK_SECONDS, DOCUMENT_IMAGE_MAX_PIXELS). A file that needs
more is refused with a message saying so, before the expensive parse where its own header tells.
"""

import hashlib
import io
import re
import threading
import time
import unicodedata
import uuid
import warnings
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment.lib.files import save_new

from . import rules

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSION = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
# What a file's name may say for each type; another known extension on the name is a mislabelled file.
NAME_EXTENSIONS = {PDF: {"pdf"}, JPEG: {"jpg", "jpeg", "jpe"}, PNG: {"png"}}
KNOWN_EXTENSIONS = set().union(*NAME_EXTENSIONS.values())

MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))

# PDF keys that are active content wherever they appear.
_ACTIVE_KEYS = {
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/AA",
    "/RichMedia",
    "/RichMediaContent",
    "/XFA",
}
# Every kind of action of PDF 2.0 (ISO 32000-2, 12.6.4). A reader's click may follow a link (/GoTo, /URI,
# /Thread); what runs by itself (/OpenAction) may only show a page; every other kind is refused anywhere.
_ALL_ACTIONS = {
    "/GoTo",
    "/GoToR",
    "/GoToE",
    "/GoToDp",
    "/Launch",
    "/Thread",
    "/URI",
    "/Sound",
    "/Movie",
    "/Hide",
    "/Named",
    "/SubmitForm",
    "/ResetForm",
    "/ImportData",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/JavaScript",
    "/ECMAScript",
    "/RichMediaExecute",
}
_CLICK_ACTIONS = {"/GoTo", "/URI", "/Thread"}
_AUTOMATIC_ACTIONS = {"/GoTo"}
# Annotations that carry files, sounds, films or rich media.
_ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
# Deeper nesting of arrays and dictionaries than any real document has (readers that recurse overflow on it).
_MAX_NESTING = 200
# More values in one array or dictionary than a real document has (a page tree's /Kids, a font's /Widths).
_MAX_ELEMENTS = 10_000
# Each starts with a literal, so the search skips ahead in C (a 10 MB file in milliseconds).
# The first "[ [" written out: most "[" of a file (of a scan's random bytes, 1 in 256) fail on the second one
# before the repeat's machinery starts (issue 13: 1.4 M fewer instructions for 1 MB); the same matches.
_DEEP_ARRAYS_RE = re.compile(rb"\[\s*\[(?:\s*\[){198}")
_DEEP_DICTS_RE = re.compile(rb"<<(?:\s*(?:/[^\s/<>\[\]()]{1,127}\s*)?<<){199}")
# How many "<<" _deep_dicts tries one by one before it leaves the rest of the file to the expression's search.
_DICT_OPENINGS_TRIED = 64


# Every blank of ``\s`` in a bytes expression of Python's re, written out for hyperscan.
_BLANK = rb"[\t\n\x0b\x0c\r ]"
# What a 200-deep nesting of arrays starts with: hyperscan compiles this in milliseconds (_DEEP_ARRAYS_RE's
# 198-fold repeat takes 40 to 90 ms); a file holding it (none of a scan's random bytes, few documents) is
# searched by _DEEP_ARRAYS_RE itself.
_ARRAYS_8_DEEP = rb"\[(?:" + _BLANK + rb"*\[){7}"
# The accelerator's expressions, by id: each one's matches are reported by their end offsets, overlapping
# ones too ("<<<" ends an opening at 2 and at 3).
_OBJ, _OBJSTM, _STREAM, _DICT, _ARRAYS = range(5)
_SCANNED = (rb"obj", rb"/ObjStm", rb"stream", rb"<<", _ARRAYS_8_DEEP)


@dataclass(frozen=True)
class _Scan:
    """What the checks before the parser need from a PDF's bytes, found in one pass (issue 13: five passes
    of the bytes' own searches were 3.4 ms of a 1 MB scan's 5.3 ms check)."""

    objstm: bool  # b"/ObjStm" in data
    obj: int  # data.count(b"obj"): every "endobj" holds one too
    streams: list[int]  # where each "stream" starts ("endstream" holds one), ascending
    dict_openings: list[int]  # where the first _DICT_OPENINGS_TRIED + 1 "<<" start ("<<<" at +0 and +1)
    deep_arrays: bool  # _DEEP_ARRAYS_RE.search(data) is not None


def _scan(data: bytes) -> _Scan:
    """The bytes' _Scan: by hyperscan's one pass where it is installed (an optional accelerator, about 0.25 ms
    for 1 MB), else by the bytes' own searches. Both give the same _Scan for every file (the tests compare
    them with the searches before issue 13). A Python call per match costs about 0.17 µs: a file of many
    matches (a text PDF of 20,000 objects: 40,000 "obj") stops the accelerator's pass past a budget of
    matches and is read by the searches, which are then faster."""
    accelerator = _accelerator()
    if accelerator is not None:
        scan = _scan_accelerated(data, *accelerator)
        if scan is not None:
            return scan
    return _scan_in_python(data)


def _scan_in_python(data: bytes) -> _Scan:
    streams = []
    at = data.find(b"stream")
    while at >= 0:
        streams.append(at)
        at = data.find(b"stream", at + 6)  # "stream" does not overlap itself
    openings: list[int] = []
    at = data.find(b"<<")
    while at >= 0 and len(openings) <= _DICT_OPENINGS_TRIED:
        openings.append(at)
        at = data.find(b"<<", at + 1)  # "<<<" opens at both of its first two bytes
    return _Scan(
        objstm=b"/ObjStm" in data,
        obj=data.count(b"obj"),
        streams=streams,
        dict_openings=openings,
        deep_arrays=_DEEP_ARRAYS_RE.search(data) is not None,
    )


def _scan_accelerated(data: bytes, hyperscan, database) -> _Scan | None:
    """The _Scan from hyperscan's pass, or None when an expression matched more than the budget's times
    (the pass stops there)."""
    found: tuple[list[int], ...] = tuple([] for _ in _SCANNED)
    budget = 64 + len(data) // 2048  # matches of one expression; a 1 MB scan has about 40 in all

    def on_match(pattern: int, _start: int, end: int, _flags: int, _context: object) -> bool:
        ends = found[pattern]
        ends.append(end)
        return len(ends) > budget  # True stops the pass

    try:
        database.scan(data, match_event_handler=on_match, scratch=_scratch(hyperscan, database))
    except hyperscan.error:  # ScanTerminated (the budget), or a failure of its own: the searches answer
        return None
    # Ends as reported, in the order of their offsets; sorted again, cheaply, not to depend on that order.
    openings = sorted(found[_DICT])[: _DICT_OPENINGS_TRIED + 1]
    return _Scan(
        objstm=bool(found[_OBJSTM]),
        obj=len(found[_OBJ]),  # "obj" does not overlap itself: as many as data.count finds
        streams=[end - 6 for end in sorted(found[_STREAM])],
        dict_openings=[end - 2 for end in openings],
        # Every 200-deep nesting starts with an 8-deep one: without that, no match; with it, the expression.
        deep_arrays=bool(found[_ARRAYS]) and _DEEP_ARRAYS_RE.search(data) is not None,
    )


_accelerator_state: dict[str, object] = {}  # "database": hyperscan's compiled _SCANNED, or None without it
_accelerator_lock = threading.Lock()
_scratches = threading.local()  # hyperscan's scratch space: one per thread (a scan uses it throughout)


def _accelerator():
    """(the hyperscan module, its database of _SCANNED), compiled once per process on first use (3 ms), or
    None where hyperscan is not installed or does not run (a processor it does not support)."""
    if "database" not in _accelerator_state:
        with _accelerator_lock:
            if "database" not in _accelerator_state:
                _accelerator_state["database"] = _compile_accelerator()
    database = _accelerator_state["database"]
    return None if database is None else (_accelerator_state["module"], database)


def _compile_accelerator():
    try:
        import hyperscan  # optional (pyproject.toml): the checks run without it
    except ImportError:
        return None
    single = hyperscan.HS_FLAG_SINGLEMATCH  # only whether it occurs is needed
    try:
        database = hyperscan.Database()
        database.compile(
            expressions=list(_SCANNED),
            ids=list(range(len(_SCANNED))),
            elements=len(_SCANNED),
            flags=[0, single, 0, 0, single],
        )
    except hyperscan.error:
        return None
    _accelerator_state["module"] = hyperscan
    return database


def _scratch(hyperscan, database):
    scratch = getattr(_scratches, "scratch", None)
    if scratch is None:
        scratch = _scratches.scratch = hyperscan.Scratch(database)
    return scratch


def _deep_dicts(data: bytes, scan: _Scan | None = None) -> bool:
    """Whether ``_DEEP_DICTS_RE.search(data)`` finds a match. Every match starts with "<<", which a scan's
    random bytes hold a few times per MB: the expression is tried at each (``scan.dict_openings``, the pass
    of _scan), issue 13: 4 M fewer instructions than the expression's pass over 1 MB; after
    _DICT_OPENINGS_TRIED of them (a document of many dictionaries) the expression searches the rest itself,
    from the next opening, as before."""
    openings = (scan or _scan(data)).dict_openings
    tried = _DICT_OPENINGS_TRIED
    for at in openings[:tried]:
        if _DEEP_DICTS_RE.match(data, at):
            return True
    return len(openings) > tried and _DEEP_DICTS_RE.search(data, openings[tried]) is not None


_OBJSTM_N_RE = re.compile(
    rb"/Type\s*/ObjStm\b[^>]{0,200}?/N\s+(\d{1,9})|/N\s+(\d{1,9})[^>]{0,200}?/Type\s*/ObjStm\b"
)


class _Unreadable(Exception):
    """The file is damaged (cut, malformed) in a way its parser tolerated."""


class _OverBudget(Exception):
    """The check would need more than its budget; the message names what."""


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
    data = _content(upload)  # read once: the checks and the SHA-256 all work on these bytes
    content_type = sniff(data[:16])
    if content_type is None:
        raise DocumentRefused(
            _("“%(name)s” is not a PDF, JPEG or PNG file (checked by its content, not its name).")
            % {"name": label}
        )
    ext = _name_extension(label)
    if ext in KNOWN_EXTENSIONS and ext not in NAME_EXTENSIONS[content_type]:
        raise DocumentRefused(
            _(
                "“%(name)s” is named as a .%(ext)s file but its content is %(kind)s: rename it or choose the "
                "right file."
            )
            % {"name": label, "ext": ext, "kind": EXTENSION[content_type].upper()}
        )
    if content_type == PDF:
        _check_pdf(upload, label, data=data)
    else:
        _check_image(upload, label)
    return CheckedDocument(
        label=label, content_type=content_type, size=size, sha256=hashlib.sha256(data).hexdigest()
    )


def _content(upload) -> bytes:
    """The whole file, read once. An upload held in memory (Django's InMemoryUploadedFile, up to
    FILE_UPLOAD_MAX_MEMORY_SIZE) gives its buffer without a copy; a temporary file is read."""
    upload.seek(0)
    buffer = getattr(upload, "file", None)
    data = buffer.getvalue() if isinstance(buffer, io.BytesIO) else upload.read()
    upload.seek(0)
    return data


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _budget(name: str, default):
    return getattr(settings, name, default)


def _too_big(label: str) -> DocumentRefused:
    return DocumentRefused(
        _(
            "“%(name)s” is too complex to be checked within the portal's limits (objects, pages or size): "
            "save or print it to a new, simpler PDF and upload that."
        )
        % {"name": label}
    )


def _check_image(upload, label: str) -> None:
    from PIL import Image  # loaded when an image is checked: Pillow is heavy, most requests never need it

    max_pixels = _budget("DOCUMENT_IMAGE_MAX_PIXELS", 60_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size  # read from the header, before any pixel is decoded
                if width * height > max_pixels:
                    raise _OverBudget("pixels")
                image.verify()  # reads the whole structure without decoding every pixel
            if _trailing_bytes(upload, image.format):
                raise DocumentRefused(
                    _(
                        "“%(name)s” carries data after the end of the image, which is not accepted: save the "
                        "image again and upload that."
                    )
                    % {"name": label}
                )
    except DocumentRefused:
        raise
    except (_OverBudget, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DocumentRefused(
            _(
                "“%(name)s” is too large an image (%(max)s megapixels at most): scan it again at a lower "
                "resolution."
            )
            % {"name": label, "max": max_pixels // 1_000_000}
        ) from exc
    except Exception as exc:  # Pillow raises many kinds (truncated, bomb, syntax)
        raise DocumentRefused(_("“%(name)s” cannot be read as an image.") % {"name": label}) from exc
    finally:
        upload.seek(0)


def _trailing_bytes(upload, kind: str | None) -> bool:
    """Whether data follows the image's end marker (a PNG's IEND chunk, a JPEG's last EOI): a polyglot hides
    a script or an archive there. A few bytes of padding (some scanners add zeros) are tolerated."""
    upload.seek(0)
    data = upload.read()
    if kind == "PNG":
        end = data.rfind(b"IEND\xaeB`\x82")
        tail = data[end + 8 :] if end >= 0 else b""
    elif kind == "JPEG":
        end = data.rfind(b"\xff\xd9")
        if end < 0:  # no end-of-image marker: a cut file
            raise _Unreadable
        tail = data[end + 2 :]
    else:
        return False
    return len(tail.strip(b"\x00\r\n ")) > 0


def _pdf_tail_is_foreign(data: bytes) -> bool:
    """Whether another file follows the PDF's last %%EOF (a PDF+ZIP or PDF+HTML polyglot). Some producers pad
    the end with blanks or a few bytes: more than 1 KB, or an archive's or a page's signature, is refused."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return False  # no end marker: the parser judges (pypdf reads such files leniently)
    tail = data[end + 5 :].strip(b"\x00\r\n\t\x0c ")
    lowered = tail[:4096].lower()
    return (
        len(tail) > 1024
        or any(sig in tail for sig in (b"PK\x03\x04", b"PK\x05\x06", b"MZ"))
        or any(sig in lowered for sig in (b"<html", b"<script", b"<svg", b"<?xml", b"<!doctype"))
    )


def _streams(data: bytes, scan: _Scan | None = None):
    """(start, end) of the bytes of each stream, reachable or not: ``start`` after each "stream" and its end
    of line (LF or CRLF), the ends of the matches of ``re.finditer(rb"stream\r?\n", data)``; ``end`` where the
    first "endstream" at or after ``start`` begins (``data.find(b"endstream", start)``), else the file's end.

    Every "stream" of the file (``scan.streams``, the pass of _scan) gives both, since every "endstream" holds
    one (issue 13: a regular expression's pass, then a search for "endstream" from each start, read a scan's
    image twice). "stream" overlaps neither itself nor its end of line, so no "end" before an occurrence can
    lie before a start found earlier."""
    pending: list[int] = []  # starts whose "endstream" is not found yet
    for at in (scan or _scan(data)).streams:
        if pending and at >= 3 and data.startswith(b"end", at - 3):
            for start in pending:
                yield start, at - 3
            pending = []
        after = at + 6
        if data.startswith(b"\n", after):
            pending.append(after + 1)
        elif data.startswith(b"\r\n", after):
            pending.append(after + 2)
    for start in pending:
        yield start, len(data)


def _check_streams_inflate_within(
    data: bytes, limit: int, deadline: float, scan: _Scan | None = None
) -> None:
    """Every compressed (Flate) stream of the file, reachable or not, inflates to at most ``limit`` bytes: a
    decompression bomb (200 MB of zeros fit in 200 KB) is refused without being inflated past the limit."""

    view = memoryview(data)  # a stream's bytes are looked at in place, not copied
    for start, end in _streams(data, scan):
        chunk = view[start:end]
        if len(chunk) < 2 or (chunk[0] & 0x0F) != 8:  # not a zlib stream (a JPEG image, raw data)
            continue
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(chunk, limit + 1)
        except zlib.error:
            continue  # not Flate after all, or damaged: the parser judges
        if len(out) > limit or inflater.unconsumed_tail:
            raise _OverBudget("decoded bytes")
        if time.monotonic() > deadline:
            raise _OverBudget("time")


def _declared_objects(data: bytes, *, over: int | None = None, scan: _Scan | None = None) -> int:
    """How many objects the file says it holds, counted on its bytes (plain objects and those packed in
    object streams), before any parsing: an object bomb is refused without being walked.

    With ``over``, a count that cannot exceed it may be returned in its place: every "<blank>obj" holds an
    "obj", so the count of "obj" (what "endobj" has too, ``scan.obj`` from the pass of _scan) bounds the four
    passes of the exact count; those run only when the bound is above ``over`` (issue 13: they were a third
    of a 1 MB upload's check).
    """
    scan = scan or _scan(data)
    packed = 0
    # Both alternatives of the expression name "/ObjStm": a file without it (most) has no match, told by the
    # scan, without the expression's pass (issue 13).
    if scan.objstm:
        for match in _OBJSTM_N_RE.finditer(data):
            packed += int(match.group(1) or match.group(2))
    if over is not None:
        bound = scan.obj + packed
        if bound <= over:
            return bound
    return packed + sum(data.count(b"%sobj" % space) for space in (b" ", b"\n", b"\r", b"\t"))  # "12 0 obj"


def _check_pdf(upload, label: str, *, data: bytes | None = None) -> None:
    # Loaded when a PDF is checked: pypdf is heavy, most requests never need it.
    import pypdf
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    max_objects = _budget("DOCUMENT_PDF_MAX_OBJECTS", 20_000)
    max_pages = _budget("DOCUMENT_PDF_MAX_PAGES", 500)
    max_decoded = _budget("DOCUMENT_CHECK_MAX_DECODED_BYTES", 30 * 1024 * 1024)
    deadline = time.monotonic() + _budget("DOCUMENT_CHECK_SECONDS", 2.0)
    if data is None:
        data = _content(upload)
    if _pdf_tail_is_foreign(data):
        raise DocumentRefused(
            _(
                "“%(name)s” carries other data after the end of the PDF (another file hidden in it), which "
                "is not accepted: print it to a new PDF and upload that."
            )
            % {"name": label}
        )
    try:
        scan = _scan(data)  # one pass for the four checks below
        if _declared_objects(data, over=max_objects, scan=scan) > max_objects:
            raise _OverBudget("objects")
        if scan.deep_arrays or _deep_dicts(data, scan):  # before the parser, which recurses
            raise _OverBudget("nesting")
        _check_streams_inflate_within(data, max_decoded, deadline, scan)
        with pypdf.apply_configuration(
            zlib_maximum_output_length=max_decoded,
            lzw_maximum_output_length=max_decoded,
            run_length_maximum_output_length=max_decoded,
            brotli_maximum_output_length=max_decoded,
            jbig2_maximum_output_length=max_decoded,
            array_based_stream_maximum_output_length=max_decoded,
            maximum_declared_stream_length=max_decoded,
            stream_decoding_work_maximum_length=max_decoded,
            image_maximum_buffer_size=max_decoded,
            page_tree_maximum_entries=max_pages * 4,
            page_tree_maximum_page_entries=max_pages * 64,
            outline_maximum_entries=max_objects,
            named_destinations_maximum_entries=max_objects,
            form_fields_maximum_entries=max_objects,
            array_maximum_element_count=_MAX_ELEMENTS,
            dictionary_maximum_element_count=_MAX_ELEMENTS,
        ):
            # From the bytes already read: pypdf's many small reads through Django's file wrapper cost more.
            reader = PdfReader(
                io.BytesIO(data),
                strict=False,
                xref_stream_maximum_entries=max_objects,
                root_object_recovery_limit=max_objects,
            )
            if reader.is_encrypted:
                raise DocumentRefused(
                    _("“%(name)s” is encrypted or protected by a password: upload an unprotected copy.")
                    % {"name": label}
                )
            if len(reader.xref_objStm) + sum(len(v) for v in reader.xref.values()) > max_objects:
                raise _OverBudget("objects")
            pages = len(reader.pages)
            if pages < 1:
                raise DocumentRefused(_("“%(name)s” has no pages.") % {"name": label})
            if pages > max_pages:
                raise _OverBudget("pages")
            found = find_active_content(reader, max_objects=max_objects, deadline=deadline)
    except DocumentRefused:
        raise
    except _OverBudget as exc:
        raise _too_big(label) from exc
    except PyPdfError as exc:
        if "limit" in str(exc).lower() or "maximum" in str(exc).lower() or "exceed" in str(exc).lower():
            raise _too_big(label) from exc
        raise DocumentRefused(_("“%(name)s” cannot be read as a PDF document.") % {"name": label}) from exc
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
        MemoryError,
        OverflowError,
        AssertionError,
        UnicodeError,
        LookupError,
        ArithmeticError,
    ) as exc:
        raise DocumentRefused(_("“%(name)s” cannot be read as a PDF document.") % {"name": label}) from exc
    finally:
        upload.seek(0)
    if found:
        raise DocumentRefused(
            _(
                "“%(name)s” contains active content (%(what)s), which is not accepted: print it to a new PDF "
                "and upload that."
            )
            % {"name": label, "what": ", ".join(sorted(found))}
        )


def _action_kind(obj) -> str | None:
    """The action's kind when ``obj`` is an action dictionary (its /S names a kind of action), else None.
    Other dictionaries use /S too (structure elements, transparency groups, transitions) with other names."""
    value = obj.get("/S")
    return str(value) if isinstance(value, str) and str(value) in _ALL_ACTIONS else None


# Where an object sits, for find_active_content: CLICK anywhere a reader's click may reach; RUNS where it
# runs by itself (the value of /OpenAction, an entry of /AA, an action chained by /Next from one of those);
# TRIGGERS the /AA dictionary itself, whose every entry runs by itself.
CLICK, RUNS, TRIGGERS = 0, 1, 2


def find_active_content(reader, *, max_objects: int = 20_000, deadline: float | None = None) -> set[str]:
    """Walk every object reachable from the trailer; return what active content was found.

    A walk of the object graph (not a search of the raw bytes) also sees objects inside compressed
    object streams. What runs by itself (under /OpenAction or /AA, and the actions they chain with /Next)
    may only show a page; a reader's click may follow a link (/URI, /GoTo); every other kind of action is
    refused wherever it is. The walk stops with _OverBudget after ``max_objects`` objects or at
    ``deadline`` (time.monotonic()).
    """

    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject  # loaded when used (heavy)

    containers = (ArrayObject, DictionaryObject, IndirectObject)
    found: set[str] = set()
    seen: set[tuple[int, int, int]] = set()
    stack: list[tuple[object, int, int]] = [(reader.trailer, CLICK, 0)]
    visited = steps = 0
    while stack:
        obj, where, depth = stack.pop()
        steps += 1
        if depth > _MAX_NESTING:
            raise _OverBudget("nesting")
        if deadline is not None and steps % 64 == 0 and time.monotonic() > deadline:
            raise _OverBudget("time")
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation, where)
            if key in seen:
                continue
            seen.add(key)
            visited += 1
            if visited > max_objects:
                raise _OverBudget("objects")
            obj = obj.get_object()  # parses the object: up to _MAX_ELEMENTS values, a fraction of a second
            if deadline is not None and time.monotonic() > deadline:
                raise _OverBudget("time")
        if isinstance(obj, DictionaryObject):
            kind = _action_kind(obj)
            if kind is not None and kind not in (_AUTOMATIC_ACTIONS if where != CLICK else _CLICK_ACTIONS):
                found.add(kind if where == CLICK else f"/OpenAction {kind}")
            if obj.get("/Subtype") in _ACTIVE_ANNOTATIONS:
                found.add(str(obj.get("/Subtype")))
            for name, value in obj.items():
                if name in _ACTIVE_KEYS:
                    found.add(name)
                if name in ("/Parent", "/P"):  # back-references: their targets are reached from the root
                    continue
                if name == "/OpenAction":
                    child = RUNS
                elif name == "/AA":
                    child = TRIGGERS
                elif where == TRIGGERS or (where == RUNS and kind is not None and name == "/Next"):
                    child = RUNS
                else:  # a page reached from a destination, a link's target: back to what a click reaches
                    child = CLICK
                if isinstance(value, containers):  # numbers, names and strings hold nothing to walk
                    stack.append((value, child, depth + 1))
        elif isinstance(obj, ArrayObject):
            stack.extend((item, where, depth + 1) for item in obj if isinstance(item, containers))
    return found


def new_storage_path(content_type: str) -> str:
    now = timezone.now()
    return f"documents/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{EXTENSION[content_type]}"


def store(upload, checked: CheckedDocument) -> str:
    """Write the file to the private storage under a new random path; return that path."""
    upload.seek(0)
    # Whole or not at all: a full disk mid-write leaves no partial file, and no row names the file before it
    # is whole (recruitment/lib/files.py).
    return save_new(storages["private"], new_storage_path(checked.content_type), upload)


def delete_quietly(path: str) -> None:
    try:
        storages["private"].delete(path)
    except Exception:  # best effort: an orphan file is harmless, a half-saved row is not
        pass
