"""Everything a worker does for one job: lay out, judge, then finish (print marks, sheets).

Doing the judging and finishing in the worker too keeps the main process free to write files,
so the whole build runs as parallel as WeasyPrint itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from tract.jobs import Job, LaidOut, Produced
from tract.layout import lay_out
from tract.model import DocumentSpec
from tract.postprocess import judge
from tract.previews import page_pngs
from tract.problems import Pos, error, has_errors


def produce(job: Job) -> Produced:
    spec = job.spec
    assert spec is not None
    try:
        laid = lay_out(job)
    except Exception as exc:  # WeasyPrint gave up on this HTML: say so, keep building the rest
        return Produced(
            job.key,
            (),
            (
                error(
                    Pos(f"templates/{spec.template}"),
                    f"{job.lang} {spec.id}: WeasyPrint could not lay this document out "
                    f"({type(exc).__name__}: {exc}); often a box is taller than the page: "
                    "shorten the text or check the template",
                ),
            ),
        )
    problems = judge(
        spec,
        job.lang,
        laid,
        f"content/{spec.id}/{job.lang}.yaml",
        f"templates/{spec.template}",
        job.variant,
    )
    if has_errors(problems):
        return Produced(job.key, (), tuple(problems))
    previews = tuple(page_pngs(laid.pdf)) if job.variant == "screen" else ()
    return Produced(job.key, tuple(finished(spec, job, laid)), tuple(problems), previews)


def finished(spec: DocumentSpec, job: Job, laid: LaidOut) -> Iterator[tuple[str, bytes, int]]:
    """The files one layout yields: the PDF itself, print marks and notes, an imposed sheet."""
    from tract.finishing import finish
    from tract.handoff import print_notes
    from tract.impose import impose

    pages, pdf = laid.pages, laid.pdf
    if job.variant == "print":
        folds = [spec.folds_for(p.sections[0]) if p.sections else () for p in pages]
        pdf = finish(pdf, folds)
        yield ".print.pdf", pdf, len(pages)
        yield ".print.txt", print_notes(spec, job.lang, pdf).encode(), 0
        return
    if job.variant == "discreet":
        yield ".discreet.pdf", pdf, len(pages)
        return
    if "screen" in spec.variants:
        yield ".pdf", pdf, len(pages)
    if "sheet" in spec.variants:
        sheet, _ = impose(pdf, spec.sheet_up)
        yield ".sheet.pdf", sheet, 2
