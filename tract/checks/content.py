"""Check stage: every translation file against its source-language file, and every string's
placeholders and markup against what the project knows."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from tract.checks.easyread import easy_read_problems
from tract.checks.hidden import hidden_problems
from tract.checks.lengths import length_problems
from tract.fonts import missing_glyphs
from tract.problems import Pos, Problem, error, warning
from tract.render.context import Contexts, LanguageContext, language_contexts, placeholder_names
from tract.source.languages import language_name
from tract.source.markup import PLACEHOLDER, BadBrace, Placeholder, markup_signature, scan, spans
from tract.source.model import Language, LocaleFile, Project
from tract.source.schema import did_you_mean
from tract.source.strings import (
    PLURAL_CATEGORIES,
    entry_at,
    is_blank,
    is_plural,
    leaves,
    one_number,
    plural_tags,
)
from tract.source.writing import right_to_left
from tract.source.yamlfile import KIND_NAMES, Mapping, Node, Scalar, Sequence, walk_scalars

REQUIRED_KEYS = ("title",)


@dataclass
class Comparison:
    """What a translation file holds compared with its source, key by dotted key."""

    done: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def glyph_problems(file: LocaleFile, language: Language) -> list[Problem]:
    """Every character must be in the fonts of the file's language: a fallback font would
    change the look and break the embedded-fonts promise. Said once per file, at the first
    string that needs what is missing."""
    if file.root is None:
        return []
    missing: dict[str, None] = {}
    first: Pos | None = None
    for _, scalar in walk_scalars(file.root):
        found = missing_glyphs(scalar.text, language.stack)
        if found and first is None:
            first = scalar.pos
        missing.update(dict.fromkeys(found))
    if first is None:
        return []
    only = " and ".join(language.families)
    if not language.has_script_font:
        return [
            error(
                first,
                f"{language.name} text needs a font with {language.script_name} letters; the "
                f"theme gives {language.code} only {only}: add a family for {language.script} "
                "under fonts in templates/theme.yaml",
            )
        ]
    chars = sorted(missing)
    shown = ", ".join(
        f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars[:5]
    )
    more = f" and {len(chars) - 5} more" if len(chars) > 5 else ""
    one = len(chars) == 1
    return [
        error(
            first,
            f"the character{'' if one else 's'} {shown}{more} {'is' if one else 'are'} not in "
            f"the fonts the theme gives {language.code} ({only}); "
            f"write {'it' if one else 'them'} another way",
        )
    ]


def latin_in_markup(file: LocaleFile, context: LanguageContext) -> list[Problem]:
    """In a right-to-left text, bold or italic around a left-to-right run (a name in Latin
    letters) is one more inline box, across which WeasyPrint 70 does not reorder: the run
    may land on the wrong side. Placeholders are isolated by the build; typed text is not."""
    if not context.language.rtl or file.root is None:
        return []
    out = []
    for key, scalar in walk_scalars(file.root):
        for span in spans(scalar.text):
            typed = PLACEHOLDER.sub("", span.text)
            left_to_right = any(unicodedata.bidirectional(c) == "L" for c in typed)
            if left_to_right and not any(right_to_left(c) for c in typed):
                out.append(
                    warning(
                        scalar.pos,
                        f"'{key}': the bold or italic '{span.text}' is left to right in a "
                        "right-to-left text and may be printed on the wrong side; use a "
                        "placeholder, or leave it unmarked",
                    )
                )
    return out


def check_strings(text: str, pos: Pos, namespace: set[str], problems: list[Problem]) -> bool:
    """Problems with the braces of one string; True when every placeholder is known."""
    ok = True
    for item in scan(text):
        if isinstance(item, BadBrace):
            problems.append(
                error(
                    pos,
                    f"'{item.text}' is not a placeholder; placeholders look "
                    "like {org.name}, and a brace cannot be used on its own",
                )
            )
            ok = False
        elif isinstance(item, Placeholder) and item.name not in namespace:
            problems.append(
                error(
                    pos, f"unknown placeholder {{{item.name}}}" + did_you_mean(item.name, namespace)
                )
            )
            ok = False
    return ok


def _placeholders(text: str) -> set[str]:
    return {p.name for p in scan(text) if isinstance(p, Placeholder)}


def _compare_text(
    key: str, src: Scalar, dst: Scalar, lang: str, result: Comparison, in_words: bool = False
) -> None:
    """`in_words`: a plural form for a single count, which may say it without {count}."""
    before = len(result.problems)
    ours, theirs = _placeholders(src.text), _placeholders(dst.text)
    if in_words and "count" not in theirs:
        ours.discard("count")
    for name in sorted(theirs - ours):
        result.problems.append(
            error(
                dst.pos,
                f"'{key}' uses {{{name}}}, which the source text "
                "does not have; use exactly the source's placeholders",
            )
        )
    for name in sorted(ours - theirs):
        result.problems.append(
            error(
                dst.pos,
                f"'{key}' must contain {{{name}}} like the source "
                "text; copy it as it is, braces included",
            )
        )
    if markup_signature(src.text) != markup_signature(dst.text):
        result.problems.append(
            warning(
                dst.pos,
                f"'{key}' does not have the same **bold** and *italic* parts as the source text",
            )
        )
    (result.broken if len(result.problems) > before else result.done).append(key)


def _compare(
    key: str, src: Node, dst: Node | None, lang: str, result: Comparison, parent: Pos
) -> None:
    """Walk the source tree; the translation must have the same shape."""
    if dst is None or is_blank(dst):
        _missing(key, src, result)
        return
    if isinstance(src, Scalar):
        if isinstance(dst, Scalar):
            _compare_text(key, src, dst, lang, result)
        else:
            result.problems.append(
                error(
                    dst.pos,
                    f"'{key}' should be text, as in the source, "
                    f"but here it is {KIND_NAMES[type(dst)]}",
                )
            )
            result.broken.append(key)
        return
    assert isinstance(src, Mapping)
    if is_plural(src):
        _compare_plural(key, src, dst, lang, result)
        return
    if not isinstance(dst, Mapping):
        result.problems.append(
            error(
                dst.pos,
                f"'{key}' should be a group of keys, as in the "
                f"source, but here it is {KIND_NAMES[type(dst)]}",
            )
        )
        result.broken.append(key)
        return
    _compare_mapping(key, src, dst, lang, result)


def _compare_mapping(key: str, src: Mapping, dst: Mapping, lang: str, result: Comparison) -> None:
    prefix = f"{key}." if key else ""
    for entry in src.entries:
        _compare(prefix + entry.key, entry.value, dst.get(entry.key), lang, result, dst.pos)
    known = set(src.keys())
    for entry in dst.entries:
        if entry.key not in known:
            result.extra.append(prefix + entry.key)
            result.problems.append(
                error(
                    entry.key_pos,
                    f"unknown key '{prefix}{entry.key}', "
                    "which the source file does not have" + did_you_mean(entry.key, known),
                )
            )


def _compare_plural(key: str, src: Mapping, dst: Node, lang: str, result: Comparison) -> None:
    """A translation holds the plural forms its language uses (CLDR, through Babel); the
    source's other forms are there for other languages, and are ignored here when empty."""
    tags, name = plural_tags(lang), language_name(lang)
    if not isinstance(dst, Mapping):
        result.problems.append(
            error(
                dst.pos,
                f"'{key}' depends on a number: write one line per plural form {name} uses "
                f"({listed(tags)}), as in the source",
            )
        )
        result.broken.append(key)
        return
    before = len(result.problems)
    unused = []
    for entry in dst.entries:
        if entry.key not in PLURAL_CATEGORIES:
            result.problems.append(
                error(
                    entry.key_pos,
                    f"'{entry.key}' is not a plural form; {name} uses {listed(tags)}",
                )
            )
        elif entry.key not in tags:
            if not is_blank(entry.value):
                unused.append(
                    warning(
                        entry.key_pos,
                        f"{name} never uses the form '{entry.key}'; it is never printed",
                    )
                )
        elif not is_blank(entry.value):
            source = src.get(entry.key) or src.get("other")
            if not isinstance(source, Scalar):
                continue
            form, form_key = Comparison(), f"{key}.{entry.key}"
            if isinstance(entry.value, Scalar):
                words = one_number(lang, entry.key)
                _compare_text(form_key, source, entry.value, lang, form, words)
            else:
                _compare(form_key, source, entry.value, lang, form, dst.pos)
            result.problems += form.problems
    if len(result.problems) > before:
        result.broken.append(key)
    elif any(is_blank(dst.get(tag)) for tag in tags):
        result.missing.append(key)
    else:
        result.done.append(key)
    result.problems += unused


def listing(words: Iterable[str]) -> str:
    """a, b and c, as a sentence lists them."""
    *rest, last = words
    return f"{', '.join(rest)} and {last}" if rest else last


def listed(tags: Iterable[str]) -> str:
    """Plural forms in a sentence: 'zero', 'two' and 'few'."""
    return listing(f"'{t}'" for t in tags)


def _missing(key: str, src: Node, result: Comparison) -> None:
    if isinstance(src, Mapping) and not is_plural(src):
        for entry in src.entries:
            _missing(f"{key}.{entry.key}", entry.value, result)
    else:
        result.missing.append(key)


def compare(source: Mapping, target: Mapping | None, lang: str) -> Comparison:
    result = Comparison()
    if target is None:
        _missing("", source, result)
        result.missing = [k.lstrip(".") for k in result.missing]
    else:
        _compare_mapping("", source, target, lang, result)
    return result


def check_source(file: LocaleFile, namespace: set[str], needs_title: bool) -> list[Problem]:
    """The source-language file: its own shape and placeholders."""
    problems: list[Problem] = []
    if file.root is None:
        return [error(Pos(file.path), "the source-language file is missing")]
    if needs_title:
        for key in REQUIRED_KEYS:
            if file.root.get(key) is None:
                problems.append(
                    error(
                        file.root.pos, f"every document needs a '{key}' key; it is the PDF's title"
                    )
                )
    _check_source_node("", file.root, namespace, problems)
    return problems


def _check_source_node(key: str, node: Node, namespace: set[str], problems: list[Problem]) -> None:
    if isinstance(node, Sequence):
        problems.append(
            error(
                node.pos,
                f"'{key}' is a list; translation files use named keys "
                "instead of lists, so that every text has a stable name",
            )
        )
    elif isinstance(node, Scalar):
        if not node.text.strip():
            problems.append(error(node.pos, f"'{key}' is empty in the source language"))
        check_strings(node.text, node.pos, namespace, problems)
    else:
        for entry in node.entries:
            _check_source_node(
                f"{key}.{entry.key}" if key else entry.key, entry.value, namespace, problems
            )


def plural_source_problems(file: LocaleFile, langs: Iterable[str]) -> list[Problem]:
    """A monolingual file gives a translator, and Weblate, a field only for a key its source
    has: so the source's plural group declares every form that a language of its group uses
    (CLDR, through Babel), each written as the source language says it for such a number."""
    if file.root is None:
        return []
    langs = list(langs)
    needed = {t for lang in langs for t in plural_tags(lang)}
    source = language_name(file.lang)
    out = []
    for key, node in leaves(file.root):
        entry = entry_at(file.root, key)
        if not (isinstance(node, Mapping) and is_plural(node)) or entry is None:
            continue
        lacking = [t for t in PLURAL_CATEGORIES if t in needed and t not in node]
        if not lacking:
            continue
        users = [language_name(lang) for lang in langs if set(plural_tags(lang)) & set(lacking)]
        one, them = len(lacking) == 1, "it" if len(lacking) == 1 else "them"
        out.append(
            error(
                entry.key_pos,
                f"'{key}' needs the plural form{'' if one else 's'} {listed(lacking)} too, "
                f"because {listing(users)} use{'s' if len(users) == 1 else ''} {them}; "
                f"write {them} in {source} (each as {source} would say it for such a number) "
                f"so that every translator, and Weblate, gets a field for {them}",
            )
        )
    return out


def missing_messages(
    file: LocaleFile, keys: list[str], source_path: str, draft: bool
) -> list[Problem]:
    """What is not translated yet, said where it belongs: an empty value at its key, keys the
    file lacks at the group they belong in (the file's start for top-level keys)."""
    if file.root is None:
        todo = f"copy {source_path} here and translate it"
        return [_missing_said(Pos(file.path), "this file is missing", todo, draft)]
    where: dict[Pos, list[str]] = {}
    empty: set[str] = set()
    for key in (form for missing in keys for form in _forms_missing(file, missing)):
        entry = entry_at(file.root, key)
        if entry is not None:
            empty.add(key)
        parent = key
        while entry is None and "." in parent:
            parent = parent.rpartition(".")[0]
            entry = entry_at(file.root, parent)
        where.setdefault(entry.key_pos if entry is not None else file.root.pos, []).append(key)
    problems = []
    for pos, found in where.items():
        if len(found) == 1 and found[0] in empty:
            what = f"'{found[0]}' is empty: not translated yet"
        else:
            shown = ", ".join(f"'{k}'" for k in found[:5])
            more = f" and {len(found) - 5} more" if len(found) > 5 else ""
            what = f"not translated yet: {shown}{more}"
        todo = "translate it" if len(found) == 1 else "translate them"
        problems.append(_missing_said(pos, what, todo, draft))
    return problems


def _forms_missing(file: LocaleFile, key: str) -> list[str]:
    """A missing key, or the forms a plural group written in part still lacks: the forms its
    language uses, empty or absent (a group the file lacks is one missing key)."""
    entry = entry_at(file.root, key)
    if entry is None or not isinstance(entry.value, Mapping):
        return [key]
    forms = entry.value
    return [f"{key}.{tag}" for tag in plural_tags(file.lang) if is_blank(forms.get(tag))]


def _missing_said(pos: Pos, what: str, todo: str, draft: bool) -> Problem:
    if draft:
        return warning(pos, f"{what} (the draft shows the source text instead)")
    return error(pos, f"{what}; {todo}, or build with --draft to see the rest")


def check_project(project: Project, draft: bool, contexts: Contexts | None = None) -> list[Problem]:
    """All content problems at once: source files, then each translation against its source;
    each about what its file is about. `contexts`: the build's, built once; a check on its
    own (serve's save) builds them."""
    if contexts is None:
        contexts = language_contexts(project)
    source = project.site.source_lang
    namespace = placeholder_names(contexts[source])
    problems: list[Problem] = []
    groups = [("strings", project.strings, False)] + [
        (doc, {lang: project.locales[(doc, lang)] for lang in spec.languages}, True)
        for doc, spec in project.documents.items()
    ]
    for _, files, needs_title in groups:
        src = files[source]
        problems += check_source(src, namespace, needs_title)
        problems += plural_source_problems(src, files)
        if src.root is None:
            continue
        for lang, file in files.items():
            if lang == source:
                continue
            result = compare(src.root, file.root, lang)
            problems += result.problems
            unreadable = file.root is None and (project.root / file.path).is_file()
            if result.missing and not unreadable:  # an unreadable file has its own error
                problems += missing_messages(file, result.missing, src.path, draft)
    every = [*project.strings.values(), *project.locales.values()]
    return project.with_subjects(
        problems
        + [p for file in every for p in glyph_problems(file, project.lang[file.lang])]
        + [p for file in every for p in latin_in_markup(file, contexts[file.lang])]
        + comment_warnings(every)
        + hidden_problems(project)
        + length_problems(project, contexts)
        + sample_warnings(project)
        + place_warnings(project)
        + easy_read_problems(project, contexts)
    )


def comment_warnings(files: list[LocaleFile]) -> list[Problem]:
    """Text after ' #' in an unquoted value is a YAML comment: say so where it starts."""
    return [
        warning(
            scalar.comment,
            f"the text after ' #' is a comment and will not be printed; put the whole text "
            f"of '{key}' in double quotes to keep it",
        )
        for file in files
        if file.root is not None
        for key, scalar in walk_scalars(file.root)
        if scalar.comment is not None
    ]


def sample_warnings(project: Project) -> list[Problem]:
    """Contacts and places marked as samples in site.yaml must be replaced before printing."""
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


def place_warnings(project: Project) -> list[Problem]:
    """A place printed in a language site.yaml gives no name for comes out in the source
    language: say so at the place, once per event and language, where a document prints it."""
    site, out = project.site, []
    for k, event in site.events.items():
        names = dict(event.place.texts)
        if "*" in names:  # one name for every language
            continue
        printing = [
            (doc, spec.languages)
            for doc, spec in project.documents.items()
            if _prints(project.locales[(doc, site.source_lang)], f"event.{k}.place")
        ]
        for lang in site.languages:
            users = [doc for doc, langs in printing if lang in langs]
            if users and lang not in names:
                out.append(
                    warning(
                        event.place.pos,
                        f"the place of '{k}' has no {project.lang[lang].name} name, so "
                        f"{', '.join(users)} in {lang} prints the {site.source_lang} one; add "
                        f"'{lang}: …' under place",
                    )
                )
    return out


def _prints(file: LocaleFile, placeholder: str) -> bool:
    return file.root is not None and any(
        placeholder in _placeholders(scalar.text) for _, scalar in walk_scalars(file.root)
    )
