"""The chemical-description reader on constructions of the language rather than of a page: the
predicate of the drug, its head noun and chemical modifiers, where the phrase ends, a therapeutic
role after a chemical noun, 'belongs to the X class', a renaming ('known as a Z'), the fuller of two
descriptions. The sentences are written for this test (no drug named: the agent is 'Drugq')."""

from __future__ import annotations

import pytest

from test_extract_structure import facts

from livertox_kg.extraction import extract
from livertox_kg.extraction.chemistry import chemical_head, chemical_words
from livertox_kg.text_reader import read_text


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # no article: coordinated adjectives share the head and stay, as written
        ("Drugq is synthetic, nonergot derivative and serotonin receptor agonist that is used in migraine.",
         "synthetic, nonergot derivative"),
        ("Drugq is an inorganic, water soluble salt of lithium that is given orally.",
         "inorganic, water soluble salt of lithium"),
        # a route word before the comma is no part of it
        ("Drugq is an oral, fourth generation cephalosporin that is used for otitis.", "fourth generation cephalosporin"),
        # a chemical noun before a therapeutic role: the role goes
        ("Drugq is a benzimidazole anthelmintic drug used for worm infections.", "benzimidazole"),
        ("Drugq is a thiazide diuretic used in hypertension.", "thiazide"),
        ("Drugq is a phenylpiperazine-type atypical antidepressant that acts on serotonin.", "phenylpiperazine-type"),
        ("Drugq is a carbapenem class antibiotic used for severe infections.", "carbapenem"),
        # 'antibiotic' after a chemical noun names a family of natural products and stays
        ("Drugq is a semisynthetic aminoglycoside antibiotic used for sepsis.", "semisynthetic aminoglycoside antibiotic"),
        # an origin word of a therapeutic head is not chemistry
        ("Drugq is a synthetic antibiotic used in skin infections.", None),
        ("Drugq is a synthetic, benzodiazepine-like sedative agent used before surgery.", "benzodiazepine-like sedative agent"),
        # where the phrase ends: a likeness, a property after 'with'
        ("Drugq is a thio-benzamide somewhat similar in structure to procainamide.", "thio-benzamide"),
        ("Drugq is a tricyclic derivative with a distinctive anxiolytic activity in animal models.", "tricyclic derivative"),
        # ... but a part of the molecule after 'with' and a structural relative clause stay
        ("Drugq is a cisplatin analog with a malonate moiety instead of the chloride atoms which makes it stable.",
         "cisplatin analog with a malonate moiety instead of the chloride atoms"),
        ("Drugq is a complex macrolide molecule that contains a 14-member lactone ring.",
         "complex macrolide molecule that contains a 14-member lactone ring"),
        # the organism named in apposition to 'the bacterium'
        ("Drugq is a synthetic derivative of natural products of the bacterium, Streptomyces griseus.",
         "synthetic derivative of natural products of the bacterium, Streptomyces griseus"),
        # a first predicate without chemistry gives way to a second one
        ("Drugq is an antifungal antibiotic and a metabolic product of Aspergillus terreus.",
         "metabolic product of Aspergillus terreus"),
        # 'belongs to the X class'; a renaming after a framing noun; the chemical name
        ("Drugq belongs to the dihydropyrimidine group of antiviral agents and is used in influenza.", "dihydropyrimidine"),
        ("Drugq is new generation of macrolide, known as an azalide.", "azalide"),
        ("Drugq is an antipsychotic agent; its chemical name being 7-hydroxyhaloperidol.", "7-hydroxyhaloperidol"),
        # an abbreviation of the words before it stays, one of the drug goes
        ("Drugq is a methyl derivative of gamma-aminobutyric acid (GABA) used in seizures.",
         "methyl derivative of gamma-aminobutyric acid (GABA)"),
        ("Drugq is the L-enantiomer of deoxyguanosine (LdG) used for hepatitis B.", "L-enantiomer of deoxyguanosine"),
        # the subject with an apposition or a sentence-initial phrase
        ("Drugq (drug kyoo), 5-fluoro deoxyuridine, is a pyrimidine analogue used in cancer.", "pyrimidine analogue"),
        ("Like other triazoles, drugq is a synthetic triazole that inhibits fungal growth.", "synthetic triazole"),
        # no description: a comparison, a mechanism noun, the drug's own name as head
        ("Drugq is more water soluble than other bile acids.", None),
        ("Drugq is a selective dopamine receptor agonist used in Parkinson disease.", None),
        ("Drugq is a tetracyclic antidepressant with a unique mechanism of action.", None),
    ],
)
def test_chemical_constructions(sentence, expected):
    assert facts(sentence, "chemical_description") == expected


def test_the_fuller_description_of_the_same_kind_wins():
    """Background 'a nucleotide analog', Introduction 'a nucleotide analogue of guanosine': the
    second names the parent; a different kind ('a purine analogue' / 'a benzimidazole') does not replace."""
    text = ("Introduction\n\nDrugq is an acyclic nucleotide analogue of guanosine used in herpes.\n\n"
            "Background\n\nDrugq is an acyclic nucleotide analog and prodrug of drugqir.\n")
    rec = extract(read_text(text, source="drugq.txt"))[0].to_json()
    assert rec["chemical_description"] == "acyclic nucleotide analogue of guanosine"
    text = ("Introduction\n\nDrugq is a benzimidazole used in worm infections.\n\n"
            "Background\n\nDrugq is a purine analogue used widely.\n")
    assert extract(read_text(text, source="drugq.txt"))[0].to_json()["chemical_description"] == "purine analogue"


def test_negated_description_is_not_read():
    assert facts("Drugq is not a benzodiazepine derivative, although it binds the same receptor.",
                 "chemical_description") is None


def test_vocabulary_is_data():
    assert "derivative" in chemical_words("class") and "azole" in chemical_words("suffix")
    assert chemical_head("a dihydropyridine") and chemical_head("a piperazine-type drug")
    assert not chemical_head("a second generation antipsychotic agent")


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # 'non-' says what it is not
        ("Drugq is a nonbenzodiazepine hypnotic used for insomnia.", None),
        ("Drugq is a nonsteroidal, nonpurine compound used in gout.", "nonsteroidal, nonpurine compound"),
        # further class nouns of the vocabulary
        ("Drugq is a halogenated methyl ether used for general anesthesia.", "halogenated methyl ether"),
        ("Drugq is a sulfonylurea used in type 2 diabetes.", "sulfonylurea"),
        # what an antibody is directed against is its target, not its chemistry
        ("Drugq is a human monoclonal antibody directed against interleukin-17.", "human monoclonal antibody"),
        ("Drugq is a humanized monoclonal antibody against CD33 that is used in leukemia.", "humanized monoclonal antibody"),
        # more therapeutic roles after a chemical noun
        ("Drugq is a phenylpiperidine opioid used for pain.", "phenylpiperidine"),
        ("Drugq is a macrolide immunosuppressant used in transplantation.", "macrolide"),
        # an apposition of the subject describes it
        ("Drugq, a benzimidazole carbamate, is used for worm infections.", "benzimidazole carbamate"),
        ("Drugq, an oral agent, is used for worm infections.", None),
    ],
)
def test_chemical_vocabulary(sentence, expected):
    assert facts(sentence, "chemical_description") == expected


def test_two_agents_named_in_the_introduction_each_get_their_description():
    """'Drugq and esdrugq are ...' in the Introduction of the page titled Drugq: two records; each
    description goes to the agent its sentence is about. A combination ('X and Y is a fixed
    combination') and a plural subject that is not the title stay one record."""
    text = ("Drugq\n\nIntroduction\n\nDrugq and esdrugq are serotonin reuptake inhibitors used in depression.\n\n"
            "Background\n\nDrugq (drug kyoo) is a racemic mixture of two enantiomers. Esdrugq is the "
            "S-enantiomer of drugq.\n")
    records = {r.name: r.to_json() for r in extract(read_text(text, source="drugq.txt"))}
    assert set(records) == {"Drugq", "Esdrugq"}
    assert records["Drugq"]["chemical_description"] == "racemic mixture of two enantiomers"
    assert records["Esdrugq"]["chemical_description"] == "S-enantiomer of drugq"
    one = "Drugq\n\nIntroduction\n\nDrugq and clavuq is a fixed combination used for infections.\n"
    assert [r.name for r in extract(read_text(one, source="drugq.txt"))] == ["Drugq"]
    other = "Drugq\n\nIntroduction\n\nStatins and fibrates are lipid lowering agents; drugq is one of them.\n"
    assert [r.name for r in extract(read_text(other, source="drugq.txt"))] == ["Drugq"]


def test_a_synonym_in_the_title_is_no_part_of_the_record_name():
    """'Drugq (Drugquinic Acid)': the record is 'Drugq'; sentences about the synonym still count."""
    text = ("Drugq (Drugquinic Acid)\n\nIntroduction\n\nDrugq is an oral agent used for gallstones.\n\n"
            "Background\n\nDrugquinic acid is a naturally occurring bile acid found in bears.\n")
    records = extract(read_text(text, source="drugq.txt"))
    assert [r.name for r in records] == ["Drugq"]
    assert records[0].to_json()["chemical_description"] == "naturally occurring bile acid"


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # an adverb and a participle after the head begin a reduced relative clause
        ("Drugq is a benzodiazepine derivative currently used for anxiety.", "benzodiazepine derivative"),
        ("Drugq is a thienobenzodiazepine typically used for psychosis.", "thienobenzodiazepine"),
        # ... but an adverb-participle before the head modifies it
        ("Drugq is a structurally modified derivative of otherdrug.", "structurally modified derivative of otherdrug"),
        # how widely used, how well tolerated and how broad its activity are no chemistry
        ("Drugq is a broad spectrum nitroimidazole used to treat infections.", "nitroimidazole"),
        ("Drugq is a well tolerated benzimidazole used for worms.", "benzimidazole"),
        ("Drugq is a widely used, broad-spectrum cephalosporin antibiotic.", "cephalosporin antibiotic"),
        ("Drugq is an orally active, synthetic steroid used for anemia.", "synthetic steroid"),
    ],
)
def test_where_a_description_begins_and_ends(sentence, expected):
    assert facts(sentence, "chemical_description") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # an apposition in parentheses describes the subject, as one between commas does
        ("Drugq (a semisynthetic penicillin) is used for infections.", "semisynthetic penicillin"),
        # 'a <role> of the Y class': Y is the chemical class
        ("Drugq is an oral antifungal agent of the azole class.", "azole"),
        ("Drugq is an antifungal agent of the triazole class.", "triazole"),
        # the words before an action noun name its target, not the drug's chemistry
        ("Drugq is a leukotriene receptor antagonist used for asthma.", None),
    ],
)
def test_appositions_and_classes(sentence, expected):
    assert facts(sentence, "chemical_description") == expected
