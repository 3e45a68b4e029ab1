"""Which of tract's words a person reads: the language they chose (a cookie, nothing stored
about them), else their browser's, else English."""

from __future__ import annotations

from starlette.requests import Request

from tract.render.words import Words, available, words

COOKIE = "tract_words"
DEFAULT = "en"


def chosen(request: Request) -> Words:
    """The words a person chose, else the best of their browser's languages, else English."""
    choice = request.cookies.get(COOKIE, "")
    if choice in available():
        return words(choice)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in available():
            return words(code)
    return words(DEFAULT)
