"""Constructions found on pages no rule had seen (round 3 of the development pages), stated as English
rather than as page strings: coordinated purposes with their own modifier, populations with an age or a
participle, a post-nominal 'unresponsive to', an apposition, settings and durations that name no
condition, a place with a year after 'approved for use in', the US year among several approvals, and
an article before a dose form. The sentences are written for this test (the agent is 'Drugq')."""

from __future__ import annotations

from functools import partial

import pytest

from test_extract_structure import facts as _facts

INTRO = "Introduction\n\nDrugq is an oral agent that has been linked to rare instances of liver injury.\n\nBackground\n\n"
facts = partial(_facts, intro=INTRO)


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a second purpose with its own modifier shares the list: 'prophylaxis and chronic treatment of'
        ("Drugq is widely used for the prevention and chronic treatment of gout.", ["gout"]),
        ("Drugq is indicated for therapy or post-exposure prevention of measles or mumps.", ["measles", "mumps"]),
        ("Drugq is used in treatment of acute attacks of gout and in chronic management of bronchospasm in "
         "patients with asthma and emphysema.", ["acute attacks of gout", "bronchospasm"]),
        # populations with an age, a pair of populations, a participle clause, a singular with its article
        ("Current indications include prophylaxis and chronic treatment of gout in adults and children 6 years "
         "of age and older.", ["gout"]),
        ("Drugq is used as therapy of anemia in women desiring pregnancy.", ["anemia"]),
        ("Indications are limited to severe rosacea in a patient who has failed to respond to other therapy.",
         ["severe rosacea"]),
        ("Current indications are limited to children with gout ages 2 to 12 years.", ["gout"]),
        # 'useful for treatment of', 'effective in treating', 'led to its use in'
        ("Drugq is excreted in the urine, making it useful for treatment of bladder infections.",
         ["bladder infections"]),
        ("Drugq is a retinoid which is effective in treating refractory rosacea and other disorders of "
         "cornification.", ["refractory rosacea", "disorders of cornification"]),
        ("Drugq has strong activity which has led to its use in acromegaly, gigantism and galactorrhea.",
         ["acromegaly", "gigantism", "galactorrhea"]),
        # a post-nominal 'unresponsive to ...' qualifies the patient, an apposition ', a ...' explains
        ("Drugq is currently used only in therapy of severe eczema unresponsive to conventional therapies.",
         ["severe eczema"]),
        ("Drugq is used in the therapy of Lyme disease, borreliosis, a chronic infection with Borrelia "
         "burgdorferi.", ["Lyme disease", "borreliosis"]),
        # 'symptoms of' is framing; 'overactive bladder' is a condition though it ends in a site
        ("Drugq is used largely for the treatment of restless bladder and for symptoms of frequency and "
         "nocturia.", ["restless bladder", "frequency", "nocturia"]),
        # settings and durations name no condition; 'to reverse' and 'to help in' state a purpose
        ("Drugq is used in emergency rooms to treat the coma caused by alcohol overdose or postoperatively to "
         "reverse sedative effects.", ["coma caused by alcohol overdose", "sedative effects"]),
        ("Drugq is used intravenously in emergency situations to reverse the coma caused by overdoses of alcohol.",
         ["coma caused by overdoses of alcohol"]),
        ("Drugq is used to help in weight reduction.", ["weight reduction"]),
        ("Drugq was approved for use in the United States in 1990 and is widely used in smoking cessation "
         "programs.", None),
        ("Drugq was approved as therapy for gout but was recommended only for short term use.", ["gout"]),
        # a place with a year is no condition
        ("Drugq was approved for use in Freedonia in 1990 and in the United States in 1995.", None),
        # a population with its own coordinated conditions qualifies the condition before it
        ("Drugq is used in chronic management of bronchospasm in patients with asthma and chronic obstructive "
         "pulmonary disease, but its use is declining.", ["bronchospasm"]),
        # a lone letter shares the head: 'influenza A and B'; 'given ... as therapy of'
        ("Drugq is given by inhalation as therapy and prophylaxis against influenza A and B.", ["influenza A and B"]),
        ("Drugq is indicated for therapy or post-exposure prevention of hepatitis B or C.", ["hepatitis B or C"]),
        # 'both' before a coordination is framing
        ("Drugq is used in the treatment of both cutaneous and visceral mycosis.", ["cutaneous and visceral mycosis"]),
    ],
)
def test_indication_constructions_of_unseen_pages(sentence, expected):
    assert (facts(sentence, "indications") or None) == expected


def test_use_in_pregnancy_is_no_indication():
    assert not facts("Its use in pregnancy is not recommended.", "indications")


@pytest.mark.parametrize(
    "sentence,year",
    [
        # places named before their years: the US one is read, not the first
        ("Drugq was first approved for use in Freedonia in 1988, in Sylvania in 1991, and the United States "
         "in 2000.", 2000),
        ("Drugq was approved for use in Freedonia in 2002 and in the United States in 2014.", 2014),
        # the noun form, and a fronted year
        ("Drugq received accelerated approval for use in the United States in 2013.", 2013),
        ("In 2017, Drugq became the first agent to receive FDA approval as therapy for gout while another "
         "agent followed in 2020.", 2017),
        ("Drugq was approved in the United States in 1995.", 1995),
    ],
)
def test_approval_year_us(sentence, year):
    assert facts(sentence, "approval_year_us") == year


def test_approval_year_not_negated():
    assert facts("Drugq has not received approval for use in the United States in 2013.", "approval_year_us") is None


def test_article_before_a_dose_form_is_dropped():
    assert facts("Drugq is available in 600 mg tablets. An extended release form is also available.",
                 "dose_forms_and_strengths") == "600 mg tablets; extended release form"
