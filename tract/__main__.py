"""`python -m tract`: the commands of `python build.py`, on the project in the current folder."""

from tract.cli import run

run()
