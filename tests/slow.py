"""Functions for the worker-pool tests; importable by spawned worker processes."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Nap:
    key: str
    seconds: float


def nap(job: Nap) -> str:
    time.sleep(job.seconds)
    return job.key
