"""tract: multilingual content to print-ready PDFs for the union's outreach materials."""

__version__ = "0.1.0"
