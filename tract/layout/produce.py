"""Everything a worker does for one job: lay out, judge, then finish each output the layout
yields (the PDF itself, print marks, the press's output intent and notes, an imposed sheet, a
screen image and the words for it), as the table of outputs says, and preflight what goes to
the press.

Doing the judging and finishing in the worker too keeps the main process free to write files,
so the whole build runs as parallel as WeasyPrint itself.
"""

from __future__ import annotations

from tract.finish.impose import impose
from tract.finish.ligatures import readable_ligatures
from tract.finish.marks import finish
from tract.finish.notes import print_notes
from tract.finish.press import for_press
from tract.finish.runs import glyphs_in_line
from tract.finish.unmapped import mapped_glyphs
from tract.layout.jobs import File, Job, LaidOut, Produced
from tract.layout.judge import judge, press_problems
from tract.layout.pictures import page_pictures, screen_image
from tract.layout.weasy import lay_out
from tract.problems import Pos, Subject, error, has_errors
from tract.variants import Made


def produce(job: Job) -> Produced:
    spec, layout = job.spec, job.layout
    try:
        laid = lay_out(job)
    except Exception as exc:  # WeasyPrint gave up on this HTML: say so, keep building the rest
        return Produced(
            layout,
            (),
            (
                error(
                    Pos(spec.template_file),
                    f"WeasyPrint could not lay this document out ({type(exc).__name__}: "
                    f"{exc}); often a box is taller than the page: shorten the text or check "
                    "the template",
                    Subject(spec.id, layout.lang, layout.variant),
                ),
            ),
        )
    problems = judge(job, laid)
    if has_errors(problems):
        return Produced(layout, (), tuple(problems))
    files = finished(job, laid)
    for file in files:
        if file.output.kind.press:
            problems += press_problems(spec, file.output, file.data)
    if has_errors(problems):
        return Produced(layout, (), tuple(problems))
    pictures = tuple(page_pictures(laid.pdf)) if layout.kind.previews else ()
    spots = tuple(s for p in laid.pages for s in p.spots) if layout.kind.previews else ()
    room = tuple(p.room for p in laid.pages) if layout.kind.previews else ()
    return Produced(layout, files, tuple(problems), pictures, spots, room)


def finished(job: Job, laid: LaidOut) -> tuple[File, ...]:
    """The files one layout yields, in the table's order: each made from the layout's PDF."""
    spec, layout = job.spec, job.layout
    pdf, pages = laid.pdf, len(laid.pages)
    if any(o.kind.canvas is None for o in layout.yields):  # a PDF is made: text that copies
        # right (each the same bytes when it finds nothing to do, as in Latin text): Thai's
        # SARA AM, words with a lifted mark or a kerned letter, right-to-left ligatures
        pdf = readable_ligatures(glyphs_in_line(mapped_glyphs(pdf)))
    if layout.kind.bleed:
        folds = [spec.folds_for(p.sections[0], job.rtl) if p.sections else () for p in laid.pages]
        pdf = finish(pdf, layout.kind.bleed, folds)
    if layout.kind.press:
        pdf = for_press(pdf)
    files = []
    for output in layout.yields:
        made, canvas = output.kind.made, output.kind.canvas
        if made is Made.LAID_OUT and canvas is not None:
            files.append(File(output, screen_image(pdf, canvas), 0))
        elif made is Made.LAID_OUT:
            files.append(File(output, pdf, pages))
        elif made is Made.IMPOSED:
            sheet, _ = impose(pdf, spec.sheet_up)
            files.append(File(output, sheet, 2))
        elif made is Made.DESCRIBED:
            files.append(File(output, job.alt.encode(), 0))
        else:
            files.append(File(output, print_notes(spec, layout, pdf, job.rtl).encode(), 0))
    return tuple(files)
