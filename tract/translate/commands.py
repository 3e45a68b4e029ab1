"""The translators' commands: `status`, `sync` and `translated`.

Each opens the project the same way (load it, say why when it cannot be read, apply --doc and
--lang), then does its own work and prints through the report's printer.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from tract.checks.content import compare
from tract.outputs.status import StatusFile
from tract.problems import Problem, sort_unique
from tract.report import EXIT_FAILED, EXIT_OK, print_problems, usage
from tract.source.load import load_project
from tract.source.lock import lock_path, read_lock, texts_of
from tract.source.model import Project
from tract.translate.groups import Group, selection
from tract.translate.lock import confirm
from tract.translate.sidebyside import write_pages
from tract.translate.status import details, project_status, status_file, table
from tract.translate.sync import sync_groups
from tract.variants import STATUS, TRANSLATE
from tract.write import write_atomic


@dataclass(frozen=True)
class Opened:
    """The project and what --doc and --lang chose of it."""

    project: Project
    problems: list[Problem]  # found while loading it
    groups: list[Group]
    langs: list[str]


def _open(args: argparse.Namespace, root: Path) -> Opened | int | None:
    """The project and the selection; None when it cannot be read (its problems are printed),
    or the exit code of a usage error."""
    project, problems = load_project(root)
    if project is None:
        print_problems(sort_unique(problems))
        return None
    groups, langs, said = selection(project, args.doc, args.lang)
    if said:
        return usage(said)
    return Opened(project, problems, groups, langs)


def cmd_status(args: argparse.Namespace, root: Path) -> int:
    """Print the translation status and write output/status.json and the side-by-side pages.
    Always exits 0: the status is a report, even for files that cannot be read."""
    opened = _open(args, root)
    if opened is None:
        write_atomic(root / STATUS, StatusFile({}).to_json())
        print(f"status: the project files could not be read; {STATUS} is empty")
        return EXIT_OK
    if isinstance(opened, int):
        return opened
    status = project_status(opened.project, opened.problems)
    write_atomic(root / STATUS, status_file(status).to_json())
    pages = write_pages(opened.project, status, opened.groups, opened.langs)
    print_problems(sort_unique(status.problems))
    print(f"Translations compared with the source language, {status.source_lang}:\n")
    print(table(status, opened.groups, opened.langs))
    for group in opened.groups:
        for lang in opened.langs:
            found = status.groups.get(group.name, {}).get(lang)
            if found is not None and found.needs_work:
                print()
                print("\n".join(details(status, group, lang, status.source_lang)))
    print(f"\nWritten: {STATUS} and {pages} side-by-side page(s) in {TRANSLATE}/")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace, root: Path) -> int:
    """Add the missing keys to every translation file asked for; report extra keys."""
    opened = _open(args, root)
    if opened is None:
        print("sync: the project files could not be read; nothing changed")
        return EXIT_OK
    if isinstance(opened, int):
        return opened
    source_lang = opened.project.site.source_lang
    results = sync_groups(root, opened.groups, opened.langs, source_lang, opened.problems)
    for result in results:
        if result.created:
            print(f"{result.path}: created, with {len(result.added)} text(s) to translate")
        elif result.added:
            print(f"{result.path}: added {', '.join(result.added)}")
        print_problems(result.problems)
        if any(p.is_error for p in result.problems):
            print(f"{result.path}: not synced; fix the error above first")
    added = sum(len(r.added) for r in results)
    changed = sum(bool(r.added) for r in results)
    failed = sum(any(p.is_error for p in r.problems) for r in results)
    if added:
        print(
            f"sync: {added} key(s) added to {changed} file(s); each has the {source_lang} "
            "text in a comment above it and an empty value for you to fill in"
        )
    elif not failed:
        print("sync: every translation file already has every key; nothing changed")
    if failed:
        print(f"sync: {failed} file(s) not synced because of errors")
    return EXIT_OK


def cmd_translated(args: argparse.Namespace, root: Path) -> int:
    """Confirm that a language's translations match today's source texts, so strings stop
    showing as stale; missing strings cannot be confirmed and are named."""
    if not args.lang:
        return usage(
            "say which language you checked, e.g. python build.py translated --lang nl "
            "--doc rights-flyer"
        )
    opened = _open(args, root)
    if opened is None:
        return EXIT_FAILED
    if isinstance(opened, int):
        return opened
    source_lang = opened.project.site.source_lang
    failed = False
    for group in opened.groups:
        for lang in (lang for lang in opened.langs if lang in group.files):
            confirmed = confirm_group(root, group, lang, source_lang)
            print(confirmed)
            failed = failed or bool(confirmed.refused)
    return EXIT_FAILED if failed else EXIT_OK


@dataclass(frozen=True)
class Confirmed:
    """What confirming one translation did: how many texts it recorded, and how many it could
    not (not translated yet, or with errors); `refused` says why nothing was recorded."""

    path: str
    lang: str
    count: int = 0
    missing: int = 0
    broken: int = 0
    refused: str = ""

    def __str__(self) -> str:
        if self.refused:
            return f"{self.path}: {self.refused}"
        said = f"{self.path}: {self.count} {self.lang} text(s) confirmed as up to date"
        if self.missing:
            said += f"; {self.missing} not translated yet, so not confirmed"
        if self.broken:
            said += f"; {self.broken} with errors to fix (python build.py check shows them)"
        return said


def confirm_group(root: Path, group: Group, lang: str, source_lang: str) -> Confirmed:
    """Record that `lang`'s translations of `group` were checked against today's source
    texts."""
    source, file = group.files[source_lang], group.files[lang]
    if source.root is None:
        return Confirmed(
            source.path, lang, refused="cannot be read (python build.py check says why)"
        )
    if file.root is None:
        return Confirmed(
            file.path,
            lang,
            refused="not confirmed: the file is missing or cannot be read "
            "(python build.py check says why)",
        )
    lock, _ = read_lock(root, group.folder, source_lang)
    result = compare(source.root, file.root, lang)
    lock = confirm(
        lock, lang, texts_of(source.root), texts_of(file.root), result.done + result.broken
    )
    path, data = lock_path(root, group.folder), lock.to_json()
    if not path.is_file() or path.read_bytes() != data:
        write_atomic(path, data)
    count = len(lock.confirmed[lang])
    return Confirmed(file.path, lang, count, len(result.missing), len(result.broken))
