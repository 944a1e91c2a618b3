"""Issue 13 (the deadline spike): a document is read once for all its checks and its SHA-256, and the cheap
bound of the object count never lets through a file the exact count refuses."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from applications import documents
from tests.applications.test_document_scan import PATHS, use_path
from tests.helpers.applications import image_bytes, pdf_bytes
from tests.security.test_upload_corpus import raw_pdf


def _on_disk(name: str, content: bytes) -> TemporaryUploadedFile:
    upload = TemporaryUploadedFile(name, "application/octet-stream", len(content), None)
    upload.write(content)
    upload.seek(0)
    return upload


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", pdf_bytes()), ("photo.jpg", image_bytes("JPEG")), ("scan.png", image_bytes("PNG"))],
)
@pytest.mark.parametrize("kind", ["in memory", "on disk"])
def test_the_recorded_sha256_is_the_files_whether_held_in_memory_or_on_disk(name, content, kind):
    upload = SimpleUploadedFile(name, content) if kind == "in memory" else _on_disk(name, content)
    checked = documents.inspect_upload(upload)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.size == len(content)
    # documents.store reads the upload after the checks: it is back at its start, whole.
    assert upload.tell() == 0
    assert upload.read() == content


@pytest.mark.parametrize("path", PATHS)  # hyperscan's one pass, and the searches without it
def test_the_bound_of_the_object_count_is_the_exact_count_when_it_would_refuse(monkeypatch, path):
    use_path(monkeypatch, path)
    pdf = raw_pdf(extra_objects=[b"<< /N %d >>" % n for n in range(50)])
    exact = documents._declared_objects(pdf)
    assert exact == 53  # "1 0 obj" ... "53 0 obj"; "endobj" is not an object
    # Above the budget the exact count decides (the bound, counting "endobj" too, would be twice as much).
    assert documents._declared_objects(pdf, over=exact - 1) == exact
    assert documents._declared_objects(pdf, over=exact) <= exact
    bound = documents._declared_objects(pdf, over=10_000)
    assert exact <= bound <= 10_000


@pytest.mark.parametrize(("budget", "refused"), [(52, True), (53, False)])
def test_a_pdf_at_the_object_budget_is_accepted_and_one_over_it_refused(settings, english, budget, refused):
    pdf = raw_pdf(extra_objects=[b"<< /N %d >>" % n for n in range(50)])
    settings.DOCUMENT_PDF_MAX_OBJECTS = budget
    if refused:
        with pytest.raises(documents.DocumentRefused, match="too complex"):
            documents.inspect_upload(SimpleUploadedFile("cv.pdf", pdf))
    else:
        documents.inspect_upload(SimpleUploadedFile("cv.pdf", pdf))


def _stream_cases() -> list[bytes]:
    from tests.security.test_upload_corpus import corpus

    edges = [
        b"",
        b"stream",
        b"stream\n",
        b"stream\r",
        b"stream\r\n",
        b"stream\n\n",
        b"stream\r\r\n",
        b"streamstream\nstream\r\nx",
        b"sstream\n",
        b"endstream\nendobj\n4 0 obj << >> stream\r\nxx\nendstream",
        b"stream \nstream\t\n",
        b"stream\nendstream",
        b"stream\nend stream\nendstream\nstream\r\nabcendstreamendstream",
        b"stream\nstream\nstream\nxendstream\nendstream",
        b"endstreamstream\nendstream",
        b"stream\r\nendstream\r\nendstream\nendstream\n",
        b"xstream\ndata without an end",
        b"x stream",
        b"x" * 4093 + b"stream\r\n" + b"y" * 4090 + b"endstream",  # across hyperscan's blocks
        b"x" * 4095 + b"stream\n" + b"y" * 4093 + b"endstream\n",
        b"x" * 8190 + b"stream\n",
    ]
    return edges + [case.content for case in corpus()] + [pdf_bytes(), raw_pdf()]


@pytest.mark.parametrize("path", PATHS)
def test_the_streams_found_in_one_pass_are_those_the_expression_and_the_search_for_their_end_find(
    monkeypatch, path
):
    use_path(monkeypatch, path)
    import re

    # What the check read before issue 13's speed-up: the expression's matches, then the end of each.
    expression = re.compile(rb"stream\r?\n")
    for content in _stream_cases():
        before = []
        for match in expression.finditer(content):
            end = content.find(b"endstream", match.end())
            before.append((match.end(), end if end >= 0 else len(content)))
        assert list(documents._streams(content)) == before, content[:200]


@pytest.mark.parametrize("path", PATHS)
def test_the_count_of_objects_in_object_streams_is_the_same_without_the_expressions_pass(monkeypatch, path):
    use_path(monkeypatch, path)
    packed = raw_pdf(
        extra_objects=[b"<< /Type /ObjStm /N 7 /First 0 >>", b"<< /N 5 /Length 3 /Type /ObjStm >>"]
    )
    plain = raw_pdf(extra_objects=[b"<< /N 7 /First 0 >>", b"<< /Type /ObjStmX /N 5 >>"])
    assert documents._declared_objects(packed) == documents._declared_objects(plain) + 12


@pytest.mark.parametrize("blank", [b"", b" ", b"\n", b"\r\n \t\x0c\x0b", b"\x0b"])
@pytest.mark.parametrize(
    ("depth", "found"), [(1, False), (2, False), (199, False), (200, True), (5000, True)]
)
@pytest.mark.parametrize("path", PATHS)
def test_the_nesting_of_arrays_is_found_from_200_deep_whatever_the_blanks_between(
    monkeypatch, blank, depth, found, path
):
    import re

    use_path(monkeypatch, path)

    before = re.compile(rb"\[(?:\s*\[){199}")  # the expression before issue 13's unrolling
    content = b"1 0 obj " + (b"[" + blank) * depth + b"]" * depth + b" endobj"
    assert bool(documents._DEEP_ARRAYS_RE.search(content)) is found
    assert bool(before.search(content)) is found
    assert documents._scan(content).deep_arrays is found  # what _check_pdf reads


def _dict_cases() -> list[bytes]:
    deep = b"<<" + b" /K <<" * 199 + b">>" * 200
    return (
        [
            b"",
            b"<<",
            b"<" + b"<<" * 200,
            b"<<" * 199,
            b"<<" * 200,
            b"<<<" * 200,
            deep,
            b"<< /A 1 >> " * 100 + deep,  # found by the expression's search of the rest
            b"<< /A 1 >> " * 100 + deep[:-1] + b" <<",
            b"x" * 1000 + b"<< /K\n<<" * 200,
            b"<< /K (x) <<" * 200,
        ]
        + [case.content for case in _upload_corpus()]
    )


def _upload_corpus():
    from tests.security.test_upload_corpus import corpus

    return corpus()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("tried", [0, 1, 64])
def test_the_deep_dictionaries_are_found_as_the_expressions_search_finds_them(monkeypatch, tried, path):
    use_path(monkeypatch, path)
    monkeypatch.setattr(documents, "_DICT_OPENINGS_TRIED", tried)
    for content in _dict_cases():
        assert documents._deep_dicts(content) is bool(documents._DEEP_DICTS_RE.search(content)), content[:80]
