"""Reading the written test's questions a chair uploads, and the dialect every import of the evaluation
shares (decode_text, csv_delimiter, decimal_point: also read by scoring.io.parse_scores, the one importer of
scores and written results, issue 12).

Pure parsing, no database: each function returns the rows it read and a list of messages, one per problem,
each naming its line. A file with any problem is refused whole (services.py saves nothing then).
"""

import csv
import io
import unicodedata
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import schemes

MAX_FILE_BYTES = 1_000_000
OPTION_LETTERS = "ABCDEFGH"


def decode_text(data, *, max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """An uploaded CSV as text (UTF-8, with or without its byte-order mark); None when too large or not UTF-8.
    Shared by every import of the evaluation (questions, written results, marks)."""
    if isinstance(data, str):
        return data
    if len(data) > max_bytes:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def csv_delimiter(text: str) -> str:
    """The dialect every import of the evaluation shares: ";" when the header holds more semicolons than
    commas (a spreadsheet saved in sq/sr), else ","."""
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","


def decimal_point(raw: str) -> str:
    """A number cell as text with a decimal point: "17,5" (the decimal comma of sq/sr) reads "17.5"; a cell
    that holds a point is left as it is."""
    raw = (raw or "").strip()
    return raw.replace(",", ".") if "," in raw and "." not in raw else raw


def _reader(text: str) -> csv.DictReader:
    return csv.DictReader(io.StringIO(text), delimiter=csv_delimiter(text))


def _data_rows(reader: csv.DictReader, errors: list) -> Iterator[tuple[int, dict[str, str]]]:
    """Each line of the file with its number (the header is line 1) and its cells by lower-case column name;
    blank lines skipped, and a line with more cells than the header refused (named in ``errors``)."""
    for line, raw in enumerate(reader, start=2):
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        if not any(row.values()):
            continue
        if raw.get(None):  # more cells than the header: "39,99" unquoted in a comma-separated file, say
            errors.append(
                _("Line %(line)s has more cells than the header; quote numbers with a decimal comma.")
                % {"line": line}
            )
            continue
        yield line, row


def _number(raw: str) -> Decimal | None:
    raw = decimal_point(raw)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _plain(text: str) -> str:
    """A name as compared: case, spacing and diacritics ignored ("Njohurite e pergjithshme" is "Njohuritë e
    përgjithshme", as typed on a keyboard without ë)."""
    decomposed = unicodedata.normalize("NFKD", " ".join((text or "").replace("_", " ").split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def section_names() -> dict[str, str]:
    """Every way a section may be named in the file: its key (``general_knowledge``) and the name the pages
    show in each of the portal's languages, as compared by _plain; the value is the key."""
    names = {}
    for key, label in schemes.SECTION_LABELS.items():
        names[_plain(key)] = key
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names[_plain(str(label))] = key
    return names


def line_ranges(numbers) -> str:
    """ "Line 4", or "Lines 2–57, 60": the lines a message is about, runs of consecutive lines joined."""
    numbers = sorted(set(numbers))
    runs, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            runs.append(str(start) if start == n else f"{start}–{n}")
            start = None
    if len(numbers) == 1:
        return _("Line %(line)s") % {"line": numbers[0]}
    return _("Lines %(lines)s") % {"lines": ", ".join(runs)}


QUESTION_COLUMNS = ("section", "weight", "question", "correct", "a", "b")


def parse_questions(data) -> tuple[list[dict], list[str]]:
    """Questions from a CSV with the columns ``section, weight, question, correct, A, B, C …`` (up to H).

    ``section`` is a section's key (schemes.SECTIONS) or its name as the pages show it, in any of the portal's
    languages; ``correct`` lists the letters of the correct options, separated by spaces, commas or semicolons
    ("A", "B;D"). Blank option columns are ignored. A problem shared by many lines (a wrong header, a section
    name not known) is said once, naming the lines.
    """
    text = decode_text(data)
    if text is None:
        return [], [_("The file must be UTF-8 text of at most 1 MB.")]
    reader = _reader(text)
    header = {name.strip().lower() for name in (reader.fieldnames or []) if name}
    missing = [name for name in QUESTION_COLUMNS if name not in header]
    if missing:
        return [], [
            _(
                "The file needs the columns: section, weight, question, correct, A, B (and C … H if used); "
                "missing: %(missing)s."
            )
            % {"missing": ", ".join(m.upper() if len(m) == 1 else m for m in missing)}
        ]
    sections = section_names()
    questions, errors, unknown = [], [], {}
    for line, row in _data_rows(reader, errors):
        options = [row.get(letter.lower(), "") for letter in OPTION_LETTERS]
        while options and not options[-1]:
            options.pop()
        if "" in options:
            errors.append(_("Line %(line)s: an option is left empty between two others.") % {"line": line})
        section = sections.get(_plain(row["section"]))
        if section is None:
            unknown.setdefault(row["section"], []).append(line)
        weight = _number(row["weight"])
        if weight is None:
            errors.append(
                _("Line %(line)s: the weight %(weight)r is not a number.")
                % {"line": line, "weight": row["weight"]}
            )
        if not row["question"]:
            errors.append(_("Line %(line)s: the question has no text.") % {"line": line})
        letters = [
            part for part in row["correct"].replace(",", " ").replace(";", " ").upper().split() if part
        ]
        correct = []
        for letter in letters:
            index = OPTION_LETTERS.find(letter) if len(letter) == 1 else -1
            if index < 0 or index >= len(options):
                errors.append(
                    _("Line %(line)s: the correct answer %(letter)r is not one of its options.")
                    % {"line": line, "letter": letter}
                )
            elif index not in correct:
                correct.append(index)
        questions.append(
            {
                "section": section,
                "weight": weight,
                "text": row["question"],
                "options": options,
                "correct": sorted(correct),
            }
        )
    if unknown:
        shown = "; ".join(f"{schemes.SECTION_LABELS[key]} ({key})" for key in schemes.SECTIONS)
        errors[:0] = [
            _(
                "%(lines)s: the section “%(section)s” is not known; name it as the page does, in any of "
                "its languages, or by its key: %(sections)s."
            )
            % {"lines": line_ranges(lines), "section": value, "sections": shown}
            for value, lines in unknown.items()
        ]
    if not questions and not errors:
        errors.append(_("The file holds no question."))
    return questions, errors
