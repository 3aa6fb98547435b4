"""A grammar of dose-form sentences: the constructions LiverTox uses to say what a drug is available as,
gathered from development pages and from unlabelled LiverTox text, each tested with an invented sentence
(the agent is 'Drugq'; no page text is copied). A dose form is a noun phrase whose head is a form or a
container noun (data/lexicon/dose-forms.tsv), with its modifiers, a purpose ('for ... use'), a strength
after it ('of 5 mg', '(5 mg)', 'in strengths of 5 mg') or before it ('5 mg tablets', 'a 2% cream') and
what it is packed in ('in prefilled pens')."""

from __future__ import annotations

import pytest

from test_extract_structure import facts


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # every number of a list may carry the unit
        ("Drugq is available in tablets of 5 mg, 10 mg and 20 mg.", "tablets of 5 mg, 10 mg and 20 mg"),
        ("Drugq is available in 5 mg, 10 mg and 20 mg tablets.", "5 mg, 10 mg and 20 mg tablets"),
        ("Drugq is available as tablets of 2.5 mg to 10 mg.", "tablets of 2.5 mg to 10 mg"),
        # a concentration unit with a volume, a thousands separator
        ("Drugq is available in 40 mg/0.8 mL prefilled pens.", "40 mg/0.8 mL prefilled pens"),
        ("Drugq is available in tablets of 1,000 mg.", "tablets of 1,000 mg"),
        # a strength before the form after an article
        ("Drugq is available as a 2% cream.", "2% cream"),
        # a strength after 'in strengths of'; parenthesised strengths on coordinated forms
        ("Drugq is available as an oral tablet in strengths of 5 and 10 mg.", "oral tablet in strengths of 5 and 10 mg"),
        # forms with their own strengths are pieces of their own (DF2)
        ("Drugq is available as tablets (5 mg) and capsules (10 mg).", "tablets (5 mg); capsules (10 mg)"),
        # a use after a parenthesised strength is part of the piece (LABELLING.md DF5)
        ("Drugq is available as an oral solution (5 mg/mL) for pediatric use.", "oral solution (5 mg/mL) for pediatric use"),
        # container nouns are form nouns; what a form is packed in belongs to it
        ("Drugq is available in prefilled syringes of 40 mg.", "prefilled syringes of 40 mg"),
        ("Drugq is available as a lyophilized powder in single use vials of 100 mg.",
         "lyophilized powder in single use vials of 100 mg"),
        ("Drugq is available as a solution for subcutaneous injection in prefilled pens.",
         "solution for subcutaneous injection in prefilled pens"),
        # a route with its abbreviation in a purpose phrase
        ("Drugq is available in 1 mL ampules of 0.3 mg/mL for intravenous (iv) or intramuscular (im) use.",
         "1 mL ampules of 0.3 mg/mL for intravenous (iv) or intramuscular (im) use"),
        # a quantifier before coordinated forms; a participle of route is kept, a comparative one is not
        ("Drugq is available in both tablets and capsules of 10 mg.", "tablets and capsules of 10 mg"),
        # forms without strengths of their own are one run, as written (LABELLING.md DF4)
        ("Drugq is available as a nasal spray and as an orally inhaled powder.", "nasal spray and as an orally inhaled powder"),
        ("Drugq is available as a more rapidly absorbed liquid formulation of 5 mg.", "liquid formulation of 5 mg"),
        # a purpose phrase ends before a coordinated piece
        ("Drugq is available as granules for oral suspension and in vials for parenteral use.",
         "granules for oral suspension; vials for parenteral use"),
    ],
)
def test_dose_form_grammar(sentence, expected):
    assert facts(sentence, "dose_forms_and_strengths") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # forms as the subject of 'available': coordinated, with 'become' or 'became', a purpose, a strength
        ("Drugq is available in tablets of 5 mg. Injectable suspensions and implants have also become available.",
         "tablets of 5 mg; Injectable suspensions and implants"),
        ("Drugq is available in tablets of 5 mg. An intravenous formulation became available in 2010.",
         "tablets of 5 mg; intravenous formulation"),
        ("Drugq is available in tablets of 5 mg. A long acting formulation for monthly injection is also available.",
         "tablets of 5 mg; long acting formulation for monthly injection"),
        ("Drugq is available in tablets of 5 mg; an extended release formulation (10 mg) is also available.",
         "tablets of 5 mg; extended release formulation (10 mg)"),
        ("Drugq is available in tablets of 5 mg. Extended release forms are also available in sizes of 100 to 600 mg.",
         "tablets of 5 mg; Extended release forms are also available in sizes of 100 to 600 mg"),
        # a market is no form
        ("Drugq is available in tablets of 5 mg. Over-the-counter formulations have also become available.",
         "tablets of 5 mg"),
        # the forms a general noun includes
        ("Drugq is available in multiple formulations including tablets, capsules and oral solutions.",
         "tablets, capsules and oral solutions"),
        ("Drugq is available in several forms such as tablets and capsules.", "tablets and capsules"),
        ("Drugq is taken in several forms such as tablets and capsules.", None),
        # coordinated strength-first forms
        ("Drugq is available in 10 mg tablets and 20 mg capsules.", "10 mg tablets; 20 mg capsules"),
        # the drug (with its salt) after the form is part of the piece; another drug's form is not this one's
        ("Drugq is available by prescription as 30 mg tablets of drugq base and 40 mg tablets of drugq hydrochloride.",
         "30 mg tablets of drugq base; 40 mg tablets of drugq hydrochloride"),
        ("Drugq is available in tablets of 5 mg. Skin patches of drugq in amounts of 5 and 10 mg/24 hours are available.",
         "tablets of 5 mg; Skin patches of drugq in amounts of 5 and 10 mg/24 hours"),
        ("Drugq is available in tablets of 5 mg. Solutions of otherdrug are also available.", "tablets of 5 mg"),
        ("Drugq is available in capsules of 5 mg, tablets of 10 mg or an oral syrup of 1 mg/mL.",
         "capsules of 5 mg; tablets of 10 mg; oral syrup of 1 mg/mL"),
        ("Drugq is available in 5 mg, 10 mg and 20 mg tablets and as well in tablets and capsules of 2 and 4 mg.",
         "5 mg, 10 mg and 20 mg tablets; tablets and capsules of 2 and 4 mg"),
    ],
)
def test_dose_form_sentences(sentence, expected):
    assert facts(sentence, "dose_forms_and_strengths") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # 'the dose (of X) is' without a qualifier; a route adverb before 'in doses of' / 'at a dose of'
        ("The dose of drugq for adults is 10 mg once daily.", "10 mg once daily"),
        ("The dose of drugq should be reduced in renal failure.", None),
        ("Drugq is given orally in doses of 400 mg twice daily.", "400 mg twice daily"),
        ("Drugq is administered intravenously at a dose of 5 mg/kg every 12 hours.", "5 mg/kg every 12 hours"),
        # 'followed by' a dose continues the regimen; followed by how the dose changes, it does not
        ("The recommended dose is 300 mg twice daily followed by increases at weekly intervals.", "300 mg twice daily"),
        ("The recommended dose is 100 mg initially, followed by 50 mg every 12 hours.",
         "100 mg initially, followed by 50 mg every 12 hours"),
        ("The recommended dose is 200 mg daily for 2 weeks followed by standard 200 mg tablets twice daily.",
         "200 mg daily for 2 weeks followed by standard 200 mg tablets twice daily"),
    ],
)
def test_recommended_dose_sentences(sentence, expected):
    assert facts(sentence, "recommended_adult_dose") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # how a drug is sold stands between 'available' and its forms
        ("Drugq is available over the counter in capsules and tablets, often in combination with other herbs.",
         "capsules and tablets"),
        ("Drugq is available both by prescription and over-the-counter as tablets.", "tablets"),
    ],
)
def test_market_before_forms(sentence, expected):
    assert facts(sentence, "dose_forms_and_strengths") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # RD3: titration and limits end the dose, with the comma or 'and' before them
        ("The usual dose is 5 mg daily, increasing gradually to a maximum of 20 mg daily.", "5 mg daily"),
        ("The recommended dose is 2 mg twice daily, which may then be raised to 4 mg twice daily.", "2 mg twice daily"),
        ("The recommended dose is 30 mg once daily, generally starting with the lowest dose.", "30 mg once daily"),
        ("The usual dose is 50 mg daily and not to exceed 150 mg daily.", "50 mg daily"),
        ("The usual dose is 1 g daily with dose adjustment for weight.", "1 g daily"),
        # RD4: conditions end it; a bracket is kept whole
        ("The usual dose is 3 to 6 mg daily based on body weight.", "3 to 6 mg daily"),
        ("The usual dose is 10 mg every 6 hours (or 20 mg at night) as needed for pain.",
         "10 mg every 6 hours (or 20 mg at night)"),
        ("The recommended dose is 5 mg daily, increasing if necessary.", "5 mg daily"),
        # RD2: a combination partner stays
        ("The recommended dose is 40 mg daily in combination with a second agent.",
         "40 mg daily in combination with a second agent"),
        # RD4/RD7: the takers as subject; a children's dose is never the value
        ("Most patients take 2 tablets twice daily for 5 days.", "2 tablets twice daily for 5 days"),
        ("Children receive 3 mg/kg daily.", None),
        ("The recommended dose in adults and adolescents is 10 mg daily.", "10 mg daily"),
        # RD5/RD6: 'given as' alternatives; a dose after a fronted phrase
        ("Drugq is given as 5 mg daily or 10 mg every other day.", "5 mg daily or 10 mg every other day"),
        ("In hypertension, the dose of drugq is 25 mg daily.", "25 mg daily"),
        # a frame 'is to start with' is dropped; 'and increase to' is a titration
        ("The usual regimen is to start with 1 mg daily and increase to 2 mg twice daily.", "1 mg daily"),
    ],
)
def test_dose_ends_and_takers(sentence, expected):
    assert facts(sentence, "recommended_adult_dose") == expected
