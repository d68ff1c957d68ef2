"""No page template holds inline script or style: the Content-Security-Policy would refuse it.

Scripts come from static files (`<script src>`), data from `data-*` attributes or
`json_script` (`type="application/json"`, which the policy allows), and styles from the static
stylesheets. Templates rendered only into PDFs are left out: WeasyPrint reads their CSS itself
and no browser ever receives them.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^<>]*\sstyle\s*=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^<>]*\son[a-z]{3,}\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']\s*javascript:""", re.IGNORECASE)
# Template tags and variables, blanked before the scan: `{% if a > b %}` is not a tag's end.
TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
REFERENCE = re.compile(r"""\{%\s*(?:extends|include)\s+["']([^"']+)["']""")
PDF_BASE = "guides/base_pdf.html"


def ours(path: Path) -> bool:
    """Whether the path is Manara's code, not an installed library's."""
    return settings.BASE_DIR in path.parents and "site-packages" not in path.parts


def template_dirs() -> list[Path]:
    """The project's template folders: templates/ and those of Manara's own apps."""
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine["DIRS"]]
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        if folder.is_dir() and ours(folder):
            dirs.append(folder)
    return dirs


def templates() -> dict[str, str]:
    """Every HTML template by its name, with its text."""
    found = {}
    for folder in template_dirs():
        for path in sorted(folder.rglob("*.html")):
            found.setdefault(path.relative_to(folder).as_posix(), path.read_text())
    return found


def named_in_python(name: str) -> bool:
    """Whether Python code names the template (a view renders it, an inclusion tag uses it)."""
    for config in apps.get_app_configs():
        root = Path(config.path)
        if not ours(root):
            continue
        for path in root.rglob("*.py"):
            if name in path.read_text():
                return True
    return False


def pdf_only(found: dict[str, str]) -> set[str]:
    """The PDF base, the documents that extend it, and the pieces only they include."""
    referrers = {name: set() for name in found}
    for name, text in found.items():
        for reference in REFERENCE.findall(text):
            referrers.setdefault(reference, set()).add(name)
    pdf = {PDF_BASE} | {name for name in found if name in referrers[PDF_BASE]}
    changed = True
    while changed:
        changed = False
        for name in found.keys() - pdf:
            if referrers[name] and referrers[name] <= pdf and not named_in_python(name):
                pdf.add(name)
                changed = True
    return pdf


def inline_code(text: str) -> list[str]:
    """What in the template the policy would refuse."""
    text = TEMPLATE_CODE.sub(lambda code: "{}" if code.group(0).startswith("{{") else "", text)
    refused = [
        tag
        for tag in SCRIPT_TAG.findall(text)
        if "src=" not in tag and 'type="application/json"' not in tag
    ]
    for pattern in (STYLE_ELEMENT, STYLE_ATTRIBUTE, EVENT_ATTRIBUTE, JAVASCRIPT_URL):
        refused += [match.group(0)[-60:] for match in pattern.finditer(text)]
    return refused


ALL = templates()
PDF_ONLY = pdf_only(ALL)


def test_the_pdf_documents_and_their_pieces_are_recognised():
    assert {PDF_BASE, "guides/facility_guide.html", "plans/_pdf_style.html"} <= PDF_ONLY
    assert not {"base.html", "plans/plan_detail.html", "plans/_indicator_chart.html"} & PDF_ONLY


def test_the_scan_finds_inline_code():
    text = '<script>alert(1)</script><div style="width:5%"><style>p{}</style><a onclick="x()">'

    assert len(inline_code(text)) == 4


@pytest.mark.parametrize("name", sorted(ALL.keys() - PDF_ONLY))
def test_template_has_no_inline_script_or_style(name):
    assert inline_code(ALL[name]) == []
