"""The press condition the print PDFs are made for, said once: FOGRA39 (offset on coated
paper), its ICC profile, its ink limit, and how a finished PDF/X-4 file declares them.

WeasyPrint writes PDF/X-4's metadata but no output intent unless it is given a profile, and
a random XMP DocumentID; here the output intent is added from the profile shipped in
tract/finish/profile/ (README.md there says how it was made), and the DocumentID is derived
from the PDF's own /ID, so that the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
from functools import cache
from pathlib import Path

import pikepdf

from tract.finish.marks import saved

PROFILE = Path(__file__).parent / "profile" / "FOGRA39L-coated.icc"
CONDITION = "FOGRA39"  # the press condition's name in the ICC's registry
REGISTRY = "http://www.color.org"
CONDITION_TEXT = "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39)"
PAPER = "coated"
INK_LIMIT = 300  # the most ink, in percent of one solid, the profile puts on the paper
# PDF/X-4 must carry a creation and modification date; a fixed one keeps rebuilds identical.
DATED = "2000-01-01T00:00:00Z"

_DOCUMENT_ID = re.compile(rb"<xmpMM:DocumentID>[^<]*</xmpMM:DocumentID>")


@cache
def profile_bytes() -> bytes:
    return PROFILE.read_bytes()


def output_intent(doc: pikepdf.Pdf) -> pikepdf.Dictionary:
    """The GTS_PDFX output intent naming the press condition, with its profile."""
    profile = pikepdf.Stream(doc, profile_bytes())
    profile.N = 4
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=CONDITION,
        OutputCondition=CONDITION_TEXT,
        RegistryName=REGISTRY,
        Info=CONDITION_TEXT,
        DestOutputProfile=profile,
    )


def _pin_document_id(doc: pikepdf.Pdf) -> None:
    """Replace WeasyPrint's random XMP DocumentID by one derived from the PDF's /ID."""
    metadata = doc.Root.Metadata
    pinned = uuid.uuid5(uuid.NAMESPACE_OID, bytes(doc.trailer.ID[0]).hex())
    xml = _DOCUMENT_ID.sub(
        f"<xmpMM:DocumentID>uuid:{pinned}</xmpMM:DocumentID>".encode(), metadata.read_bytes()
    )
    metadata.write(xml)


def for_press(pdf: bytes) -> bytes:
    """A PDF/X-4 file as WeasyPrint wrote it, with its output intent and a stable
    DocumentID."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.Root.OutputIntents = pikepdf.Array([output_intent(doc)])
        _pin_document_id(doc)
        return saved(doc)
