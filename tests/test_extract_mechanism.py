"""The mechanism reader (livertox_kg/extraction/mechanism.py) and target grounding (grounding.py) on
wordings that fail string patterns: evaluative adjectives, targets before the action noun, passives
and nominals after a cue, elided coordination, reuptake, processes, and one IRI per real target
in the graph. The sentences are written for this test (no drug named: the agent is 'Drugq')."""

from __future__ import annotations

import pytest

from livertox_kg.extraction import extract
from livertox_kg.extraction.grounding import target_ids
from livertox_kg.namespaces import LTX, TARGET
from livertox_kg.rdf import EntityTables, monograph_quads, monograph_slug
from livertox_kg.text_reader import read_text

INTRO = "Introduction\n\nDrugq is an oral agent used widely for the treatment of mild pain in adults.\n\nBackground\n\n"


def mechanisms(sentence: str):
    records = extract(read_text(INTRO + sentence + "\n", source="drugq.txt"))
    return [f for f in records[0].facts if f.field == "mechanism" and f.evidence.quote == sentence]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Drugq is a potent, orally available inhibitor of hepatic HMG-CoA reductase.",
         [("inhibitor", "hepatic HMG-CoA reductase", "target", ["HMG-CoA reductase"])]),
        ("Drugq is a nucleoside analogue and HIV reverse transcriptase inhibitor.",
         [("inhibitor", "HIV reverse transcriptase", "target", ["HIV reverse transcriptase"])]),
        ("The anti-inflammatory effects of drugq are mediated by inhibition of tissue cyclooxygenases (Cox-1 and -2).",
         [("inhibition", "tissue cyclooxygenases (Cox-1 and -2)", "target", ["COX-1", "COX-2"])]),
        ("Drugq acts by binding to the 50S ribosomal subunit.",
         [("binding", "50S ribosomal subunit", "target", ["bacterial 50S ribosomal subunit"])]),
        ("Drugq is a selective serotonin reuptake inhibitor.",
         [("inhibitor", "serotonin reuptake", "target", ["serotonin transporter"])]),
        ("Its effects are believed to be due to weak inhibition of serotonin and norepinephrine reuptake.",
         [("inhibition", "serotonin reuptake", "target", ["serotonin transporter"]),
          ("inhibition", "norepinephrine reuptake", "target", ["norepinephrine transporter"])]),
        ("Drugq is an agonist at mu opioid receptors and an antagonist at kappa receptors.",
         [("agonist", "mu opioid receptors", "target", ["mu opioid receptor"]),
          ("antagonist", "kappa receptors", "target", ["kappa opioid receptor"])]),
        ("Drugq is an alpha-1 and beta adrenergic receptor blocker.",
         [("blocker", "alpha-1 adrenergic receptor", "target", ["alpha-1 adrenergic receptor"]),
          ("blocker", "beta adrenergic receptor", "target", ["beta adrenergic receptor"])]),
        ("Drugq is an inhibitor of prostaglandin synthesis.",
         [("inhibitor", "prostaglandin synthesis", "process", [])]),
        ("Drugq inhibits bacterial protein synthesis by binding to the 30S ribosomal subunit.",
         [("inhibits", "bacterial protein synthesis", "process", []),
          ("binding", "30S ribosomal subunit", "target", ["bacterial 30S ribosomal subunit"])]),
        # a general verb after 'thereby' is a link of the chain (LABELLING.md K1), a process: never a target link
        ("Drugq is a competitive antagonist of the dopamine type 2 (D2) receptor, thereby reducing prolactin release.",
         [("antagonist", "dopamine type 2 (D2) receptor", "target", ["dopamine D2 receptor"]),
          ("reducing", "prolactin release", "process", [])]),
        # ... but not one whose object is a symptom or clinical measurement (T9)
        ("Drugq is an agonist of the GABA-B receptor, thereby relieving pain and lowering blood pressure.",
         [("agonist", "GABA-B receptor", "target", ["GABA-B receptor"])]),
        # a strong action after 'thereby' is kept, as a downstream statement (never a target link)
        ("Drugq is an agonist of the GABA-B receptor, thereby activating potassium channels.",
         [("agonist", "GABA-B receptor", "target", ["GABA-B receptor"]),
          ("activating", "potassium channels", "downstream", ["potassium channels"])]),
        ("Drugq is a monoclonal antibody to tumor necrosis factor alpha.",
         [("antibody", "tumor necrosis factor alpha", "target", ["tumor necrosis factor"])]),
        # a passive with the drug as agent states the drug's action; its subject is the target
        ("Because CTLA-4 signalling is blocked by drugq, T cells stay active.",
         [("blocked", "CTLA-4 signalling", "process", [])]),
        # ... a general verb in the passive only with a molecular target ('Z was replaced by X' is history)
        ("PD-1 receptor engagement is prevented by drugq.",
         [("prevented", "PD-1 receptor engagement", "target", ["PD-1"])]),
        ("An older agent was later replaced by drugq in most regimens.", []),
        # a passive without the drug as agent says nothing of the drug's action
        ("The CTLA-4 receptor is inhibited by natural ligands.", []),
        # a bare nominal action opening the sentence, with a named molecular target
        ("Inhibition of PD-1 receptors on the surface of T cells prevents their down regulation.",
         [("Inhibition", "PD-1 receptors", "target", ["PD-1"])]),
        # ... not an anaphoric one ('this pathway' restates a target, T7)
        ("Inhibition of this pathway prevents B cell activation.", []),
        # ... 'the' is no back-reference (T7): the action as subject gives its item, its predicate none (S6)
        ("The inhibition of the glucosidase activity blocks the breakdown of starch.",
         [("inhibition", "glucosidase activity", "target", ["glucosidase"])]),
        # an action participle before a property noun: the words before it are the target
        ("Drugq is an agent with both alpha- and beta-adrenergic receptor blocking activity.",
         [("blocking", "alpha-adrenergic receptor", "target", ["alpha adrenergic receptor"]),
          ("blocking", "beta-adrenergic receptor", "target", ["beta adrenergic receptor"])]),
        # what a mechanism leads to or results in is a downstream statement, never a target link
        ("Drugq acts by inhibition of lipoxygenase, leading to reduction in interleukin 1.",
         [("inhibition", "lipoxygenase", "target", ["lipoxygenase"]),
          ("reduction", "interleukin 1", "downstream", ["interleukin-1"])]),
        ("Drugq acts by antagonism of purine metabolism which results in a general inhibition of DNA synthesis.",
         [("antagonism", "purine metabolism", "process", []),
          ("inhibition", "DNA synthesis", "process", [])]),
        # where a finding was made is no part of the target; 'small molecule' describes the drug
        ("Drugq is a small molecule tyrosine kinase receptor inhibitor.",
         [("inhibitor", "tyrosine kinase receptor", "target", ["tyrosine kinase receptor"])]),
        ("Drugq has been found to inhibit mutated ALK in cell culture and to induce objective responses in a "
         "proportion of patients.",
         [("inhibit", "mutated ALK", "target", ["ALK tyrosine kinase"])]),
        # an action participle naming a class ('alkylating agents') is no statement; what the agents
        # cause is ('cross linking of': a gerund before 'of' reads as a nominal, 'cross' classifies it)
        ("Drugq and its congeners act as alkylating agents causing cross linking of DNA strands.",
         [("cross linking", "DNA strands", "process", [])]),
        ("Drugq acts as an alkylating agent causing cross linking between and within DNA strands.",
         [("cross linking", "DNA strands", "process", [])]),
        # coordinated event words of one form share the object after the second
        ("Drugq acts by causing modification and cross linking of RNA, thus inhibiting protein synthesis.",
         [("modification", "RNA", "target", ["RNA"]), ("cross linking", "RNA", "target", ["RNA"]),
          ("inhibiting", "protein synthesis", "process", [])]),
        ("Its active metabolites act by modifying and cross linking guanine bases in DNA.",
         [("modifying", "guanine bases", "process", []), ("cross linking", "guanine bases", "process", [])]),
        # a nominal the drug produces names its target before it
        ("Drugq has other effects, producing both alpha adrenergic stimulation and blocking histamine-mediated effects.",
         [("stimulation", "alpha adrenergic", "target", ["alpha adrenergic receptor"]),
          ("blocking", "histamine-mediated effects", "process", [])]),
        ("Drugq has other peripheral and central nervous system effects, producing both alpha adrenergic "
         "stimulation and blocking histamine- and serotonin-mediated effects.",
         [("stimulation", "alpha adrenergic", "target", ["alpha adrenergic receptor"]),
          ("blocking", "histamine-mediated effects", "process", []),
          ("blocking", "serotonin-mediated effects", "process", [])]),
        # an evaluative word alone names no target
        ("Drugq is used to treat stress and as a mild stimulant.", []),
        ("Drugq is thought to act by intercalating between DNA base pairs and uncoiling the DNA helix.",
         [("intercalating", "DNA base pairs", "process", []), ("uncoiling", "DNA helix", "process", [])]),
        # a noun with its preposition after the drug is no verb with an object ('forms links with')
        ("Drugq forms covalent links with DNA.", []),
        # what names no molecule after 'and' is another consequence, not a second target
        ("Drugq acts by binding to DNA, which results in inhibition of RNA synthesis and death of dividing cells.",
         [("binding", "DNA", "target", ["DNA"]), ("inhibition", "RNA synthesis", "process", [])]),
        # a target ends before a second nominal event, 'as well as', a reduced relative of place and
        # the organisms it is acted on in
        ("Drugq acts by inhibition of RNA and protein synthesis and the triggering of cell death.",
         [("inhibition", "RNA synthesis", "process", []), ("inhibition", "protein synthesis", "process", [])]),
        ("Drugq acts by binding to DNA chains as well as to RNA.", [("binding", "DNA chains", "process", [])]),
        ("Drugq inhibits beta-adrenergic receptors present on smooth muscle in arterioles.",
         [("inhibits", "beta-adrenergic receptors", "target", ["beta adrenergic receptor"])]),
        ("Drugq acts by interfering with mitochondrial electron transport in susceptible organisms.",
         [("interfering", "mitochondrial electron transport", "process", [])]),
        # a pronunciation and a comparison between the drug and its verb; a gerund coordinated with a
        # cued one is cued ('by binding to and inactivating')
        ("Drugq (drug' q), like other PPIs, blocks gastric acid production.",
         [("blocks", "gastric acid production", "process", [])]),
        ("Drugq, like other PPIs, inhibits gastric acid production by binding to and inactivating the "
         "H+/K+-ATPase of gastric parietal cells.",
         [("inhibits", "gastric acid production", "process", []),
          ("binding", "H+/K+-ATPase of gastric parietal cells", "target", ["H+/K+ ATPase"]),
          ("inactivating", "H+/K+-ATPase of gastric parietal cells", "target", ["H+/K+ ATPase"])]),
        # an action participle after a complete plural noun phrase states what the first action does
        ("Drugq acts by binding to bacterial ribosomes inhibiting protein synthesis.",
         [("inhibiting", "protein synthesis", "process", []),
          ("binding", "bacterial ribosomes", "target", ["bacterial ribosomes"])]),
        # structural classifiers before a pre-modifier target belong to neither; a hyphenated compound
        # ('beta-blocker') names a class
        ("Drugq is a nonpurine xanthine oxidase inhibitor.",
         [("inhibitor", "xanthine oxidase", "target", ["xanthine oxidase"])]),
        # ... a hyphenated cue: the part before the hyphen is the target (LABELLING.md A7)
        ("Drugq is a cardioselective beta-blocker that is widely used.", [("blocker", "beta", "process", [])]),
        # a cause marker cues a nominal ('due to', 'as a result of'); a hedge reaches the cause it frames
        ("The effect of drugq on bile is thought to be due to inhibition of HMG-CoA reductase.",
         [("inhibition", "HMG-CoA reductase", "target", ["HMG-CoA reductase"])]),
        # 'Both drugs' on the drug's page; a nominal in a relative clause about something else is not
        # the drug's; 'so that' closes a target
        ("Both drugs appear to act by blocking DNA topoisomerase I, which is responsible for relaxation of "
         "supercoiled DNA so that replication can proceed.",
         [("blocking", "DNA topoisomerase I", "target", ["topoisomerase I"])]),
        ("Drugq acts by inhibiting the binding of ADP to platelet receptors and triggering of the intracellular "
         "pathways that lead to activation of the glycoprotein IIb/IIIa complex.",
         [("inhibiting", "binding of ADP", "process", [])]),
        # ... but a consequence after ', which' follows from the statement before it
        ("Drugq acts by uncoiling the DNA helix, which results in inhibition of RNA synthesis.",
         [("uncoiling", "DNA helix", "process", []), ("inhibition", "RNA synthesis", "process", [])]),
        # an infinitive of use states a use, not a mechanism
        ("Drugq is used in the treatment of cancer and to stimulate fetal hemoglobin production.", []),
        # an infinitive after a raising verb when the parser missed the verb; a gerund the parser left
        # unattached ('thus inhibiting Y' as 'dep')
        ("Drugq has been found to inhibit mutated EGFR in cell culture and, in several clinical trials, was "
         "found to induce objective responses.",
         [("inhibit", "mutated EGFR", "target", ["EGFR tyrosine kinase"])]),
        ("Drugq acts as an alkylating agent disrupting DNA replication, causing modification and cross linking of "
         "DNA, thus inhibiting DNA, RNA and protein synthesis and causing programmed cell death (apoptosis) in "
         "rapidly dividing cells.",
         [("disrupting", "DNA replication", "process", []),
          ("modification", "DNA", "target", ["DNA"]), ("cross linking", "DNA", "target", ["DNA"]),
          ("inhibiting", "DNA synthesis", "process", []), ("inhibiting", "RNA synthesis", "process", []),
          ("inhibiting", "protein synthesis", "process", [])]),
        # an event another agent mediates is not the drug's ('GABA mediated inhibition of Y')
        ("The activity of drugq is mediated by its ability to enhance gamma-aminobutyric acid (GABA) mediated "
         "inhibition of synaptic transmission through binding to the GABA A receptor.",
         [("enhance", "gamma-aminobutyric acid (GABA) mediated inhibition of synaptic transmission", "process", []),
          ("binding", "GABA A receptor", "target", ["GABA-A receptor"])]),
        # coordinated noun actions share a pre-modifier target; a hyphenated classifier belongs to its
        # action; a bracket inside a token does not end the pre-modifiers
        ("Drugq is an antipsychotic agent which appears to act as a dopamine type 2 (D2) partial agonist and "
         "post-synaptic antagonist and serotonin (5-HT)-2A receptor antagonist.",
         [("agonist", "dopamine type 2 (D2)", "process", []),
          ("antagonist", "dopamine type 2 (D2)", "process", []),
          ("antagonist", "serotonin (5-HT)-2A receptor", "target", ["serotonin 5-HT2A receptor"])]),
        # a relative clause on the drug's product ('converted to metabolites that block Y') when the
        # parser took the verb for a noun
        ("Drugq is taken up by fungal cells and converted to fluorouracil, which blocks pyrimidine metabolism and "
         "may be converted to metabolites that block DNA synthesis.",
         [("blocks", "pyrimidine metabolism", "process", []), ("block", "DNA synthesis", "process", [])]),
        # a general verb whose object is a molecular process of a named substance states a mechanism
        ("Drugq prevents the breakdown of GABA.", [("prevents", "breakdown of GABA", "process", [])]),
        ("As a result, drugq slows the metabolism of levodopa.", [("slows", "metabolism of levodopa", "process", [])]),
        ("Drugq increases the metabolism of other drugs.", []),
        # an event whose 'by' agent is the drug is the drug's (its object named in full); what that event
        # brings about, with a general verb, is an effect
        ("Monoclonal antibody binding to the PD-L1 by drugq prevents its engagement with the PD receptor.",
         [("binding", "PD-L1", "target", ["PD-L1"])]),
        ("Inhibition of the proteasome by drugq leads to cell death.",
         [("Inhibition", "proteasome", "target", ["proteasome"])]),
        ("The inhibition of this enzyme by drugq reduces prostaglandin synthesis.", []),
        # a passive's 'by' is no means of the drug's unless the passive is a mechanism cue ('mediated by')
        ("Drugq lowers serum enzyme levels during therapy, explained by its direct inhibition of aminotransferase "
         "activity.", []),
        ("The effects of drugq are mediated by inhibition of tissue cyclooxygenases.",
         [("inhibition", "tissue cyclooxygenases", "target", ["cyclooxygenase"])]),
        # a gerund coordinated after a target ('binding to Y and increasing Z') is a statement of its own
        ("Drugq acts by binding to specific receptors on pancreatic beta cells and increasing insulin secretion, "
         "which can lead to better glycemic control.",
         [("increasing", "insulin secretion", "process", []),
          ("binding", "specific receptors", "target", ["specific receptors"])]),
        # 'bind' with a direct object right after it; a receptor adjective alone names its receptor family
        ("Drugq is a bile acid sequestrant that binds bile acids in the intestine, preventing their reabsorption.",
         [("binds", "bile acids", "process", [])]),
        ("Drugq is a long acting muscarinic antagonist.",
         [("antagonist", "muscarinic", "target", ["muscarinic acetylcholine receptor"])]),
        # 'activity at' receptors the lexicon knows (not at sites); 'opioid' alone names the family
        ("Drugq is an opioid agonist with activity at mu, kappa and delta receptors.",
         [("agonist", "opioid", "target", ["opioid receptor"]),
          ("activity", "mu receptors", "target", ["mu opioid receptor"]),
          ("activity", "kappa receptors", "target", ["kappa opioid receptor"]),
          ("activity", "delta receptors", "target", ["delta opioid receptor"])]),
        ("Drugq has activity at many sites of infection.", []),
        # a relative clause hung on the noun after 'a derivative of' is about the derivative (the drug)
        ("Drugq is a synthetic derivative of vitamin A that binds to retinoic acid receptors.",
         [("binds", "retinoic acid receptors", "target", ["retinoic acid receptor"])]),
        # the drug's own action as a bare nominal subject of a verb with its preposition; not of another verb
        # (LABELLING.md S6: an action as subject gives items from the subject only, A7/T6 its target before it)
        ("The beta-blockade is nonselective, acting on both beta-1 and beta-2 adrenergic receptors.",
         [("blockade", "beta", "process", [])]),
        ("The alpha blockade is largely directed at the alpha-1 receptors and leads to vasodilation.",
         [("blockade", "alpha", "process", [])]),
        ("Beta-1 adrenergic blockade slows the heart by suppressing automaticity.",
         [("blockade", "Beta-1 adrenergic", "target", ["beta-1 adrenergic receptor"])]),
        # ... not a blockade by another agent, nor one pointing back
        ("The alpha blockade by reserpinox is reversible.", []),
        ("Its blockade is reversible.", []),
        ("The inhibition is reversible and blocks the enzyme.", []),
        # 'directed against' a target
        ("Drugq is a humanized monoclonal antibody directed against the CD20 antigen.",
         [("directed", "CD20 antigen", "target", ["CD20"])]),
        # a gerund in a relative clause about something else is not the drug's action
        ("Drugq acts as an inhibitor of calcineurin, which is responsible for activating the T cell pathway.",
         [("inhibitor", "calcineurin", "target", ["calcineurin"])]),
        ("Drugq is given with boosters, which improve its kinetics by inhibiting its metabolism by CYP3A4.", []),
    ],
)
def test_mechanism_forms(sentence, expected):
    got = [(f.value["action"], f.value["target"], f.value["kind"], f.value["targets"]) for f in mechanisms(sentence)]
    assert got == expected


@pytest.mark.parametrize(
    "target,action,ids",
    [
        ("cellular cyclooxygenases (Cox-1 and Cox-2)", "inhibitor", ["COX-1", "COX-2"]),
        ("Cox-1 and -2", "inhibition of", ["COX-1", "COX-2"]),
        ("serotonin and norepinephrine", "reuptake inhibitor", ["serotonin transporter", "norepinephrine transporter"]),
        ("GABA B receptor", "agonist", ["GABA-B receptor"]),
        ("gamma amino butyric acid (GABA) receptors in the central nervous system", "binding to", ["GABA receptor"]),
        ("bacterial DNA gyrase and topoisomerase IV", "inhibiting", ["bacterial DNA gyrase", "topoisomerase IV"]),
        ("multiple tyrosine kinases, including VEGFR and PDGFR", "inhibitor", ["VEGF receptor", "PDGF receptor"]),
        ("cyclooxygenase-2 (COX-2) enzyme", "inhibits", ["COX-2"]),
        ("an enzyme the lexicon does not list", "inhibitor", ["enzyme the lexicon does not list"]),
    ],
)
def test_target_grounding(target, action, ids):
    assert target_ids(target, action) == ids


def test_graph_links_one_iri_per_target_and_no_process():
    text = (INTRO + "The effects of Drugq are mediated by inhibition of tissue cyclooxygenases (Cox-1 and -2). "
            "Drugq is also an inhibitor of prostaglandin synthesis.\n")
    mono = read_text(text, source="drugq.txt")
    records = extract(mono)
    tables = EntityTables()
    tables.collect(records)
    quads = monograph_quads(mono, records, tables, monograph_slug(mono, records))
    inhibits = {(str(s), str(o)) for s, p, o, _g in quads if p == LTX.inhibitorOf and "/evidence/" not in str(s)}
    assert {o for _s, o in inhibits} == {str(TARGET["cox-1"]), str(TARGET["cox-2"])}
    assert not any("prostaglandin" in str(o) for _s, _p, o, _g in quads if str(_p).startswith(str(LTX)))


@pytest.mark.parametrize(
    "intro,expected",
    [
        ("Drugq is a semisynthetic macrolide antibiotic used for respiratory infections.",
         [("inhibiting", "protein synthesis of bacteria"), ("binding", "50S ribosomal subunit")]),
        # a class the page does not put the drug in says nothing about the drug
        ("Drugq is a penicillin used for respiratory infections.", []),
    ],
)
def test_class_subject_without_article(intro, expected):
    """A plural class opening a sentence ('Macrolide antibiotics act by ...') states the drug's
    mechanism when the page says the drug is one ('Drugq is a ... macrolide antibiotic')."""
    sentence = "Macrolide antibiotics act by inhibiting protein synthesis of bacteria by binding to the 50S ribosomal subunit."
    records = extract(read_text(f"Introduction\n\n{intro}\n\nBackground\n\n{sentence}\n", source="drugq.txt"))
    assert [(f.value["action"], f.value["target"]) for f in records[0].facts if f.field == "mechanism"] == expected


def test_class_named_inside_the_sentence():
    """'The activity of the benzodiazepines is mediated by ... binding to Y' on a page that says the drug
    is a benzodiazepine; not on a page that does not."""
    sentence = ("The antiseizure activity of the benzodiazepines is mediated by their ability to enhance GABA "
                "mediated inhibition of synaptic transmission through binding to the GABA A receptor.")
    for intro, expected in (("Drugq is a benzodiazepine used for seizures.", [("binding", "GABA A receptor")]),
                            ("Drugq is a hydantoin used for seizures.", [])):
        records = extract(read_text(f"Introduction\n\n{intro}\n\nBackground\n\n{sentence}\n", source="drugq.txt"))
        assert [(f.value["action"], f.value["target"]) for f in records[0].facts if f.field == "mechanism"] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Drugq does not produce alpha adrenergic stimulation.",
        "Drugq has not been found to inhibit mutated EGFR in cell culture.",
        "Drugq is not converted to metabolites that block DNA synthesis.",
        "Drugq does not prevent the breakdown of GABA.",
        "Inhibition of the proteasome by drugq has not been shown.",
        "Drugq does not act by causing cross linking of DNA.",
        "Drugq is not a monoclonal antibody directed against the CD20 antigen.",
    ],
)
def test_negated_forms_of_this_round_yield_nothing(sentence):
    """The constructions read since the module split never turn a negated clause into a fact."""
    assert mechanisms(sentence) == []
