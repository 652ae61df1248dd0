"""gaobu_build: the Gaobu Town Government Work Report as a bilingual static site."""

__version__ = "0.1.0"
