"""Outputs: what a build leaves in output/ besides the PDFs (cache manifest, previews, catalog)."""
