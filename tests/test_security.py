"""Hostile or careless input: nothing bad gets in, nothing personal gets out, nothing is lost."""

from __future__ import annotations

import fcntl
import getpass
import http.server
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import pikepdf
import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont
from PIL import Image

from tests.helpers import ROOT, Project, copy_project
from tests.pdfs import text
from tests.slow import Nap
from tract.layout.workers import Failure, Pool
from tract.source.load import load_project

NL = "content/note/nl.yaml"
TEMPLATE = "templates/note.html.j2"


def _decompressed(path: Path) -> bytes:
    """Every byte of a PDF with its streams inflated, to search for what must not be there."""
    out = path.with_suffix(".qdf")
    with pikepdf.open(path) as pdf:
        pdf.save(
            out, qdf=True, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.all
        )
    return out.read_bytes()


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "title: &a Een notitie\n",
            "YAML anchors ('&name') are not allowed; write the text out in full",
        ),
        (
            "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntitle: *c\n",
            "YAML anchors ('&name') are not allowed; write the text out in full",
        ),
        (
            "title: !!python/object/apply:os.system [echo hi]\n",
            "YAML tags ('tag:yaml.org,2002:python/object/apply:os.system') are not allowed; remove "
            "the tag and keep only the text",
        ),
        (
            "title: Een\n---\ntitle: Twee\n",
            "the file holds more than one YAML document; remove the '---' line",
        ),
    ],
)
def test_yaml_features_that_run_or_multiply_are_refused(
    minimal: Project, yaml_text: str, message: str
) -> None:
    minimal.write(NL, yaml_text)
    result = minimal.run("check")
    assert result.code == 1
    assert any(line.startswith(f"{NL}:") and line.endswith(message) for line in result.lines), (
        result.err
    )


def test_oversized_files_are_refused(minimal: Project) -> None:
    minimal.write(NL, "title: Een notitie\n" + "# padding\n" * 120_000)
    many = "".join(f"k{i}: v\n" for i in range(12_000))
    minimal.write("content/note/en.yaml", "title: A note\n" + many)
    result = minimal.run("check")
    assert (
        f"{NL}:1:1: error: the file is larger than 1000 kB; split it or remove what does "
        "not belong in it" in result.lines
    )
    assert (
        "content/note/en.yaml:1:1: error: the file has more than 20000 values; it is too "
        "large to be content" in result.lines
    )


@pytest.mark.slow  # other processes, stopped or killed
def test_ctrl_c_stops_the_build_and_says_what_was_published(minimal: Project) -> None:
    for name in ("one", "two", "three", "four", "five"):
        os.system(f"cp -r {minimal.root}/content/note {minimal.root}/content/{name}")
    command = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from tract.cli "
        "import main; sys.exit(main(['--jobs', '2'], root=Path.cwd()))",
    ]
    proc = subprocess.Popen(
        command,
        cwd=minimal.root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not list((minimal.root / "output").rglob("*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends to the whole group
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "Stopped by Ctrl-C. Published before stopping:" in out
    published = {
        p.relative_to(minimal.root).as_posix() for p in (minimal.root / "output").rglob("*.pdf")
    }
    listed = {line.strip() for line in out.splitlines() if line.startswith("  output/")}
    assert listed == published and published
    again = minimal.run()
    assert again.code == 0 and "nothing to do" not in again.out


def test_yaml_words_stay_text_and_markup_stays_characters(minimal: Project) -> None:
    minimal.edit("content/note/en.yaml", "title: A note", "title: 'no'")
    minimal.edit("content/note/en.yaml", "a contract:", "<script>alert(1)</script> <img src=x>:")
    result = minimal.run("--lang", "en")
    assert result.code == 0, result.err
    printed = text(minimal.root / "output/en/note.pdf")
    assert "<script>alert(1)</script> <img src=x>" in printed
    with pikepdf.open(minimal.root / "output/en/note.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "no"


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_templates_fetch_nothing_from_the_network_or_outside(minimal: Project) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    remote = f"http://127.0.0.1:{server.server_port}/pixel.png"
    try:
        minimal.edit(
            TEMPLATE,
            "<h1>",
            f'<img src="{remote}" alt=""><img src="file:///etc/hostname" alt=""><h1>',
        )
        minimal.edit(
            TEMPLATE,
            "</style>",
            f'</style><link rel="stylesheet" href="{remote.replace("png", "css")}">',
        )
        result = minimal.run("--lang", "fr")
    finally:
        server.shutdown()
        server.server_close()
    assert _Recorder.requests == []
    assert result.code == 1
    assert "WeasyPrint" not in result.err  # said once, in our words
    said = "which the build refuses: only files in templates/ and the packaged fonts may be used"
    css = remote.replace("png", "css")
    host_col = len('<img src="') + len(remote) + len('" alt=""><img src="') + 1
    assert [line for line in result.lines if "refuses" in line] == [  # where each is asked for
        f"{TEMPLATE}:8:38: error: the template asks for '{css}', {said}",
        f"{TEMPLATE}:11:11: error: the template asks for '{remote}', {said}",
        f"{TEMPLATE}:11:{host_col}: error: the template asks for 'file:///etc/hostname', {said}",
    ]
    assert not (minimal.root / "output/fr/note.pdf").exists()


def test_pdfs_hold_no_path_user_or_host(minimal: Project) -> None:
    assert minimal.run().code == 0
    secrets = [
        str(minimal.root).encode(),
        str(ROOT).encode(),
        b"file:",
        socket.gethostname().encode(),
        f"/home/{getpass.getuser()}".encode(),
    ]
    for pdf in (minimal.root / "output").rglob("*.pdf"):
        data = _decompressed(pdf)
        for secret in secrets:
            assert secret not in data, (pdf, secret)
        with pikepdf.open(pdf) as doc:
            assert set(doc.docinfo.keys()) <= {"/Title", "/Subject", "/Creator", "/Producer"}


def test_images_lose_their_metadata(minimal: Project) -> None:
    image = Image.new("RGB", (40, 40), "purple")
    exif = Image.Exif()
    exif[0x013B] = "Secret Photographer"  # Artist
    image.save(minimal.root / "templates/photo.jpg", exif=exif.tobytes(), comment=b"GPS here")
    minimal.edit(TEMPLATE, "<h1>", '<img src="photo.jpg" alt="A purple square"><h1>')
    result = minimal.run("--lang", "en")
    assert result.code == 0, result.err
    data = _decompressed(minimal.root / "output/en/note.pdf")
    assert b"Secret Photographer" not in data and b"GPS here" not in data
    assert b"/Subtype /Image" in data


def test_same_inputs_give_the_same_bytes_anywhere(tmp_path: Path) -> None:
    fixture = ROOT / "tests/fixtures/minimal"
    first = copy_project(fixture, tmp_path / "a")
    second = copy_project(fixture, tmp_path / "somewhere" / "else")
    for project in (first, second):
        project.edit(
            "content/note/document.yaml", "pages: 1", "pages: 1\nvariants: [screen, print]"
        )
    assert first.run().code == 0 and second.run().code == 0
    assert len(list((first.root / "output").rglob("*.print.pdf"))) == 3
    for pdf in (first.root / "output").rglob("*.pdf"):
        twin = second.root / "output" / pdf.relative_to(first.root / "output")
        assert pdf.read_bytes() == twin.read_bytes(), pdf.name


def test_every_language_gives_the_same_bytes_twice(real_build: Project, tmp_path: Path) -> None:
    """The card is made in every shipped language and every variant, each script in its own
    font (Sofia Sans, the variable one, is instanced at every write): made again elsewhere,
    at least a second later, every PDF has the session build's bytes."""
    first = real_build.root / "output"
    built = max(p.stat().st_mtime for p in first.rglob("contact-card*.pdf"))
    time.sleep(max(0.0, built + 1.1 - time.time()))  # a font's date counts seconds
    again = copy_project(ROOT, tmp_path)
    assert again.run("--draft", "--doc", "contact-card", "--jobs", "2").code == 0
    made = sorted((again.root / "output").rglob("contact-card*.pdf"))
    project, _ = load_project(ROOT)
    assert project is not None
    assert {p.parent.name for p in made} == set(project.languages)
    assert len(made) == len(project.languages) * 4  # screen, print, sheet, discreet
    for pdf in made:
        twin = first / pdf.relative_to(again.root / "output")
        assert pdf.read_bytes() == twin.read_bytes(), pdf.relative_to(again.root)


def test_embedded_fonts_carry_no_clock(real_build: Project) -> None:
    """fontTools dates each font it saves (head.modified) by the clock unless told not to:
    no font embedded in any PDF of the shipped build is dated today (a packaged font keeps
    its own date; Sofia Sans, instanced at every write, gets the build's fixed one)."""
    recent = timestampSinceEpoch(int(time.time()) - 86400)
    fonts = 0
    for path in (real_build.root / "output").rglob("*.pdf"):
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj:
                    font = TTFont(io.BytesIO(obj.FontFile2.read_bytes()))
                    assert font["head"].modified < recent, (path.name, str(obj.FontName))
                    fonts += 1
    assert fonts > 92


@pytest.mark.slow  # other processes, stopped or killed
def test_a_killed_build_leaves_whole_files_and_the_next_cleans_up(minimal: Project) -> None:
    for name in ("one", "two", "three", "four"):
        os.system(f"cp -r {minimal.root}/content/note {minimal.root}/content/{name}")
    command = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; from tract.cli "
        "import main; sys.exit(main(['--force', '--jobs', '2'], root=Path.cwd()))",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.8, 1.6, 2.4):
        proc = subprocess.Popen(
            command,
            cwd=minimal.root,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for pdf in (minimal.root / "output").rglob("*.pdf"):
            with pikepdf.open(pdf) as doc:  # a truncated file would not open
                assert len(doc.pages) >= 1
    finished = subprocess.run(command, cwd=minimal.root, env=env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert not list((minimal.root / "output").rglob("*.tmp"))
    assert len(list((minimal.root / "output").rglob("*.pdf"))) == 15


def test_a_second_build_waits_for_the_first(minimal: Project) -> None:
    (minimal.root / "output").mkdir()
    with open(minimal.root / "output/.build.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        results = []
        thread = threading.Thread(target=lambda: results.append(minimal.run("--lang", "fr")))
        thread.start()
        time.sleep(1.0)
        assert thread.is_alive() and not (minimal.root / "output/fr/note.pdf").exists()
        fcntl.flock(held, fcntl.LOCK_UN)
    thread.join(timeout=30)
    assert results[0].code == 0
    assert "another build is running in this folder; waiting for it to finish…" in results[0].out


@pytest.mark.slow  # other processes, stopped or killed
def test_a_hanging_layout_is_stopped_and_the_rest_go_on() -> None:
    jobs = [Nap("quick-1", 0.1), Nap("stuck", 60), Nap("quick-2", 0.1), Nap("quick-3", 0.1)]
    started = time.monotonic()
    with Pool("tests.slow:nap", 2) as pool:
        results = list(pool.run(jobs, limit=2.0))
    assert time.monotonic() - started < 15
    assert sorted(r for r in results if isinstance(r, str)) == ["quick-1", "quick-2", "quick-3"]
    failures = [r for r in results if isinstance(r, Failure)]
    assert failures == [Failure("stuck", "layout took longer than 2 s and was stopped")]


def test_a_stopped_run_starts_no_more_jobs_and_the_workers_stay_warm() -> None:
    """serve stops a build for a newer edit: the jobs under way finish, no other starts, and
    the same workers run the next build's jobs, each result with its own job."""
    jobs = [Nap("first", 0.3), Nap("second", 0.3), Nap("third", 0.1), Nap("fourth", 0.1)]
    stop = threading.Event()
    with Pool("tests.slow:nap", 2) as pool:
        processes = [w.process.pid for w in pool.workers]
        results = []
        for result in pool.run(jobs, limit=10.0, stop=stop):
            results.append(result)
            stop.set()
        assert sorted(results) == ["first", "second"]
        assert list(pool.run([Nap("next", 0.1)], limit=10.0)) == ["next"]
        assert [w.process.pid for w in pool.workers] == processes


def test_workers_load_weasyprints_libraries_without_running_the_compiler() -> None:
    """The quick library lookup a worker imports WeasyPrint with finds the same libraries."""
    code = (
        "import ctypes.util, subprocess\n"
        "from tract.layout.workers import _libraries_from_ldconfig\n"
        "original, runs = ctypes.util.find_library, []\n"
        "popen = subprocess.Popen.__init__\n"
        "def counted(self, args, *a, **k):\n"
        "    runs.append(str(args))\n"
        "    popen(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = counted\n"
        "with _libraries_from_ldconfig():\n"
        "    from weasyprint.text import ffi\n"
        "assert ctypes.util.find_library is original\n"
        "print(ffi.pango is not None, ffi.harfbuzz_subset is not None,"
        " [r for r in runs if 'ldconfig' not in r])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.split() == ["True", "True", "[]"], done.stderr


def test_a_refused_file_in_a_stylesheet_is_named_at_its_line(minimal: Project) -> None:
    minimal.write("templates/note.css", "h1 {\n  background: url('../content/site.yaml');\n}\n")
    minimal.edit(TEMPLATE, "</style>", '</style><link rel="stylesheet" href="note.css">')
    result = minimal.run("--lang", "fr")
    assert result.code == 1
    url = (minimal.root / "content/site.yaml").as_uri()
    col = len("  background: url('") + 1
    assert (
        f"templates/note.css:2:{col}: error: the template asks for '{url}', which the build "
        "refuses: only files in templates/ and the packaged fonts may be used"
    ) in result.lines
