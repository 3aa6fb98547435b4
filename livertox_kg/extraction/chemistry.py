"""Chemical description: what the drug is chemically ('a semisynthetic tetracycline', 'a keto
analogue of carbamazepine'), from the first 'X is a ...' sentence that names a chemical class."""

from __future__ import annotations

import re
from typing import Iterator

from .context import Context, Found, ok, runs_to_cut
from .lexicon import actions
from .phrases import cut, first_top

# chemistry words of the first word of a description ('semisynthetic tetracycline', 'racemic mixture')
CHEMICAL_LEAD = re.compile(
    r"^(?:semisynthetic|synthetic|complex|cyclic|macrocyclic|heterocyclic|halogenated|saturated|unsaturated|"
    r"naturally occurring|racemic|human|humanized|chimeric|recombinant|monoclonal|inorganic|organic|"
    r"hydroxylated|methylated|fluorinated|chlorinated|nitrated|sulfonated|keto|l-enantiomer|d-enantiomer)\b",
    re.I,
)
CHEMICAL_CUES = re.compile(
    r"\b(?:derivatives?|analog(?:ue)?s?|congeners?|acids?|esters?|salts?|alkaloids?|steroids?|"
    r"glycosides?|flavonoids?|terpenes?|peptides?|polypeptides?|proteins?|antibod(?:y|ies)|"
    r"halogenated|gas|compounds?|rings?|molecules?|synthetic|mixtures?|oligosaccharides?|lactones?|mustards?|"
    r"complex(?:es)?|enantiomers?|disulfides?|\w+(?:cyclines?|idinones?|olides?|ulfides?|amines?)|"
    r"\w+(?:azines?|azoles?|azepines?|amines?|amides?|idines?|osides?|olones?))\b",
    re.I,
)
# a chemical class by its morphology: the suffixes of chemical nomenclature ('-azine', '-one',
# '-ate', '-oid', ...) on a long word, except everyday words with those endings
CHEMICAL_MORPH = re.compile(
    r"\b(?!(?:medicines?|vaccines?|routines?|disciplines?|machines?|hormones?|substrates?|candidates?|"
    r"intermediates?|moderate|appropriate|adequate|alternate|separate|immediate|ultimate|estimate|"
    r"protocols?|alcohols?|patients?|genes?|controls?|membranes?|guidelines?|baseline|medicine|"
    r"combinations?|deterrents?|anti\w+)\b)"
    r"[a-z][a-z-]{5,}(?:ines?|ides?|ates?|oles?|ones?|anes?|enes?|ols?|oids?|oses?|yls?|iums?)\b",
    re.I,
)
EVALUATIVE = re.compile(
    r"^(?:(?:potent|popular|commonly used|widely used|frequently used|new|newer|novel|important|"
    r"well[- ]known|orally (?:available|active)|oral|parenteral|highly|very|relatively)[, ]+)+",
    re.I,
)
DESCRIPTION = re.compile(
    r"^(?P<chem>(?:Structurally|Chemically),\s+)?(?P<subj>[A-Z]?[\w-]+(?: [\w-]+){0,2}?)(?: \([^)]*\))?"
    # an apposition naming the drug otherwise: 'X (...), also called Y, is a ...'
    r"(?:,\s+(?:also\s+)?(?:called|known as|termed|named)\s+[^,]+,)? "
    r"(?:is|are) (?P<art>(?:a|an) )?(?P<np>.+)$", re.I
)
USE_LEAD = re.compile(r"(?:(?:\w+ly|more|most) )+(?:used|prescribed|known|available|active) (?=\w)", re.I)
# '(a commonly used antihistamine)' after the description is a gloss of its last word
APPOSITIVE = re.compile(r"\s*\((?:an?|the|e\.g\.|i\.e\.|such as)\s[^()]*\)$", re.I)
NP_END = (
    r",\s|\s(?:that|which|who|similar to|used|commonly|widely|associated|derived|in|for|"
    r"belonging|related|unrelated|structurally|available|approved|known|whose|where|whereby|"
    r"produced|obtained|isolated|extracted|found|originally|first|given|administered|classified|considered|"
    r"described|contained|to|with (?:a |an )?(?:broad|wide|narrow|spectrum|activity|potent|antibacterial)|"
    r"with (?!(?:a|an|one|two|three|four)\b))\b|"
    r"\sand (?=(?:is|are|was|has|have|can|may|belongs|acts|an?)\b|\w+s\b)|[.;]"
)


# nouns naming the drug by its action ('an inhibitor of ...'): such a phrase is a mechanism, not chemistry
NOUN_ACTIONS = frozenset(a.lemma for a in actions().values() if a.form == "noun" and a.strong and not a.needs)
# a therapeutic class after a chemical name: 'ketolide antibiotic', 'synthetic triazole fungicidal agent'
CLASS_TAIL = re.compile(
    r"(?<=(?:ide|ine|ole|one|ate|oid)) (?:(?:fungicidal|antifungal|antibacterial|antiviral|anticonvulsant|"
    r"antineoplastic|anesthetic|antibiotic) ?(?:agent|drug|medication)?|agent|drug)$",
    re.I,
)


def rule_chemical(ctx: Context) -> Iterator[Found]:
    for sent in ctx.descriptive() + ctx.intro():
        m = DESCRIPTION.match(sent.stated)
        if not m or not ctx.mentions_agent(m.group("subj")):
            continue
        start = m.start("np")
        # 'a previously widely used halogenated ... agent': how much it is used is no part of it
        lead = USE_LEAD.match(sent.stated, start)
        if lead:
            start = lead.end()
        np = cut(sent.stated[start:], NP_END)
        # a lone adjective or name before a comma is coordinated or restated by what follows:
        # 'a synthetic, nitrogen mustard-like alkylating agent', 'a tetrahydrolipstatin, a saturated
        # derivative of lipstatin'
        rest = sent.stated[start + len(np):]
        if len(np.split()) == 1 and re.match(r",\s+(?:(?:a|an)\s+)?[\w-]+\s+[\w-]", rest):
            more = re.match(r",\s+(?:(?:a|an)\s+)?", rest)
            start = start + len(np) + more.end()
            np = cut(sent.stated[start:], NP_END)
        # 'Chemically, X is 2,6-diisopropylphenol', 'X is tetraethylthiuram disulfide'
        if not (m.group("art") or m.group("chem") or CHEMICAL_CUES.search(np)):
            continue
        if not ok(sent, start, start + len(np)):
            continue
        np = EVALUATIVE.sub("", np).strip()
        if not np or runs_to_cut(sent, start + len(np)):
            continue
        gloss = APPOSITIVE.search(np)
        if gloss and not re.search(r"\b(?:derivatives?|analogu?es?|acids?|esters?|salts?|congeners?)\b", gloss.group()):
            # a class gloss goes ('(a commonly used antihistamine)'), a chemical one stays
            # ('(a para-aminobenzoic acid derivative)')
            np = np[: gloss.start()]
        np = re.sub(r"^the\s+", "", np, flags=re.I)
        np = re.sub(r"\s*\([A-Za-z0-9-]{1,8}\)$", "", np)  # a trailing abbreviation: '(LdT)'
        # a synonym or abbreviation in parentheses ('nucleoside analogue (cytosine arabinoside: ara-C)');
        # a chemical gloss stays ('benzamide (a para-aminobenzoic acid derivative)')
        np = re.sub(r"\s*\([^()]*:[^()]*\)$", "", np)
        # 'imidazole derivative and fungicidal agent': keep the chemical conjunct
        conj = first_top(np, r"\s+and\s+")
        if conj < len(np):
            left, right = np[:conj], np[conj:].strip()[4:]
            if CHEMICAL_CUES.search(left.split()[-1]) and not CHEMICAL_CUES.search(right):
                np = left
        if any(w.lower().rstrip("s") in NOUN_ACTIONS for w in re.findall(r"[\w-]+", np)):
            continue
        if len(np.split()) == 1 and CHEMICAL_LEAD.match(np):
            continue  # 'a synthetic, nonsteroidal antiandrogen': one adjective is no description
        if not re.search(r"(?:lactone|ketone)\b", np):
            np = CLASS_TAIL.sub("", np)
        # the head noun of the phrase (before its complement) named as a chemical class by its morphology
        head = (np[: first_top(np, r"\s(?:of|with|containing|that|from)\s")].split() or [""])[-1]
        if m.group("chem") or CHEMICAL_CUES.search(np) or CHEMICAL_LEAD.search(np) or CHEMICAL_MORPH.fullmatch(head):
            yield ctx.fact("chemical_description", np, sent, start)
            return


