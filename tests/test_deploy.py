"""The team server's set-up files, as `make team-server` installs them: a systemd unit that
systemd accepts and a Caddyfile that Caddy accepts, with the site's address filled in."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

URL = "https://tract.example.org"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("etc-root")
    subprocess.run(
        ["make", "--no-print-directory", "team-server-files", f"TEAM_ROOT={target}",
         f"URL={URL}", "PUSH=origin", "TEAM_USER=tract"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return target


def test_the_unit_starts_the_team_server_for_that_address(rendered: Path) -> None:
    unit = (rendered / "etc/systemd/system/tract-team.service").read_text(encoding="utf-8")
    assert (
        f"ExecStart={ROOT}/.venv/bin/python build.py team --url {URL} --port 8100 "
        "--trusted-proxy 127.0.0.1 --push origin"
    ) in unit
    assert f"ReadWritePaths={ROOT}" in unit and "User=tract" in unit and "@" not in unit
    drop_in = rendered / "etc/systemd/system/caddy.service.d/tract.conf"
    assert "Environment=TRACT_SITE=tract.example.org" in drop_in.read_text(encoding="utf-8")


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_accepts_the_unit(rendered: Path) -> None:
    unit = rendered / "etc/systemd/system/tract-team.service"
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not shutil.which("caddy"), reason="needs Debian's caddy")
def test_caddy_accepts_the_caddyfile(rendered: Path, tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path), "TRACT_SITE": "tract.example.org"}  # fmt: skip
    done = subprocess.run(
        ["caddy", "validate", "--config", str(rendered / "etc/caddy/Caddyfile"),
         "--adapter", "caddyfile"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
