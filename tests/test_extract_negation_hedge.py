"""Negation and hedging: every form found in the development corpus (tests/corpus, tests/corpus-heldout,
the seed), applied to the statements the extractor reads (mechanism, indications, approval, brands).

A negated statement never becomes a positive fact; a hedged one is kept and marked ``hedged``. The
wordings are those of the corpus ('has not been implicated in', 'is not well known', 'by an
unknown mechanism', 'no longer', 'believed to', 'appears to', 'most likely through', 'purported to',
'suggest that', 'may'), put around statements of the kinds the rules read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from livertox_kg.extraction import cues, extract
from livertox_kg.text_reader import read_path, read_text

ROOT = Path(__file__).resolve().parent.parent
INTRO = "Introduction\n\nDrugq is an oral agent used widely for the treatment of mild pain in adults.\n\nBackground\n\n"


def facts_of(sentence: str):
    records = extract(read_text(INTRO + sentence + "\n", source="drugq.txt"))
    return [f for f in records[0].facts if f.evidence.quote == sentence]


NEGATED = [
    # mechanism
    "Drugq does not inhibit xanthine oxidase.",
    "Drugq is not an agonist at opioid receptors.",
    "Drugq has not been implicated in blocking sodium channels.",
    "Drugq has not been shown to inhibit HMG-CoA reductase.",
    "Drugq acts centrally as a muscle relaxant by an unknown mechanism.",
    "Whether drugq inhibits aromatase is not known.",
    "The mechanism by which drugq blocks calcium channels is not well defined.",
    "The mechanism by which drugq activates PPAR-gamma is not well known.",
    "Drugq is no longer considered an inhibitor of monoamine oxidase.",
    "It is unlikely that drugq blocks potassium channels.",
    "Drugq is neither an agonist nor an antagonist of dopamine receptors.",
    "Drugq lacks activity as an inhibitor of dihydrofolate reductase.",
    "There is no evidence that drugq binds to GABA-A receptors.",
    # indications
    "Drugq is not indicated for the treatment of hypertension.",
    "Drugq is no longer used in the therapy of tuberculosis.",
    "Drugq has not been approved for the treatment of migraine.",
    "Drugq has not been linked to benefit and is not used to treat heart failure.",
    # approval and brands
    "Drugq has not been approved for use in the United States in 1990.",
    "Drugq is no longer available under the brand names Drugex and Drugia.",
]


@pytest.mark.parametrize("sentence", NEGATED)
def test_negated_statement_yields_no_positive_fact(sentence):
    positive = [(f.field, f.value) for f in facts_of(sentence)
                if f.field not in ("outcomes_not_reported", "cross_sensitivity")]
    assert positive == []


HEDGED = [
    ("Drugq is believed to inhibit xanthine oxidase.", ("inhibit", "xanthine oxidase")),
    ("Drugq may act directly on sodium channels.", ("act", "sodium channels")),
    ("Drugq appears to act on GABA-A receptors.", ("act", "GABA-A receptors")),
    ("Drugq most likely acts through inhibition of cyclooxygenase-2.", ("inhibition", "cyclooxygenase-2")),
    ("Drugq is purported to block calcium channels.", ("block", "calcium channels")),
    ("Recent results suggest that drugq inhibits aromatase.", ("inhibits", "aromatase")),
    ("Drugq is thought to act by blocking sodium channels.", ("blocking", "sodium channels")),
    ("Drugq is possibly a partial agonist of the 5-HT1A receptor.", ("agonist", "5-HT1A receptor")),
]


@pytest.mark.parametrize("sentence,item", HEDGED)
def test_hedged_mechanism_kept_and_marked(sentence, item):
    mech = [f for f in facts_of(sentence) if f.field == "mechanism"]
    assert [(f.value["action"], f.value["target"]) for f in mech] == [item]
    assert all(f.hedged for f in mech)


def test_hedge_after_negation_in_another_clause():
    """'... is not well known; it appears to act on Y' (the corpus' wording): the negation holds
    for its own clause only, the hedged statement after the semicolon is kept, hedged."""
    sentence = ("The mechanism by which drugq causes relaxation is not well known; it appears to act on "
                "alpha-2 adrenergic receptors.")
    mech = [f for f in facts_of(sentence) if f.field == "mechanism"]
    assert [(f.value["target"], f.hedged) for f in mech] == [("alpha-2 adrenergic receptors", True)]


def test_unhedged_statement_is_not_marked():
    mech = [f for f in facts_of("Drugq is a competitive inhibitor of xanthine oxidase.") if f.field == "mechanism"]
    assert [(f.value["action"], f.hedged) for f in mech] == [("inhibitor", False)]


def _corpus_files():
    out = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "corpus-heldout").glob("*.txt"))
    return out + [ROOT / "data" / "monographs" / "baclofen.txt"]


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_corpus_hedges_are_marked(path):
    """On every development page: a mechanism or indication read from a clause with a hedge cue
    before it is marked hedged, and one from a clause without any cue is not."""
    for record in extract(read_path(path)):
        for f in record.facts:
            if f.field not in ("mechanism", "indications"):
                continue
            quote = f.evidence.quote
            anchor = f.value["action"] if isinstance(f.value, dict) else f.value
            i = quote.lower().find(anchor.lower())
            if i < 0:
                continue  # an item rebuilt from a shared head
            if cues.hedged_at(quote, i, i + len(anchor)):
                assert f.hedged, (path.name, f.value, quote)
            if not cues.hedged(quote):
                assert not f.hedged, (path.name, f.value, quote)
