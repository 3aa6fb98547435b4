"""Indication items by English structure: a conjunct without a head noun of its own shares the
next one's head, a condition noun always heads its own conjunct, a class of conditions is no
condition, a population's condition is the indication when the purpose names none, and qualifiers
after the condition (adverb-led, relative clauses, organisms and their examples, 'in vivo') are no
part of it. The sentences are written for this test (no drug named: the agent is 'Drugq')."""

from __future__ import annotations

from functools import partial

import pytest

from test_extract_structure import facts as _facts

from livertox_kg.extraction.indications import condition_word, names_class

INTRO = "Introduction\n\nDrugq is an oral agent that has been linked to rare instances of liver injury.\n\nBackground\n\n"
facts = partial(_facts, intro=INTRO)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # adjectives and sites before a shared head, with an Oxford comma ('..., and X infections')
        ("Drugq is indicated in the treatment of moderate-to-severe hepatic or skin, intra-abdominal, pelvic, "
         "and urinary gram-negative infections.",
         ["moderate-to-severe hepatic or skin, intra-abdominal, pelvic, and urinary gram-negative infections"]),
        ("Drugq is indicated for the therapy of kidney and head and neck cancer.", ["kidney and head and neck cancer"]),
        # a name without a head shares the next name's condition noun
        ("Drugq is indicated for treatment of mild cognitive impairment in Huntington and Wilson disease.",
         ["mild cognitive impairment in Huntington and Wilson disease"]),
        # a condition noun heads its own conjunct, whatever tag the parser gives it
        ("Drugq is also used for narcolepsy, dysarthria, tic disorders and chronic insomnia.",
         ["narcolepsy", "dysarthria", "tic disorders", "chronic insomnia"]),
        # a class before its members ('various cancers, mainly A, B and C cancers') is no condition; a
        # focus adverb is framing
        ("Drugq is used for the treatment of various cancers, mainly gastric, head and neck and colon cancers.",
         ["gastric, head and neck and colon cancers"]),
        ("Drugq has been used in the therapy of autoimmune diseases and chronic gout.", ["chronic gout"]),
        # the population's condition, when the purpose names no condition
        ("Drugq is also used to reduce the risk of cardiovascular mortality in patients with peripheral artery "
         "disease.", ["peripheral artery disease"]),
        ("Drugq is indicated for prevention of stroke and embolic complications in patients with atrial flutter.",
         ["stroke", "embolic complications"]),
        # qualifiers after the condition
        ("Drugq is used as therapy of hormone receptor positive ovarian cancer, usually after surgery and after "
         "failure of other agents.", ["hormone receptor positive ovarian cancer"]),
        ("Current indications are for major depression that has not responded to other antidepressants.",
         ["major depression"]),
        ("Current indications include induction of remission in acute myeloid leukemia both in children and adults.",
         ["acute myeloid leukemia"]),
        ("Drugq is indicated for mild-to-severe sinus infections caused by susceptible agents, such as Moraxella "
         "catarrhalis, Klebsiella pneumoniae (non-resistant strains), Proteus, and Haemophilus influenzae.",
         ["mild-to-severe sinus infections"]),
        # the drug recommended or reserved for a condition (not a dose recommended for patients)
        ("Drugq is now rarely used and is recommended only for refractory status epilepticus.",
         ["refractory status epilepticus"]),
        ("A reduced dose is recommended for patients with chronic kidney disease.", []),
        ("Drugq is a second line agent in the therapy of leprosy used only in combination with other agents.",
         ["leprosy"]),
        ("Drugq received accelerated approval for use in the United States in 2014 for the treatment of advanced "
         "renal cell carcinoma.", ["advanced renal cell carcinoma"]),
        ("Drugq remains a first line agent in the therapy of ulcerative proctitis, both for induction and "
         "maintenance of remission.", ["ulcerative proctitis"]),
        ("Drugq is indicated for chronic alcoholism, based upon its ability to cause an aversive reaction.",
         ["chronic alcoholism"]),
        # keeping a normal state is a purpose; the condition is what it follows
        ("Indications include suppression of ventricular tachycardia and maintenance of normal sinus rhythm after "
         "conversion of atrial flutter.", ["ventricular tachycardia", "atrial flutter"]),
    ],
)
def test_indication_structure(sentence, expected):
    assert facts(sentence, "indications") == expected


def test_condition_words_come_from_the_vocabulary():
    assert condition_word("syndrome") and condition_word("dysarthria") and condition_word("Hepatitis,")
    assert not condition_word("skin") and not condition_word("ovarian") and not condition_word("Alzheimer")


def test_classes_of_conditions():
    assert names_class("several autoimmune conditions") and names_class("cancers") and names_class("infections")
    assert not names_class("bacterial infections") and not names_class("solid tumors")
    assert not names_class("serious infections")


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # how the dose is managed afterwards is no part of it
        ("The recommended dose is 150 mg by mouth twice daily, with dose modification based upon tolerance.",
         "150 mg by mouth twice daily"),
        # a partner drug's own dose in parentheses belongs to the partner
        ("The recommended dosage of drugq is 600 mg orally every 12 hours with or without cobicistat (usually "
         "150 mg once daily).", "600 mg orally every 12 hours with or without cobicistat"),
    ],
)
def test_dose_extent(sentence, expected):
    assert facts(sentence, "recommended_adult_dose") == expected


def test_dose_cut_inside_a_phrase_keeps_the_complete_dose():
    """'... once a day during concurrent radiation t[cut]': the phrase the cut runs into is dropped."""
    text = INTRO + "The typical dose in adults is 75 mg/m2 once a day during concurrent radiation t"
    from livertox_kg.extraction import extract
    from livertox_kg.text_reader import read_text
    record = extract(read_text(text, source="drugq.txt"))[0]
    assert record.to_json().get("recommended_adult_dose") == "75 mg/m2 once a day"
