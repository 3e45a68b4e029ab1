"""Finish: what the print shop and the office printer need (marks, imposed sheets, notes)."""
