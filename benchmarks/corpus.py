"""Benchmark data: an archive of reports made from the real reports in ../shared/fixtures/reports/.

Every report is imported with the landed importer, brought to REPORT_CHARS Chinese characters
(paragraphs repeated under new ids, the last one cut), and given generated English filler of
the length a real translation has (the Gaobu report's English/Chinese ratio). The filler carries
the paragraph's figures, masks and glossary renderings, so the data passes the quality gate as a
translated report would. It is marked as benchmark data in every title and paragraph, lives
under build/bench/, and never goes into data/.
"""

from __future__ import annotations

import random
import re
import shutil

from pathlib import Path

from gaobu_build.source.quantities import NUMBER, PERCENT, chinese_figures
from gaobu_build.source.glossary import TermFinder
from gaobu_build.importer.run import import_report
from gaobu_build.importer.write import dump
from gaobu_build.source.loader import load_glossary, read_project
from gaobu_build.checks.summary import accept_translations
from gaobu_build.checks.translation import MASK_RE

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT.parent / "shared" / "fixtures" / "reports"
SOURCES = ("dongguan-city-2024.md", "national-2024-gwr-zh.txt")
REPORT_CHARS = 17_000
MARK = "[benchmark filler]"
# Ordinary report English, so that stemming and the index see realistic words.
WORDS = ("the development of high-quality growth economy industry enterprises investment projects town city "
         "government services people public rural urban green innovation reform opening technology policy "
         "support improve strengthen promote build new modern advanced manufacturing digital market business "
         "environment education health care housing transport safety culture community villages ecological "
         "protection water energy efficient steady progress target year work plan measures major key").split()


def english_figure(figure) -> str:
    """A figure as the English side writes it, equal by value to the Chinese one."""
    text = format(figure.value.normalize(), "f") if figure.value != figure.value.to_integral() else str(int(figure.value))
    if figure.kind == PERCENT:
        return f"{text}%"
    if figure.kind != NUMBER:
        return f"{text} percentage points"
    return text


def filler(zh: str, seed: str, ratio: float, finder: TermFinder) -> str:
    """English of `ratio` times the length of `zh`, with its figures, masks and glossary terms."""
    rng = random.Random(seed)
    must = [english_figure(f) for f in chinese_figures(zh) if not f.weak]
    must += [m.group(0) for m in MASK_RE.finditer(zh)]
    must += [match.term.en for match in finder.in_chinese(zh)]
    target = max(int(len(zh) * ratio), 20)
    words = [MARK]
    length = len(MARK)
    while length < target or must:
        word = must.pop(0) if must and rng.random() < 0.3 else rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words) + "."


def _paragraph_lists(report: dict):
    yield report["preamble"]
    for part in report["parts"]:
        yield part.setdefault("paragraphs", [])
        for section in part.get("sections", []):
            yield section["paragraphs"]


def resize(report: dict, chars: int) -> None:
    """Repeat the report's part paragraphs (under new ids) until it has `chars` Chinese characters, then cut."""
    body = [lst for lst in list(_paragraph_lists(report))[1:] if lst]
    total = sum(len(p["zh"]) for lst in _paragraph_lists(report) for p in lst)
    originals = [(lst, list(lst)) for lst in body]
    copy = 2
    while total < chars:
        for lst, paragraphs in originals:
            for p in paragraphs:
                if total >= chars:
                    break
                lst.append({**p, "id": f"{p['id']}-copy-{copy}"})
                total += len(p["zh"])
        copy += 1
    # Cut from the end: drop whole paragraphs, then shorten the last one to the exact size.
    for lst in reversed(list(_paragraph_lists(report))):
        while lst and total - len(lst[-1]["zh"]) >= chars and (len(lst) > 1 or lst is not report["preamble"]):
            total -= len(lst.pop()["zh"])
        if lst and total > chars:
            last = lst[-1]
            last["zh"] = last["zh"][: len(last["zh"]) - (total - chars)]
            last.pop("emphasis", None)  # its bold phrases may have been cut off with the text
            total = chars
    for part in report["parts"]:
        part["sections"] = [s for s in part.get("sections", []) if s["paragraphs"]]
        if not part["sections"]:
            del part["sections"]
        if not part["paragraphs"]:
            del part["paragraphs"]
    report["parts"] = [p for p in report["parts"] if p.get("paragraphs") or p.get("sections")]


def translate(report: dict, ratio: float, finder: TermFinder) -> None:
    def fill(text: dict, seed: str) -> None:
        text["en"] = filler(text["zh"], seed, ratio, finder)

    year = report["year"]
    title = re.sub(r"^\d{4}年", "", report["title"]["zh"])
    report["title"] = {"zh": f"{year}年{title}（基准测试数据）",
                       "en": f"{MARK} Report on the Work of the Government ({year})"}
    for key in ("meeting", "source"):
        if key in report:
            fill(report[key], key)
    for lst in _paragraph_lists(report):
        for p in lst:
            fill(p, p["id"])
    for part in report["parts"]:
        fill(part["title"], part["id"])
        for section in part.get("sections", []):
            fill(section["title"], section["id"])


def key_figures(report: dict, indicators: list[dict], ratio: float, finder: TermFinder, count: int = 4) -> list[dict]:
    """The first figures the importer proposed whose value the (resized) paragraph still states."""
    paragraphs = {p["id"]: p for lst in _paragraph_lists(report) for p in lst}
    chosen = []
    for ind in indicators:
        p = paragraphs.get(ind["paragraph"])
        value = ind.get("value")
        if not (p and value and value in p["zh"]) or len(chinese_figures(value)) != 1 or chinese_figures(value)[0].weak:
            continue
        en_value = english_figure(chinese_figures(value)[0])
        if en_value not in p["en"]:
            continue
        chosen.append({"label": {"zh": ind["label"], "en": filler(ind["label"], ind["label"], ratio, finder)},
                       "value": {"zh": value, "en": en_value}, "paragraph": ind["paragraph"]})
        if len(chosen) == count:
            break
    return chosen


def english_ratio(root: Path = ROOT) -> float:
    """How much longer the English of the real report is than its Chinese, in characters."""
    report = read_project(root).reports[0].report
    zh = sum(len(p.zh) for p, _ in report.all_paragraphs())
    en = sum(len(p.en or "") for p, _ in report.all_paragraphs())
    return en / zh


def make_archive(dest: Path, count: int, chars: int = REPORT_CHARS) -> Path:
    """A copy of the project whose data/ holds `count` benchmark reports (years 2024, 2023, …)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    (dest / "data").mkdir()
    for name in ("glossary.yaml", "site.yaml"):
        shutil.copy2(ROOT / "data" / name, dest / "data" / name)
    glossary, _ = load_glossary(ROOT / "data" / "glossary.yaml", "glossary.yaml")
    finder = TermFinder(glossary.glossary if glossary else None)
    ratio = english_ratio()
    for i in range(count):
        year = 2024 - i
        imported = import_report(FIXTURES / SOURCES[i % len(SOURCES)], year=year)
        report = imported.report
        report["year"] = year
        resize(report, chars)
        translate(report, ratio, finder)
        figures = key_figures(report, imported.indicators, ratio, finder)
        ordered = {k: report[k] for k in ("year", "title", "meeting", "source") if k in report}
        ordered.update(key_figures=figures, preamble=report["preamble"], parts=report["parts"])
        folder = dest / "data" / str(year)
        folder.mkdir()
        (folder / "report.yaml").write_text(
            dump(ordered, f"BENCHMARK DATA, generated by benchmarks/corpus.py from {SOURCES[i % len(SOURCES)]}:\n"
                          "the English is filler, not a translation. Never copy into data/."), encoding="utf-8")
    # A translated archive has its translations confirmed; without this every unit would warn.
    accept_translations(read_project(dest), set(), True)
    return dest


def chinese_chars(root: Path) -> dict[str, int]:
    """Characters of Chinese text per report (paragraphs), for the table's notes."""
    return {s.slug: sum(len(p.zh) for p, _ in s.report.all_paragraphs()) for s in read_project(root).reports}
