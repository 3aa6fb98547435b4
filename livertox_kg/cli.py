"""Command-line entry point (minimal; the lead merges the other commands)."""

from __future__ import annotations

import click

from livertox_kg.serve_cli import serve


@click.group()
def main() -> None:
    """livertox-kg: LiverTox knowledge graph tools."""


main.add_command(serve)

if __name__ == "__main__":
    main()
