"""Each JSON file tract writes reads back as the record it was written from: the manifest
(output/build.json) and the translation status (output/status.json)."""

from __future__ import annotations

import json

from tract.outputs.cache import Entry, manifest_json
from tract.outputs.status import KeyProblem, StatusFile, Translation
from tract.problems import Pos, Subject, error, warning
from tract.report import Built, Made, Preview, Spot
from tract.variants import Output

NL = "content/note/nl.yaml"


def _entry() -> Entry:
    made = Made(
        (
            Built(Output("note", "nl", "screen"), 2, 7000),
            Built(Output("note", "nl", "post"), 0, 90),
        ),
        "Een notitie",
        (Preview("output/previews/nl/note-1.png", 140, 197),),
        (Spot("text.title", 1, 10.5, 20.0, 79.25, 5.0),),
        (3.5, -1.0),
    )
    warnings = (
        warning(Pos(NL, 3, 5), "a warning at a line", Subject("note", "nl", "screen")),
        warning(Pos("templates/note.css"), "about a whole file", Subject("note")),
    )
    return Entry("abc", made, warnings, (("title", 11),))


def test_a_manifest_entry_reads_back_as_written() -> None:
    entry = _entry()
    again = Entry.from_json(json.loads(json.dumps(entry.to_json("note", "nl"))))
    assert again == entry
    data = json.loads(manifest_json({("note", "nl"): entry}))
    assert data["format"] == 7
    (written,) = data["documents"]
    assert (written["doc"], written["lang"]) == ("note", "nl")
    assert written["warnings"][1] == {
        "path": "templates/note.css",
        "line": 0,  # the file as a whole
        "column": 0,
        "severity": "warning",
        "message": "about a whole file",
        "about": {"doc": "note", "lang": None, "variant": None},
    }


def test_a_variant_tract_no_longer_has_is_left_out_of_what_was_made() -> None:
    data = _entry().to_json("note", "nl")
    data["outputs"]["output/nl/note.gone.pdf"] = {"variant": "gone", "pages": 1, "bytes": 1}
    assert Entry.from_json(data) == _entry()


def test_the_status_file_reads_back_as_written() -> None:
    problem = KeyProblem("title", error(Pos(NL, 1, 8), "longer than 20 characters"))
    whole = KeyProblem(None, warning(Pos(NL, 1, 1), "about the whole translation"))
    status = StatusFile(
        {
            "note": {
                "nl": Translation(
                    1, ("body.when",), (), ("title",), {"title": None}, (problem, whole), True, ()
                )
            }
        }
    )
    written = status.to_json()
    assert StatusFile.from_json(json.loads(written)) == status
    assert StatusFile.from_json(json.loads(written)).to_json() == written
    line = status.get("note", "nl")
    assert line is not None and line.problems == (
        "content/note/nl.yaml:1:8: error: longer than 20 characters",
        "content/note/nl.yaml:1:1: warning: about the whole translation",
    )
