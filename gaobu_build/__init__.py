"""gaobu_build: an office's government work reports as a bilingual (Chinese and English) static site."""

__version__ = "0.1.0"
