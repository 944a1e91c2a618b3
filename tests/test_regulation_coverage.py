"""docs/regulation-coverage.md stays true: every article of regulation 01/2024 (R-1 … R-42) and every item of F1
(1 … 13) has a row with a known status; every article cited in the code has a row; every test a row names exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "regulation-coverage.md"
STATUSES = {"implemented and tested", "partial", "not built yet", "not software"}
SKIP = {
    ".venv",
    ".git",
    "tests",
    "locale",
    "locale_vendor",
    "node_modules",
    "test-artifacts",
    "private-media",
    "staticfiles",
    "docs",
    "__pycache__",
    ".demo-broker",
}
CITATION = re.compile(r"\bR-(\d+)(?![\d])|\bF1 item (\d+)")
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def rows() -> dict[str, list[str]]:
    table = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and (cells[0].startswith("R-") or cells[0].startswith("F1 item")):
            table[cells[0]] = cells
    return table


def code_files():
    for path in ROOT.rglob("*"):
        if path.suffix in {".py", ".html", ".txt"} and not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def test_every_article_and_every_f1_item_has_a_row_with_a_known_status():
    table = rows()
    expected = {f"R-{n}" for n in range(1, 43)} | {f"F1 item {n}" for n in range(1, 14)}
    assert expected <= set(table), sorted(expected - set(table))
    assert {cells[2] for cells in table.values()} <= STATUSES


def test_every_article_cited_in_the_code_has_a_row():
    table = rows()
    missing = {}
    for path in code_files():
        for match in CITATION.finditer(path.read_text(encoding="utf-8", errors="ignore")):
            article = f"R-{match.group(1)}" if match.group(1) else f"F1 item {match.group(2)}"
            if article not in table:
                missing.setdefault(article, str(path.relative_to(ROOT)))
    assert not missing, f"cited in the code without a row in docs/regulation-coverage.md: {missing}"


def test_every_test_a_row_names_exists():
    absent = []
    for cells in rows().values():
        for file, name in TEST_REF.findall(cells[4]):
            path = ROOT / file
            if not path.is_file() or not re.search(
                rf"^\s*def {name}\(", path.read_text(encoding="utf-8"), re.M
            ):
                absent.append(f"{file}::{name}")
    assert not absent, f"docs/regulation-coverage.md names tests that do not exist: {absent}"


def test_an_implemented_article_names_at_least_one_test():
    untested = [
        article
        for article, cells in rows().items()
        if cells[2] == "implemented and tested" and not TEST_REF.search(cells[4])
    ]
    assert not untested, untested
