"""Checking what was read: ids, links, figures, terms and the translation."""
