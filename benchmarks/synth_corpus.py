"""Synthetic LiverTox-style monographs for scale tests, as text (seed layout) and/or BITS/NXML.

    python benchmarks/synth_corpus.py N OUTDIR [--format txt|nxml|both] [--seed S] [--tar]

Each monograph has a unique invented agent name, a two-level class ('Parent: Child'), mechanism
sentences (agonist/antagonist/inhibitor/blocker of receptors, enzymes, channels, transporters),
a likelihood score (A-E, E*, X, some with [HD]), approval year, brand names, ALT rate, latency,
injury pattern, outcome sentences (some negated: 'no reports of ...'), discontinuation thresholds,
optional case reports and bibliography, and section lengths that vary. Output is deterministic
for a seed. Files go to OUTDIR/{txt,nxml}/NNN/ (1,000 per folder), or with ``--tar`` into
OUTDIR/corpus-{format}.tar.gz streamed from memory.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tarfile
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

_SYL = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # CV syllables: concatenations unique
_STEP = 7919  # prime, coprime with 70**k: scatters indices over the name space

# (parent, child, class line, name suffixes, mechanisms (action phrase, relation, target), uses)
CLASSES = [
    ("Autonomic Agents", "Muscle Relaxants, Central", "Muscle Relaxants", ["ofen", "amol", "idine"],
     [("an agonist of", "GABA B receptor"), ("an agonist of", "alpha-2 adrenergic receptor")],
     ["spasticity", "acute musculoskeletal pain"]),
    ("Cardiovascular Agents", "Beta Adrenergic Blocking Agents", "Antihypertensive Agents",
     ["olol", "alol"], [("an antagonist of", "beta-1 adrenergic receptor"),
                        ("a blocker of", "beta-2 adrenergic receptor")],
     ["hypertension", "angina pectoris", "atrial fibrillation"]),
    ("Cardiovascular Agents", "Angiotensin-Converting Enzyme Inhibitors", "Antihypertensive Agents",
     ["opril", "april"], [("an inhibitor of", "angiotensin-converting enzyme")],
     ["hypertension", "heart failure"]),
    ("Cardiovascular Agents", "Calcium Channel Blockers", "Antihypertensive Agents", ["dipine"],
     [("a blocker of", "L-type calcium channel")], ["hypertension", "angina pectoris"]),
    ("Antilipemic Agents", "HMG-CoA Reductase Inhibitors", "Statins", ["vastatin"],
     [("an inhibitor of", "HMG-CoA reductase")], ["hypercholesterolemia"]),
    ("Antiinfective Agents", "Fluoroquinolones", "Antibiotics", ["floxacin"],
     [("an inhibitor of", "DNA gyrase"), ("an inhibitor of", "topoisomerase IV")],
     ["urinary tract infections", "community acquired pneumonia"]),
    ("Antiinfective Agents", "Azole Antifungals", "Antifungal Agents", ["conazole"],
     [("an inhibitor of", "lanosterol 14-alpha demethylase")], ["invasive candidiasis", "aspergillosis"]),
    ("Antiinfective Agents", "Protease Inhibitors", "Antiretroviral Agents", ["navir"],
     [("an inhibitor of", "HIV-1 protease")], ["HIV infection"]),
    ("Antineoplastic Agents", "Protein Kinase Inhibitors", "Antineoplastic Agents", ["tinib", "rafenib"],
     [("an inhibitor of", "BCR-ABL tyrosine kinase"), ("an inhibitor of", "epidermal growth factor receptor"),
      ("an inhibitor of", "vascular endothelial growth factor receptor")],
     ["chronic myelogenous leukemia", "non-small cell lung cancer", "renal cell carcinoma"]),
    ("Central Nervous System Agents", "Selective Serotonin Reuptake Inhibitors", "Antidepressant Agents",
     ["oxetine", "alopram"], [("an inhibitor of", "serotonin transporter")],
     ["major depression", "generalized anxiety disorder"]),
    ("Central Nervous System Agents", "Anticonvulsants", "Anticonvulsants", ["igine", "azepine"],
     [("a blocker of", "voltage-gated sodium channel"), ("a modulator of", "GABA A receptor")],
     ["partial onset seizures", "bipolar disorder"]),
    ("Central Nervous System Agents", "Serotonin 5-HT1 Receptor Agonists", "Antimigraine Agents",
     ["triptan"], [("an agonist of", "serotonin 5-HT1B receptor"), ("an agonist of", "serotonin 5-HT1D receptor")],
     ["acute migraine"]),
    ("Gastrointestinal Agents", "Proton Pump Inhibitors", "Antiulcer Agents", ["prazole"],
     [("an inhibitor of", "hydrogen potassium ATPase")], ["gastroesophageal reflux disease", "peptic ulcer disease"]),
    ("Gastrointestinal Agents", "Histamine Type 2 Receptor Antagonists", "Antiulcer Agents", ["tidine"],
     [("an antagonist of", "histamine H2 receptor")], ["peptic ulcer disease"]),
    ("Endocrine Agents", "Dipeptidyl Peptidase-4 Inhibitors", "Antidiabetic Agents", ["gliptin"],
     [("an inhibitor of", "dipeptidyl peptidase-4")], ["type 2 diabetes"]),
    ("Endocrine Agents", "Sodium-Glucose Cotransporter 2 Inhibitors", "Antidiabetic Agents", ["gliflozin"],
     [("an inhibitor of", "sodium-glucose cotransporter 2")], ["type 2 diabetes", "heart failure"]),
    ("Antirheumatic Agents", "Nonsteroidal Antiinflammatory Drugs", "Nonsteroidal Antiinflammatory Drugs",
     ["profen", "fenac", "coxib"], [("an inhibitor of", "cyclooxygenase-1"), ("an inhibitor of", "cyclooxygenase-2")],
     ["osteoarthritis", "rheumatoid arthritis", "acute pain"]),
    ("Hematologic Agents", "Direct Oral Anticoagulants", "Anticoagulants", ["xaban"],
     [("an inhibitor of", "coagulation factor Xa")], ["atrial fibrillation", "deep vein thrombosis"]),
    ("Respiratory Agents", "Leukotriene Receptor Antagonists", "Antiasthmatic Agents", ["lukast"],
     [("an antagonist of", "cysteinyl leukotriene receptor 1")], ["asthma", "allergic rhinitis"]),
    ("Urologic Agents", "Phosphodiesterase Type 5 Inhibitors", "Urologic Agents", ["afil"],
     [("an inhibitor of", "phosphodiesterase type 5")], ["erectile dysfunction", "pulmonary arterial hypertension"]),
]
CHEM = ["synthetic small molecule", "piperidine derivative", "benzimidazole derivative",
        "quinolone carboxylic acid", "arylpropionic acid derivative", "triazole compound",
        "peptidomimetic", "aminopyrimidine derivative", "sulfonamide derivative"]
SCORES = [("A", "well known cause of clinically apparent liver injury"),
          ("B", "highly likely cause of clinically apparent liver injury"),
          ("C", "probable rare cause of clinically apparent liver injury"),
          ("D", "possible rare cause of clinically apparent liver injury"),
          ("E", "unlikely cause of clinically apparent liver injury"),
          ("E*", "unproven but suspected rare cause of clinically apparent liver injury"),
          ("X", "unknown likelihood of causing clinically apparent liver injury")]
SCORE_WEIGHTS = [4, 6, 12, 18, 40, 14, 6]
SIDE_EFFECTS = ["nausea", "headache", "dizziness", "fatigue", "diarrhea", "rash", "insomnia",
                "drowsiness", "abdominal pain", "dry mouth", "constipation", "edema"]
OUTCOMES = ["acute liver failure", "chronic hepatitis", "vanishing bile duct syndrome", "cirrhosis"]
FILLER = [  # background sentences
    "Its pharmacokinetics allow once or twice daily dosing.",
    "Dose adjustment is recommended in patients with renal impairment.",
    "It is usually given in combination with other agents.",
    "The drug is extensively bound to plasma proteins.",
    "Several formulations have been developed, including extended release forms.",
    "Use in children has not been well studied.",
]
HEP_FILLER = [
    "Serum enzyme elevations were usually mild, asymptomatic and self-limited.",
    "Monitoring of liver tests is not routinely recommended.",
    "Most instances resolved within one to two months of stopping the drug.",
    "Rechallenge has rarely been reported and generally led to recurrence.",
]
JOURNALS = ["Hepatology", "J Hepatol", "Am J Gastroenterol", "Drug Saf", "Clin Gastroenterol Hepatol"]
AUTHORS = ["Chalasani N", "Bjornsson ES", "Hoofnagle JH", "Reuben A", "Andrade RJ", "Navarro VJ"]
_HILL = ["C", "H", "Cl", "F", "N", "O", "S"]


def cas_number(rng: random.Random) -> str:
    """A CAS registry number with a valid check digit."""
    body = str(rng.randint(50, 9_999_999))
    digits = body + f"{rng.randint(0, 99):02d}"
    check = sum(int(d) * i for i, d in enumerate(reversed(digits), 1)) % 10
    return f"{digits[:-2]}-{digits[-2:]}-{check}"


@dataclass
class SynthMonograph:
    """One generated monograph; render with :meth:`text` (seed layout) or :meth:`nxml` (BITS)."""

    index: int
    name: str
    sections: dict[str, list[str]] = field(default_factory=dict)
    likelihood: str = ""
    drug_class: str = ""
    class_path: str = ""
    trade_names: str = ""
    cas: str = ""
    formula: str = ""
    cases: list[tuple[str, str]] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    updated: tuple[int, int, int] = (2020, 1, 1)

    @property
    def file_stem(self) -> str:
        return self.name.lower()

    def text(self) -> str:
        s = self.sections
        out = [" OVERVIEW\n"]
        for title in ("Introduction", "Background", "Hepatotoxicity"):
            out.append(f"{title}\n" + "\n\n".join(s[title]) + "\n")
        out.append(f"Likelihood score: {self.likelihood}\n")
        for title in ("Mechanism of Injury", "Outcome and Management"):
            out.append(f"{title}\n" + "\n\n".join(s[title]) + "\n")
        out.append(f"Drug Class: {self.drug_class}\n")
        if self.cases:
            out.append("CASE REPORT\n")
            for head, body in self.cases:
                out.append(f"{head}\n{body}\n")
        out.append("PRODUCT INFORMATION\n\nREPRESENTATIVE TRADE NAMES\n\n" + self.trade_names + "\n")
        out.append("DRUG CLASS\n\n" + self.class_path + "\n")
        out.append("COMPLETE LABELING\n\nProduct labeling at DailyMed, National Library of Medicine, NIH\n")
        out.append("CHEMICAL FORMULA AND STRUCTURE\nDRUG CAS REGISTRY NO MOLECULAR FORMULA STRUCTURE\n\n"
                   f"{self.name} {self.cas} {self.formula}\n")
        if self.refs:
            out.append("ANNOTATED BIBLIOGRAPHY\n\n" + "\n\n".join(self.refs) + "\n")
        return "\n".join(out)

    def nxml(self) -> str:
        e = lambda t: escape(t, quote=False)  # noqa: E731
        s = self.sections
        sid = self.name
        y, m, d = self.updated
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE book-part-wrapper PUBLIC "-//NLM//DTD BITS Book Interchange DTD v2.0 20151225//EN" "BITS-book2.dtd">\n'
            '<book-part-wrapper xmlns:xlink="http://www.w3.org/1999/xlink" dtd-version="2.0">\n'
            '<book-meta><book-id book-id-type="publisher">livertox</book-id></book-meta>\n'
            f'<book-part book-part-type="chapter" id="{sid}">\n<book-part-meta>'
            f'<book-part-id book-part-id-type="publisher-id">{sid}</book-part-id>'
            f'<title-group><title>{e(self.name)}</title></title-group><pub-history>'
            f'<date date-type="updated"><day>{d:02d}</day><month>{m:02d}</month><year>{y}</year></date>'
            f'</pub-history></book-part-meta>\n<body>\n<sec id="{sid}.OVERVIEW"><title>OVERVIEW</title>\n'
        ]
        for title in ("Introduction", "Background", "Hepatotoxicity", "Mechanism of Injury",
                      "Outcome and Management"):
            parts.append(f"<sec><title>{title}</title>")
            parts.extend(f"<p>{e(p)}</p>" for p in s[title])
            if title == "Hepatotoxicity":
                parts.append(f"<p><bold>Likelihood score:</bold> {e(self.likelihood)}</p>")
            parts.append("</sec>\n")
        parts.append(f"<p><bold>Drug Class:</bold> {e(self.drug_class)}</p>\n</sec>\n")
        if self.cases:
            parts.append("<sec><title>CASE REPORT</title>")
            for head, body in self.cases:
                parts.append(f"<sec><title>{e(head)}</title><p>{e(body)}</p></sec>")
            parts.append("</sec>\n")
        parts.append(
            "<sec><title>PRODUCT INFORMATION</title>"
            f"<sec><title>REPRESENTATIVE TRADE NAMES</title><p>{e(self.trade_names)}</p></sec>"
            f"<sec><title>DRUG CLASS</title><p>{e(self.class_path)}</p></sec>"
            "<sec><title>COMPLETE LABELING</title><p><ext-link ext-link-type=\"uri\">Product labeling at "
            "DailyMed, National Library of Medicine, NIH</ext-link></p></sec></sec>\n"
            "<sec><title>CHEMICAL FORMULA AND STRUCTURE</title><table-wrap><table><thead><tr>"
            "<th>DRUG</th><th>CAS REGISTRY NO</th><th>MOLECULAR FORMULA</th><th>STRUCTURE</th></tr></thead>"
            f"<tbody><tr><td>{e(self.name)}</td><td>{self.cas}</td><td>{self.formula}</td>"
            f"<td><inline-graphic xlink:href=\"{sid}.jpg\"/></td></tr></tbody></table></table-wrap></sec>\n"
            "</body>\n"
        )
        if self.refs:
            parts.append("<back><ref-list><title>ANNOTATED BIBLIOGRAPHY</title>")
            parts.extend(f"<ref><mixed-citation>{e(r)}</mixed-citation></ref>" for r in self.refs)
            parts.append("</ref-list></back>\n")
        parts.append("</book-part>\n</book-part-wrapper>\n")
        return "".join(parts)


def _name(i: int, seed: int, suffix: str) -> str:
    n = len(_SYL)
    digits = 3 if i < n ** 3 else 4
    idx = (i * _STEP + seed * 104_729) % (n ** digits)
    syl = []
    for _ in range(digits):
        idx, r = divmod(idx, n)
        syl.append(_SYL[r])
    stem = "".join(syl)
    if suffix[0] in "aeiou":  # stems end in a vowel: 'bakadi' + 'r' + 'olol'
        stem += "r"
    return (stem + suffix).capitalize()


def make(i: int, seed: int = 0) -> SynthMonograph:
    """The i-th monograph of the corpus for ``seed`` (independent of N)."""
    rng = random.Random(seed * 1_000_003 + i)
    parent, child, line_class, suffixes, mechs, uses = CLASSES[rng.randrange(len(CLASSES))]
    name = _name(i, seed, rng.choice(suffixes))
    low = name.lower()
    score, desc = rng.choices(SCORES, SCORE_WEIGHTS)[0]
    qual = "[HD]" if score in "AB" and rng.random() < 0.3 else ""
    year = rng.randint(1955, 2023)
    brands = [(_SYL[rng.randrange(70)] + _SYL[rng.randrange(70)] + rng.choice(["x", "l", "n", "ra", "vo", "tin"])
               ).capitalize() for _ in range(rng.randint(1, 3))]
    brands = list(dict.fromkeys(brands))
    brand_text = brands[0] if len(brands) == 1 else ", ".join(brands[:-1]) + " and " + brands[-1]
    strengths = sorted(rng.sample([1, 2.5, 5, 10, 20, 25, 40, 50, 100, 200, 250, 500], 2))
    fmt = lambda v: f"{v:g}"  # noqa: E731
    effects = rng.sample(SIDE_EFFECTS, rng.randint(3, 5))
    indication = rng.choice(uses)
    n_mech = 1 if len(mechs) == 1 or rng.random() < 0.6 else 2
    mech_used = rng.sample(mechs, n_mech)
    mech_sent = f"{name} is a {rng.choice(CHEM)} that acts as {mech_used[0][0]} the {mech_used[0][1]}"
    if n_mech == 2:
        mech_sent += f" and as {mech_used[1][0]} the {mech_used[1][1]}"
    mech_sent += "."
    alt = rng.choice([1, 2, 3, 5, 8, 10, 15, 20, 30])
    latency = rng.choice(["1 to 4 weeks", "2 to 8 weeks", "3 months", "1 to 6 months", "5 days"])
    pattern = rng.choice(["hepatocellular", "cholestatic", "mixed"])
    hi, lo = rng.choice([(10, 5), (5, 3), (8, 5)])

    intro = [f"{name} is {mech_used[0][0]} the {mech_used[0][1]} used in the therapy of {indication}. "
             + (f"{name} has been linked to rare instances of clinically apparent liver injury."
                if score not in ("E", "X") else f"{name} has not been linked to instances of clinically apparent liver injury.")]
    background = [
        f"{mech_sent} {name} is indicated for the treatment of {indication}. "
        f"{name} was approved for use in the United States in {year} and is available in tablets of "
        f"{fmt(strengths[0])} and {fmt(strengths[1])} mg under the brand name{'s' if len(brands) > 1 else ''} "
        f"of {brand_text}. The recommended adult dose is {fmt(strengths[0])} mg orally once or twice daily. "
        f"The most common side effects of {low} are {', '.join(effects[:-1])} and {effects[-1]}. "
        + " ".join(rng.sample(FILLER, rng.randint(0, 4)))
    ]
    hep = [f"Serum ALT elevations occur in {alt}% of patients treated with {low}, but are usually mild and "
           f"transient. " + " ".join(rng.sample(HEP_FILLER, rng.randint(0, 3)))]
    if score not in ("E", "X"):
        hep.append(f"Clinically apparent liver injury from {low} is rare. The latency to onset was {latency}, "
                   f"and the pattern of injury was {pattern}.")
    mech = [f"The cause of liver injury from {low} is unknown, but it is extensively metabolized by the "
            f"liver (~{rng.randint(10, 95)}%) via the cytochrome P450 system."]
    reported = rng.sample(OUTCOMES, rng.randint(0, 2)) if score in "ABC" else []
    not_reported = [o for o in OUTCOMES if o not in reported][: rng.randint(1, 3)]
    outcome = [
        f"Any elevation of greater than {hi} times the upper limit of normal or persistence of "
        f"abnormalities greater than {lo} times the upper limit of normal should lead to discontinuation. "
        + (f"Rare instances of {' and '.join(reported)} have been reported. " if reported else "")
        + f"There have been no reports of {', '.join(not_reported[:-1]) + ' or ' if len(not_reported) > 1 else ''}"
          f"{not_reported[-1]} associated with {low} use."
    ]
    cases = []
    if rng.random() < 0.35:
        for k in range(1, rng.randint(1, 3) + 1):
            cases.append((f"Case {k}. {pattern.capitalize()} hepatitis due to {low}.",
                          f"A {rng.randint(20, 80)} year old patient developed jaundice {latency} after starting "
                          f"{low}. Serum ALT was {rng.randint(200, 2500)} U/L. " + " ".join(rng.sample(HEP_FILLER, 2))))
    refs = []
    for _ in range(rng.randint(0, 6)):
        first_page = rng.randint(1, 999)
        refs.append(f"{', '.join(rng.sample(AUTHORS, 2))}. Liver injury attributed to {low}. "
                    f"{rng.choice(JOURNALS)} {rng.randint(1990, 2024)}; {rng.randint(1, 80)}: "
                    f"{first_page}-{first_page + rng.randint(1, 12)}.")
    elements = rng.sample(_HILL[2:], rng.randint(1, 3))
    formula = "-".join([f"C{rng.randint(6, 40)}", f"H{rng.randint(6, 60)}"]
                       + [el + (str(c) if (c := rng.randint(1, 6)) > 1 else "")
                          for el in sorted(elements)])
    return SynthMonograph(
        index=i, name=name,
        sections={"Introduction": intro, "Background": background, "Hepatotoxicity": hep,
                  "Mechanism of Injury": mech, "Outcome and Management": outcome},
        likelihood=f"{score}{qual} ({desc[0].upper() + desc[1:]}).",
        drug_class=line_class, class_path=f"{parent}: {child}",
        trade_names=f"{name} – Generic, " + ", ".join(b + "®" for b in brands),
        cas=cas_number(rng), formula=formula, cases=cases, refs=refs,
        updated=(rng.randint(2012, 2024), rng.randint(1, 12), rng.randint(1, 28)),
    )


def generate(n: int, seed: int = 0):
    """The first ``n`` monographs for ``seed``."""
    for i in range(n):
        yield make(i, seed)


def write_corpus(n: int, outdir: Path, fmt: str = "both", seed: int = 0, tar: bool = False) -> list[Path]:
    """Write the corpus; return the folders or archives written (one per format)."""
    formats = ["txt", "nxml"] if fmt == "both" else [fmt]
    outdir.mkdir(parents=True, exist_ok=True)
    if tar:
        archives = {f: outdir / f"corpus-{f}.tar.gz" for f in formats}
        handles = {f: tarfile.open(p, mode="w:gz", compresslevel=1) for f, p in archives.items()}
        try:
            for doc in generate(n, seed):
                for f, t in handles.items():
                    data = (doc.text() if f == "txt" else doc.nxml()).encode()
                    info = tarfile.TarInfo(f"livertox_synth/{doc.file_stem}.{f}")
                    info.size, info.mtime = len(data), 1_600_000_000
                    t.addfile(info, io.BytesIO(data))
        finally:
            for t in handles.values():
                t.close()
        return list(archives.values())
    roots = {f: outdir / f for f in formats}
    made: set[Path] = set()
    for doc in generate(n, seed):
        shard = f"{doc.index // 1000:03d}"
        for f, root in roots.items():
            folder = root / shard
            if folder not in made:
                folder.mkdir(parents=True, exist_ok=True)
                made.add(folder)
            text = doc.text() if f == "txt" else doc.nxml()
            (folder / f"{doc.file_stem}.{f}").write_text(text, encoding="utf-8")
    return list(roots.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of monographs")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--format", choices=["txt", "nxml", "both"], default="both")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tar", action="store_true", help="write OUTDIR/corpus-FORMAT.tar.gz instead of files")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    written = write_corpus(args.n, args.outdir, args.format, args.seed, args.tar)
    dt = time.perf_counter() - t0
    print(f"{args.n} monographs ({args.format}) in {dt:.1f} s ({args.n / dt:,.0f}/s): "
          + ", ".join(map(str, written)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
