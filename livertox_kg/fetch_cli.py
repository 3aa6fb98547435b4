"""``livertox-kg fetch``: NCBI's LiverTox archive into a folder (see :mod:`livertox_kg.fetch`)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("fetch")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=Path("var"), show_default=True,
              help="Folder the archive is written to.")
@click.option("--url", default=None, metavar="URL",
              help="The archive's URL (default: looked up in LitArch's file list by NBK547852).")
@click.option("--litarch", default=None, metavar="URL", hidden=True,
              help="Base URL of the LitArch service (default: NCBI's).")
@click.option("--sha256", default=None, metavar="HEX", help="Refuse the download unless its SHA-256 is this.")
@click.option("--force", is_flag=True, help="Download again even if the archive is already there.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds to wait for the name look-up and the connection (a read waits 60 s).")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when slow).")
def fetch(dest: Path, url: str | None, litarch: str | None, sha256: str | None, force: bool, timeout: float,
          progress: bool | None) -> None:
    """Download NCBI's LiverTox archive (livertox_NBK547852.tar.gz) through the LitArch service.

    Prints the archive's path; `livertox-kg build PATH` builds it. An archive already in --dest is
    reused. A cut connection is resumed; on failure one line names the URL and the reason.
    """
    from .fetch import LITARCH, FetchError
    from .fetch import fetch as run_fetch

    try:
        got = run_fetch(dest, url=url, litarch=litarch or LITARCH, force=force, sha256=sha256, timeout=timeout,
                        progress=progress)
    except FetchError as exc:
        raise click.ClickException(str(exc)) from None
    if got.reused:
        click.echo(f"livertox-kg fetch: reusing {got.path} ({got.size} bytes; --force downloads again)", err=True)
    else:
        resumed = f", resumed after {got.resumed_from} bytes" if got.resumed_from else ""
        click.echo(f"livertox-kg fetch: {got.url} -> {got.path} ({got.size} bytes, sha256 {got.sha256}{resumed})",
                   err=True)
    click.echo(str(got.path))
