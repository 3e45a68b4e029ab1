"""The command line staff use: `python build.py [check] [--doc ID] [--lang CODE] …`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tract.pipeline import Options, Report, build

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python build.py", description="Build the union's "
                                "documents in every language, or check their content.")
    p.add_argument("command", nargs="?", default="build", choices=["build", "check"],
                   help="build (default): make the PDFs; check: check content and templates "
                   "without making PDFs")
    p.add_argument("--doc", action="append", default=[], metavar="ID",
                   help="only this document (repeatable), e.g. rights-flyer")
    p.add_argument("--lang", action="append", default=[], metavar="CODE",
                   help="only this language (repeatable), e.g. nl")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default: the number of cores)")
    p.add_argument("--draft", action="store_true",
                   help="show the source text, marked, where a translation is missing")
    p.add_argument("--keep-html", action="store_true",
                   help="also write the HTML given to WeasyPrint to output/html/")
    return p


def print_report(report: Report, command: str) -> None:
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if report.usage_error:
        return
    errors = sum(p.is_error for p in report.problems)
    warnings = len(report.problems) - errors
    if command == "check":
        print(f"check: {errors} error(s), {warnings} warning(s)")
        return
    print(f"\n{len(report.built)} built, {len(report.failed)} failed, {errors} error(s), "
          f"{warnings} warning(s) in {report.seconds:.1f} s")
    for key, why in sorted(report.failed.items()):
        print(f"  failed: {key}: {why}")


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    args = parser().parse_args(argv)
    if args.jobs < 0:
        parser().error("--jobs must be 0 or more")
    options = Options(tuple(args.doc), tuple(args.lang), args.jobs, args.draft, args.keep_html,
                      check_only=args.command == "check")
    report = build(root or Path.cwd(), options)
    print_report(report, args.command)
    if report.usage_error:
        print(f"python build.py: error: {report.usage_error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK if report.ok else EXIT_FAILED
