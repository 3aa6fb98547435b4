"""``livertox-kg facts FILE``: print the facts extracted from one monograph (text or NXML) as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .extract import extract
from .model import AgentRecord, SourceError
from .sources import NXML, SourceItem, kind_of, read_monograph


def record_json(record: AgentRecord, evidence: bool = False) -> dict:
    """The JSON object of one record; with ``evidence``, an ``evidence`` list per fact."""
    out = record.to_json()
    if evidence:
        out["evidence"] = [
            {
                "field": f.field,
                "value": f.value.isoformat() if isinstance(f.value, dt.date) else f.value,
                "hedged": f.hedged,
                "section": f.evidence.section if f.evidence else None,
                "quote": f.evidence.quote if f.evidence else None,
                "start": f.evidence.start if f.evidence else None,
                "end": f.evidence.end if f.evidence else None,
            }
            for f in record.facts
        ]
    return out


@click.command("facts")
@click.argument("file", type=click.Path())
@click.option("--evidence", is_flag=True, help="Add each fact's section, quote and offsets.")
def facts(file: str, evidence: bool) -> None:
    """Extract facts from a LiverTox monograph FILE (text, or BITS/NXML) and print them as JSON."""
    kind = NXML if kind_of(file) == NXML else "text"
    try:
        records = extract(read_monograph(SourceItem(file, kind, path=Path(file))))
    except SourceError as exc:
        click.echo(f"livertox-kg: {file}: {exc.reason}", err=True)
        sys.exit(2)
    data = [record_json(r, evidence) for r in records]
    click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
