"""Issue 13 (the deadline spike): the checks before a PDF's parse read its bytes in one pass (documents._scan),
by hyperscan where it is installed, else by the bytes' own searches. Both paths must answer as the searches
before the one pass did, on every file: the definitions of those searches are kept here as the reference, and
the upload corpus and crafted files (overlapping openings, needles across hyperscan's blocks, files whose
matches pass the accelerator's budget) are run through both paths."""

import io
import random
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import documents
from tests.helpers.applications import pdf_bytes
from tests.security.test_upload_corpus import corpus, raw_pdf

# --- The reference: the checks' searches as they were before the one pass -------------------------------------


def _reference_declared_objects(data: bytes, *, over: int | None = None) -> int:
    packed = 0
    if b"/ObjStm" in data:
        for match in documents._OBJSTM_N_RE.finditer(data):
            packed += int(match.group(1) or match.group(2))
    if over is not None:
        bound = data.count(b"obj") + packed
        if bound <= over:
            return bound
    return packed + sum(data.count(b"%sobj" % space) for space in (b" ", b"\n", b"\r", b"\t"))


def _reference_streams(data: bytes) -> list[tuple[int, int]]:
    """Before issue 13: the expression's matches, then the search for the end of each."""
    found = []
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        found.append((match.end(), end if end >= 0 else len(data)))
    return found


def _reference_deep_arrays(data: bytes) -> bool:
    return re.search(rb"\[(?:\s*\[){199}", data) is not None  # the expression before its unrolling


def _reference_deep_dicts(data: bytes) -> bool:
    return documents._DEEP_DICTS_RE.search(data) is not None


def _reference_scan(data: bytes) -> documents._Scan:
    """Each field by its own pass of a regular expression (overlapping "<<" by a look-ahead)."""
    return documents._Scan(
        objstm=re.search(rb"/ObjStm", data) is not None,
        obj=len(re.findall(rb"obj", data)),
        streams=[m.start() for m in re.finditer(rb"stream", data)],
        dict_openings=[m.start() for m in re.finditer(rb"(?=<<)", data)][
            : documents._DICT_OPENINGS_TRIED + 1
        ],
        deep_arrays=documents._DEEP_ARRAYS_RE.search(data) is not None,
    )


# --- The two paths ---------------------------------------------------------------------------------------------

PATHS = ["accelerated", "python"]


def use_path(monkeypatch, path: str) -> None:
    """Run the checks by hyperscan ("accelerated": skipped where it is not installed) or by the bytes' own
    searches ("python", as on a machine without it)."""
    if path == "python":
        monkeypatch.setattr(documents, "_accelerator", lambda: None)
    else:
        pytest.importorskip("hyperscan")
        assert documents._accelerator() is not None


def _budget(data: bytes) -> int:
    return 64 + len(data) // 2048


def _passes_budget(data: bytes) -> bool:
    """Whether one of the accelerator's expressions matches more than its budget's times in ``data``."""
    overlapping_dicts = len(re.findall(rb"(?=<<)", data))
    return max(data.count(b"obj"), data.count(b"stream"), overlapping_dicts) > _budget(data)


# --- The files -------------------------------------------------------------------------------------------------

_BLANKS = (b"", b" ", b"\n", b"\r\n", b"\t", b"\x0b", b"\x0c", b" \t\r\n\x0b\x0c")


def _noise(size: int, seed: int = 13) -> bytes:
    """Random bytes (a scan's image), deterministic; whatever needles they hold by chance are kept."""
    return random.Random(seed).randbytes(size)


def _arrays(depth: int, blank: bytes = b"") -> bytes:
    return (b"[" + blank) * depth + b"]" * depth


def _dicts(depth: int, between: bytes = b" /K ") -> bytes:
    return b"<<" + (between + b"<<") * (depth - 1) + b">>" * depth


def _edge_cases() -> list[bytes]:
    cases = [
        b"",
        b"o",
        b"obj",
        b"endobj",
        b"objobj",
        b"/ObjStm",
        b"/ObjSt",
        b"<",
        b"<<",
        b"<<<",
        b"<<<<",
        b"< <",
        b"<" + b"<<" * 200,
        b"<<<" * 200,
        b"<<" * 199,
        b"<<" * 200,
        b"stream",
        b"stream\n",
        b"stream\r",
        b"stream\r\n",
        b"x stream",  # "stream" at the very end of the file
        b"endstream",
        b"stream\nendstream",
        b"endstreamstream\nendstream",
        b"stream\r\nendstream\r\nendstream\nendstream\n",
        b"stream\nstream\nstream\nxendstream\nendstream",
        b"streamstream\nstream\r\nx",
        b"1 0 obj\n<< /Length 3 >>\nstream\r\nabc\nendstream\nendobj\n",
        b"1 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n",
        b"1 0 obj\n<< /Length 3 >>\nstream\nabc",  # cut inside the stream
        # Object streams with /N before and after /Type, and a name that only begins like it.
        raw_pdf(extra_objects=[b"<< /Type /ObjStm /N 7 /First 0 >>", b"<< /N 5 /Length 3 /Type /ObjStm >>"]),
        raw_pdf(extra_objects=[b"<< /Type /ObjStmX /N 5 >>"]),
        raw_pdf(extra_objects=[b"<< /N %d >>" % n for n in range(50)]),
        pdf_bytes(),
        raw_pdf(),
    ]
    for blank in _BLANKS:
        for depth in (7, 8, 9, 199, 200, 201):  # the accelerator's 8-deep prefilter and the 200 of the check
            cases.append(b"1 0 obj " + _arrays(depth, blank) + b" endobj")
    cases += [
        b"[[[[[[[[" + b"x" * 100 + _arrays(199),  # the prefilter found, the nesting not deep enough
        b"[" * 8 + b" x " + b"[" * 199,
        b"[ [ [ [ [ [ [ [",
        b"[ [ [ [ [ [ [",
        _arrays(500, b"\n"),
    ]
    for depth in (199, 200):
        cases += [
            _dicts(depth),
            _dicts(depth, b"\n/Kids\t"),
            _dicts(depth, b""),
            b"<< /A 1 >> " * 100 + _dicts(depth),  # past the openings tried one by one
            b"x" * 1000 + _dicts(depth, b" /K\n"),
        ]
    return cases


def _block_cases() -> list[bytes]:
    """Needles at offsets around 4096·k, so that they straddle every block hyperscan might read by, and at the
    very end; in a filler of zeros and in random bytes."""
    needles = [b"obj", b"/ObjStm", b"stream\n", b"stream\r\n", b"endstream", b"<<", b"<<<", _arrays(200)]
    fillers = {b"\x00": b"\x00" * (4 * 4096 + 64), b"noise": _noise(4 * 4096 + 64)}
    cases = []
    for filler in fillers.values():
        for needle in needles:
            for k in (1, 2, 4):
                for shift in (-len(needle) - 1, -len(needle), -len(needle) + 1, -1, 0, 1):
                    at = 4096 * k + shift
                    cases.append(filler[:at] + needle + filler[at + len(needle) :])
            cases.append(filler + needle)  # at the very end
            cases.append(needle + filler)  # at the very start
    return cases


def _over_budget_cases() -> list[bytes]:
    """Files whose matches pass the accelerator's budget (its pass stops early, the searches answer), and files
    at the budget's edge."""
    cases = [
        b"1 0 obj\n<< >>\nendobj\n" * 30_000,  # an object bomb
        raw_pdf(extra_objects=[b"<< /N %d >>" % n for n in range(3000)]),
        b"<<" * 5000,
        b"stream\nx\nendstream\n" * 2000,
        b"stream\r\n" * 3000,
    ]
    filler = b"." * 8192
    budget = _budget(filler)
    for needle in (b"obj", b"stream", b"<<"):
        for count in (budget - 1, budget, budget + 1, budget + 2):
            body = b" ".join([needle] * count)
            cases.append(body + filler[len(body) :])
    return cases


def _noise_pdf() -> bytes:
    """A one-page PDF of a noise image (a scan, as far as the server can tell), as the benchmark's."""
    from PIL import Image

    image = Image.frombytes("RGB", (300, 300), _noise(300 * 300 * 3, seed=7))
    out = io.BytesIO()
    image.save(out, format="PDF", quality=90)
    return out.getvalue()


def _all_cases() -> list[bytes]:
    return (
        _edge_cases()
        + _block_cases()
        + _over_budget_cases()
        + [_noise_pdf(), _noise(70_000)]
        + [case.content for case in corpus()]
    )


@pytest.fixture(scope="module")
def cases() -> list[bytes]:
    return _all_cases()


# --- The tests -------------------------------------------------------------------------------------------------


def test_the_table_holds_files_under_and_over_the_accelerators_budget(cases):
    over = [data for data in cases if _passes_budget(data)]
    assert len(cases) >= 600
    assert len(over) >= 10 and len(cases) - len(over) >= 500


@pytest.mark.parametrize("path", PATHS)
def test_one_pass_finds_what_a_search_for_each_finds(monkeypatch, cases, path):
    use_path(monkeypatch, path)
    for data in cases:
        assert documents._scan(data) == _reference_scan(data), data[:120]


@pytest.mark.parametrize("path", PATHS)
def test_the_checks_answer_as_before_the_one_pass(monkeypatch, cases, path):
    use_path(monkeypatch, path)
    for data in cases:
        scan = documents._scan(data)
        assert list(documents._streams(data, scan)) == _reference_streams(data), data[:120]
        assert scan.deep_arrays is _reference_deep_arrays(data), data[:120]
        assert documents._deep_dicts(data, scan) is _reference_deep_dicts(data), data[:120]
        exact = _reference_declared_objects(data)
        assert documents._declared_objects(data, scan=scan) == exact
        for over in {0, exact - 1, exact, exact + 1, 20_000}:
            if over >= 0:
                got = documents._declared_objects(data, over=over, scan=scan)
                assert got == _reference_declared_objects(data, over=over), (over, data[:120])
                assert (got > over) is (exact > over)  # what the check decides by


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("tried", [0, 1, 64])
def test_the_deep_dictionaries_are_found_whatever_the_openings_tried_one_by_one(monkeypatch, path, tried):
    use_path(monkeypatch, path)
    monkeypatch.setattr(documents, "_DICT_OPENINGS_TRIED", tried)
    for data in _edge_cases() + _block_cases():
        assert documents._deep_dicts(data) is _reference_deep_dicts(data), data[:120]


def test_the_accelerator_answers_alone_when_the_matches_are_within_its_budget(cases):
    hyperscan_module, database = _accelerator_or_skip()
    for data in cases:
        scan = documents._scan_accelerated(data, hyperscan_module, database)
        if _passes_budget(data):
            assert scan is None, data[:120]  # its pass stopped: the searches answer
        else:
            assert scan == _reference_scan(data), data[:120]


def test_a_scan_and_the_benchmarks_kind_of_file_are_read_by_the_accelerator(monkeypatch):
    _accelerator_or_skip()
    calls = []
    searches = documents._scan_in_python
    monkeypatch.setattr(documents, "_scan_in_python", lambda data: calls.append(1) or searches(data))
    documents.inspect_upload(SimpleUploadedFile("scan.pdf", _noise_pdf()))
    assert calls == []
    documents.inspect_upload(SimpleUploadedFile("many.pdf", raw_pdf(extra_objects=[b"<< >>"] * 3000)))
    assert calls == [1]  # 6,000 "obj": past the budget, read by the searches


@pytest.mark.parametrize("path", PATHS)
def test_the_upload_corpus_is_judged_the_same_by_both_paths(monkeypatch, english, path):
    use_path(monkeypatch, path)
    for case in corpus():
        try:
            documents.inspect_upload(SimpleUploadedFile(case.name, case.content))
            accepted = True
        except documents.DocumentRefused:
            accepted = False
        assert accepted is case.accept, case.why


def test_without_hyperscan_the_checks_run_by_the_searches(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "hyperscan", None)  # import hyperscan raises ImportError
    monkeypatch.setattr(documents, "_accelerator_state", {})
    assert documents._accelerator() is None
    data = raw_pdf(extra_objects=[b"<< /Type /ObjStm /N 7 /First 0 >>"])
    assert documents._scan(data) == _reference_scan(data)
    documents.inspect_upload(SimpleUploadedFile("cv.pdf", pdf_bytes()))


def test_an_accelerator_that_does_not_compile_leaves_the_checks_to_the_searches(monkeypatch):
    _accelerator_or_skip()
    monkeypatch.setattr(documents, "_SCANNED", (rb"obj", rb"(", rb"stream", rb"<<", rb"x"))
    monkeypatch.setattr(documents, "_accelerator_state", {})
    assert documents._accelerator() is None
    data = _noise_pdf()
    assert documents._scan(data) == _reference_scan(data)


def test_a_failure_of_the_accelerators_pass_leaves_the_checks_to_the_searches(monkeypatch):
    hyperscan_module, _database = _accelerator_or_skip()

    def in_use(*_args):
        raise hyperscan_module.ScratchInUseError("in use")

    monkeypatch.setattr(documents, "_scratch", in_use)
    data = _noise_pdf()
    assert documents._scan_accelerated(data, hyperscan_module, _database) is None
    assert documents._scan(data) == _reference_scan(data)


def test_the_database_is_compiled_once_and_each_thread_scans_with_its_own_scratch(monkeypatch):
    _accelerator_or_skip()
    monkeypatch.setattr(documents, "_accelerator_state", {})
    monkeypatch.setattr(documents, "_scratches", threading.local())
    compiled = []
    compile_accelerator = documents._compile_accelerator
    monkeypatch.setattr(
        documents, "_compile_accelerator", lambda: compiled.append(1) or compile_accelerator()
    )
    files = [_noise_pdf(), _noise(50_000, seed=3) + _arrays(200) + b"<<" * 3, raw_pdf()]
    expected = [_reference_scan(data) for data in files]
    scratches, failures = [], []
    start = threading.Barrier(4)

    def scan_many():
        start.wait()
        for _ in range(30):
            for data, want in zip(files, expected, strict=True):
                if documents._scan(data) != want:
                    failures.append(data[:40])
        scratches.append(documents._scratches.scratch)  # held: no id is reused

    threads = [threading.Thread(target=scan_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert compiled == [1]
    assert len({id(scratch) for scratch in scratches}) == 4


def _accelerator_or_skip():
    pytest.importorskip("hyperscan")
    accelerator = documents._accelerator()
    assert accelerator is not None
    return accelerator
