"""bench/RESULTS.md holds one section per benchmark, between its own markers; a run replaces its section
only."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(name: str, section: str, results: Path = RESULTS) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    block = f"{start}\n{section}{end}\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _old, after = rest.split(end, 1)
        text = before + block + after.lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    results.write_text(text)
