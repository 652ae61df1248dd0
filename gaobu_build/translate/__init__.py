"""Working with translators: the report's units out to their tools and back.

One storage class per file format (`xliff.py`, `xlsx.py`, `tmx.py`, `tbx.py`),
all reading and writing the same `Unit`s (`units.py`); `importing.py` writes
what comes back into `report.yaml` (`yamledit.py`) and runs the quality gate
on it; `commands.py` is what `gaobu translate` calls.
"""
