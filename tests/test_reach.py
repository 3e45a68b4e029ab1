"""Reach: accessible PDFs, readable sizes and colours, easy-read warnings, a discreet variant."""

from __future__ import annotations

import pytest

from tests.helpers import Project
from tests.pdfs import text
from tests.test_documents import CASES
from tract.checks.contrast import contrast
from tract.layout.accessibility import ua_problems

TEMPLATE = "templates/note.html.j2"
# Words that must never be on the outside of a discreet flyer or card.
GIVEAWAYS = {
    "fr": ["sexe", "utsopi", "syndicat", "prostitu", "travailleur"],
    "nl": ["seks", "utsopi", "vakbond", "prostitu"],
    "en": ["sex", "utsopi", "union", "prostitu"],
}


@pytest.mark.parametrize(("doc", "lang"), CASES)
def test_screen_pdfs_are_accessible(real_build: Project, doc: str, lang: str) -> None:
    pdf = (real_build.root / "output" / lang / f"{doc}.pdf").read_bytes()
    assert ua_problems(pdf) == []


@pytest.mark.parametrize("doc", ["rights-flyer", "contact-card"])
@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_discreet_outside_says_nothing_about_sex_work(
    real_build: Project, doc: str, lang: str
) -> None:
    import pypdf

    path = real_build.root / "output" / lang / f"{doc}.discreet.pdf"
    reader = pypdf.PdfReader(path)
    outside = reader.pages[0].extract_text().lower()
    assert outside.strip()
    for word in GIVEAWAYS[lang]:
        assert word not in outside, word
    assert not any(w in str(reader.metadata).lower() for w in GIVEAWAYS[lang])
    assert ua_problems(path.read_bytes()) == []
    inside = real_build.root / "output" / lang / f"{doc}.pdf"
    assert reader.pages[1].extract_text() == pypdf.PdfReader(inside).pages[1].extract_text()


def test_check_validates_built_pdfs(real_build: Project) -> None:
    result = real_build.run("check")
    assert result.code == 0, result.err


def test_image_without_alt_text_fails(minimal: Project) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4), "black").save(minimal.root / "templates/dot.png")
    minimal.edit(TEMPLATE, "<h1>", '<img src="dot.png"><h1>')
    result = minimal.run("--lang", "en")
    assert result.code == 1
    assert (
        f"{TEMPLATE}:1:1: error: en note: a figure (image or QR code) has no alternative text"
    ) in result.lines


def test_qr_code_takes_its_alt_text_from_the_locale_file(minimal: Project) -> None:
    minimal.edit(TEMPLATE, "<h1>", "{{ qr(site.website_url, text.qr_label.plain()) }}<h1>")
    result = minimal.run("check")
    assert result.code == 1
    assert (
        f"{TEMPLATE}:11:1: error: the template uses 'text.qr_label', which "
        "content/note/fr.yaml does not have"
    ) in result.lines


def test_text_below_seven_points_fails(minimal: Project) -> None:
    minimal.edit(TEMPLATE, "<h1>", '<p style="font-size: 6pt">Small print.</p><h1>')
    result = minimal.run("--lang", "en")
    assert result.code == 1
    assert (
        f"{TEMPLATE}:1:1: error: en note: some text is set at 6 pt; nothing may be smaller "
        "than 7 pt"
    ) in result.lines


def test_body_text_below_the_documents_minimum_fails(minimal: Project) -> None:
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 1\nbody_min: 18")
    result = minimal.run("--lang", "en")
    assert result.code == 1
    assert (
        f"{TEMPLATE}:1:1: error: en note: the body text is set at 10 pt; this document "
        "needs at least 18 pt"
    ) in result.lines


def test_low_contrast_colour_pair_is_an_error(minimal: Project) -> None:
    fonts = minimal.read("templates/theme.yaml").partition("\nfonts:")[2]
    minimal.write(
        "templates/theme.yaml",
        "colours:\n"
        '  pale: {screen: "#bbbbbb", print: [0, 0, 0, 30]}\n'
        '  paper: {screen: "#ffffff", print: [0, 0, 0, 0]}\n'
        "pairs:\n  - text: pale\n    background: paper\n"
        "  - text: pale\n    background: paper\n    large: true\n"
        "  - text: pale\n    background: papper\n"
        "fonts:" + fonts,
    )
    result = minimal.run("check")
    assert result.code == 1
    assert result.lines == [
        "templates/theme.yaml:5:5: error: pale text on paper has a contrast of 1.9:1; "
        "WCAG AA needs 4.5:1 (3:1 if the text is large)",
        "templates/theme.yaml:7:5: error: pale text on paper has a contrast of 1.9:1; "
        "WCAG AA needs 3:1",
        "templates/theme.yaml:10:5: error: 'papper' is not a colour of theme.yaml "
        "(did you mean 'paper'?)",
    ]


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_easy_read_warnings_name_the_key(minimal: Project) -> None:
    minimal.edit("content/note/document.yaml", "pages: 1", "pages: 1\neasy_read: true")
    long = " ".join(["woord"] * 18)
    minimal.edit(
        "content/note/nl.yaml",
        "een contract: **ja**.",
        f"een contract: **ja**. {long}. *Schuin* en DIT IS HEEL LUID.",
    )
    result = minimal.run("check")
    assert result.code == 0
    warnings = [x for x in result.lines if "easy-read" in x]
    assert sorted(warnings) == sorted(
        [
            "content/note/nl.yaml:3:10: warning: easy-read: 'body.first': the sentence starting "
            "'woord woord woord woord…' has 18 words; easy-to-read sentences have at most 15",
            "content/note/nl.yaml:3:10: warning: easy-read: 'body.first': italic text is harder "
            "to read; use **bold** to stress words",
            "content/note/nl.yaml:3:10: warning: easy-read: 'body.first': 'DIT IS HEEL LUID' is "
            "written in capitals; write it in ordinary letters",
        ]
    )


def test_discreet_title_is_in_the_metadata(real_build: Project) -> None:
    import pikepdf

    with pikepdf.open(real_build.root / "output/nl/contact-card.discreet.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "Je rechten op het werk"
    outside = text(real_build.root / "output/nl/contact-card.discreet.pdf").split("Scan")[0]
    assert " ".join(outside.split()) == "Je rechten op het werk"


def test_a_name_in_another_language_is_marked_with_it(minimal: Project) -> None:
    minimal.edit(
        "content/site.yaml",
        "contacts:",
        "names:\n  meetings:\n    text: Listen To You\n    lang: en\ncontacts:",
    )
    for lang in ("fr", "nl", "en"):
        minimal.edit(f"content/note/{lang}.yaml", "**", "{name.meetings} **")
    result = minimal.run("--keep-html")
    assert result.code == 0, result.err
    html = (minimal.root / "output/html/fr/note.html").read_text()
    assert '<span lang="en">Listen To You</span>' in html
    assert "lang=" not in (minimal.root / "output/html/en/note.html").read_text().split("<body")[1]
    # WeasyPrint 70 hyphenates and shapes the span as English, but its tagger does not yet
    # copy span languages into the PDF's structure tree: that part is a known gap.
