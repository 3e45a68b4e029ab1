"""Build the union's documents: `python build.py --help` says how."""

import sys
from pathlib import Path

from tract.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
