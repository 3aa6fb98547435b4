"""Indication items by construction (issue 9: whole conditions, nothing that is not a condition).
Each case is an invented sentence about the invented agent 'Drugq' (no real page text)."""

from __future__ import annotations

from functools import partial

import pytest

from test_extract_structure import facts as _facts

INTRO = "Introduction\n\nDrugq is an oral agent that has been linked to rare instances of liver injury.\n\nBackground\n\n"
facts = partial(_facts, intro=INTRO)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a parenthesis saying how the drug is given qualifies the therapy, not the condition
        ("Current indications include treatment of cerebral toxoplasmosis (combined with Drugz).",
         ["cerebral toxoplasmosis"]),
        ("Drugq is indicated for the treatment of chronic sinusitis (Drugq alone) and otitis media (in "
         "combination with Drugz).", ["chronic sinusitis", "otitis media"]),
        # a laboratory or animal finding is no indication; an agent or a process is no condition
        ("Drugq has potent activity against colon and gastric cancer in vitro.", []),
        ("Drugq showed activity against the kindling of seizures in several animal models.", []),
        ("Drugq has activity against many fungal agents.", []),
        ("Drugq has activity against scabies and pediculosis.", ["scabies", "pediculosis"]),
        # a generic head with only adjectives before its members names their class, no condition
        ("Drugq is also used in severe inflammatory conditions including sarcoidosis and pemphigus.",
         ["sarcoidosis", "pemphigus"]),
        # a specific class before its members stays
        ("Drugq is indicated for respiratory infections including bronchitis and sinusitis.",
         ["respiratory infections", "bronchitis", "sinusitis"]),
        # a purpose noun, also with its own modifier, before the condition is no part of it
        ("Current indications are for metabolic control in type 1 diabetes.", ["type 1 diabetes"]),
        ("Drugq is used for the temporary alleviation of itching in chronic urticaria.",
         ["itching in chronic urticaria"]),
        # verbs of use besides 'used'; the drug's use in a population names the population's condition
        ("In some countries Drugq is prescribed for mild-to-moderate insomnia.", ["mild-to-moderate insomnia"]),
        ("Drugq has been used in patients with refractory gout.", ["refractory gout"]),
        ("Drugq should be used cautiously in patients with renal impairment.", []),
        # a purpose phase ('primary therapy'), a second purpose after an adverb, a preferred agent
        ("Current indications are as primary therapy for metastatic melanoma.", ["metastatic melanoma"]),
        ("Drugq was approved for use in 1990 for hookworm infection and subsequently for pinworm infection.",
         ["hookworm infection", "pinworm infection"]),
        ("Drugq is also the preferred agent for medical therapy of thyroid storm.", ["thyroid storm"]),
        # a time qualifier after a comma is no part of the condition
        ("Drugq is indicated for hyperemesis in pregnancy, during the first trimester.", ["hyperemesis in pregnancy"]),
        # a use the text says is not approved is no indication ('... but is not approved for these')
        ("Drugq has been reported to be effective in sarcoidosis and pemphigus, but it is not formally approved "
         "for these conditions.", []),
        ("Drugq is indicated for chronic gout and has not been approved for use in children.", ["chronic gout"]),
        # an approval for use (also as a noun), an approval year followed by the population's condition
        ("Drugq received conditional approval for use in hairy cell leukemia in the United States in 2010.",
         ["hairy cell leukemia"]),
        ("Drugq was approved for use in the United States in 2012 in patients with BRAF-positive, metastatic "
         "melanoma who have progressed despite other therapy.", ["BRAF-positive, metastatic melanoma"]),
        # a setting with a reason ('used in X for its Y') is no condition
        ("Drugq is also widely used in perfumery for its pleasant scent.", []),
        # a list that opens inside a parenthesis ends at its closing bracket
        ("Drugq is taken as a tonic (to treat fatigue and weakness), a stimulant (alertness) and an aid to "
         "digestion.", ["fatigue", "weakness"]),
        # coordinated purpose verbs share their list
        ("Drugq is used to treat or prevent recurrent cystitis.", ["recurrent cystitis"]),
        # a role of the drug coordinated with conditions is no condition
        ("Drugq is an antihistamine used for hay fever, hives and as a sleep aid.", ["hay fever", "hives"]),
        # a population with its age ('as young as') is no part of the condition
        ("Drugq is used for treatment of absence seizures in adults and children as young as 3 years of age.",
         ["absence seizures"]),
        # 'used as an X for A', 'used as an adjunct to Y to improve Z in patients with A'
        ("Drugq is widely used as an antipyretic for fever and headache.", ["fever", "headache"]),
        ("Drugq is used as an adjunct to diet to improve metabolic control in adults with type 2 diabetes.",
         ["type 2 diabetes"]),
        # a quantified class ('a wide variety of A and B conditions') is no condition; its members are
        ("Drugq is used to treat a wide variety of inflammatory and autoimmune conditions.", []),
        ("Drugq is used to treat a broad range of skin conditions including eczema and psoriasis.",
         ["eczema", "psoriasis"]),
        # the treatment history after the condition is no part of it; a defining 'after' stays
        ("Drugq is indicated for treatment of advanced bladder cancer after failure of one prior systemic therapy.",
         ["advanced bladder cancer"]),
        ("Drugq is used to treat metastatic sarcoma following progression on two or more regimens.",
         ["metastatic sarcoma"]),
        ("Drugq is used for the prevention of graft rejection after lung transplantation.",
         ["graft rejection after lung transplantation"]),
        # approved for use in a population with a condition; a participial clause on the action; recipients
        ("Drugq is approved for use in children with spinal muscular atrophy.", ["spinal muscular atrophy"]),
        ("Drugq is used for the treatment of hyperphosphatemia, acting by binding phosphate in the gut.",
         ["hyperphosphatemia"]),
        ("Drugq is used for the prevention of herpes zoster in transplant recipients.", ["herpes zoster"]),
        # when the purpose names no condition, the population's conditions are the items, one each
        ("Drugq is indicated for the lowering of eye pressure in patients with open-angle glaucoma or ocular "
         "hypertension.", ["open-angle glaucoma", "ocular hypertension"]),
        # a coordinated population with its own modifier ('children and young adults') is no item
        ("Drugq is used in the treatment of Ewing sarcoma in children and young adults.", ["Ewing sarcoma"]),
        # a modified purpose after 'indicated for' ('the symptomatic treatment of'); a modifier of the
        # condition itself stays
        ("Drugq is indicated for the symptomatic treatment of perennial allergic rhinitis.",
         ["perennial allergic rhinitis"]),
        ("Drugq is indicated for chronic hepatitis D.", ["chronic hepatitis D"]),
        # an abbreviation in parentheses stays
        ("Drugq is indicated for the treatment of chronic myeloid leukemia (CML).",
         ["chronic myeloid leukemia (CML)"]),
    ],
)
def test_indication_constructions(sentence, expected):
    assert sorted(facts(sentence, "indications") or []) == sorted(expected)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # IN1: a purpose with its duration or manner is framing; 'some cases of' too
        ("Drugq is used for long-term management of chronic cough.", ["chronic cough"]),
        ("Drugq is used for some cases of nail fungus.", ["nail fungus"]),
        # IN2/IN3: a condition right after 'approved for', with its bracket and its leading modifiers
        ("Drugq was approved for hairy cell leukemia (HCL).", ["hairy cell leukemia (HCL)"]),
        ("Drugq is approved for use in adults.", []),
        # IN7: a class before its members is an item; ', and in' opens a second setting of use
        ("Drugq is used in bacterial infections such as cystitis, and in skin lesions.",
         ["bacterial infections", "cystitis", "skin lesions"]),
        ("Drugq is used in cystitis in women and in men.", ["cystitis"]),
        # IN8: a folk use
        ("Drugq has been used in traditional medicine for cough.", ["cough"]),
        # IN6: a population phrase ends the item, also a population at risk of a list of conditions
        ("Drugq is indicated for gout in persons at high risk for renal, cardiac and ocular complications.", ["gout"]),
        # IN8: an off-label use is a use
        ("Drugq is also used off label to treat hiccups.", ["hiccups"]),
        # IN5: a phrase after both conjuncts is shared: one item
        ("Drugq is indicated for rash and itching due to insect bites.", ["rash and itching due to insect bites"]),
        # a purpose gerund is framing; an absolute clause ends the list; 'this indication' names none
        ("Drugq is used for treating and preventing chilblains.", ["chilblains"]),
        ("Drugq is used for treatment of gout, the usual dose being 5 mg daily.", ["gout"]),
        ("Drugq was approved for this indication in 2001.", []),
    ],
)
def test_table_constructions(sentence, expected):
    assert facts(sentence, "indications") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # 'the major use is (treatment of) X'; purposes as verbs: 'to alleviate', 'to protect against'
        ("The major use of drugq is treatment or prevention of chilblains, but it is also claimed to alleviate "
         "earache and hiccups.", ["chilblains", "earache", "hiccups"]),
        ("Drugq is said to protect against bacterial and fungal infections.", ["bacterial and fungal infections"]),
        # a use the page denies ('poorly effective in X', IN8) is no item
        ("Drugq is poorly effective in chronic cough, its major action being elsewhere.", []),
    ],
)
def test_use_nouns_and_purpose_verbs(sentence, expected):
    assert sorted(facts(sentence, "indications") or []) == sorted(expected)  # as a set: items come by wording
