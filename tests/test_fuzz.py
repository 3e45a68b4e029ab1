"""Random text thrown at the loader, the markup and the placeholder parsers: no crash, every
problem has a position, markup never lets HTML through, and the check and the renderer agree
on what a placeholder is."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from tract.checks.content import check_strings
from tract.problems import Pos, Problem
from tract.source.markup import Placeholder, scan, to_html
from tract.source.writing import Typography
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
        assert problem.pos.whole or (problem.pos.line >= 1 and problem.pos.col >= 1)
        assert problem.message
    if not problems:
        assert node is not None


@FUZZ
@given(
    ANY_TEXT,
    st.sampled_from([Typography(), Typography(no_break_before=";:!?»", no_break_after="«")]),
)
def test_markup_lets_no_html_through(text: str, typography: Typography) -> None:
    html = to_html(text, lambda name: Markup("VALUE"), typography)
    assert isinstance(html, Markup)
    without_ours = re.sub(r"</?(strong|em)>|<br>", "", str(html))
    assert "<" not in without_ours and ">" not in without_ours.replace("&gt;", "")


@FUZZ
@given(ANY_TEXT)
def test_the_check_and_the_renderer_agree_on_the_placeholders(text: str) -> None:
    """What the check validates is what the renderer fills, in the same order."""
    asked: list[str] = []
    to_html(text, lambda name: asked.append(name) or Markup("VALUE"), Typography())
    assert asked == [p.name for p in scan(text) if isinstance(p, Placeholder)]


@FUZZ
@given(ANY_TEXT)
def test_a_text_the_check_accepts_prints_no_brace(text: str) -> None:
    """A text passes the check only when every brace in it is a placeholder the project
    knows, so nothing prints a brace the translator meant as a placeholder."""
    problems: list[Problem] = []
    ok = check_strings(text, Pos("content/x/fr.yaml", 3, 7), {"org.name"}, problems)
    assert ok == (not problems)
    if ok:
        printed = to_html(text, lambda name: Markup("VALUE"), Typography())
        assert "{" not in printed and "}" not in printed
