"""The build, read top to bottom: load → check → plan → resolve and render → lay out, judge and
finish (in the workers) → write. Everything is gathered and checked before anything is
written: nothing under output/ changes before the lay-out phase.

Which folder holds each stage: source/ (load), checks/ (check), variants.py (the plan of
outputs), render/ (resolve, render), layout/ and finish/ (the workers), outputs/ (the manifest,
previews and catalog), write.py.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes.util
import dataclasses
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jinja2 import Environment

from tract.checks.content import check_project
from tract.checks.contrast import check_theme
from tract.finish.preflight import preflight
from tract.layout.accessibility import ua_problems
from tract.layout.jobs import Job, Produced, allowed_dirs, identifier
from tract.layout.workers import PRODUCE, Failure, Pool, load, start_workers
from tract.outputs import previews
from tract.outputs.cache import (
    Entry,
    content_files,
    input_files,
    input_hashes,
    input_key,
    is_fresh,
    manifest_json,
    read_manifest,
)
from tract.outputs.catalog import publish_catalog
from tract.problems import Pos, Problem, Subject, as_errors, error, sort_unique
from tract.progress import Progress
from tract.render.context import Contexts, language_contexts
from tract.render.resolve import Printed, printed_strings, resolve
from tract.render.templates import (
    ALT_BLOCK,
    CompiledTemplates,
    check_templates,
    environment,
    render,
)
from tract.report import Built, Failed, Made, Report
from tract.source.load import load_project
from tract.source.lock import unreviewed
from tract.source.model import Project
from tract.source.paths import locale_file
from tract.source.select import select
from tract.variants import (
    COMPILED,
    MANIFEST,
    Layout,
    Output,
    collisions,
    layouts_of,
    outputs_of,
)
from tract.write import build_lock, clean_leftovers, write_atomic

LAYOUT_LIMIT_S = 120.0  # a document that takes longer is stopped and reported


@dataclass(frozen=True)
class Options:
    docs: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    jobs: int = 0
    draft: bool = False
    keep_html: bool = False
    check_only: bool = False
    force: bool = False
    strict: bool = False  # every warning is an error, for a print run
    # files just edited (serve): what is made from them is laid out first, screen PDF first
    first: tuple[str, ...] = ()

    @classmethod
    def of(cls, args: argparse.Namespace, check_only: bool = False) -> Options:
        """The options the command line asked for (cli.parser's flags)."""
        return cls(
            tuple(args.doc),
            tuple(args.lang),
            args.jobs,
            args.draft,
            args.keep_html,
            check_only=check_only,
            force=args.force,
            strict=args.strict,
        )


@dataclass(frozen=True)
class Planned:
    """One document in one language: the hash of its inputs and the layouts that make it."""

    doc: str
    lang: str
    key: str
    layouts: tuple[Layout, ...]

    @property
    def outputs(self) -> tuple[Output, ...]:
        return tuple(o for layout in self.layouts for o in layout.yields)


@dataclass(frozen=True)
class Rendered:
    """What the render stage gathered for the lay-out phase: jobs and the HTML to keep."""

    jobs: tuple[Job, ...]
    titles: dict[tuple[str, str], str]  # (doc, lang) → the document's title in that language
    strings: dict[tuple[str, str], tuple[Printed, ...]]  # (doc, lang) → what it prints
    kept_html: tuple[tuple[str, str], ...]  # (path, HTML) for --keep-html


def build(
    root: Path,
    options: Options,
    progress: Progress | None = None,
    pool: Pool | None = None,
    stop: threading.Event | None = None,
) -> Report:
    """Build what the options ask for; content problems are reported, not raised. A pool
    given is the caller's to close; without one, the build starts and stops its own. Once
    `stop` is set (serve: a newer edit came in) no further layout starts, and what was laid
    out is published as usual; the rest stays out of date for the next build."""
    own = pool is None
    if own:
        pool = start_workers(options.jobs, options.check_only)
    try:
        return _build(root, options, progress or Progress(), pool, stop)
    finally:
        if own and pool is not None:
            pool.close()


def _build(
    root: Path,
    options: Options,
    progress: Progress,
    pool: Pool | None,
    stop: threading.Event | None,
) -> Report:
    started = time.monotonic()
    report = Report()
    read = input_hashes(root)  # what the build reads, as it is before it reads it
    project, report.problems = load_project(root)  # load
    if project is None:
        report.halted = "the project files could not be read"
        if not options.check_only:
            _publish_only_catalog(root, report)
        return _finish(report, started)
    docs, langs, report.usage_error = select(project, options.docs, options.langs)
    if report.usage_error:
        return _finish(report, started)
    report.unreviewed = unreviewed(project)
    contexts = language_contexts(project)  # each language's, once: for check and resolve
    compiled = CompiledTemplates(root / COMPILED)
    env = environment(root / "templates", compiled)
    report.problems += _check(project, contexts, env, options)  # check
    planned = _plan(project, docs, langs, options.draft)  # plan every output path
    report.problems += collisions(
        (o, project.documents[p.doc].pos) for p in planned for o in p.outputs
    )
    if options.docs or options.langs:
        report.problems = _asked_for(planned, report.problems)
    entries, unreadable = read_manifest(root)
    report.problems += unreadable
    if options.strict:
        report.problems = as_errors(report.problems)
    todo = _todo(root, project, planned, entries, options, report)
    # resolve, render
    rendered = _render_all(root, project, contexts, env, todo, entries, options, report)
    if options.check_only:
        report.problems += _built_pdf_problems(root, planned)
        return _finish(report, started)
    with build_lock(root / "output", progress.say):  # lay out and write
        _write_gathered(root, rendered, compiled)
        try:
            _lay_out_all(root, rendered, pool, report, progress, options.strict, stop)
        except KeyboardInterrupt:
            report.interrupted = True
        entries = _save_manifest(root, project, report, todo, entries, rendered, read)
        publish_catalog(root, project, _finish(report, started), entries)
    return _finish(report, started)


def _check(
    project: Project, contexts: Contexts, env: Environment, options: Options
) -> list[Problem]:
    """Every content, template and theme problem, found before anything is rendered."""
    root = project.root
    return project.with_subjects(
        check_project(project, options.draft, contexts)
        + check_templates(env, root / "templates", root)
        + check_theme(project.theme)
    )


def _plan(project: Project, docs: list[str], langs: list[str], draft: bool) -> list[Planned]:
    """Each document and language asked for, with its input hash and layouts."""
    source = project.site.source_lang
    return [
        Planned(
            doc,
            lang,
            input_key(project.root, doc, lang, source, draft),
            layouts_of(outputs_of(doc, lang, project.documents[doc].variants)),
        )
        for doc in docs
        for lang in langs
        if lang in project.documents[doc].languages
    ]


def _todo(
    root: Path,
    project: Project,
    planned: list[Planned],
    entries: dict[tuple[str, str], Entry],
    options: Options,
    report: Report,
) -> list[Planned]:
    """What must be made: neither blocked by an error nor up to date. What is up to date
    shows again the warnings it was built with."""
    todo = []
    for plan in planned:
        release = not (options.draft or options.check_only)
        if release and (plan.doc, plan.lang) in report.unreviewed:
            report.problems.append(_refused(project, plan.doc, plan.lang))
            reason = "refused: no reviewer has confirmed this translation"
            report.failed += [Failed(o, reason) for o in plan.outputs]
            continue
        blocking = _blocking(report.problems, plan.doc, plan.lang)
        if blocking:
            reason = f"{len(blocking)} problem(s) in its files"
            report.failed += [Failed(o, reason) for o in plan.outputs]
            continue
        entry = entries.get((plan.doc, plan.lang))
        reuse = not (options.check_only or options.force)
        if reuse and entry is not None and is_fresh(root, entry, plan.key):
            if options.strict and entry.warnings:  # built with warnings: made again, refused
                todo.append(plan)
                continue
            report.current[(plan.doc, plan.lang)] = entry.made
            report.problems += entry.warnings
            continue
        todo.append(plan)
    return todo


def _refused(project: Project, doc: str, lang: str) -> Problem:
    """Why a release build does not make an unreviewed translation, and what to do."""
    name = project.lang[lang].name
    return error(
        Pos(locale_file(doc, lang)),  # the translation as a whole
        f"the {name} ({lang}) {doc} is an unreviewed draft: a reviewer who reads {name} "
        f"checks it and confirms it with python build.py translated --lang {lang} --doc {doc}; "
        "until then build it with --draft",
        Subject(doc, lang),
    )


def _render_all(
    root: Path,
    project: Project,
    contexts: Contexts,
    env: Environment,
    todo: list[Planned],
    entries: dict[tuple[str, str], Entry],
    options: Options,
    report: Report,
) -> Rendered:
    """Resolve each document and language once, and render the HTML of each of its layouts."""
    jobs, kept, titles, strings = [], [], {}, {}
    for plan in todo:
        key = (plan.doc, plan.lang)
        resolved = resolve(
            project, contexts, plan.doc, plan.lang, options.draft, key in report.unreviewed
        )
        titles[key] = resolved.title
        # what it prints, to name what overflows: for the layout, which `check` does not do
        strings[key] = (
            () if options.check_only else printed_strings(project, contexts, plan.doc, plan.lang)
        )
        grown = _grown(strings[key], entries.get(key))
        spec = project.documents[plan.doc]
        stack = project.lang[plan.lang].stack
        for layout in plan.layouts:
            html, found = render(env, resolved, layout.variant, root)
            alt: str | None = ""
            if html is not None and layout.described:  # a screen image: what it shows, in words
                alt, found = render(env, resolved, layout.variant, root, ALT_BLOCK)
                html = html if alt is not None else None
            report.problems += project.with_subjects(found)  # a template's, by its file
            if html is None:
                report.failed += [Failed(o, "its template failed") for o in layout.yields]
                continue
            if options.keep_html:
                kept.append((layout.output.html_path, html))
            jobs.append(
                Job(
                    layout,
                    html,
                    (root / "templates").as_uri() + "/",
                    allowed_dirs(root, stack),
                    identifier(plan.key, layout.output.path),
                    spec,
                    () if layout.kind.is_image else spec.font_steps(),  # set in px, said once
                    strings[key],
                    grown,
                    stack,
                    project.lang[plan.lang].rtl,
                    alt or "",
                )
            )
    jobs.sort(key=partial(_order, set(options.first), project.site.source_lang))
    return Rendered(tuple(jobs), titles, strings, tuple(kept))


def _order(first: set[str], source_lang: str, job: Job) -> tuple[int, int, int]:
    """What was just edited first, the picture a translator watches before the rest; then
    the longest first, which keeps the cores busy."""
    layout = job.layout
    if first & set(content_files(layout.doc, layout.lang, source_lang)):
        return (0, 0 if layout.kind.previews else 1, -len(job.html))
    return (1, 0, -len(job.html))


def _grown(strings: tuple[Printed, ...], entry: Entry | None) -> tuple[tuple[str, int], ...]:
    """How much longer each string prints than in the last build that fitted."""
    before = dict(entry.lengths) if entry is not None else {}
    return tuple((p.key, p.length - before[p.key]) for p in strings if p.key in before)


def _write_gathered(root: Path, rendered: Rendered, compiled: CompiledTemplates) -> None:
    """What rendering gathered besides the jobs: the kept HTML and the compiled templates."""
    clean_leftovers(root / "output")
    for path, html in rendered.kept_html:
        write_atomic(root / path, html.encode())
    compiled.save()


def _lay_out_all(
    root: Path,
    rendered: Rendered,
    pool: Pool | None,
    report: Report,
    progress: Progress,
    strict: bool,
    stop: threading.Event | None,
) -> None:
    """Lay out every job in the workers; write each one's files as soon as they come back."""
    jobs = rendered.jobs
    if jobs and not ctypes.util.find_library("harfbuzz-subset"):
        progress.say(
            "hint: fonts are subset slowly because HarfBuzz's subsetter is missing; "
            "`sudo apt-get install libharfbuzz-subset0` makes builds several times faster"
        )
    progress.start(len(jobs))
    came_back = 0
    with contextlib.closing(_run(jobs, pool, stop)) as results:  # left early: workers replaced
        for made in results:
            came_back += 1
            layout: Layout = made.key if isinstance(made, Failure) else made.layout
            progress.step(layout.output.path)
            if isinstance(made, Produced):
                if strict:
                    made = dataclasses.replace(made, problems=tuple(as_errors(list(made.problems))))
                report.problems += made.problems
            reason = _failure(made)
            if reason:
                report.failed += [Failed(o, reason) for o in layout.yields]
                progress.say(f"failed  {layout.output.path}: {reason}")
                continue
            assert isinstance(made, Produced)
            _publish(root, report, progress, made, rendered.titles[(layout.doc, layout.lang)])
    report.superseded = came_back < len(jobs)
    progress.finish()


def _failure(made: Produced | Failure) -> str:
    if isinstance(made, Failure):
        return made.reason
    return next((p.message for p in made.problems if p.is_error), "")


def _publish(root: Path, report: Report, progress: Progress, made: Produced, title: str) -> None:
    """Write one layout's files and previews, each added to the build's result as soon as it
    is written, so a Ctrl-C between two files still says what was published."""
    key = (made.layout.doc, made.layout.lang)
    for file in made.files:
        write_atomic(root / file.output.path, file.data)
        before = report.built.get(key, Made((), title, ()))
        built = Built(file.output, file.pages, len(file.data))
        report.built[key] = dataclasses.replace(before, files=(*before.files, built))
        kind = file.output.kind
        if kind.is_pdf:
            progress.say(
                f"built   {file.output.path}  ({file.pages} pages, {built.size // 1024} KB)"
            )
        elif kind.canvas is not None:
            size = f"{kind.canvas.width} × {kind.canvas.height} px"
            progress.say(f"built   {file.output.path}  ({size}, {built.size // 1024} KB)")
    if made.pictures:
        shots = previews.write(root, *key, made.pictures)
        made_now = report.built[key]
        report.built[key] = dataclasses.replace(
            made_now, previews=shots, spots=made.spots, room=made.room
        )


def _save_manifest(
    root: Path,
    project: Project,
    report: Report,
    todo: list[Planned],
    entries: dict[tuple[str, str], Entry],
    rendered: Rendered,
    read: dict[str, str],
) -> dict[tuple[str, str], Entry]:
    """Remember what was built and from which inputs. What failed or was interrupted keeps
    what it made last, marked out of date, so the next build tries it again and the catalog
    still links the last good files; so does what was made while one of its files changed
    (saved in the editor as the build ran): which version it was made from is not known.
    Returns the manifest as saved."""
    failed = {(f.output.doc, f.output.lang) for f in report.failed}
    now = input_hashes(root)
    moved = {path for path in {*read, *now} if read.get(path) != now.get(path)}
    source_lang = project.site.source_lang
    for plan in todo:
        key = (plan.doc, plan.lang)
        made = report.built.get(key)
        done = made is not None and {b.output for b in made.files} >= set(plan.outputs)
        if made is not None and done and key not in failed:
            warnings = tuple(
                p for p in sort_unique(report.problems) if not p.is_error and p.about.covers(*key)
            )
            lengths = tuple((p.key, p.length) for p in rendered.strings.get(key, ()))
            steady = not moved.intersection(input_files(root, plan.doc, plan.lang, source_lang))
            entries[key] = Entry(plan.key if steady else "", made, warnings, lengths)
        elif key in entries or made is not None:
            entries[key] = _out_of_date(entries.get(key), made)
    for key in failed - {(p.doc, p.lang) for p in todo}:
        if key in entries:  # blocked by an error before rendering
            entries[key] = _out_of_date(entries[key], None)
    write_atomic(root / MANIFEST, manifest_json(entries))
    return entries


def _out_of_date(entry: Entry | None, made: Made | None) -> Entry:
    """An entry never fresh again, with the files it still has: the last ones made of each."""
    old = entry.made if entry is not None else Made((), "", ())
    new = made or Made((), old.title, old.previews, old.spots, old.room)
    replaced = {b.output for b in new.files}
    files = (*[b for b in old.files if b.output not in replaced], *new.files)
    lengths = entry.lengths if entry is not None else ()  # of the last build that fitted
    made_last = Made(files, new.title or old.title, new.previews, new.spots, new.room)
    return Entry("", made_last, (), lengths)


def _publish_only_catalog(root: Path, report: Report) -> None:
    """The project could not be read: the catalog still says why, with what was made before."""
    entries, _ = read_manifest(root)
    with build_lock(root / "output", lambda _: None):
        publish_catalog(root, None, report, entries)


def _built_pdf_problems(root: Path, planned: list[Planned]) -> list[Problem]:
    """`check` also reads the PDFs already built: are the accessible ones still accessible,
    and the print ones still fit for the press?"""
    problems = []
    for output in (o for p in planned for o in p.outputs if o.kind.reach or o.kind.press):
        path = root / output.path
        if path.is_file():
            data = path.read_bytes()
            said = (ua_problems(data) if output.kind.reach else []) + (
                preflight(data) if output.kind.press else []
            )
            subject = Subject(output.doc, output.lang)  # its path says which file
            problems += [error(Pos(output.path), sentence, subject) for sentence in said]
    return problems


def _finish(report: Report, started: float) -> Report:
    report.problems = sort_unique(report.problems)
    report.seconds = time.monotonic() - started
    return report


def _asked_for(planned: list[Planned], problems: list[Problem]) -> list[Problem]:
    """The problems of the documents and languages asked for with --doc and --lang."""
    return [p for p in problems if any(p.about.covers(plan.doc, plan.lang) for plan in planned)]


def _blocking(problems: list[Problem], doc: str, lang: str) -> list[Problem]:
    """The errors that stop this document in this language: those about it, whichever file
    they are in (its translation, its source texts, its template, the strings of its
    language), and those about everything (site.yaml, the facts, shared templates)."""
    return [p for p in problems if p.is_error and p.about.covers(doc, lang)]


def _run(
    jobs: tuple[Job, ...], pool: Pool | None, stop: threading.Event | None
) -> Generator[Produced | Failure]:
    """Produce in the worker pool, or in this process when one worker is asked for."""
    if pool is not None:
        yield from pool.run(list(jobs), LAYOUT_LIMIT_S, stop)
        return
    produce = load(PRODUCE)
    for job in jobs:
        if stop is not None and stop.is_set():
            return
        yield produce(job)
