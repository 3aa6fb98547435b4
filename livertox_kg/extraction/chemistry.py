"""Chemical description: what the drug is chemically ('a semisynthetic tetracycline', 'a keto
analogue of carbamazepine').

Candidates are the predicates of the drug ('X is (a) NP', from the parse when the sentence does not
start with the subject), 'X belongs to the Y class/group' and 'its chemical name is Y', in the
Background then the Introduction. A predicate counts when its head or a modifier is a chemical word
(``data/lexicon/chemical-words.tsv``, or a chemical ending such as '-azole'); a therapeutic role
after a chemical noun is dropped ('triazole fungicidal agent'). Of the candidates the first is kept,
or a later, fuller one (:func:`_fuller`); on a page about several agents, each agent's own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from .context import Context, Found, ok, runs_to_cut
from .lexicon import actions, read_tsv
from .parse import PRONOUN_SUBJECT, parse
from .phrases import cut, first_top
from ..sentences import Sentence


@lru_cache(maxsize=None)
def chemical_words(role: str) -> tuple[str, ...]:
    """Words of one role in chemical-words.tsv, longest first."""
    words = {r["word"].lower() for r in read_tsv("chemical-words.tsv") if r["role"] == role}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _alternation(role: str, plural: bool = True) -> str:
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in chemical_words(role))
    return rf"(?:{alts})" + (r"(?:e?s)?" if plural else "")


ANTI = r"anti(?!biotic|bod|gen)[\w-]+"  # 'antipsychotic', 'antihelminthic': a therapeutic role


@lru_cache(maxsize=None)
def _rx() -> dict[str, re.Pattern]:
    """The vocabulary as regular expressions (built once)."""
    suffixes = "|".join(re.escape(w) for w in chemical_words("suffix"))
    cls = rf"(?:{_alternation('class')}|\w+(?:{suffixes})s?)"
    return {
        # a chemical noun, also as the stem of '-type'/'-like' ('piperazine-type', 'mustard-like')
        "class": re.compile(rf"\b(?!non-?){cls}(?:-(?:type|like|based))?\b", re.I),
        "lead": re.compile(rf"\b{_alternation('lead', plural=False)}\b", re.I),
        "lead_start": re.compile(rf"^{_alternation('lead', plural=False)}\b", re.I),
        "origin": re.compile(rf"^(?:{_alternation('origin', plural=False)})$", re.I),
        "structure": re.compile(rf"\b{_alternation('structure')}$", re.I),
        "structure_verb": re.compile(rf"^(?:that|which)\s+(?:{_alternation('structure_verb', plural=False)})(?:s|ed|ing)?\b", re.I),
        # a therapeutic role after a chemical noun: its head and its role adjectives
        "tail": re.compile(rf"(?:\s+(?:[\w-]+(?:al|ic)|anti[\w-]+|atypical))*\s+(?:{_alternation('therapeutic')}|{ANTI})$", re.I),
        "framed": re.compile(rf"\s+{_alternation('framing', plural=False)}(?:\s+[\w-]+)*$", re.I),
        "framing": re.compile(rf"^{_alternation('framing')}$", re.I),
        "therapeutic": re.compile(rf"{_alternation('therapeutic')}|{ANTI}", re.I),
    }


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
    r"well[- ]known|well[- ]tolerated|broad[- ]spectrum|orally (?:available|active)|oral|parenteral|highly|very|"
    r"relatively)[, ]+)+",
    re.I,
)
DESCRIPTION = re.compile(
    r"^(?P<chem>(?:Structurally|Chemically),\s+)?(?P<subj>[A-Z]?[\w-]+(?: [\w-]+){0,2}?)(?: \((?P<pappos>[^)]*)\))?"
    # a second subject ('X (...) and Y (...) are ...')
    r"(?: and [\w-]+(?: [\w-]+)?(?: \([^)]*\))?)?"
    # an apposition naming the drug otherwise: 'X (...), also called Y, is a ...', 'X, 2,2-difluoro
    # deoxycytidine, is a ...'
    r"(?:,\s+(?P<appos>(?:(?:also\s+)?(?:called|known as|termed|named)\s+)?[^,]+(?:,+[^,\s][^,]*)*),)? "
    r"(?:is|are) (?P<art>(?:a|an) )?(?P<np>.+)$", re.I
)
# 'X belongs to the dihydropyridine group of calcium channel blockers'
BELONGS = re.compile(r"\b(?:belongs? to|of) (?:the|a) (?P<np>[\w-]+(?: [\w-]+)?) (?:class|group|family|series)\b", re.I)
# 'its chemical name being 9-hydroxyrisperidone'
CHEMICAL_NAME = re.compile(r"\b(?:its|the) chemical name (?:is|being) (?P<np>[\w,'’()-]*\w)", re.I)
COPULA = re.compile(r"\b(?:is|are)\s")
USE_LEAD = re.compile(r"(?:(?:\w+ly|more|most) )+(?:used|prescribed|known|available|active|tolerated),? (?=\w)", re.I)
# '(a commonly used antihistamine)' after the description is a gloss of its last word
APPOSITIVE = re.compile(r"\s*\((?:an?|the|e\.g\.|i\.e\.|such as)\s[^()]*\)$", re.I)
NP_END = (
    r",\s|\s(?:that|which|who|similar to|used|commonly|widely|associated|derived|in|for|"
    r"belonging|related|unrelated|structurally|available|approved|known|whose|where|whereby|"
    r"(?:produced|obtained|isolated|extracted|found|contained)\s+(?:by|from|in)|originally|first|given|"
    r"administered|classified|considered|described|to|with (?:a |an )?(?:broad|wide|narrow|spectrum|activity|potent|antibacterial)|"
    r"with (?!(?:a|an|one|two|three|four)\b))\b|"
    # a likeness ends the phrase: 'a thio-isonicotinamide somewhat similar in structure to ...'
    r"\s(?:(?:somewhat|very|quite|closely|chemically|structurally)\s+)?(?:similar|like|resembling)\b|"
    # what an antibody is directed against is its target (a mechanism), not its chemistry
    r"\s(?:directed|targeted|targeting|against|specific for)\b|"
    r"\sand (?=(?:is|are|was|has|have|can|may|belongs|acts|an?)\b|\w+s\b)|[.;]|"
    # an adverb and a participle after the head start a reduced relative clause ('a benzodiazepine
    # derivative currently used for ...', '... typically given ...')
    r"\s[a-z]+ly\s+(?:[a-z]+ed|given|taken|known|shown|found)\b|"
    # the close of a parenthesis the phrase is in ('X (a semisynthetic penicillin) is ...')
    r"\)"
)
# 'a synthetic derivative of natural products of the bacterium, Amycolatopsis mediterranei': the
# organism's name in apposition to the organism word stays
ORGANISM = re.compile(r"\b(?:bacteri(?:um|a)|fung(?:us|i)|mold|mould|plant|tree|shrub|organism|species)$")
# nouns naming the drug by its action ('an inhibitor of ...'): such a phrase is a mechanism, not chemistry
NOUN_ACTIONS = frozenset(a.lemma for a in actions().values() if a.form == "noun" and a.strong and not a.needs)


class Candidate(NamedTuple):
    np: str
    sent: Sentence
    start: int
    subj: str  # the subject it is predicated of


def rule_chemical(ctx: Context) -> Iterator[Found]:
    cands = [c for sent in ctx.descriptive() + ctx.intro() for c in _candidates(ctx, sent)]
    if len(ctx.agents) < 2:
        yield from _best(ctx, cands, None)
        return
    # several agents: each its own description, from the sentences whose subject names it
    # ('Citalopram is a racemic mixture, whereas escitalopram is its S-enantiomer')
    for agent in ctx.agents:
        own = [c for c in cands if re.search(rf"\b{re.escape(agent.lower())}\b", c.subj.lower())]
        yield from _best(ctx, own, agent)


def _best(ctx: Context, cands: list[Candidate], agent: str | None) -> Iterator[Found]:
    """The first candidate, or a later fuller one."""
    if cands:
        best = cands[0]
        for c in cands[1:]:
            if _fuller(c.np, best.np):
                best = c
        yield ctx.fact("chemical_description", best.np, best.sent, best.start, agent=agent)


def _candidates(ctx: Context, sent: Sentence) -> Iterator[Candidate]:
    """The chemical descriptions one sentence predicates of the drug (at most one of each form)."""
    m = DESCRIPTION.match(sent.stated)
    if m and ctx.mentions_agent(m.group("subj")):
        found = _predicate(ctx, sent, m.start("np"), bool(m.group("art") or m.group("chem")), bool(m.group("chem")))
        if found:
            yield found._replace(subj=m.group("subj"))
        # 'X, a benzimidazole carbamate, is used ...': the apposition describes the subject
        # 'X (a semisynthetic penicillin) is used ...': so does one in parentheses
        group = "appos" if m.group("appos") else "pappos"
        appos = re.match(r"(?:a|an)\s+", m.group(group) or "")
        found = _predicate(ctx, sent, m.start(group) + appos.end(), True, False) if appos else None
        if found:
            yield found._replace(subj=m.group("subj"))
    elif _copula_then_chemical(sent.stated) and ctx.mentions_agent(sent.stated):
        # the copula is not right after the subject ('Like other X, Y is a Z', '...: it is a Z'): the
        # parse gives the attribute of a copula whose subject is the drug
        for start, art, subj in _attributes(ctx, sent.stated):
            found = _predicate(ctx, sent, start, art, False)
            if found:
                yield found._replace(subj=subj)
                break
    for rx in (BELONGS, CHEMICAL_NAME):
        m = rx.search(sent.stated)
        if m and ctx.mentions_agent(sent.stated[: m.start()]) and ok(sent, m.start(), m.end()):
            np = m.group("np")
            if (rx is CHEMICAL_NAME or chemical_head(np)) and not runs_to_cut(sent, m.end()):
                yield Candidate(np, sent, m.start("np"), sent.stated[: m.start()])


def _copula_then_chemical(text: str) -> bool:
    """A copula followed by a chemical word: a sentence worth a parse."""
    cop = COPULA.search(text)
    return bool(cop and _rx()["class"].search(text, cop.end()))


def _attributes(ctx: Context, text: str) -> Iterator[tuple[int, bool, str]]:
    """(offset, has a determiner, subject) of each attribute of 'be' whose subject is the drug or 'it'."""
    doc = parse(text)
    for tok in doc:
        if tok.lower_ not in ("is", "are"):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        attr = next((c for c in tok.children if c.dep_ == "attr"), None)
        if subj is None or attr is None or attr.i < tok.i:
            continue
        phrase = doc[subj.left_edge.i: subj.i + 1].text
        if not (PRONOUN_SUBJECT.match(phrase) or ctx.mentions_agent(phrase)):
            continue
        first = doc[tok.i + 1] if tok.i + 1 < len(doc) else attr
        if first.lower_ in ("a", "an"):
            yield first.idx + len(first.text) + 1, True, phrase
        else:
            yield first.idx, False, phrase


def _predicate(ctx: Context, sent: Sentence, start: int, art: bool, chem: bool) -> Candidate | None:
    """The chemical description in 'X is (a) NP' from ``start`` (the NP), or None; ``art``: the NP
    has an article or a 'Chemically,' lead; ``chem``: the sentence says it is chemistry."""
    rx = _rx()
    text = sent.stated
    # 'a previously widely used halogenated ... agent': how much it is used is no part of it
    lead = USE_LEAD.match(text, start)
    if lead:
        start = lead.end()
    np = _phrase(text, start)
    rest = text[start + len(np):]
    of_class = re.search(r"\s+of\s+(?:the|a)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:class|group|family|series)\b", np)
    if of_class and not chemical_head(np[: of_class.start()]):
        np = np[: of_class.start()]  # 'an antifungal agent of the triazole class': the class is read by BELONGS
        rest = text[start + len(np):]
    if len(np.split()) == 1 and not _chemical_noun(np) and re.match(r",\s+(?:a|an)\s+[\w-]+\s+[\w-]", rest):
        # an apposition restates a name: 'a tetrahydrolipstatin, a saturated derivative of lipstatin'
        start = start + len(np) + re.match(r",\s+(?:a|an)\s+", rest).end()
        np = _phrase(text, start)
    elif re.match(r",\s+[\w-]+\s+[\w-]", rest) and all(_adjective(w) for w in np.split()):
        # coordinated adjectives share the head: 'synthetic, nonergot derivative', 'inorganic, water
        # soluble complex'; a route or evaluative word goes ('an oral, third generation penicillin')
        more = _phrase(text, start + len(np) + 2)
        np = np + ", " + more
        if EVALUATIVE.match(np):
            start, np = start + EVALUATIVE.match(np).end(), EVALUATIVE.sub("", np)
    # 'a rifamycin antibiotic and a synthetic derivative of ...': the second predicate when the first
    # names no chemical class
    second = re.match(r"\s+and\s+(?:a|an)\s+", text[start + len(np):])
    if second and not chemical_head(np):
        start = start + len(np) + second.end()
        np = _phrase(text, start)
    # 'X is new generation of Y, known as a Z': the name given
    known = re.match(r",\s+(?:also\s+)?(?:known as|called|termed)\s+(?:a|an)\s+([\w-]+)", text[start + len(np):])
    if known and rx["framing"].match(_head(np)):
        start, np = start + len(np) + known.start(1), known.group(1)
    # 'a novel form of macrolide antibiotic': the kind named after the framing noun
    framed = re.match(r"(?:[\w-]+\s+)*?([\w-]+)\s+of\s+(?:the\s+)?", np)
    if framed and rx["framing"].match(framed.group(1)) and not known:
        start, np = start + framed.end(), np[framed.end():]
    if not (art or chemical_head(np) or rx["lead"].search(np)):
        return None  # 'X is tetraethylthiuram disulfide' has no article; 'X is used ...' is no description
    # a structural 'with' phrase may say what stands 'instead of' what: no negation of the description
    if not ok(sent, start, start + first_top(np, r"\swith\s")):
        return None
    np = EVALUATIVE.sub("", np).strip()
    if not np or runs_to_cut(sent, start + len(np)) or re.match(r"(?:more|less|most|least|as)\b", np, re.I):
        return None  # a comparison ('more water soluble than ...') is no description
    np = _trim(np)
    np = _conjunct(np)
    np = re.sub(r"^(?:a|an|the)\s+", "", np, flags=re.I)
    if any(w.lower().rstrip("s") in NOUN_ACTIONS for w in re.findall(r"[\w-]+", np)):
        return None  # 'a leukotriene receptor antagonist': the words before the action name its target
    if len(np.split()) == 1 and rx["lead_start"].match(np):
        return None  # 'a synthetic, nonsteroidal antiandrogen': one adjective is no description
    np = _drop_role(np)
    origin = re.match(r"([\w-]+(?:\s+occurring)?),?\s+", np)
    if origin and rx["origin"].match(origin.group(1)) and rx["therapeutic"].fullmatch(_head(np)):
        np = np[origin.end():]  # 'a synthetic, nitrogen mustard-like alkylating agent': 'synthetic' is of the agent
    if _names_itself(ctx, np):
        return None  # 'Penicillin G and V are first generation penicillins'
    if chem or chemical_head(np) or _chemical_lead(np):
        return Candidate(np, sent, start, "")
    return None


def _phrase(text: str, start: int) -> str:
    """The noun phrase from ``start`` to where its complements end."""
    rest = text[start:]
    np = re.sub(r"\s+(?:and|or)$", "", rest[: first_top(rest, NP_END)].strip(" ,;:"))
    org = re.match(r",\s+[A-Z][a-z]+ [a-z]+(?=\s*(?:[.;,]|$))", rest[len(np):])
    if org and ORGANISM.search(np):
        np += org.group()  # 'natural products of the bacterium, Amycolatopsis mediterranei'
    # a relative clause or participle on a structural verb belongs to it, to the end of its clause ('a
    # ... molecule that contains a ring', 'a complex containing a platinum atom ... in the cis position')
    clause = r",\s|\s(?:which|that|and (?:is|are|has))\b|[.;]"
    tail = rest[len(np):].lstrip()
    if _rx()["structure_verb"].match(tail):
        np = (np + " " + cut(tail, clause)).strip(" ,;:")
    participle = re.search(rf"\s{_alternation('structure_verb', plural=False)}ing\s", np, re.I)
    if participle:
        np = (np[: participle.start()] + " " + cut(rest[participle.start():], clause)).strip(" ,;:")
    # 'with a <part of a molecule>' stays; 'with a somewhat unique ... activity' ends it
    w = first_top(np, r"\swith\s+(?:a|an)\s")
    if w < len(np):
        pp = cut(np[w:], r"\s(?:of|instead|in|that|which|to)\s")
        if not _rx()["structure"].search(pp):
            np = np[:w]
    return np.strip(" ,;:")


def _trim(np: str) -> str:
    """Glosses, abbreviations and synonyms in parentheses at the end."""
    gloss = APPOSITIVE.search(np)
    if gloss and not re.search(r"\b(?:derivatives?|analogu?es?|acids?|esters?|salts?|congeners?)\b", gloss.group()):
        # a class gloss goes ('(a commonly used antihistamine)'), a chemical one stays
        # ('(a para-aminobenzoic acid derivative)')
        np = np[: gloss.start()]
    np = re.sub(r"^the\s+", "", np, flags=re.I)
    # an abbreviation of the drug goes ('the L-enantiomer of deoxythymidine (LdT)'); one of the words
    # before it stays with them ('a vinyl derivative of gamma-aminobutyric acid (GABA)')
    abbr = re.search(r"\s*\(([A-Za-z0-9-]{1,8})\)$", np)
    if abbr and not _abbreviates(abbr.group(1), np[: abbr.start()]):
        np = np[: abbr.start()]
    # a synonym or abbreviation in parentheses ('nucleoside analogue (cytosine arabinoside: ara-C)')
    return re.sub(r"\s*\([^()]*:[^()]*\)$", "", np).strip()


def _abbreviates(abbr: str, before: str) -> bool:
    """``abbr`` spells the last words of ``before`` (its letters in order, from a word's first
    letter): 'GABA' of 'gamma-aminobutyric acid', 'GLP-1' of 'glucagon-like peptide-1'."""
    letters = re.sub(r"[^a-z]", "", abbr.lower())
    words = before.lower().split()
    for k in range(1, min(4, len(words)) + 1):
        if words[-k] in ("of", "the", "and", "to"):
            break  # the words of one name
        span = " ".join(words[-k:])
        if letters and span[0] == letters[0] and re.search(".*".join(map(re.escape, letters)), span):
            return True
    return False


def _conjunct(np: str) -> str:
    """'imidazole derivative and fungicidal agent', 'a rifamycin antibiotic and a synthetic derivative
    of ...': the chemical conjunct when only one is."""
    conj = first_top(np, r"\s+and\s+")
    if conj >= len(np) or conj > len(_head_part(np)):  # an 'and' inside a complement
        return np
    left, right = np[:conj], re.sub(r"^and\s+(?:(?:a|an)\s+)?", "", np[conj:].strip())
    if _chemical_noun(_head(left)) and not _chemical_noun(_head(right)):
        return left
    if not chemical_head(left) and _chemical_noun(_head(right)) and not _rx()["lead"].search(left):
        return right
    return np


def _drop_role(np: str) -> str:
    """'synthetic triazole fungicidal agent' -> 'synthetic triazole', 'oxazolidinone class
    antibiotic' -> 'oxazolidinone': the role after a chemical noun goes."""
    rx = _rx()
    for pat in (rx["framed"], rx["tail"]):
        m = pat.search(np)
        if m and m.start() > 0 and chemical_head(np[: m.start()].split()[-1]):
            return np[: m.start()]
    return np


def _head_part(np: str) -> str:
    """The phrase up to its head noun (before a complement)."""
    return np[: first_top(np, r"\s(?:of|with|containing|that|from)\s")]


def _head(np: str) -> str:
    """The head noun: the last word before a complement."""
    return (_head_part(np).split() or [""])[-1]


def _chemical_noun(word: str) -> bool:
    return bool(_rx()["class"].fullmatch(word) or (CHEMICAL_MORPH.fullmatch(word) and not word.lower().startswith("non")))


def chemical_head(np: str) -> bool:
    """The phrase has a chemical class noun, or its head has a chemical ending."""
    head = _head(np)
    return bool(_rx()["class"].search(np) or (CHEMICAL_MORPH.fullmatch(head) and not head.lower().startswith("non")))


def _chemical_lead(np: str) -> bool:
    """A chemical adjective other than an origin word ('racemic', 'halogenated'; not 'synthetic')."""
    rx = _rx()
    return any(not rx["origin"].match(m.group()) for m in rx["lead"].finditer(np))


def _adjective(word: str) -> bool:
    return bool(re.fullmatch(r"[\w-]+(?:ic|al|ed|ous|ive|ble|ant|ent)", word, re.I)) and not chemical_head(word)


def _fuller(a: str, b: str) -> bool:
    """``a`` says more than ``b``: the same head with more words ('an acyclic nucleotide analog' /
    'an acyclic nucleotide analogue of adenosine'), or it names the parent compound and ``b`` does
    not ('a purine analogue' / 'a fluorinated derivative of adenine arabinoside')."""
    def norm(w: str) -> str:
        return re.sub(r"(?:ue)?s?$", "", w.lower())
    if norm(_head(a)) == norm(_head(b)):
        return len(a.split()) > len(b.split())
    return bool(re.search(r"\sof\s", a) and not re.search(r"\sof\s", b))


def _names_itself(ctx: Context, np: str) -> bool:
    """The head is the first word of the drug's own name ('penicillins' of Penicillin G)."""
    head = _head(np).lower()
    names = {n.split()[0].lower() for n in ctx.agents + [ctx.name] if n.split()}
    return bool(head) and (head in names or re.sub(r"e?s$", "", head) in names)
