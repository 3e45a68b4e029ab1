"""Checks: content, theme and easy-read problems found before anything is laid out."""
