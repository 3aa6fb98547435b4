"""Split monograph sections into paragraphs and sentences with offsets into ``Monograph.text``.

Wrapped lines are joined and whitespace folded. A hyphen at a line end is kept when the
hyphenated word is a compound (it occurs hyphenated elsewhere, starts with a compound prefix, or
both halves are words of the document) and dropped when the joined word occurs elsewhere or the
halves are fragments of a split word. Sentences do not end at abbreviations or decimals.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .model import Monograph, Section

ABBREVIATIONS = frozenset(
    "e.g i.e dr mr mrs ms vs etc al approx ca cf fig figs no nos st jr sr ref refs vol viz".split()
)
COMPOUND_PREFIXES = frozenset(
    "self non well long short high low over under anti co multi semi pre post ill "
    "cross double single first second third life dose time".split()
)
TERMINAL = ".!?"
CLOSERS = "\"')]”’"


@dataclass(frozen=True)
class Sentence:
    """A sentence: folded text and the offsets of the span it was read from."""

    text: str
    start: int
    end: int
    section: str
    paragraph: int
    truncated: bool = False  # the document was cut off inside this sentence

    @property
    def stated(self) -> str:
        """The text the sentence fully states: a cut-off sentence loses its last, partial word
        (not a word that punctuation shows complete: 'include cough,')."""
        if not self.truncated or self.text.endswith((",", ";", ":")):
            return self.text
        head, _, _ = self.text.rpartition(" ")
        return head.rstrip()


class Splitter:
    """Sentence splitter bound to one document (its vocabulary decides line-end hyphens)."""

    def __init__(self, text: str, pdf_wrapped: bool):
        self.text = text
        self.pdf_wrapped = pdf_wrapped
        self.words: Counter[str] = Counter()
        for tok in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text):
            low = tok.lower()
            self.words[low] += 1
            if "-" in low:
                for part in low.split("-"):
                    self.words[part] += 1
        stripped = text.rstrip()
        self.content_end = len(stripped)
        # A text cut off mid-sentence ends without a final newline and without punctuation.
        self.cut = bool(stripped) and not text[-1].isspace() and stripped[-1] not in TERMINAL + CLOSERS

    def keep_hyphen(self, left: str, right: str) -> bool:
        l, r = left.lower(), right.lower()
        if self.words[f"{l}-{r}"] > 0:
            return True
        if self.words[l + r] > 0:
            return False
        if l in COMPOUND_PREFIXES:
            return True
        return self.words[l] > 1 and self.words[r] > 1 and len(l) > 2 and len(r) > 2

    def fold(self, start: int, end: int) -> tuple[str, list[int]]:
        """Fold text[start:end]; returns the string and the source offset of each character."""
        out: list[str] = []
        offs: list[int] = []
        text = self.text
        i = start
        hyph = re.compile(r"-[ \t]*\r?\n[ \t]*(?=[a-z])")
        while i < end:
            c = text[i]
            if c == "-" and out and out[-1].isalpha():
                m = hyph.match(text, i, end)
                if m:
                    left = re.search(r"[A-Za-z]+$", "".join(out[-40:])).group()
                    right = re.match(r"[A-Za-z]+", text[m.end():end]).group()
                    if self.keep_hyphen(left, right):
                        out.append("-")
                        offs.append(i)
                    i = m.end()
                    continue
            if c.isspace():
                j = i
                while j < end and text[j].isspace():
                    j += 1
                if out and out[-1] != " ":
                    out.append(" ")
                    offs.append(i)
                i = j
                continue
            out.append(c)
            offs.append(i)
            i += 1
        while out and out[-1] == " ":
            out.pop()
            offs.pop()
        return "".join(out), offs

    def paragraphs(self, start: int, end: int) -> list[tuple[int, int]]:
        """Paragraph spans: blank-line separated for wrapped PDF text, else one per line."""
        sep = r"\n[ \t\r]*\n" if self.pdf_wrapped else r"\n"
        spans, pos = [], start
        for m in re.finditer(sep, self.text[start:end]):
            spans.append((pos, start + m.start()))
            pos = start + m.end()
        spans.append((pos, end))
        return [(s, e) for s, e in spans if self.text[s:e].strip()]

    def sentences(self, start: int, end: int, section: str = "") -> list[Sentence]:
        result: list[Sentence] = []
        for pno, (ps, pe) in enumerate(self.paragraphs(start, end)):
            folded, offs = self.fold(ps, pe)
            for s, e in split_points(folded):
                chunk = folded[s:e].strip()
                if not chunk:
                    continue
                lead = len(folded[s:e]) - len(folded[s:e].lstrip())
                s += lead
                e = s + len(chunk)
                src_start, src_end = offs[s], offs[e - 1] + 1
                cut = self.cut and src_end >= self.content_end and chunk[-1] not in TERMINAL + CLOSERS
                result.append(Sentence(chunk, src_start, src_end, section, pno, cut))
        return result


def split_points(folded: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences in a folded paragraph."""
    spans, pos = [], 0
    for m in re.finditer(r"[.!?][\"')\]”’]*(?= [\"'(“‘]?[A-Z0-9])", folded):
        before = folded[pos:m.start()]
        word = re.search(r"(\S+)$", before)
        token = word.group(1).lower().lstrip("(\"'") if word else ""
        if folded[m.start()] == "." and (token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS):
            continue
        if folded[m.start()] == "." and re.fullmatch(r"[a-z]\.[a-z]", token):
            continue  # e.g / i.e written without the final period
        spans.append((pos, m.end()))
        pos = m.end()
    spans.append((pos, len(folded)))
    return spans


@lru_cache(maxsize=64)
def _splitter(text: str, pdf_wrapped: bool) -> Splitter:
    return Splitter(text, pdf_wrapped)


def splitter_for(mono: Monograph) -> Splitter:
    return _splitter(mono.text, mono.format == "pdf-text")


def section_sentences(mono: Monograph, section: Section) -> list[Sentence]:
    """The sentences of one section."""
    return splitter_for(mono).sentences(section.start, section.end, section.key)


def fold_span(mono: Monograph, start: int, end: int) -> str:
    """The folded (joined, de-wrapped) text of a span of ``mono.text``."""
    return splitter_for(mono).fold(start, end)[0]
