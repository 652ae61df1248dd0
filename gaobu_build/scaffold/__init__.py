"""`gaobu new`: the skeleton of a new office's site (see new.py)."""

from .new import NewSite, create

__all__ = ["NewSite", "create"]
