"""Constructions of the indication, dose and brand readers that hold for the language rather than
for a page: coordinated purposes inside an indication list, organism qualifiers, causes that stay
with their condition, populations inside a list. The sentences are written for this test (no drug
named: the agent is 'Drugq')."""

from __future__ import annotations

from functools import partial

import pytest

from test_extract_structure import facts as _facts

from livertox_kg.extraction import extract
from livertox_kg.text_reader import read_text

INTRO = "Introduction\n\nDrugq is an oral agent that has been linked to rare instances of liver injury.\n\nBackground\n\n"
facts = partial(_facts, intro=INTRO)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a coordinated purpose goes on with the list ('A and as adjunctive therapy for B, C, and as ... for D')
        ("Drugq is indicated for the therapy of gout and as either monotherapy or adjunctive therapy for acute "
         "flares in psoriasis, pruritus associated with eczema, and as adjunctive treatment with steroids for "
         "chronic urticaria.",
         ["gout", "acute flares in psoriasis", "pruritus associated with eczema", "chronic urticaria"]),
        ("Drugq is indicated for treatment of resistant wound infections, for sinusitis and for otitis media.",
         ["resistant wound infections", "sinusitis", "otitis media"]),
        ("Drugq is used in the therapy of malaria and as single agent in babesiosis.", ["malaria", "babesiosis"]),
        ("Indications include cystitis, gonorrhea, and as prophylaxis against plague.",
         ["cystitis", "gonorrhea", "plague"]),
        # the organisms an infection is due to are dropped and the list goes on
        ("Indications include skin infections due to susceptible bacteria, otitis media and sinusitis.",
         ["skin infections", "otitis media", "sinusitis"]),
        ("Drugq is indicated for treatment of pneumonia due to staphylococci (either methicillin-sensitive or "
         "-resistant) and skin infections caused by Streptococcus pyogenes.", ["pneumonia", "skin infections"]),
        # a cause that is a condition stays with it
        ("Drugq is indicated for the therapy of dementia due to Parkinson disease.",
         ["dementia due to Parkinson disease"]),
        # a population inside a list qualifies its item
        ("Indications include gonorrhea and syphilis in penicillin-allergic patients, cystitis and acne.",
         ["gonorrhea", "syphilis", "cystitis", "acne"]),
        # '-sodes' is no worm class: 'episodes' is a condition word
        ("Drugq is indicated for the treatment of acute episodes of migraine.", ["acute episodes of migraine"]),
        # a capitalised condition after a purpose with 'against' in the list is no organism
        ("Indications include cystitis and as prophylaxis against Lyme disease.", ["cystitis", "Lyme disease"]),
        # coordinated adverbs before 'for'; 'a means of prophylaxis against'; immunotherapy; a therapy's phases
        ("Drugq is an antibiotic used orally, topically and intravenously for bacterial infections.",
         ["bacterial infections"]),
        ("Drugq is an agent used largely as a means of prophylaxis against graft rejection after transplantation.",
         ["graft rejection after transplantation"]),
        ("Drugq is an antibody used in the immunotherapy of several forms of advanced or metastatic cancer.",
         ["advanced or metastatic cancer"]),
        ("Current indications include induction, consolidation and maintenance therapy of acute leukemia.",
         ["acute leukemia"]),
        # 'short term' procedures are no time span; a conjunct ending in an adjective shares the head after it
        ("Drugq is an anesthetic used largely for short term diagnostic and surgical procedures.",
         ["short term diagnostic and surgical procedures"]),
        # 'in combination with other agents in X'; a lowered risk names the condition
        ("Drugq is also used in combination with other agents in head and neck, breast and colon cancer.",
         ["head and neck, breast and colon cancer"]),
        ("Drugq is an antiplatelet agent used to decrease the risk of recurrence of stroke in patients known to "
         "have vascular disease, and as adjunctive therapy with aspirin to reduce the risk of graft thrombosis.",
         ["stroke", "graft thrombosis"]),
        # a population with its own qualifier is dropped with it
        ("Drugq is also used for short-term treatment of severe behavior problems in children with hyperactivity.",
         ["severe behavior problems"]),
        # 'X and non-X N' shares its head; a lone adjective before 'and' too
        ("Current indications include Hodgkin and non-Hodgkin lymphomas and breast cancer.",
         ["Hodgkin and non-Hodgkin lymphomas", "breast cancer"]),
        ("Indications now include rheumatoid and psoriatic arthritis, discoid and systemic lupus erythematosus "
         "and prevention and treatment of malaria.",
         ["rheumatoid and psoriatic arthritis", "discoid and systemic lupus erythematosus", "malaria"]),
        # nominal purposes and framing before 'of' (data/lexicon/indication-words.tsv, role purpose_of)
        ("Drugq is indicated for suppression of ventricular arrhythmias and conversion of atrial flutter.",
         ["ventricular arrhythmias", "atrial flutter"]),
        ("Drugq is used in the therapy of selected forms of advanced lung cancer.", ["advanced lung cancer"]),
        # a year, a duration, a population pair and a finite verb end the item
        ("Drugq was approved for therapy of refractory lymphoma in 2013 and for refractory leukemia in 2014.",
         ["refractory lymphoma", "refractory leukemia"]),
        ("Drugq has been used to treat absence seizures for more than 50 years.", ["absence seizures"]),
        ("Drugq is used to treat absence seizures in both adults and children.", ["absence seizures"]),
        ("Typical doses used to treat psychosis are 4 to 16 mg daily.", ["psychosis"]),
        ("Drugq is used for insomnia although its use is now uncommon.", ["insomnia"]),
    ],
)
def test_indication_constructions(sentence, expected):
    assert facts(sentence, "indications") == expected


def test_negated_coordinated_purpose_stays_out():
    assert facts("Drugq is not indicated for the therapy of gout or as adjunctive therapy for psoriasis.",
                 "indications") in (None, [])


def test_not_limited_to_is_framing_not_negation():
    """'including (but not limited to)' opens a list; it denies nothing."""
    assert facts("Drugq is indicated as therapy for mild-to-severe infections including (but not limited to) "
                 "pneumonia, cystitis and otitis media.", "indications") == [
        "mild-to-severe infections", "pneumonia", "cystitis", "otitis media"]


def test_available_in_combinations_is_no_indication():
    assert facts("Drugq is used in combination with other antiviral agents and is available in combinations "
                 "with otherdrug.", "indications") in (None, [])


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a count of units is a dose; an article before 'single' is not part of it
        ("The recommended dose is one tablet daily.", "one tablet daily"),
        ("The typical dose regimen is a single infusion of drugq (85 mg/m2) every two weeks.",
         "single infusion of drugq (85 mg/m2) every two weeks"),
        # what the dose is used for, between 'doses' and the verb
        ("Typical doses used to treat psychosis are 4 to 16 mg two to three times daily.",
         "4 to 16 mg two to three times daily"),
        # 'started at a dose of'
        ("Drugq is usually started at a dose of 1 mg twice daily.", "1 mg twice daily"),
        # a titration, a participle clause, a course's length and a new clause end the dose (LABELLING.md RD3)
        ("The recommended dose is 10 mg daily, which can be increased to a maximum of 40 mg daily.", "10 mg daily"),
        ("The recommended dose is 250 mg twice daily, but can then be increased to 500 mg twice daily.",
         "250 mg twice daily"),
        ("The recommended dose is 600 mg twice daily, continued until disease progression.", "600 mg twice daily"),
        ("The recommended dose is 4 mg twice daily, attempting to reduce the dose as soon as possible.",
         "4 mg twice daily"),
        ("The recommended dose is 50 mg/kg daily in divided doses and it is usually given for weeks.",
         "50 mg/kg daily in divided doses"),
        ("The recommended dose is 10 mg once daily, whereas children receive 5 mg.", "10 mg once daily"),
        # a partner drug, with its own dose or without, is part of the regimen (RD2)
        ("The recommended dose is 500 mg in combination with otherdrug 200 mg, both taken twice daily.",
         "500 mg in combination with otherdrug 200 mg, both taken twice daily"),
        ("The recommended dose is 50 mg twice daily in combination with other antiviral agents.",
         "50 mg twice daily in combination with other antiviral agents"),
    ],
)
def test_dose_constructions(sentence, expected):
    assert facts(sentence, "recommended_adult_dose") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a strength as an amount per container after 'in'; coordinated forms with an article
        ("Drugq is available as a solution or a powder for injection in 20 and 50 mg vials [5 mg/mL].",
         "solution or a powder for injection in 20 and 50 mg vials [5 mg/mL]"),
        ("Drugq is available in a powder or aqueous solution for injection in 50 and 150 mg amounts.",
         "powder or aqueous solution for injection in 50 and 150 mg amounts"),
        ("Drugq is available in multiple generic forms as solutions or powders for intravenous use in 1 or 2 grams "
         "per vial.", "solutions or powders for intravenous use in 1 or 2 grams per vial"),
        # strength before coordinated forms; a concentration and a use after the container
        ("Drugq is available in 15 and 30 mg delayed release capsules and tablets.",
         "15 and 30 mg delayed release capsules and tablets"),
        ("Drugq is available generically and under the brand name Drugex in 2 and 5 mL vials of 20 mg/mL.",
         "2 and 5 mL vials of 20 mg/mL"),
        ("Drugq is available as delayed release tablets of 20 mg, and in 40 mg vials for parenteral use.",
         "delayed release tablets of 20 mg; 40 mg vials for parenteral use"),
        ("Drugq is available in vials of 50 mg for parenteral use.", "vials of 50 mg for parenteral use"),
        # what a powder is for; forms after 'formulations of'
        ("Drugq is available in tablets of 500 mg and as a powder for oral solution.",
         "tablets of 500 mg; powder for oral solution"),
        ("Oral formulations of tablets or capsules of 15 and 30 mg are available.", "tablets or capsules of 15 and 30 mg"),
        # a dose given 'in doses of' is no strength
        ("Drugq is available in capsules of 250 mg and is usually given in doses of 250 to 500 mg every 6 hours.",
         "capsules of 250 mg"),
    ],
)
def test_dose_form_constructions(sentence, expected):
    assert facts(sentence, "dose_forms_and_strengths") == expected


def test_dose_form_whose_strengths_are_cut_keeps_the_form():
    records = extract(read_text(INTRO + "Drugq is available in tablets of 20, 30 and 4", source="drugq.txt"))
    assert records[0].to_json().get("dose_forms_and_strengths") == "tablets"


@pytest.mark.parametrize(
    "sentence,brands,combination",
    [
        # the combination is the subject, with an article
        ("A fixed combination of drugq and otherdrug is available generically and under the brand name Combiq.",
         [], ["Combiq"]),
        # the combination's partners coordinated with 'and' stay inside it
        ("Drugq (50 mg) in a fixed combination with otherdrug (200 mg) and thirddrug (25 mg) under the brand name "
         "Triq was approved in 2018.", [], ["Triq"]),
        ("Drugq is available as tablets in fixed combination with otherdrug in generic forms and under the trade "
         "name Duoq.", [], ["Duoq"]),
        # a combination that is one use of the drug among others: the brand is the drug's
        ("Drugq is used alone and in combination with other agents and under the brand name Soloq.", ["Soloq"], []),
    ],
)
def test_combination_brands(sentence, brands, combination):
    assert (facts(sentence, "brand_names") or []) == brands
    assert (facts(sentence, "combination_brand_names") or []) == combination
