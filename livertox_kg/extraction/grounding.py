"""Grounding in vocabularies: a mechanism target as written -> one identifier per real-world target.

The identifiers are the canonical labels of ``data/lexicon/targets.tsv`` (the RDF writer mints one
IRI per canonical label). A target phrase is read as:

- coordinations, each conjunct with the shared head: 'alpha-1 and alpha-2 adrenergic receptors';
  elided ones: 'Cox-1 and -2' is COX-1 and COX-2, 'alpha- and beta-adrenergic receptor' two receptors;
- a parenthesis naming the members: 'cyclooxygenases (Cox-1 and Cox-2)' is COX-1 and COX-2;
- after a reuptake/uptake action, transmitters name their transporters: 'serotonin and
  norepinephrine' reuptake is the serotonin and the norepinephrine transporter;
- modifiers and locations the lexicon does not know are dropped from the ends ('hepatic HMG-CoA
  reductase', 'GABA receptors in the central nervous system'), plural heads singularised.

A phrase that grounds in no lexicon row keeps its wording as identifier (a target the lexicon does
not list yet is still one node, named as written).
"""

from __future__ import annotations

import re

from ..normalize import clean_label, fold, target_lexicon, target_type

COORD = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+")
LOCATIVE = re.compile(r"\s+(?:in|on|of|at|within|throughout)\s+(?:the\s+)?(?:\w[\w-]*\s+){0,4}?"
                      r"(?:cells?|system|brain|cord|tissues?|membranes?|neurons?|clefts?|liver|"
                      r"bacteria|fungi|organisms?|walls?|body|periphery|muscles?|platelets?|synapses?|tubules?|ducts?|kidneys?)\b.*$", re.I)
TRANSPORTED = {"reuptake": "transporter", "uptake": "transporter"}


GENERIC_HEADS = re.compile(r"\s+(?:enzymes?|proteins?|activity|molecules?|engagement)$", re.I)
MEMBERS = re.compile(r",?\s+(?:including|such as|particularly|especially|notably|namely)\s+", re.I)


def _lookup(phrase: str) -> str | None:
    lex = target_lexicon()
    key = fold(phrase)
    for k in (key, re.sub(r"ies$", "y", key), re.sub(r"es$", "", key), re.sub(r"s$", "", key), key + "s"):
        if k in lex:
            return lex[k][0]
    return None


def _ground_one(phrase: str) -> str | None:
    """Canonical label of one (non-coordinated) target phrase, trimming unknown modifiers."""
    bare = clean_label(re.sub(r"\s*\([^()]*\)", "", phrase)) or clean_label(phrase)
    for candidate in dict.fromkeys((bare, LOCATIVE.sub("", bare), GENERIC_HEADS.sub("", LOCATIVE.sub("", bare)))):
        ws = candidate.split()
        for i in range(len(ws)):  # drop leading modifiers ('hepatic', 'cellular', 'fungal')
            hit = _lookup(" ".join(ws[i:]))
            if hit:
                return hit
    # the abbreviation in a parenthesis: 'hepatic 3-hydroxy-...-coenzyme A (HMG-CoA) reductase',
    # 'N-methyl-D-aspartate (NMDA) receptors'
    m = re.search(r"\(([^()]+)\)", phrase)
    if not m:
        return None
    tail = phrase[m.end():].split()
    return _lookup(m.group(1)) or (_lookup(f"{m.group(1)} {tail[0]}") if tail else None)


def _conjuncts(phrase: str) -> list[str]:
    """'alpha-1 and beta adrenergic receptors' -> both with the head; 'Cox-1 and -2' -> Cox-1, Cox-2."""
    parts = [p.strip() for p in COORD.split(phrase) if p and p.strip()]
    if len(parts) < 2:
        return parts
    first = parts[0].split()[-1] if parts[0].split() else parts[0]
    last = parts[-1].split()
    out = []
    for p in parts:
        if p.startswith("-"):  # elided: 'Cox-1 and -2'
            p = re.sub(r"-[^-\s]*$", "", first) + p
        elif p.endswith("-") and p is not parts[-1]:  # suspended hyphen: 'alpha- and beta-adrenergic receptor'
            p += re.sub(r"^[^-\s]+-", "", parts[-1])
        if p is not parts[-1] and len(p.split()) == 1 and len(last) > 1:
            p = f"{p} {' '.join(last[1:])}"  # a shared head: 'alpha-1 and beta adrenergic receptors'
        out.append(p)
    return out


def _top_level(text: str) -> str:
    return re.sub(r"\s*\([^()]*\)", "", text)


def target_ids(target: str, action: str = "") -> list[str]:
    """Canonical target labels (one per real-world target) for a target phrase as written."""
    text = clean_label(target)
    transported = None
    m = re.search(r"\s+(re)?uptake$", text, re.I)
    if m or re.search(r"\b(?:re)?uptake\b", action, re.I):
        transported = "transporter"
        text = text[: m.start()] if m else text
    # 'tyrosine kinases, including VEGFR and PDGFR': the named members
    parts = MEMBERS.split(text, maxsplit=1)
    if len(parts) == 2:
        members = [_ground_one(p) for p in _conjuncts(_top_level(parts[1]))]
        if members and all(members):
            return list(dict.fromkeys(members))
        text = parts[0]
    inner = re.search(r"\(([^()]+)\)", text)
    if inner and COORD.search(inner.group(1)):  # 'cyclooxygenases (Cox-1 and Cox-2)'
        members = [_ground_one(p) for p in _conjuncts(inner.group(1))]
        if all(members):
            return list(dict.fromkeys(members))
    bare = LOCATIVE.sub("", _top_level(text))
    conjuncts = _conjuncts(bare) if COORD.search(bare) else [bare]
    if transported:
        conjuncts = [f"{c} {transported}" for c in conjuncts]
    grounded = [_ground_one(c) for c in conjuncts]
    if all(grounded):
        return list(dict.fromkeys(grounded))
    whole = _ground_one(text)
    if whole:
        return [whole]
    # a coordination or a target the lexicon does not know: one node, named as written (without a
    # location or a trailing 'activity': 'lipooxygenase activity' is the enzyme)
    return [GENERIC_HEADS.sub("", LOCATIVE.sub("", text)).strip() or text]


def lexicon_target(phrase: str) -> str | None:
    """The canonical label when the whole phrase is a target name of the lexicon, else None."""
    return _lookup(clean_label(phrase))


# head words of a molecular entity the lexicon may not list yet ('a ... kinase', 'the ... subunit')
MOLECULAR_HEAD = re.compile(r"\b(?:subunits?|antigens?|proteins?|ribosomes?|co-?receptors?|complex|"
                            r"tubulin|microtubul\w*|CD\d+\w*|[A-Z]{2,}[0-9]*[A-Z]*-?\d*)$")


def molecular_head(name: str) -> bool:
    """True when a target name not in the lexicon still names a molecule by its head word: a
    receptor, enzyme (-ase), channel or transporter (data/lexicon/target-types.tsv), a subunit,
    antigen or protein, or an abbreviation ('PDGFR', 'CTLA-4')."""
    bare = LOCATIVE.sub("", re.sub(r"\s*\([^()]*\)", "", clean_label(name)))
    return target_type(bare) != "MolecularTarget" or MOLECULAR_HEAD.search(bare) is not None
