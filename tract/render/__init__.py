"""Render: one document in one language as resolved text, then as HTML for each layout."""
