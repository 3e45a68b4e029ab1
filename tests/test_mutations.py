"""A careless or hostile translator, many times over: every content file of the shipped
project is mutated many ways, and each time the build must answer with problems, never a
traceback; every error must point inside a real file, at a real line and column; and only the
documents made from the mutated file may fail.

The build runs as `check` does (load, check, resolve, render; no layout), which is where content
meets code; a few mutations also go through a full build in test_errors.py.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ROOT, Project
from tract.pipeline import Options, build
from tract.render.templates import CompiledTemplates, check_templates, environment
from tract.report import Report
from tract.variants import COMPILED

pytestmark = pytest.mark.slow  # hundreds of builds: make test-fast leaves it out

# Every file of the reviewed languages, and of one right-to-left and one unspaced script
# among the drafts: the suite stays under a few minutes as languages are added.
SAMPLED = {"fr", "nl", "en", "ar", "th"}
FILES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in [*(ROOT / "content").rglob("*.yaml"), ROOT / "seeds" / "facts.yaml"]
    if p.stem in SAMPLED or p.parent.name == "seeds" or p.name in ("document.yaml", "site.yaml")
)

ODD = [
    "\x00",
    "\x07",
    "\x1b",
    "\ufeff",
    "\u200f",
    "\u202e",
    "\u0301",
    "\U0001f600",
    "\ud7ff",
    "\t",
    "\r",
    "\u2028",
    "\x85",
    "з",
    "ش",
    "ไทย",
]
MARKUP = ["<b>", "**", "*", "{", "}", "{{ x }}", "{% if %}", "<script>", "&amp;", "\\", '"', "'"]
# What a value of site.yaml, a document.yaml or the fact sheet may be mistyped as.
VALUES = ["", "x", "[a, b]", "{a: 1}", "12", "true", "-1", "2027-13-40", "http://x", "A9", "8+"]
PLACEHOLDER_BREAKS = [
    ("}", ""),
    ("{", ""),
    (".year}", "}"),
    (".year}", ".year.x}"),
    ("{org.", "{org.name."),
    ("{fact.", "{fact}{"),
    ("{event.rights_day.", "{event.rights_day}{"),
    ("{contact.", "{contact.phone.x}{"),
    ("{", "{__class__."),
    ("{", "{0}{"),
    ("{", "{ }{"),
]


@dataclass(frozen=True)
class Mutation:
    path: str
    kind: str
    seed: int

    def apply(self, text: str) -> str:
        rng = random.Random(f"{self.path}:{self.kind}:{self.seed}")
        lines = text.split("\n")
        at = rng.randrange(len(lines))
        if self.kind == "delete a line":
            del lines[at]
        elif self.kind == "duplicate a line":
            lines.insert(at, lines[at])
        elif self.kind == "swap indentation":
            line = lines[at]
            lines[at] = line[2:] if line.startswith("  ") else "  " + line
        elif self.kind == "truncate":
            return text[: rng.randrange(len(text) + 1)]
        elif self.kind == "insert unicode":
            spot = rng.randrange(len(text) + 1)
            return text[:spot] + rng.choice(ODD) + text[spot:]
        elif self.kind == "insert markup":
            spot = rng.randrange(len(text) + 1)
            return text[:spot] + rng.choice(MARKUP) + text[spot:]
        elif self.kind in ("another value", "misspell a key"):
            keyed = [i for i, line in enumerate(lines) if ":" in line and line.strip()[:1] != "#"]
            at = rng.choice(keyed)
            key, _, value = lines[at].partition(":")
            if self.kind == "another value":
                lines[at] = f"{key}: {rng.choice(VALUES)}"
            else:
                lines[at] = (key[:-1] if len(key.strip()) > 1 else key + "x") + ":" + value
        elif self.kind == "delete a group":
            indent = len(lines[at]) - len(lines[at].lstrip())
            end = at + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
            ):
                end += 1
            del lines[at:end]
        elif self.kind == "break a placeholder":
            candidates = [(o, n) for o, n in PLACEHOLDER_BREAKS if o in text]
            if not candidates:
                return text + "\nx: '{broken'\n"
            old, new = rng.choice(candidates)
            starts = [i for i in range(len(text)) if text.startswith(old, i)]
            spot = rng.choice(starts)
            return text[:spot] + new + text[spot + len(old) :]
        return "\n".join(lines)


KINDS = (
    "delete a line",
    "duplicate a line",
    "swap indentation",
    "truncate",
    "insert unicode",
    "insert markup",
    "break a placeholder",
)
# The files read as records (site.yaml, document.yaml, the fact sheet): their values too.
RECORDS = [f for f in FILES if f.endswith(("site.yaml", "document.yaml", "facts.yaml"))]
# One place per file and kind keeps the suite well under five minutes on two cores (each
# mutation is a whole check of the shipped project, 0.2 s); the values of the records, fewer
# files, get two.
MUTATIONS = [Mutation(path, kind, 0) for path in FILES for kind in KINDS]
MUTATIONS += [
    Mutation(path, kind, seed)
    for path in RECORDS
    for kind in ("another value", "misspell a key", "delete a group")
    for seed in range(2)
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped project; each mutation copies its content/ and links the rest."""
    root = tmp_path_factory.mktemp("pristine")
    for name in ("content", "templates", "seeds"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def bench(pristine: Path) -> Path:
    """The project each mutation is written into, in turn. Its templates are the pristine
    ones, compiled once: no mutation touches them, and a check writes nothing in output/."""
    root = pristine.parent / "bench"
    root.mkdir()
    (root / "templates").symlink_to(pristine / "templates")
    compiled = CompiledTemplates(root / COMPILED)
    check_templates(environment(root / "templates", compiled), root / "templates", root)
    compiled.save()
    return root


def _mutated(pristine: Path, target: Path, path: str, text: str) -> Path:
    for name in ("content", "seeds"):
        shutil.rmtree(target / name, ignore_errors=True)
        shutil.copytree(pristine / name, target / name)
    (target / path).write_bytes(text.encode("utf-8", "surrogatepass"))
    return target


def _check(root: Path, path: str) -> Report:
    try:
        return build(root, Options(check_only=True, jobs=1))
    except Exception as exc:  # the failure this test exists for
        raise AssertionError(f"a traceback from content ({path}): {exc!r}") from exc


def _assert_sound(root: Path, path: str, report: Report) -> None:
    for problem in report.problems:
        pos = problem.pos
        file = root / pos.path
        if pos.whole:  # about the file as a whole: it is there, or it is the one missing
            assert file.is_file() or "missing" in problem.message, f"{problem}: no such file"
            continue
        assert file.is_file(), f"{problem}: no such file"
        lines = file.read_bytes().decode("utf-8", "replace").split("\n")
        assert 1 <= pos.line <= len(lines), f"{problem}: the file has {len(lines)} lines"
        assert 1 <= pos.col <= len(lines[pos.line - 1]) + 1, f"{problem}: no such column"
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "content" and parts[1] != "strings":
        doc = parts[1]
        assert all(f.output.doc == doc for f in report.failed), (path, report.failed)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: f"{m.path}:{m.kind}:{m.seed}")
def test_a_mutated_file_gives_problems_at_real_places(
    mutation: Mutation, pristine: Path, bench: Path
) -> None:
    text = (pristine / mutation.path).read_text(encoding="utf-8")
    root = _mutated(pristine, bench, mutation.path, mutation.apply(text))
    _assert_sound(root, mutation.path, _check(root, mutation.path))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from([f for f in FILES if f.split("/")[-1] in ("nl.yaml", "en.yaml")]),
    where=st.floats(0, 1),
    inserted=st.text(min_size=1, max_size=4),
)
def test_any_text_typed_anywhere_in_a_translation(
    path: str, where: float, inserted: str, pristine: Path, bench: Path
) -> None:
    text = (pristine / path).read_text(encoding="utf-8")
    spot = int(where * len(text))
    root = _mutated(pristine, bench, path, text[:spot] + inserted + text[spot:])
    _assert_sound(root, path, _check(root, path))


def test_a_broken_translation_stops_only_its_own_document(
    real_build: Project, tmp_path: Path
) -> None:
    """Through a whole build, from the session's build: the Dutch flyer fails, with its line;
    none of the 108 other files (PDFs and images) is held back by it."""
    root = tmp_path / "b"
    shutil.copytree(real_build.root, root, symlinks=True)
    path = "content/rights-flyer/nl.yaml"
    text = (root / path).read_text(encoding="utf-8")
    (root / path).write_text(text.replace("{org.name}", "{org.name.x}", 1), encoding="utf-8")
    result = Project(root).run("--jobs", "1", "--draft")
    assert result.code == 1
    errors = [line for line in result.lines if ": error: " in line]
    assert errors and all(line.startswith(f"{path}:") for line in errors), errors
    built, current, failed = map(int, re.findall(r"(\d+) (?:built|up to date|failed)", result.out))
    assert (built + current, failed) == (108, 6), result.out  # what other tests changed is made
    failed = [line for line in result.out.splitlines() if "failed:" in line]
    assert len(failed) == 1 and failed[0].startswith("  failed: output/nl/rights-flyer."), failed
