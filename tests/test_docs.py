"""The repository explains itself: its documents exist, and every reference points inside it."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parent.parent
OUTSIDE = re.compile(r"\.\./shared|DESIGN\.md|DESIGN §|research/|domain\.md|anchors\.md|spike\.md|STYLE\.md")
MARKDOWN_LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)#\s]+)")
DOC_PATH = re.compile(r"`((?:docs|bench|missions|harcelement|tests|scripts|templates)/[\w./-]+\.\w+)`")


def tracked_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in listed.splitlines() if (ROOT / name).is_file()]


def test_architecture_and_glossary_exist():
    assert (ROOT / "docs" / "architecture.md").stat().st_size > 1000
    assert (ROOT / "docs" / "glossary.md").stat().st_size > 1000


def test_nothing_points_outside_the_repository():
    offenders = []
    for path in tracked_files():
        if path.suffix not in {".py", ".md", ".html", ".txt", ".toml", ".sh", ""} or path == Path(__file__):
            continue
        text = path.read_text(errors="ignore")
        offenders += [f"{path.relative_to(ROOT)}: {match}" for match in OUTSIDE.findall(text)]
    assert offenders == []


def test_links_and_file_references_in_the_documents_resolve():
    missing = []
    for document in [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *ROOT.glob("*/README.md")]:
        text = document.read_text()
        for target in MARKDOWN_LINK.findall(text):
            if not (document.parent / target).exists() and not (ROOT / target).exists():
                missing.append(f"{document.relative_to(ROOT)} → {target}")
        for target in DOC_PATH.findall(text):
            if not (ROOT / target).exists():
                missing.append(f"{document.relative_to(ROOT)} → {target}")
    assert missing == []


def test_today_is_read_through_the_clock_only():
    # missions.clock.today() is what the tests freeze (school-year boundary): a rule reading the date another
    # way would not follow them.
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("missions", "harcelement")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path.name != "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "localdate()" in line or "date.today()" in line
    ]
    assert offenders == []
