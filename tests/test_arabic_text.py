"""Arabic that copies, searches and reads aloud right: every Arabic word the shipped documents
print (read from the HTML they are made from) against what pdfium (Chromium's viewer), poppler
and pypdf extract from the built PDFs, with the ligatures' /ActualText spans and without them.
README.md ("Languages, scripts and fonts") has the figures and says what is left."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pikepdf
import pypdf
import pypdfium2
import pytest

from tests.helpers import Project
from tract.finish.actualtext import with_actual_text
from tract.layout.accessibility import ua_problems
from tract.render.context import language_contexts
from tract.render.resolve import resolve
from tract.render.templates import environment, render
from tract.source.load import load_project

WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u064b-\u065f\u0670]+")
DOCS = ("rights-flyer", "contact-card", "union-leaflet")


def _words(text: str) -> set[str]:
    return set(WORD.findall(unicodedata.normalize("NFC", text)))


def _printed(root: Path, doc: str, variant: str) -> set[str]:
    """The Arabic words a document prints: its HTML's text, as the build renders it."""
    project, _ = load_project(root)
    assert project is not None
    html, _ = render(
        environment(root / "templates"),
        resolve(project, language_contexts(project), doc, "ar", True),
        variant,
        root,
    )
    assert html is not None
    tree = lxml.html.fromstring(html)
    for hidden in tree.xpath("//head|//style|//script"):
        hidden.drop_tree()
    return _words(" ".join(tree.itertext()))


def _pdfium(pdf: bytes) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf))


def _poppler(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    return done.stdout.decode()


def _pypdf(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


READERS: dict[str, Callable[[bytes], str]] = {
    "pdfium": _pdfium,
    "poppler": _poppler,
    "pypdf": _pypdf,
}


def _without_actual_text(pdf: bytes) -> bytes:
    """The same PDF with its /ActualText spans taken out: what WeasyPrint wrote."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            kept, depth, dropped = [], 0, []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    depth += 1
                    if name == "BDC" and "/ActualText" in operands[1]:
                        dropped.append(depth)
                        continue
                elif name == "EMC":
                    depth -= 1
                    if dropped and dropped[-1] == depth + 1:
                        dropped.pop()
                        continue
                kept.append((operands, operator))
            page.Contents = doc.make_stream(pikepdf.unparse_content_stream(kept))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


@pytest.fixture(scope="module")
def measured(real_build: Project) -> dict[tuple[str, str, bool], set[str]]:
    """(file, reader, with ActualText) → the printed words that reader gets wrong."""
    wrong = {}
    for doc in DOCS:
        for variant, suffix in (("screen", ".pdf"), ("discreet", ".discreet.pdf")):
            path = real_build.root / "output/ar" / f"{doc}{suffix}"
            if not path.is_file():
                continue
            printed = _printed(real_build.root, doc, variant)
            built = path.read_bytes()
            for spans, pdf in ((True, built), (False, _without_actual_text(built))):
                for name, read in READERS.items():
                    wrong[(path.name, name, spans)] = printed - _words(read(pdf))
    print("\nArabic words read wrong, with ActualText (without):")
    for (file, name, spans), words in sorted(wrong.items()):
        if spans:
            print(f"  {file} {name}: {len(words)} ({len(wrong[(file, name, False)])})")
    return wrong


def test_pdfium_reads_more_words_right_and_none_worse(
    measured: dict[tuple[str, str, bool], set[str]],
) -> None:
    files = {file for file, _, _ in measured}
    assert len(files) == 5
    for file in files:
        now, before = measured[(file, "pdfium", True)], measured[(file, "pdfium", False)]
        assert now <= before, (file, now - before)
        assert len(now) < len(before), file
    assert "العاملات" not in measured[("rights-flyer.pdf", "pdfium", True)]
    assert "العاملات" in measured[("rights-flyer.pdf", "pdfium", False)]


def test_poppler_and_pypdf_read_as_they_did(
    measured: dict[tuple[str, str, bool], set[str]],
) -> None:
    for (file, name, spans), words in measured.items():
        if name != "pdfium" and spans:
            assert words == measured[(file, name, False)], (file, name)
    assert not measured[("rights-flyer.pdf", "pypdf", True)]


def test_ligatures_carry_their_letters_and_the_pdf_stays_accessible(real_build: Project) -> None:
    built = (real_build.root / "output/ar/rights-flyer.pdf").read_bytes()
    assert with_actual_text(built) == built  # done once, in the build
    assert ua_problems(built) == []
    with pikepdf.open(io.BytesIO(built)) as doc:
        spans = [
            str(operands[1].ActualText)
            for page in doc.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and "/ActualText" in operands[1]
        ]
    assert "لا" in spans and all(len(text) > 1 for text in spans)
    nl = (real_build.root / "output/nl/rights-flyer.pdf").read_bytes()
    assert with_actual_text(nl) == nl  # left to right text has nothing to wrap
