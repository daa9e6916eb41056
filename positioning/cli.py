"""The command line: validate, rank and export canvas files.

Exit codes: 0 success, 2 invalid input (a bad or unreadable file, file name or
size), 1 an export or a write that failed for another reason (no Chromium, an
unwritable folder). Problems are printed as ``file:line: field: message``, the
system's refusals as sentences; never a traceback. ``--lang zh`` prints the
problems with the files (and ``validate``'s verdicts) in Chinese; English is
the default.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from positioning import __version__
from positioning.chart.figures import draw_canvas
from positioning.chart.view import View
from positioning.core.analysis import analyse
from positioning.core.loader import CanvasError, load_canvas, os_reason, os_words, say
from positioning.core.model import MAX_SAMPLES, Canvas
from positioning.i18n.wording import DEFAULT_LANGUAGE, LANGUAGES, error_text, problem_at, t, tn
from positioning.output.export import (
    DEFAULT_HEIGHT,
    DEFAULT_SCALE,
    DEFAULT_WIDTH,
    FORMATS,
    PRESETS,
    ExportError,
    ExportJob,
    ExportRequestError,
    check_size,
    export_many,
    image_format,
)
from positioning.output.report import report

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
FORMATS_WITH_DOT = tuple(f".{f}" for f in FORMATS)


def _file_name(text: str) -> Path:
    """A path argument; an empty one is refused (``Path("")`` would be the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError("the file name is empty")
    return Path(text)


def _bounded(kind: type[int] | type[float], low: float, high: float, *, above: bool = False) -> Any:
    """An argparse type: a number of ``kind`` in [low, high] (or (low, high] when ``above``)."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{text}' is not {'a whole number' if kind is int else 'a number'}"
            ) from None
        if not (low < value if above else low <= value) or not value <= high or value != value:
            side = "above" if above else "from"
            raise argparse.ArgumentTypeError(f"{text} is out of range; give a number {side} {low:g} up to {high:,.10g}")
        return value

    return parse


def _robustness_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("robustness (override the file's robustness settings)")
    group.add_argument("--samples", type=_bounded(int, 100, MAX_SAMPLES), help="weight samples (default 10000)")
    group.add_argument("--concentration", type=_bounded(float, 0.1, 1e6), help="Dirichlet concentration (default 40)")
    group.add_argument("--seed", type=_bounded(int, 0, 2**32 - 1), help="random seed (default 0)")
    group.add_argument("--step", type=_bounded(float, 0, 0.5, above=True), help="tornado step (default 0.1)")


def _with_robustness(canvas: Canvas, args: argparse.Namespace) -> Canvas:
    """The canvas with the robustness settings given on the command line."""
    given = {k: getattr(args, k) for k in ("samples", "concentration", "seed", "step") if getattr(args, k) is not None}
    if not given:
        return canvas
    settings = canvas.robustness.model_copy(update=given)
    return canvas.model_copy(update={"robustness": settings})


def _language_option(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--lang",
        choices=tuple(LANGUAGES),
        default=default,
        help=f"language of what is reported (problems with the files, what was written): {', '.join(LANGUAGES)}"
        f" (default {DEFAULT_LANGUAGE})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="positioning",
        description="Score differentiation factors, rank them, diagnose the positioning "
        "and draw the strategy canvas from a YAML canvas file.",
        epilog="File format: docs/format.md. Exit codes: 0 ok, 2 invalid input, 1 export failed.",
    )
    parser.add_argument("--version", action="version", version=f"positioning {__version__}")
    _language_option(parser, DEFAULT_LANGUAGE)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    speaking = [_add_validate(commands), _add_rank(commands), _add_import(commands), _add_export(commands)]
    speaking.append(_add_survey(commands))
    _add_schema(commands)
    _add_db(commands)
    _add_worker(commands)
    speaking += _add_backup_and_restore(commands)
    # `positioning validate --lang zh f.yaml` too
    for command in speaking:
        _language_option(command, argparse.SUPPRESS)  # SUPPRESS: not given here, the one before the command holds
    return parser


def _add_validate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    validate = commands.add_parser("validate", help="check canvas files and report every problem")
    validate.add_argument("files", nargs="+", type=_file_name, metavar="FILE")
    return validate


def _add_rank(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    ranking = commands.add_parser("rank", help="rank the factors and diagnose the positioning")
    ranking.add_argument("file", type=_file_name, metavar="FILE", help="a canvas .yaml or a scoring workbook .xlsx")
    ranking.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
    ranking.add_argument(
        "-o", "--output", type=_file_name, metavar="OUT", help="also write the ranking table to .csv or .xlsx"
    )
    _robustness_options(ranking)
    return ranking


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    importing = commands.add_parser(
        "import",
        help="turn a scoring workbook (.xlsx) into a canvas file",
        description="Read a workbook laid out as in docs/excel.md (sheet Factors, optional sheet Settings), "
        "check it like a canvas file and write it as YAML. Several workbooks of the same factors and players, "
        "each filled in by one person (named by the Settings key 'rater', or by the file name), become one "
        "canvas with a scoring panel. 'positioning import --template T.xlsx' writes an empty template workbook.",
    )
    importing.add_argument(
        "workbook",
        type=_file_name,
        nargs="*",
        metavar="WORKBOOK",
        help="one workbook, or several filled in by different people: merged into one canvas with a scoring panel",
    )
    importing.add_argument("-o", "--output", type=_file_name, metavar="OUT.yaml")
    importing.add_argument("--template", type=_file_name, metavar="T.xlsx", help="write a template workbook and stop")
    return importing


def _add_survey(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    survey = commands.add_parser(
        "survey",
        help="set each factor's importance from a survey's ratings (.csv, .xlsx)",
        description="Read a survey (a row per respondent, a column per factor named as in the canvas, optional "
        "respondent and segment columns; ratings 1-5 or 1-7, blank for no answer) and write the canvas with each "
        "factor's importance the mean rating mapped onto the score scale, its count and deviation, and each "
        "segment's importance and share. Anything wrong is refused by row and column, and nothing is written.",
    )
    survey.add_argument("responses", type=_file_name, metavar="RESPONSES", help="a .csv (UTF-8) or .xlsx file")
    survey.add_argument("--canvas", type=_file_name, required=True, metavar="CANVAS.yaml")
    survey.add_argument("-o", "--output", type=_file_name, required=True, metavar="OUT.yaml")
    survey.add_argument(
        "--scale", type=int, choices=(5, 7), help="the ratings' scale, 1-5 or 1-7 (default: 1-5 unless one is above 5)"
    )
    return survey


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    export = commands.add_parser(
        "export",
        help="draw the strategy canvas to PNG, SVG or PDF",
        description="Export one canvas (FILE -o OUT.png|.svg|.pdf), every *.yaml in a folder "
        "(DIR -o OUTDIR, one PNG each, through a single browser session), or a PowerPoint deck "
        "(FILE or DIR -o deck.pptx: eight to eleven slides per canvas, as a scoring panel, customer importance and "
        "targets each add one; a section per canvas; a glossary of the measures at the end).",
    )
    export.add_argument("source", type=_file_name, metavar="FILE|DIR")
    export.add_argument("-o", "--output", type=_file_name, required=True, metavar="OUT")
    export.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        help="named size: " + ", ".join(f"{k} {w}x{h}" for k, (w, h) in PRESETS.items()),
    )
    export.add_argument("--width", type=int, help=f"pixels (default {DEFAULT_WIDTH}, or the preset's)")
    export.add_argument("--height", type=int, help=f"pixels (default {DEFAULT_HEIGHT}, or the preset's)")
    export.add_argument("--scale", type=float, default=DEFAULT_SCALE, help="pixel multiplier (default 1)")
    _view_options(export)
    return export


def _view_options(export: argparse.ArgumentParser) -> None:
    """What the picture shows: the factor order, the layers, the segment; and a deck's template and date."""
    export.add_argument(
        "--order", choices=("file", "rank", "category"), default="file", help="factor order on the x axis"
    )
    export.add_argument(
        "--show",
        action="append",
        choices=("importance", "target"),
        default=[],
        help="add a layer the canvas has data for: importance (light bars on a right-hand axis); "
        "the target curve is drawn whenever the canvas has targets",
    )
    export.add_argument("--segment", metavar="NAME", help="with --show importance: one customer segment's importance")
    export.add_argument(
        "--template",
        type=_file_name,
        metavar="FILE",
        help="a deck on this PowerPoint template (.pptx or .potx): its slide master, layouts, fonts and size",
    )
    export.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="date on a deck's title slides and in its properties (default: today); "
        "the same canvases and date give the same .pptx, byte for byte",
    )


def _add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = commands.add_parser("schema", help="print the JSON Schema of the canvas file")
    schema.add_argument("-o", "--output", type=_file_name, help="write to this file instead")


def _add_db(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    database = commands.add_parser("db", help="manage the app's database (POSITIONING_DATA, DATABASE_URL)")
    actions = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("upgrade", help="bring the database to the current schema (the app also does it on start)")


#: The worker's log levels; ``--loglevel`` takes them in any case (``info`` as ``INFO``).
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _add_worker(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = commands.add_parser(
        "worker", help="run background jobs sent through Redis (team mode: REDIS_URL, DATABASE_URL)"
    )
    worker.add_argument(
        "--concurrency", type=_concurrency, default=1, help="jobs run at once, each with its own browser (default 1)"
    )
    worker.add_argument(
        "--loglevel", default="INFO", type=_log_level, help="DEBUG, INFO (the default), WARNING or ERROR, in any case"
    )


def _add_backup_and_restore(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> list[argparse.ArgumentParser]:
    backup = commands.add_parser(
        "backup",
        help="write the whole workspace to one zip file",
        description="Write every canvas of every owner (the trash too) with every version, the share links, "
        "the scoring workshops with their scores and the deck templates of the app's database "
        "(POSITIONING_DATA, DATABASE_URL) to one zip file, for 'positioning restore'.",
    )
    backup.add_argument("-o", "--output", type=_file_name, required=True, metavar="OUT.zip")
    restore = commands.add_parser(
        "restore",
        help="load a backup into an empty database",
        description="Load a zip file written by 'positioning backup' into the app's database (POSITIONING_DATA, "
        "DATABASE_URL), which must be empty; it is brought to the current schema first. All or nothing: a "
        "backup with a problem is refused (exit 2) and leaves the database empty.",
    )
    restore.add_argument("archive", type=_file_name, metavar="BACKUP.zip")
    return [backup, restore]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        commands = {
            "validate": _validate,
            "rank": _rank,
            "export": _export,
            "schema": _schema,
            "import": _import,
            "survey": _survey,
            "db": _database,
            "worker": _worker,
            "backup": _backup,
            "restore": _restore,
        }
        return commands[args.command](args)
    except CanvasError as error:
        _err(error_text(error, args.lang))
        return EXIT_INVALID
    except ExportRequestError as error:
        _err(f"positioning: {error}")
        return EXIT_INVALID
    except ExportError as error:
        _err(f"positioning: {error}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head, say: not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return EXIT_OK
    except OSError as error:  # one the commands did not expect: still a sentence
        where = f"{error.filename}: " if error.filename else ""
        _err(f"positioning: {where}{os_reason(error)}")
        return EXIT_FAILED
    except Exception as error:  # the user gets a sentence, not a traceback
        _err(f"positioning: {type(error).__name__}: {error}")
        return EXIT_FAILED


def _validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            canvas = load_canvas(path)
        except CanvasError as error:
            _err(error_text(error, args.lang))
            failed += 1
        else:
            print(t(args.lang, "cli_ok", path=path, factors=len(canvas.factors), players=len(canvas.players)))
    return EXIT_INVALID if failed else EXIT_OK


def _load(path: Path) -> Canvas:
    """A canvas from a YAML file or a scoring workbook."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from positioning.output.spreadsheet import load_workbook_canvas

        return load_workbook_canvas(path)
    return load_canvas(path)


def _rank(args: argparse.Namespace) -> int:
    analysis = analyse(_with_robustness(_load(args.file), args))
    canvas, ranking, diagnosis = analysis.canvas, analysis.ranking, analysis.diagnosis
    if args.output:
        from positioning.output.spreadsheet import write_ranking

        if args.output.suffix.lower() not in (".csv", ".xlsx"):
            _err(f"{args.output}: the ranking exports to .csv or .xlsx")
            return EXIT_INVALID
        with _writing(args.output):
            write_ranking(ranking, args.output, language=args.lang)
    if args.json:
        print(json.dumps(report(canvas, ranking, diagnosis), indent=2, ensure_ascii=False))
    else:
        print(format_report(canvas, ranking, diagnosis))
    if args.output:  # after the report; beside JSON on standard error, which keeps the JSON whole
        print(t(args.lang, "cli_wrote", path=args.output), file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def format_report(canvas, ranking, diagnosis) -> str:
    """The human-readable ranking and diagnosis printed by ``rank`` (English)."""
    from positioning.output.report import text_report

    return text_report(canvas, ranking, diagnosis)


def _export(args: argparse.Namespace) -> int:
    width, height = PRESETS[args.preset] if args.preset else (DEFAULT_WIDTH, DEFAULT_HEIGHT)
    size = {
        "width": width if args.width is None else args.width,
        "height": height if args.height is None else args.height,
        "scale": args.scale,
    }
    check_size(**size)
    if args.output.suffix.lower() == ".pptx":
        return _export_deck(args)
    if args.template is not None:
        raise ExportRequestError("--template is for a PowerPoint deck; write the deck to a .pptx file")
    if not args.source.is_dir():
        image_format(args.output)
        canvas = load_canvas(args.source)
        figure = _figure(canvas, _view(args, canvas), size)
        export_many([ExportJob(figure, args.output, **size)])
        print(t(args.lang, "cli_wrote", path=args.output))
        return EXIT_OK

    if args.output.suffix.lower() in FORMATS_WITH_DOT or (args.output.exists() and not args.output.is_dir()):
        _err(f"{args.output}: exporting a folder needs an output folder, not a file")
        return EXIT_INVALID
    files = _canvas_files(args.source)
    if not files:
        _err(f"{args.source}: no .yaml files in this folder")
        return EXIT_INVALID
    jobs = _folder_jobs(args, files, size)
    failed = len(files) - len(jobs)
    if jobs:
        from tqdm import tqdm

        with tqdm(total=len(jobs), unit="chart", desc="exporting", file=sys.stderr, disable=None) as bar:
            export_many(jobs, on_done=lambda _job: bar.update())
    charts = tn(args.lang, "cli_charts", len(jobs))
    print(t(args.lang, "cli_wrote_charts", charts=charts, path=args.output, skipped=_skipped_files(args.lang, failed)))
    return EXIT_INVALID if failed else EXIT_OK


def _view(args: argparse.Namespace, canvas: Canvas | None = None) -> View:
    """The view of the command line's chart options: order, layers and segment (a segment that is not
    one of ``canvas``'s is refused)."""
    segments = [g.name for g in canvas.segments] if canvas else []
    if canvas and args.segment is not None and args.segment not in segments:
        known = ", ".join(repr(n) for n in segments) or "none"
        raise ExportRequestError(f"--segment {args.segment!r} is not a segment of this canvas (segments: {known})")
    return View(order=args.order, layers=("target", *args.show), segment=args.segment)


def _figure(canvas: Canvas, view: View, size: dict[str, Any]) -> Any:
    """The chart of ``canvas`` as ``view`` shows it, at ``size``."""
    return draw_canvas(canvas, analyse(canvas).ranking, view, width=size["width"], height=size["height"])


def _folder_jobs(args: argparse.Namespace, files: list[Path], size: dict[str, Any]) -> list[ExportJob]:
    """One PNG job per canvas file; a file that cannot be used is reported as skipped."""
    jobs: list[ExportJob] = []
    written: dict[Path, Path] = {}
    for path in files:
        out = args.output / f"{path.stem}.png"
        if out in written:
            _err(f"{path}: skipped: {out.name} is already made from {written[out].name}; rename one of them")
            continue
        try:
            canvas = load_canvas(path)
        except CanvasError as error:
            _skipped(error, path, args.lang)
            continue
        written[out] = path
        figure = _figure(canvas, _view(args, canvas), size)
        jobs.append(ExportJob(figure, out, **size))
    return jobs


def _export_deck(args: argparse.Namespace) -> int:
    """A PowerPoint deck: one canvas, or every canvas of a folder with a section each."""
    from positioning.output.deck import build_deck, slide_count
    from positioning.output.deck_glossary import GLOSSARY_SLIDES

    date = _deck_date(args.date)
    files = _canvas_files(args.source) if args.source.is_dir() else [args.source]
    if not files:
        _err(f"{args.source}: no .yaml files in this folder")
        return EXIT_INVALID
    parts = _deck_parts(files, strict=not args.source.is_dir(), language=args.lang)
    failed = len(files) - len(parts)
    if parts:
        with _writing(args.output):
            args.output.parent.mkdir(parents=True, exist_ok=True)
            deck = build_deck(parts, view=_view(args), date=date, template=args.template)
            args.output.write_bytes(deck)
        slides = tn(args.lang, "cli_slides", sum(slide_count(part.canvas) for part in parts) + GLOSSARY_SLIDES)
        canvases, skipped = tn(args.lang, "cli_canvases", len(parts)), _skipped_files(args.lang, failed)
        print(t(args.lang, "cli_wrote_deck", path=args.output, canvases=canvases, slides=slides, skipped=skipped))
    return EXIT_INVALID if failed or not parts else EXIT_OK


def _skipped_files(language: str, failed: int) -> str:
    """ "; 2 files skipped" after what was written, or nothing."""
    return tn(language, "cli_files_skipped", failed) if failed else ""


def _deck_date(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        raise ExportRequestError(f"--date {text}: not a date; write it as YYYY-MM-DD, e.g. 2026-03-31") from None


def _deck_parts(files: list[Path], *, strict: bool, language: str = DEFAULT_LANGUAGE) -> list[Any]:
    """A deck part per canvas file; with ``strict`` (one file) a bad file is an
    error, else it is reported (in ``language``) and skipped."""
    from positioning.output.deck import DeckPart

    parts = []
    for path in files:
        try:
            canvas = load_canvas(path)
        except CanvasError as error:
            if strict:
                raise
            _skipped(error, path, language)
            continue
        parts.append(DeckPart(canvas, section=canvas.title))
    return parts


def _import(args: argparse.Namespace) -> int:
    from positioning.output.panel_books import merge_workbooks
    from positioning.output.spreadsheet import write_template
    from positioning.output.writer import dump_canvas

    if args.template:
        with _writing(args.template):
            write_template(args.template)
        print(t(args.lang, "cli_wrote", path=args.template))
        return EXIT_OK
    if not args.workbook or not args.output:
        _err("positioning import: give WORKBOOK -o OUT.yaml (or --template T.xlsx)")
        return EXIT_INVALID
    canvas = merge_workbooks(args.workbook)
    with _writing(args.output):
        args.output.write_text(dump_canvas(canvas), encoding="utf-8")
    factors, players = (
        tn(args.lang, "cli_factors", len(canvas.factors)),
        tn(args.lang, "cli_players", len(canvas.players)),
    )
    panel = tn(args.lang, "cli_panel", len(canvas.panel)) if canvas.panel else ""
    print(t(args.lang, "cli_wrote_canvas", path=args.output, factors=factors, players=players, panel=panel))
    return EXIT_OK


def _survey(args: argparse.Namespace) -> int:
    from positioning.core.survey import MAX_SURVEY_BYTES, with_survey
    from positioning.i18n.surveys import respondents, survey_lines, survey_of
    from positioning.output.writer import dump_canvas

    canvas = _load(args.canvas)
    try:
        with open(args.responses, "rb") as file:
            data = file.read(MAX_SURVEY_BYTES + 1)
    except OSError as error:
        cannot = say("load_cannot_read", why=os_words(error))
        raise CanvasError([problem_at(str(args.responses), None, "", cannot)]) from None
    survey = survey_of(data, str(args.responses), canvas, scale=args.scale)
    surveyed = with_survey(canvas, survey)
    with _writing(args.output):
        args.output.write_text(dump_canvas(surveyed), encoding="utf-8")
    factors, people = tn(args.lang, "cli_factors", len(canvas.factors)), respondents(survey.respondents, args.lang)
    print(t(args.lang, "cli_survey_wrote", path=args.output, factors=factors, respondents=people))
    print("\n".join(survey_lines(surveyed, survey, args.lang)))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from positioning.core.schema import canvas_schema_text

    text = canvas_schema_text()
    if args.output:
        with _writing(args.output):
            args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _database(args: argparse.Namespace) -> int:
    """``db upgrade``: the configured database at the current schema."""
    from positioning.core.config import ConfigError, settings_from
    from positioning.store.db import DatabaseError, open_database, upgrade

    try:
        database = open_database(settings_from().database_url)
    except (ConfigError, DatabaseError) as error:
        _err(f"positioning: {error}")
        return EXIT_FAILED
    try:
        revision = upgrade(database)
    except DatabaseError as error:
        _err(f"positioning: {error}")
        return EXIT_FAILED
    finally:
        database.close()
    print(f"database {database.engine.url.render_as_string(hide_password=True)} is at schema {revision}")
    return EXIT_OK


def _concurrency(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 32:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number from 1 to 32")
    return int(text)


def _log_level(text: str) -> str:
    if text.upper() not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(f"{text!r}: give one of {', '.join(LOG_LEVELS)} (in any case)")
    return text.upper()


def _worker(args: argparse.Namespace) -> int:
    """``worker``: a Celery worker for the configured database and Redis, until stopped."""
    from positioning.core.config import ConfigError, settings_from
    from positioning.jobs.worker import run_worker
    from positioning.store.db import DatabaseError

    try:
        settings = settings_from()
        if not settings.redis_url:
            _err("positioning: REDIS_URL is not set; without it the web app runs jobs itself and needs no worker")
            return EXIT_INVALID
        run_worker(settings, concurrency=args.concurrency, loglevel=args.loglevel)
    except (ConfigError, DatabaseError) as error:
        _err(f"positioning: {error}")
        return EXIT_FAILED
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    """``backup -o OUT.zip``: the configured workspace into one file (:mod:`positioning.store.backup`)."""
    from positioning.store.backup import write_backup

    def work(database: Any) -> str:
        with _writing(args.output):
            counts = write_backup(database, args.output)
        return t(args.lang, "backup_wrote", path=args.output, **_backup_counts(args.lang, counts))

    return _on_workspace(args, work)


#: The backup's counts, each a message with plural forms ("1 canvas", "3 canvases").
_BACKUP_COUNTS = {
    "canvases": "backup_canvases",
    "versions": "backup_versions",
    "shares": "backup_shares",
    "workshops": "backup_workshops",
    "participants": "backup_participants",
    "scores": "backup_scores",
    "deck_templates": "backup_templates",
}


def _backup_counts(language: str, counts: Any) -> dict[str, str]:
    """The backup's counts in words, by the placeholders of "backup_wrote" and "backup_restored"."""
    held = counts.model_dump()
    return {key.removeprefix("backup_"): tn(language, key, held[name]) for name, key in _BACKUP_COUNTS.items()}


def _restore(args: argparse.Namespace) -> int:
    """``restore BACKUP.zip``: a backup into the configured database, which must be empty."""
    from positioning.store.backup import restore_backup

    def work(database: Any) -> str:
        counts = restore_backup(database, args.archive)
        url = database.engine.url.render_as_string(hide_password=True)
        return t(args.lang, "backup_restored", path=args.archive, url=url, **_backup_counts(args.lang, counts))

    return _on_workspace(args, work)


def _on_workspace(args: argparse.Namespace, work: Any) -> int:
    """``work(database)`` on the configured database, printing what it says; a backup that cannot be used
    (or a database that cannot take it) is exit 2, a database that cannot be reached exit 1."""
    from positioning.core.config import ConfigError, settings_from
    from positioning.store.backup import BackupError
    from positioning.store.db import DatabaseError, open_database

    try:
        database = open_database(settings_from().database_url)
        try:
            print(work(database))
        finally:
            database.close()
    except BackupError as error:
        _err(error_text(error, args.lang))
        return EXIT_INVALID
    except (ConfigError, DatabaseError) as error:
        _err(f"positioning: {error}")
        return EXIT_FAILED
    return EXIT_OK


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Write ``path`` in the block; a folder there is a wrong request (exit 2), an
    error from the system a failed write (exit 1), both said in a sentence."""
    if path.is_dir():
        raise ExportRequestError(f"{path}: is a folder; give a file name")
    try:
        yield
    except OSError as error:
        raise ExportError(f"{path}: cannot write the file: {_write_reason(path, error)}") from None


def _write_reason(path: Path, error: OSError) -> str:
    if error.errno not in (errno.ENOENT, errno.ENOTDIR, None):  # None: pandas' own "non-existent directory"
        return os_reason(error)
    folder = path.parent
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    return f"{folder} does not take new files" if error.errno == errno.ENOENT else os_reason(error)


def _canvas_files(folder: Path) -> list[Path]:
    """Every .yaml/.yml entry of a folder, whatever it is: one that is not a
    readable file (a subfolder, a broken link, a pipe) is reported and skipped
    with the rest, not silently left out."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
    except OSError as error:
        raise CanvasError([problem_at(str(folder), None, "", say("cli_folder", why=os_words(error)))]) from None


def _skipped(error: CanvasError, path: Path, language: str) -> None:
    """A canvas file left out of a folder's export: its problems, then that it is skipped."""
    _err(f"{error_text(error, language)}\n{t(language, 'cli_skipped', path=path)}")


def _err(message: str) -> None:
    print(message, file=sys.stderr)
