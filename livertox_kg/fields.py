"""The fact fields the extractor produces, with the shape of each value.

This is the contract between readers/extractor and the RDF writer: every ``Fact.field`` is a key
here. Strings keep the monograph's wording (trimmed, whitespace folded) unless said otherwise.
"""

FIELDS: dict[str, str] = {
    "summary": "str: the Introduction paragraph (first paragraph when there are no headings)",
    "approval_year_us": "int: year of US approval",
    "brand_names": "str: one brand (trade) name, as written, without the registered sign",
    "combination_brand_names": "str: brand name of a fixed-combination product",
    "chemical_description": "str: chemical nature, e.g. 'gamma-amino butyric acid (GABA) derivative'",
    "mechanism": (
        "dict: {action: str as written, target: str as written (what the action applies to), "
        "relation: one of 'agonist','antagonist','inhibitor','activator','blocker','modulator',"
        "'release_inhibitor','acts_on', kind: 'target' (a molecular target: linked in the graph), "
        "'process' ('inhibiting protein synthesis': kept, never a target link) or 'downstream' "
        "(stated as a consequence: 'thereby activating Z'; not linked), targets: [canonical target "
        "labels, one per real-world target, from data/lexicon/targets.tsv or the wording when the "
        "lexicon has none; empty for processes], target_from (only on a piece split from a coordination "
        "with shared words: the verbatim span it was distributed from, tests/LABELLING.md C2-C7)}; action and "
        "target are cut as tests/LABELLING.md says (the bare action word; the target up to its first boundary)"
    ),
    "indications": "str: one condition or use the drug is indicated for",
    "off_label_uses": "str: one off-label use",
    "dose_forms_and_strengths": "str: dose forms/strengths; several pieces joined by '; '",
    "recommended_adult_dose": "str: the recommended (adult) dose",
    "common_side_effects": "str: one common side effect",
    "alt_elevation_rate": "str: rate of serum ALT/aminotransferase elevations, e.g. '5%'",
    "likelihood_score": "str: 'A','B','C','D','E','E*' or 'X'",
    "likelihood_qualifier": "str: qualifier in brackets after the score, e.g. 'HD'",
    "likelihood_description": "str: the parenthesised wording after the score",
    "injury_patterns": "str: 'hepatocellular', 'cholestatic' or 'mixed'",
    "latency": "str: latency to onset as written, e.g. '3 months'",
    "hepatic_metabolism": "str: extent of hepatic metabolism as written, e.g. '~15%'",
    "outcomes_reported": (
        "str: 'acute_liver_failure','chronic_hepatitis','vanishing_bile_duct_syndrome',"
        "'cirrhosis','death','liver_transplantation' stated as occurring"
    ),
    "outcomes_not_reported": "str: same keys, stated as not reported ('no reports of ...')",
    "discontinuation_thresholds": (
        "dict: {multiple_uln: number, persistent: bool, text: str as written}"
    ),
    "cross_sensitivity": "dict: {suspected: bool, among: str as written or null, text: str}",
    "drug_classes": "str: class from the 'Drug Class:' line, e.g. 'Muscle Relaxants'",
    "drug_class_paths": (
        "str: class path under PRODUCT INFORMATION / DRUG CLASS as written, "
        "e.g. 'Autonomic Agents: Muscle Relaxants, Central'"
    ),
    "cas_number": "str: CAS registry number, e.g. '1134-47-0'",
    "molecular_formula": "str: Hill-style formula with separators removed, e.g. 'C10H12ClNO2'",
}
