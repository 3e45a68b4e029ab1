"""The command line staff use: `python build.py [COMMAND] [--doc ID] [--lang CODE] …`.

Each command is a function taking the parsed arguments and the project root and returning an
exit code; COMMANDS maps names to them. Heavy modules are imported inside the commands, so a
build where nothing changed starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from tract.layout.workers import start_workers
from tract.outputs.cache import up_to_date
from tract.problems import sort_unique
from tract.report import EXIT_FAILED, Report, print_report


def cmd_build(args: argparse.Namespace, root: Path) -> int:
    """Build (or with `check`, only check) the documents asked for."""
    if args.command == "build" and not (args.force or args.keep_html or args.strict):
        fresh = up_to_date(root, tuple(args.doc), tuple(args.lang), args.draft)
        if fresh is not None:  # nothing to do: say so, with the warnings it was built with
            current = {key: entry.made for key, entry in fresh.items()}
            warnings = sort_unique([w for entry in fresh.values() for w in entry.warnings])
            return print_report(Report(problems=warnings, current=current))
    check_only = args.command == "check"
    pool = start_workers(args.jobs, check_only)  # before the pipeline's own imports
    try:
        from tract.pipeline import Options, build

        report = build(root, Options.of(args, check_only), pool=pool)
    finally:
        if pool is not None:
            pool.close()
    return print_report(report, args.command)


def cmd_serve(args: argparse.Namespace, root: Path) -> int:
    """Preview in the browser, rebuilt on every edit (tract/serve/)."""
    from tract.serve.local import cmd_serve as serve

    return serve(args, root)


def cmd_team(argv: list[str], root: Path) -> int:
    """The team server and its people (tract/serve/team.py); it has its own options."""
    from tract.serve.team import cmd_team as team

    return team(argv, root)


def cmd_status(args: argparse.Namespace, root: Path) -> int:
    """What is translated, missing, stale or broken (tract/translate/)."""
    from tract.translate.commands import cmd_status as status

    return status(args, root)


def cmd_sync(args: argparse.Namespace, root: Path) -> int:
    """Add missing keys to translation files (tract/translate/)."""
    from tract.translate.commands import cmd_sync as sync

    return sync(args, root)


def cmd_translated(args: argparse.Namespace, root: Path) -> int:
    """Confirm a language is up to date with the source (tract/translate/)."""
    from tract.translate.commands import cmd_translated as translated

    return translated(args, root)


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace, Path], int], str]] = {
    "build": (cmd_build, "make the PDFs of everything out of date (the default)"),
    "check": (cmd_build, "check all content and templates without making PDFs"),
    "status": (cmd_status, "what each translation still needs; writes output/status.json"),
    "sync": (cmd_sync, "add missing keys to translation files, the source text above each"),
    "translated": (cmd_translated, "confirm --lang CODE [--doc ID] is up to date with the source"),
    "serve": (cmd_serve, "preview every document in your browser, updated as you edit"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build the union's documents in every language, or check their content.",
        epilog="commands:\n"
        + "\n".join(f"  {name:<11} {help_}" for name, (_, help_) in COMMANDS.items())
        + f"\n  {'team':<11} the team server, for translators and reviewers anywhere; "
        "python build.py team --help says more",
    )
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=list(COMMANDS),
        metavar="COMMAND",
        help="one of: " + ", ".join(COMMANDS),
    )
    p.add_argument(
        "--doc",
        action="append",
        default=[],
        metavar="ID",
        help="only this document (repeatable), e.g. rights-flyer",
    )
    p.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="CODE",
        help="only this language (repeatable), e.g. nl",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default: the number of cores)",
    )
    p.add_argument(
        "--draft",
        action="store_true",
        help="show the source text, marked, where a translation is missing",
    )
    p.add_argument(
        "--keep-html",
        action="store_true",
        help="also write the HTML given to WeasyPrint to output/html/",
    )
    p.add_argument(
        "--force", action="store_true", help="rebuild everything, even what is up to date"
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="treat every warning as an error: use it for a print run",
    )
    p.add_argument(
        "--port",
        type=int,
        default=8000,
        metavar="N",
        help="port for serve on 127.0.0.1 (default 8000; 0 picks a free one)",
    )
    return p


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run one command on the project at `root` (default: the current folder); the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["team"]:  # its own commands and options
        return cmd_team(argv[1:], root or Path.cwd())
    args = parser().parse_args(argv)
    if args.jobs < 0:
        parser().error("--jobs must be 0 or more")
    command, _ = COMMANDS[args.command]
    try:
        return command(args, root or Path.cwd())
    except KeyboardInterrupt:  # outside the layout, which reports what it published itself
        print("\nStopped by Ctrl-C; no file was left half-written.", file=sys.stderr)
        return EXIT_FAILED


def run() -> None:
    """The installed `tract` command and `python -m tract`: the project is the current folder."""
    sys.exit(main(root=Path.cwd()))
