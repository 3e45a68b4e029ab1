"""The build, read top to bottom: load → check → resolve → render → lay out → judge → finish
→ write. Everything is gathered and checked before anything is written."""

from __future__ import annotations

import ctypes.util
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from tract import cache
from tract.check import check_project
from tract.contrast import check_theme
from tract.easyread import easy_read_problems
from tract.load import load_project
from tract.model import DocumentSpec, Project
from tract.problems import Pos, Problem, error, has_errors, sort_unique, warning
from tract.progress import Progress
from tract.render import check_templates, environment, render
from tract.resolve import resolve
from tract.schema import did_you_mean
from tract.workers import PRODUCE, Pool, load, start_workers
from tract.write import build_lock, clean_leftovers, write_atomic


@dataclass(frozen=True)
class Variant:
    """One kind of output laid out from HTML: the template sees its name."""

    name: str
    suffix: str
    pdf_variant: str | None  # screen PDFs are tagged PDF/UA-1


COMPILED = "output/.cache/templates"  # compiled templates, reused while they are unchanged
LAYOUT_LIMIT_S = 120.0  # a document that takes longer is stopped and reported

LAID_OUT = {
    "screen": Variant("screen", ".pdf", "pdf/ua-1"),
    "print": Variant("print", ".print.pdf", None),
    "discreet": Variant("discreet", ".discreet.pdf", "pdf/ua-1"),
}


@dataclass(frozen=True)
class Options:
    docs: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    jobs: int = 0
    draft: bool = False
    keep_html: bool = False
    check_only: bool = False
    force: bool = False


@dataclass(frozen=True)
class Target:
    doc: str
    lang: str
    variant: Variant

    @property
    def key(self) -> str:
        return f"{self.lang}/{self.doc}{self.variant.suffix}"


@dataclass(frozen=True)
class Built:
    path: str
    doc: str
    lang: str
    variant: str
    pages: int
    size: int


@dataclass
class Report:
    """What a build did: every problem, what was written, what failed and why."""

    problems: list[Problem] = field(default_factory=list)
    built: list[Built] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "lang/doc" already up to date
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    usage_error: str = ""
    interrupted: bool = False  # stopped by Ctrl-C; what was published is in `built`
    planned: dict[str, set[str]] = field(default_factory=dict)  # "lang/doc" → its layout keys
    done: set[str] = field(default_factory=set)  # layout keys whose every file was written

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and not has_errors(self.problems)
            and not self.usage_error
            and not self.interrupted
        )


def build(
    root: Path, options: Options, progress: Progress | None = None, pool: Pool | None = None
) -> Report:
    """Build what the options ask for; content problems are reported, not raised. A pool
    given is the caller's to close; without one, the build starts and stops its own."""
    own = pool is None
    if own:
        pool = start_workers(options.jobs, options.check_only)
    try:
        return _build(root, options, progress or Progress(), pool)
    finally:
        if own and pool is not None:
            pool.close()


def _build(root: Path, options: Options, progress: Progress, pool: Pool | None) -> Report:
    started = time.monotonic()
    report = Report()
    project, problems = load_project(root)
    report.problems += problems
    if project is None:
        report.failed["*"] = "the project files could not be read"
        return _finish(report, started)
    report.problems += check_project(project, options.draft) + _sample_warnings(project)
    env = environment(root / "templates", root / COMPILED)
    report.problems += check_templates(env, root / "templates", root) + check_theme(root)
    report.problems += easy_read_problems(project)
    targets = _select(project, options, report)
    if report.usage_error:
        return _finish(report, started)
    if options.docs or options.langs:
        wanted = set().union(*(_source_files(project, d, lang) for d, lang in targets))
        report.problems = [p for p in report.problems if _concerns(p, wanted)]
    entries, cache_problem = ({}, "") if options.force else cache.read_manifest(root)
    if cache_problem:
        report.problems.append(warning(Pos(cache.MANIFEST), cache_problem))
    jobs, keys = _render_all(root, project, env, targets, entries, options, report)
    if options.check_only:
        report.problems += _built_pdf_problems(root, targets)
    else:
        with build_lock(root / "output", progress.say):
            try:
                _lay_out_all(root, project, jobs, keys, pool, report, progress)
            except KeyboardInterrupt:
                report.interrupted = True
            _save_manifest(root, project, report, keys, entries)
            from tract.catalog import publish_catalog

            publish_catalog(root, project, report)
    return _finish(report, started)


def _render_all(
    root: Path,
    project: Project,
    env: Environment,
    targets: list[tuple[str, str]],
    entries: dict[str, cache.Entry],
    options: Options,
    report: Report,
) -> tuple[list[tuple[Target, str]], dict[tuple[str, str], str]]:
    """Resolve and render the HTML of every output that is neither blocked by an error nor
    up to date; returns those jobs and the input key of each document and language."""
    keys = {}
    jobs = []
    for doc, lang in targets:
        blocking = _blocking(project, report.problems, doc, lang)
        if blocking:
            report.failed[f"{lang}/{doc}"] = f"{len(blocking)} problem(s) in its files"
            continue
        keys[(doc, lang)] = cache.input_key(
            root, doc, lang, project.site.source_lang, options.draft
        )
        entry = entries.get(f"{lang}/{doc}")
        if not options.check_only and cache.is_fresh(root, entry, keys[(doc, lang)]):
            report.skipped.append(f"{lang}/{doc}")
            report.problems += replayed(entry)
            continue
        resolved = resolve(project, doc, lang, options.draft)
        for variant in _laid_out_variants(project.documents[doc]):
            target = Target(doc, lang, variant)
            rendered, found = render(env, resolved, variant.name, root)
            report.problems += found
            if rendered is None:
                report.failed[target.key] = "its template failed"
                continue
            if options.keep_html:
                name = target.key.removesuffix(".pdf") + ".html"
                write_atomic(root / "output" / "html" / name, rendered.html.encode())
            jobs.append((target, rendered.html))
            report.planned.setdefault(f"{lang}/{doc}", set()).add(target.key)
    return jobs, keys


def _built_pdf_problems(root: Path, targets: list[tuple[str, str]]) -> list[Problem]:
    """`check` also reads the screen PDFs already built: are they still accessible?"""
    from tract.accessibility import ua_problems

    problems = []
    for doc, lang in targets:
        for suffix in (".pdf", ".discreet.pdf"):
            path = root / "output" / lang / f"{doc}{suffix}"
            if path.is_file():
                rel = path.relative_to(root).as_posix()
                problems += [error(Pos(rel), said) for said in ua_problems(path.read_bytes())]
    return problems


def replayed(entry: cache.Entry | None) -> list[Problem]:
    """The warnings an up-to-date output had when it was built, shown again."""
    if entry is None:
        return []
    return [
        warning(Pos(path, int(line), int(col)), message)
        for path, line, col, message in (w.split("\t", 3) for w in entry.warnings)
    ]


def _save_manifest(
    root: Path,
    project: Project,
    report: Report,
    keys: dict[tuple[str, str], str],
    entries: dict[str, cache.Entry],
) -> None:
    """Remember what was built and from which inputs, keeping entries of untouched outputs;
    what failed is forgotten, so the next build tries it again (and reports it again)."""
    for failed in report.failed:
        entries.pop(failed.split(".")[0], None)
    outputs: dict[str, dict[str, dict]] = {}
    for built in report.built:
        outputs.setdefault(f"{built.lang}/{built.doc}", {})[built.path] = {
            "variant": built.variant,
            "pages": built.pages,
            "bytes": built.size,
        }
    for (doc, lang), key in keys.items():
        name = f"{lang}/{doc}"
        if name in report.skipped:
            continue
        if not report.planned.get(name) or not report.planned[name] <= report.done:
            entries.pop(name, None)  # failed or interrupted: build it again next time
        else:
            files = _source_files(project, doc, lang)
            warnings = tuple(
                f"{p.pos.path}\t{p.pos.line}\t{p.pos.col}\t{p.message}"
                for p in sort_unique(report.problems)
                if not p.is_error and _concerns(p, files)
            )
            entries[name] = cache.Entry(key, outputs[name], warnings)
    write_atomic(root / cache.MANIFEST, cache.manifest_json(entries))


def _laid_out_variants(spec: DocumentSpec) -> list[Variant]:
    """Variants rendered from HTML; a sheet is imposed from the screen PDF, so needs it."""
    names = set(spec.variants) | ({"screen"} if "sheet" in spec.variants else set())
    return [v for name, v in LAID_OUT.items() if name in names]


def _finish(report: Report, started: float) -> Report:
    report.problems = sort_unique(report.problems)
    report.seconds = time.monotonic() - started
    return report


def _select(project: Project, options: Options, report: Report) -> list[tuple[str, str]]:
    for doc in options.docs:
        if doc not in project.documents:
            report.usage_error = f"there is no document '{doc}'" + did_you_mean(
                doc, set(project.documents)
            )
    for lang in options.langs:
        if lang not in project.languages:
            report.usage_error = (
                f"'{lang}' is not one of the languages in content/site.yaml"
                + did_you_mean(lang, set(project.languages))
            )
    docs = options.docs or tuple(project.documents)
    langs = options.langs or project.languages
    return [
        (d, lang)
        for d in project.documents
        if d in docs
        for lang in project.languages
        if lang in langs
    ]


def _source_files(project: Project, doc: str, lang: str) -> set[str]:
    """The content files one document in one language is made from."""
    src = project.site.source_lang
    return {
        "content/site.yaml",
        "seeds/facts.yaml",
        f"content/{doc}/document.yaml",
        f"content/{doc}/{src}.yaml",
        f"content/{doc}/{lang}.yaml",
        f"content/strings/{src}.yaml",
        f"content/strings/{lang}.yaml",
    }


def _concerns(problem: Problem, wanted: set[str]) -> bool:
    """Whether a problem belongs to the documents and languages asked for."""
    path = problem.pos.path
    return path in wanted or not path.startswith("content/") or path == "content/site.yaml"


def _blocking(project: Project, problems: list[Problem], doc: str, lang: str) -> list[Problem]:
    """The errors that stop this output: in its own files, its own template, or a template
    file no document owns (the base layout, macros, shared styles, the theme)."""
    files = _source_files(project, doc, lang)
    own = f"templates/{project.documents[doc].template}"
    others = {f"templates/{s.template}" for s in project.documents.values()} - {own}
    return [
        p
        for p in problems
        if p.is_error
        and (
            p.pos.path in files
            or (p.pos.path.startswith("templates/") and p.pos.path not in others)
        )
    ]


def _sample_warnings(project: Project) -> list[Problem]:
    site = project.site
    out = [
        warning(
            c.pos,
            f"the contact '{k}' is a sample ({c.value}); put the real one in "
            "content/site.yaml before printing",
        )
        for k, c in site.contacts.items()
        if c.sample
    ]
    out += [
        warning(
            e.place.pos,
            f"the place of '{k}' is a sample; put the real one in "
            "content/site.yaml before printing",
        )
        for k, e in site.events.items()
        if e.place_sample
    ]
    return out


def _lay_out_all(
    root: Path,
    project: Project,
    jobs: list,
    keys: dict[tuple[str, str], str],
    pool: Pool | None,
    report: Report,
    progress: Progress,
) -> None:
    from tract.jobs import Job, allowed_dirs, identifier
    from tract.previews import write as write_previews
    from tract.workers import Failure

    out = root / "output"
    clean_leftovers(out)
    todo = [
        Job(
            t.key,
            html,
            (root / "templates").as_uri() + "/",
            allowed_dirs(root),
            t.variant.pdf_variant,
            identifier(keys[(t.doc, t.lang)], t.key),
            project.documents[t.doc].font_steps(),
            project.documents[t.doc],
            t.lang,
            t.variant.name,
        )
        for t, html in jobs
    ]
    todo.sort(key=lambda job: len(job.html), reverse=True)  # longest first keeps cores busy
    targets = {t.key: t for t, _ in jobs}
    if todo and not ctypes.util.find_library("harfbuzz-subset"):
        progress.say(
            "hint: fonts are subset slowly because HarfBuzz's subsetter is missing; "
            "`sudo apt-get install libharfbuzz-subset0` makes builds about 5x faster"
        )
    progress.start(len(todo))
    for made in _run(todo, pool):
        progress.step(made.key)
        if isinstance(made, Failure):
            report.failed[made.key] = made.reason
            progress.say(f"failed  output/{made.key}: {made.reason}")
            continue
        report.problems += made.problems
        if has_errors(made.problems):
            report.failed[made.key] = next(p.message for p in made.problems if p.is_error)
            progress.say(f"failed  output/{made.key}")
            continue
        target = targets[made.key]
        for suffix, data, pages in made.files:
            _publish(out, report, progress, target, suffix, data, pages)
        if made.previews:
            write_previews(root, target.doc, target.lang, list(made.previews))
        report.done.add(made.key)
    progress.finish()


def _publish(
    out: Path,
    report: Report,
    progress: Progress,
    target: Target,
    suffix: str,
    data: bytes,
    pages: int,
) -> None:
    rel = f"{target.lang}/{target.doc}{suffix}"
    write_atomic(out / rel, data)
    if suffix.endswith(".pdf"):
        report.built.append(
            Built(
                f"output/{rel}",
                target.doc,
                target.lang,
                suffix.strip(".").removesuffix("pdf").strip(".") or "screen",
                pages,
                len(data),
            )
        )
        progress.say(f"built   output/{rel}  ({pages} pages, {len(data) // 1024} KB)")


def _run(todo: list, pool: Pool | None) -> Iterator:
    """Produce in the worker pool, or in this process when one worker is asked for."""
    if pool is None:
        yield from map(load(PRODUCE), todo)
    else:
        yield from pool.run(todo, LAYOUT_LIMIT_S)
