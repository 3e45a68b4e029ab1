"""Random text thrown at the loader, the markup and the placeholder parsers: no crash, every
problem has a position, and markup never lets HTML through."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from tract.checks.content import check_strings
from tract.problems import Problem
from tract.source.markup import Placeholder, scan, to_html
from tract.source.model import Typography
from tract.source.yamlfile import parse

YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab: -\n\t'\"{}[]&*!|>#%@`,?\\\u00e9\u202f")), max_size=120
)
ANY_TEXT = st.text(max_size=200)
FUZZ = settings(max_examples=300, deadline=None)


@FUZZ
@given(st.one_of(YAMLISH, ANY_TEXT))
def test_loader_never_crashes_and_always_says_where(text: str) -> None:
    node, problems = parse(text, "content/x/nl.yaml")
    for problem in problems:
        assert problem.pos.path == "content/x/nl.yaml"
        assert problem.pos.line >= 1 and problem.pos.col >= 1
        assert problem.message
    if not problems:
        assert node is not None


@FUZZ
@given(ANY_TEXT, st.sampled_from([Typography(), Typography(";:!?»", "«")]))
def test_markup_lets_no_html_through(text: str, typography: Typography) -> None:
    html = to_html(text, lambda name: Markup("VALUE"), typography)
    assert isinstance(html, Markup)
    without_ours = re.sub(r"</?(strong|em)>|<br>", "", str(html))
    assert "<" not in without_ours and ">" not in without_ours.replace("&gt;", "")


@FUZZ
@given(ANY_TEXT)
def test_placeholders_are_only_dotted_names(text: str) -> None:
    for item in scan(text):
        if isinstance(item, Placeholder):
            assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*", item.name)
            assert text[item.offset] == "{"


@FUZZ
@given(ANY_TEXT)
def test_string_checks_always_give_a_position(text: str) -> None:
    from tract.problems import Pos

    problems: list[Problem] = []
    check_strings(text, Pos("content/x/fr.yaml", 3, 7), {"org.name"}, problems)
    assert all(p.pos == Pos("content/x/fr.yaml", 3, 7) for p in problems)
