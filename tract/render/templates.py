"""Render stage: Jinja2 templates to HTML, with autoescape and strict undefined names.

Template mistakes come back as problems with the template's file and line, never tracebacks.
"""

from __future__ import annotations

import re
import traceback
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from tract.fonts import font_face_css
from tract.problems import Pos, Problem, error
from tract.render.fit import fit_css
from tract.render.qrcode import qr_svg
from tract.render.resolve import Plural, Resolved, Text, View
from tract.source.markup import marked, to_plain
from tract.source.schema import did_you_mean
from tract.variants import VARIANTS
from tract.write import write_atomic


class Undefined(jinja2.StrictUndefined):
    """Says which text key a template asked for, in the locale files' own dotted terms."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        obj = self._undefined_obj
        if isinstance(obj, View):
            name = str(self._undefined_name)
            raise jinja2.UndefinedError(
                f"the template uses '{obj.path}.{name}', which {obj.source} does not have"
                + did_you_mean(name, obj.keys())
            )
        if obj is jinja2.utils.missing:
            raise jinja2.UndefinedError(f"'{self._undefined_name}' is not defined in this template")
        return super()._fail_with_undefined_error(*args, **kwargs)

    __str__ = __iter__ = __len__ = __html__ = _fail_with_undefined_error


def _plural(value: Plural, count: int) -> Markup:
    return value(count)


def _fill(value: Text, **args: int | Text) -> Markup:
    return value.fill(**args)


@jinja2.pass_context
def _qr(context: jinja2.runtime.Context, url: str, label: object, css_class: str = "qr") -> Markup:
    """A QR code in the colours of the variant being rendered."""
    return qr_svg(url, label, context.get("colours", {}), css_class)


def css_string(value: Text) -> Markup:
    """A translated UI string as CSS `content`, with {page} and {pages} as page counters."""
    parts = re.split(r"\{(page|pages)\}", value.plain())
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"counter({part})")
        elif part:
            out.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return Markup(" ".join(out))


_SETTINGS: dict[str, Any] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


@cache
def pages_environment() -> jinja2.Environment:
    """The environment of tract's own pages (the catalog, the side-by-side pages, the
    server's), whose templates ship inside the package, in tract/pages/: made once, so a
    server compiles each page once."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tract", "pages"),
        undefined=jinja2.StrictUndefined,
        **_SETTINGS,
    )
    env.filters["marked"] = marked
    return env


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in a folder, as Python keeps its __pycache__: read at once,
    written only by `save()`, in the build's write phase, so rendering writes nothing."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder
        self.pending: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if self.folder.is_dir():
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.pending[self._get_cache_filename(bucket)] = bucket.bytecode_to_string()

    def save(self) -> None:
        for filename, data in self.pending.items():
            write_atomic(Path(filename), data)
        self.pending.clear()


def environment(templates: Path, compiled: CompiledTemplates | None = None) -> jinja2.Environment:
    """The one Jinja environment of the documents: every filter and global registered here
    by name; with `compiled`, templates compiled once are reused while they are unchanged."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=compiled,
        undefined=Undefined,
        keep_trailing_newline=True,
        **_SETTINGS,
    )
    env.filters.update(plural=_plural, fill=_fill, css_string=css_string)
    env.globals.update(qr=_qr, fit_css=fit_css)
    return env


def template_problem(exc: Exception, templates: Path, root: Path) -> Problem:
    """Where in a template an error happened: Jinja rewrites tracebacks to template lines."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.filename or exc.name or "?"
        return error(
            _template_pos(name, exc.lineno or 1, templates, root), f"template syntax: {exc.message}"
        )
    tb = exc.__traceback__
    pos = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(str(templates)):
            pos = _template_pos(filename, tb.tb_lineno, templates, root)
        tb = tb.tb_next
    message = str(exc) if isinstance(exc, jinja2.UndefinedError) else f"{type(exc).__name__}: {exc}"
    return error(pos or Pos("templates"), message)


def _template_pos(name: str, line: int, templates: Path, root: Path) -> Pos:
    path = Path(name)
    if not path.is_absolute():
        path = templates / name
    try:  # not resolve(): templates/ may be a link to a folder elsewhere
        rel = path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        rel = name
    return Pos(rel, line, 1)


def check_templates(env: jinja2.Environment, templates: Path, root: Path) -> list[Problem]:
    """Parse every template once so syntax errors show even in templates no document uses."""
    problems = []
    for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(exc, templates, root))
    return problems


ALT_BLOCK = "alt"  # the block of a document's template that says what its images show


def render(
    env: jinja2.Environment,
    resolved: Resolved,
    variant: str,
    root: Path,
    block: str | None = None,
) -> tuple[str | None, list[Problem]]:
    """The HTML of one layout of a document in a language, or None and the template's problem;
    with `block`, only that block of the template, as plain text on one line (what a screen
    reader says for an image)."""
    kind = VARIANTS[variant]
    templates = root / "templates"
    context = {
        "lang": resolved.lang,
        "language": resolved.language,
        "doc": resolved.doc,
        # what it is made as, by its properties (bleed, neutral), never compared by name
        "variant": kind,
        # a screen image's format (size, the bands the app covers, the smallest text), or None
        "canvas": kind.canvas,
        "page_size": kind.canvas or resolved.doc.page,  # css, width_css, height_css
        "title": resolved.title,
        "text": resolved.text,
        "ui": resolved.ui,
        "site": resolved.values,
        "timeline": resolved.timeline,
        "sources": resolved.sources,
        "draft": resolved.draft,
        "colours": resolved.theme.css_values(kind.press),
        "font_faces": Markup(font_face_css(resolved.language.stack)),
        "font_stack": Markup(resolved.language.font_css),
        "base_href": templates.as_uri() + "/",
    }
    try:
        template = env.get_template(resolved.doc.template)
        if block is None:
            return template.render(context), []
        if block not in template.blocks:
            return None, [
                error(
                    Pos(resolved.doc.template_file),
                    f"the template has no {{% block {block} %}}, which says in words what its "
                    f"{kind.label.lower()} shows, for screen readers",
                )
            ]
        try:
            said = Markup("".join(template.blocks[block](template.new_context(context))))
        except Exception:
            env.handle_exception()  # as Template.render does: the template's own lines
        return to_plain(said, resolved.scripts) + "\n", []
    except jinja2.TemplateError as exc:
        return None, [template_problem(exc, templates, root)]
    except Exception as exc:  # a template calling a filter wrongly is still a template error
        if not any(
            f.filename.startswith(str(templates)) for f in traceback.extract_tb(exc.__traceback__)
        ):
            raise
        return None, [template_problem(exc, templates, root)]
