"""`python -m tract`: the same commands as `python build.py`, on the project in the current folder."""

from tract.cli import run

run()
