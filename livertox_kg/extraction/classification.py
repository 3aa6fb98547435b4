"""Drug class lines and the chemical formula table (CAS number, molecular formula)."""

from __future__ import annotations

import re
from typing import Iterator

from .context import Context, Found, runs_to_cut, section_lines
from ..sentences import Sentence
from ..text_reader import formula_rows

def rule_classes(ctx: Context) -> Iterator[Found]:
    for sent in ctx.sentences("drug_class"):
        m = re.match(r"Drug Class(?:es)?:\s*(?P<c>.+?)\.?$", sent.stated, re.I)
        if m and not runs_to_cut(sent, m.end()):
            yield ctx.fact("drug_classes", m.group("c").strip(), sent, 0, hedge=False)
    for sent, line in section_lines(ctx, "drug_class_product"):
        yield ctx.fact("drug_class_paths", " ".join(line.split()), sent, 0, hedge=False)


def normalise_formula(raw: str) -> str:
    """'C10-H12-Cl-N-O2' -> 'C10H12ClNO2' (separators removed, hydrate dots kept)."""
    return re.sub(r"[-\s]", "", raw).strip(".")


def rule_chemistry(ctx: Context) -> Iterator[Found]:
    sec = ctx.mono.section("chemical_formula_and_structure")
    if sec is None:
        return
    complete = ctx.mono.text[-1:].isspace()
    for m in formula_rows(ctx.mono):
        s, e = sec.start + m.start(), sec.start + m.end()
        if e >= len(ctx.mono.text.rstrip()) and not complete:
            continue
        sent = Sentence(" ".join(m.group().split()), s, e, sec.key, 0)
        agent = m.group("name").strip()
        yield ctx.fact("cas_number", m.group("cas"), sent, 0, hedge=False, agent=agent)
        yield ctx.fact("molecular_formula", normalise_formula(m.group("formula")), sent, 0, hedge=False, agent=agent)


