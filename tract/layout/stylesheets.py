"""Stylesheets parsed once per layout process, not once per PDF.

Every document links the same tract.css and font faces, and the variants of a document share
its own stylesheet; WeasyPrint would parse them again for each PDF. Here the <style> and <link>
elements are taken out of the parsed HTML and given to WeasyPrint as parsed stylesheets, in the
same order. They all move together from the author's origin to the user's, so they cascade
against each other as before; the one case that would change (an inline `style` with
!important) and the at-rules WeasyPrint keeps per document (@layer, @counter-style,
@color-profile) keep the plain way. What parsing a sheet refused or logged is kept with it and
given again to each document that uses it, so the checks see the same problems either way; a
sheet is parsed again when a file it read has changed since.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import weasyprint
from weasyprint.html import element_has_link_type, parse_url
from weasyprint.text.fonts import FontConfiguration

Stamp = tuple[str, int, int]  # a file read while parsing: path, modification time, size
# A document's log records: (level name, message, the URL of the stylesheet file being parsed
# when it was said, or "" where that is not known), so a problem can point into the sheet.
Record = tuple[str, str, str]
Log = list[Record]


@dataclass(frozen=True)
class Parsed:
    """A parsed stylesheet, what its parsing refused to fetch and logged, the files it read."""

    css: Any  # weasyprint.CSS, or None where moving it would change the cascade
    refused: tuple[str, ...]
    log: tuple[Record, ...]
    files: tuple[Stamp, ...]


_CACHE: OrderedDict[tuple[str, ...], Parsed] = OrderedDict()
_CACHE_SIZE = 64  # a build's distinct sheets are a few dozen; keeps `serve` bounded


class Unsafe(Exception):
    """The document's styles cannot be moved without changing their cascade."""


def hoist(html: Any, fetcher: Any, fonts: FontConfiguration, log: Log) -> list[Any] | None:
    """Take the stylesheets out of `html` (a weasyprint.HTML) and return them parsed, or None,
    leaving `html` as it was, when that would change how the document looks.

    `fetcher` has `allows(url)`, a `refused` list and a `read` list of the files it served;
    `log` is the document's list of log records. Both get what parsing these sheets refused
    and logged, as if they had been parsed for this document."""
    root = html.etree_element
    elements = [e for e in root.iter() if e.tag in ("style", "link") and _is_stylesheet(e)]
    refused, logged = len(fetcher.refused), len(log)
    try:
        if any("important" in (e.get("style") or "") for e in root.iter()):
            raise Unsafe
        sheets = [_parsed(e, html.base_url, fetcher, fonts, log) for e in elements]
    except Unsafe:
        return None
    finally:  # a fresh parse recorded its own: keep each sheet's record instead, once
        del fetcher.refused[refused:], log[logged:]
    for sheet in sheets:
        fetcher.refused.extend(sheet.refused)
        log.extend(sheet.log)
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in elements:
        parents[element].remove(element)
    html.wrapper_element = type(html.wrapper_element).from_html_root(root, content_language=None)
    return [sheet.css for sheet in sheets]


def _is_stylesheet(element: Any) -> bool:
    """Whether WeasyPrint would read this <style> or <link> as a stylesheet at all."""
    if element.get("type", "text/css").split(";")[0].strip() != "text/css":
        return False
    if element.tag == "style":
        return True
    return bool(
        element.get("href")
        and element_has_link_type(element, "stylesheet")
        and not element_has_link_type(element, "alternate")
    )


def _parsed(
    element: Any, base_url: str, fetcher: Any, fonts: FontConfiguration, log: Log
) -> Parsed:
    """The element's stylesheet, parsed now or earlier; raises Unsafe where it must not move."""
    if element.get("media", "all").strip() not in ("all", "print", ""):
        raise Unsafe  # WeasyPrint weighs media queries per document
    if element.tag == "style":
        key: tuple[str, ...] = ("style", base_url, "".join(element.itertext()))
        source: dict[str, str] = {"string": key[2], "base_url": base_url}
    else:
        url = parse_url(element.get("href"), base_url)
        if not url or not fetcher.allows(url):
            raise Unsafe  # the plain way asks for it, is refused and says so
        key, source = ("link", url), {"url": url}
    cached = _CACHE.get(key)
    if cached is None or any(_stamp(path) != (path, t, s) for path, t, s in cached.files):
        cached = _CACHE[key] = _parse(source, fetcher, fonts, log)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    if cached.css is None:
        raise Unsafe
    return cached


def _parse(source: dict[str, str], fetcher: Any, fonts: FontConfiguration, log: Log) -> Parsed:
    refused, logged, read = len(fetcher.refused), len(log), len(fetcher.read)
    per_document: dict[str, Any] = {}  # @counter-style and @color-profile rules land here
    layers: list[Any] = []
    try:
        css = weasyprint.CSS(
            **source,
            url_fetcher=fetcher,
            font_config=fonts,
            counter_style=per_document,
            color_profiles=per_document,
            layers=layers,
        )
    except Exception as exc:  # a sheet that cannot be read: the plain way reports it
        raise Unsafe from exc
    sheet = source.get("url", "")  # an inline <style> has no file of its own
    return Parsed(
        None if per_document or layers else css,
        tuple(fetcher.refused[refused:]),
        tuple((level, message, said or sheet) for level, message, said in log[logged:]),
        tuple(_stamp(path) for path in dict.fromkeys(fetcher.read[read:])),
    )


def _stamp(path: str) -> Stamp:
    try:
        stat = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, stat.st_mtime_ns, stat.st_size)
