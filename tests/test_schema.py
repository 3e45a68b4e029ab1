"""Our files read as typed records: each field says how its key is read, an unknown or missing
key is a problem at its place, and every value keeps where the file writes it."""

from __future__ import annotations

import datetime as dt

from tract.problems import Pos, Problem
from tract.source import schema as s
from tract.source.model import DocumentSpec, PageCount, PageSize, Seeds, Site
from tract.source.yamlfile import parse

DOC = "content/note/document.yaml"


def _read(record: type[s.R], text: str, path: str, **given: object) -> tuple[object, list[str]]:
    node, problems = parse(text, path)
    assert node is not None and not problems
    found: list[Problem] = []
    return record.read(node, found, **given), [str(p) for p in found]


def test_a_record_is_typed_and_knows_where_each_value_is_written() -> None:
    spec, problems = _read(
        DocumentSpec,
        "template: note.html.j2\npage_size: A5 landscape\npages: 8+\nmax_chars:\n  title: 30\n",
        DOC,
        id="note",
    )
    assert problems == []
    assert isinstance(spec, DocumentSpec)
    assert (spec.id, spec.page, spec.pages) == (
        "note",
        PageSize("A5 landscape", 210, 148),
        PageCount(8, True),
    )
    assert spec.pages.accepts(9) and not spec.pages.accepts(7)
    assert spec.at("template") == Pos(DOC, 1, 11)
    assert spec.at("page") == Pos(DOC, 2, 12)  # read from page_size
    assert spec.max_chars[0].pos == Pos(DOC, 5, 3)
    # a value the file does not write is its default, placed where the record starts
    assert not spec.wrote("fold") and spec.at("fold") == spec.pos == Pos(DOC, 1, 1)
    assert (spec.font_base, spec.font_min, spec.variants) == (10.0, 10.0, ("screen",))


def test_a_record_with_a_value_it_cannot_read_is_missing_with_every_problem_said() -> None:
    site, problems = _read(
        Site,
        "languages: [fr, nl, fr]\norganisation:\n  name: UTSOPI\n  webiste: https://x.org\n"
        "contacts:\n  phone: {value: '1', kind: fax}\n",
        "content/site.yaml",
    )
    assert site is s.MISSING
    assert problems == [
        "content/site.yaml:4:3: error: unknown key 'webiste' in organisation "
        "(did you mean 'website'?)",
        "content/site.yaml:3:3: error: organisation needs a key 'website'",
        "content/site.yaml:6:29: error: 'fax' is not one of: phone, email, web",
    ]


def test_a_group_left_out_of_a_record_is_only_that_group() -> None:
    site, problems = _read(
        Site,
        "languages: [fr, nl, fr]\norganisation: {name: U, website: 'https://x.org'}\n"
        "contacts:\n  phone: {value: '1', kind: fax}\n  mail: {value: a@x.org, kind: email}\n",
        "content/site.yaml",
    )
    assert isinstance(site, Site) and len(problems) == 1
    assert site.languages == ("fr", "nl")  # each once, in the order written
    assert list(site.contacts) == ["mail"]
    assert site.organisation.website == "https://x.org"


def test_named_records_know_their_name() -> None:
    seeds, problems = _read(
        Seeds,
        "sources:\n  law:\n    title: T\n    publisher: P\n    kind: law\n    occasion: O\n"
        "    lang: fr\nfacts:\n  labour_law:\n    date: 2022-05\n    source: law\n"
        "    summary: S\n",
        "seeds/facts.yaml",
    )
    assert problems == [] and isinstance(seeds, Seeds)
    fact = seeds.facts["labour_law"]
    assert (fact.id, fact.date, fact.when.precision) == ("labour_law", dt.date(2022, 5, 1), 2)
    assert seeds.sources["law"].id == "law"
