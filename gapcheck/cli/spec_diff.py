"""`gapcheck spec diff OLD NEW`: what changed between two editions of a standard."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck import atomic
from gapcheck.cli.options import echo, lang_option, output_file
from gapcheck.files.diff_json import render_json
from gapcheck.files.spec_json import load_spec
from gapcheck.messages import _
from gapcheck.outputs.diff_html import render_html
from gapcheck.outputs.diff_md import render_markdown
from gapcheck.outputs.diff_xlsx import write_xlsx
from gapcheck.outputs.i18n import label
from gapcheck.rules.diff import RENUMBER_THRESHOLD, diff_specs

FORMATS = ("md", "html", "json", "xlsx")
_BY_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json", ".xlsx": "xlsx"}


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: from -o's suffix, else md).")
@click.option("-o", "--out", type=click.Path(path_type=Path), help="File to write (default: standard output; html and xlsx need it; a folder: diff-OLD-NEW.FORMAT inside it).")
@click.option(
    "--renumber-threshold",
    type=click.FloatRange(0, 1),
    default=RENUMBER_THRESHOLD,
    show_default=True,
    help="Least text similarity for a removed and an added requirement to be reported as renumbered.",
)
@lang_option
def diff_command(old, new, fmt, out, renumber_threshold, lang):
    """Requirements added, removed, changed (name, text, class, kind, section, 適合基準日) and
    renumbered between two editions OLD and NEW of a spec (JSON from `gapcheck spec import`)."""
    if out is not None and out.is_dir():
        fmt = fmt or "md"
        out = output_file(out, f"diff-{old.stem}-{new.stem}.{fmt}")
    fmt = fmt or (_BY_SUFFIX.get(out.suffix.lower(), "md") if out else "md")
    if fmt in ("html", "xlsx") and out is None:
        raise click.UsageError(_("--format {format} needs -o FILE", format=fmt))
    before, after = load_spec(old), load_spec(new)
    if before.area != after.area:
        echo(_("note: comparing two business areas ({before} and {after}), not two editions of one",
               before=before.area, after=after.area), err=True)
    diff = diff_specs(before, after, renumber_threshold=renumber_threshold)
    if fmt == "xlsx":
        write_xlsx(diff, out, lang)
    else:
        if fmt == "json":
            text = render_json(diff, old_path=old, new_path=new)
        elif fmt == "html":
            text = render_html(diff, lang)
        else:
            text = render_markdown(diff, lang)
        if out is None:
            echo(text, nl=False)
            return
        atomic.write_text(out, text)
    counts = ", ".join(f"{label(change, lang)} {n}" for change, n in diff.counts.items())
    echo(_("wrote {path}: {counts}", path=out, counts=counts))
