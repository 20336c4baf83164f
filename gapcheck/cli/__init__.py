"""The `gapcheck` command: a thin shell over the library API.

Every command lives in a module of its own here; bad input ends as one message and exit code 2,
a bug as one message saying where it happened and exit code 3.
"""

from __future__ import annotations

import os
import sys

import click

from gapcheck.cli import answers, budget, check, demo, export, inventory, milestones, report, review, run, spec, spec_diff, summary
from gapcheck.cli.options import echo, remember_language
from gapcheck.cli.translate import language_from, prepare, safe_console
from gapcheck.errors import GapcheckError, describe
from gapcheck.messages import LANGS, _, language, speaking
from gapcheck.version import __version__

INTERNAL_ERROR = 3  # a bug: reported with where it happened (GAPCHECK_DEBUG=1 shows the traceback)


class _Group(click.Group):
    def main(self, args=None, *rest, **options):
        args = list(sys.argv[1:] if args is None else args)
        wanted = language_from(args)
        # back to the caller's language afterwards (main is called many times in one process by tests
        # and by programs that use the command line)
        with speaking(wanted if wanted in LANGS else language()):
            safe_console()
            prepare(self)
            return super().main(args, *rest, **options)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GapcheckError as error:
            echo(_("error: {message}", message=error), err=True)
            sys.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # the reader went away (`gapcheck inventory inspect … | head`): stop quietly, as other
            # command-line tools do, without a second error when Python flushes the closed pipe
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as error:
            if os.environ.get("GAPCHECK_DEBUG"):
                raise
            echo(_("error: {message}", message=describe(error)), err=True)
            sys.exit(INTERNAL_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="gapcheck")
@click.option(
    "--lang", type=click.Choice(LANGS), expose_value=False, is_eager=True, callback=remember_language,
    help="Language of messages and outputs for every command (default: ja, or GAPCHECK_LANG).",
)
def main() -> None:
    """gapcheck: fit & gap analysis of a municipality's systems against the national standard
    specifications (標準仕様書).

    \b
    Typical flow:
      gapcheck spec import ...                ministry workbook → spec JSON
      gapcheck inventory inspect INV          what is read from a vendor's inventory
      gapcheck check --spec S --inventory INV --out DIR
                                              result.json, report.html/.md, gaps.xlsx
      gapcheck report DIR                     the reports again, from result.json
      gapcheck review ... / review import     decide uncertain matches → decisions.json
      gapcheck answers import gaps.xlsx       the vendor's answers → answers.json
      gapcheck run PORTFOLIO.toml             every system of a city (or a nation)
      gapcheck summary DIR / budget DIR...    city-wide page / budget annex
      gapcheck milestones DIR...              items against 移行予定日 and 移行期限
      gapcheck export DIR... -o FILE          the results as a table (csv, xlsx, parquet)
      gapcheck spec diff OLD NEW              what a new edition changes
    Try `gapcheck demo` in the repository folder first.
    """


main.add_command(spec.spec)
spec.spec.add_command(spec_diff.diff_command)
for command in (check.check, report.report, summary.summary, demo.demo, answers.answers, budget.budget, milestones.milestones,
                export.export_command, run.run, inventory.inventory, review.review):
    main.add_command(command)
