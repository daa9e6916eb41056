"""The command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from positioning import cli

from .conftest import CONFIGS, ROOT, png_size

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"
BAD = """\
title: x
subject: A
players:
  - name: A
  - name: B
factors:
  - name: F
    scores: {attractiveness: 9, unmet_need: 1, capability: 1, barriers: 1}
    levels: {A: 1, B: 2}
"""


def run(*args: str | Path, cwd: Path = ROOT, user: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*user, sys.executable, "-m", "positioning", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "[Errno" not in result.stderr and "Error:" not in result.stderr, result.stderr  # sentences, not raw errors
    return result


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("validate", "rank", "export", "schema"):
        assert command in result.stdout


def test_validate_ok_and_invalid(bad_file: Path):
    ok = run("validate", *CONFIGS)
    assert ok.returncode == 0
    assert ok.stdout.count(": ok (") == len(CONFIGS)
    bad = run("validate", SOUTHWEST, bad_file)
    assert bad.returncode == 2
    assert f"{bad_file}:8: factor 'F', scores.attractiveness: 9 is outside the score scale 1-5" in bad.stderr
    assert "southwest_airlines.yaml: ok" in bad.stdout


def test_validate_reports_syntax_errors_and_missing_files(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    result = run("validate", broken, tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert f"{broken}:2: YAML syntax error" in result.stderr
    assert "nope.yaml: no such file" in result.stderr


def test_rank_prints_a_readable_table():
    result = run("rank", SOUTHWEST)
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("Short-haul air travel (US, early 1990s) (subject: Southwest)")
    assert "shortlist (*): Price, Friendly service, Frequent point-to-point departures" in out
    assert "strategy: combination." in out and "verdict: strong." in out
    assert "eliminate Lounges" in out


def test_rank_json_document():
    result = run("rank", SOUTHWEST, "--json")
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert doc["title"].startswith("Short-haul") and doc["subject"] == "Southwest"
    assert doc["weights"] == {"attractiveness": 0.4, "unmet_need": 0.2, "capability": 0.2, "barriers": 0.2}
    names = [f["name"] for f in doc["factors"]]
    assert names[:3] == doc["shortlist"] == ["Price", "Friendly service", "Frequent point-to-point departures"]
    first = doc["factors"][0]
    assert set(first) == {"name", "rank", "score", "scores", "category", "source"}
    assert first["rank"] == 1 and first["score"] == 4.4 and first["category"] == "product"
    assert [f["rank"] for f in doc["factors"]] == [1, 1, 1, 4, 5, 6, 6, 8]
    assert doc["strategy"] == "combination"
    diag = doc["diagnostics"]
    assert set(diag) == {
        "focus",
        "divergence",
        "closest_rival",
        "alignment",
        "peaks",
        "verdict",
        "summary",
        "alignment_basis",
        "over_delivery",
        "under_delivery",
    }
    # the two segments' shares weigh the importance alignment reads
    assert (diag["alignment_basis"], diag["over_delivery"], diag["under_delivery"]) == ("importance", [], [])
    assert round(diag["alignment"], 4) == 0.7926 and doc["best_segment"] == "Leisure travellers"
    business = doc["segments"][0]
    assert business["alignment"] == pytest.approx(1.25 / 1.7)  # leads 0.3, 0.6, 0.4, 0.4 on importance 3, 3, 5, 5
    assert (business["name"], business["over_delivery"], business["under_delivery"]) == (
        "Business travellers",
        [],
        ["Hub connectivity"],
    )
    assert diag["closest_rival"] == min(diag["divergence"], key=diag["divergence"].get) == "Car"
    assert diag["verdict"] == "strong"
    assert set(doc["errc"]) == {"eliminate", "reduce", "raise", "create", "keep"}
    assert sorted(n for names_ in doc["errc"].values() for n in names_) == sorted(names)


def test_rank_json_keeps_chinese_readable():
    result = run("rank", ROOT / "configs" / "ride_hailing_zh.yaml", "--json")
    assert "网约车平台" in result.stdout


def test_rank_robustness_settings_from_the_file_and_the_command_line(tmp_path: Path):
    text = SOUTHWEST.read_text(encoding="utf-8").replace(
        "\nfactors:", "\nrobustness: {samples: 500, seed: 7}\nfactors:", 1
    )
    canvas = tmp_path / "c.yaml"
    canvas.write_text(text, encoding="utf-8")
    from_file = json.loads(run("rank", canvas, "--json").stdout)["robustness"]
    assert (from_file["samples"], from_file["seed"], from_file["concentration"]) == (500, 7, 40.0)
    flags = ("--samples", "200", "--seed", "3", "--concentration", "5", "--step", "0.2")
    given = json.loads(run("rank", canvas, "--json", *flags).stdout)["robustness"]
    assert (given["samples"], given["seed"], given["concentration"], given["step"]) == (200, 3, 5.0, 0.2)
    assert given["factors"] != from_file["factors"]
    again = json.loads(run("rank", canvas, "--json", *flags).stdout)["robustness"]
    assert again == given  # a seed repeats


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--samples", "10", "10 is out of range; give a number from 100 up to 100,000"),
        ("--samples", "ten", "'ten' is not a whole number"),
        ("--concentration", "0", "0 is out of range; give a number from 0.1 up to 1,000,000"),
        ("--step", "0.9", "0.9 is out of range; give a number above 0 up to 0.5"),
        ("--seed", "-1", "-1 is out of range; give a number from 0 up to 4,294,967,295"),
    ],
)
def test_rank_refuses_bad_robustness_flags(flag: str, value: str, says: str):
    result = run("rank", SOUTHWEST, flag, value)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr


def test_rank_invalid_exits_2(bad_file: Path):
    result = run("rank", bad_file, "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert "9 is outside the score scale" in result.stderr


def test_export_one_file_with_size_and_scale(chromium, tmp_path: Path):
    out = tmp_path / "sw.png"
    result = run("export", SOUTHWEST, "-o", out, "--width", "1000", "--height", "600", "--scale", "2")
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (2000, 1200)


def test_export_preset_sets_the_size(chromium, tmp_path: Path):
    out = tmp_path / "sw.png"
    result = run("export", SOUTHWEST, "-o", out, "--preset", "slide-4x3", "--scale", "0.5")
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (720, 540)


def test_export_refuses_unknown_extension(tmp_path: Path):
    result = run("export", SOUTHWEST, "-o", tmp_path / "sw.gif")
    assert result.returncode == 2
    assert "cannot export to '.gif'" in result.stderr
    assert "has no extension" in run("export", SOUTHWEST, "-o", tmp_path / "noext").stderr
    (tmp_path / "dir.png").mkdir()
    folder = run("export", SOUTHWEST, "-o", tmp_path / "dir.png")
    assert folder.returncode == 2 and "is a folder" in folder.stderr
    for size in (["--width", "0"], ["--width", "50"], ["--scale", "nan"]):
        result = run("export", SOUTHWEST, "-o", tmp_path / "x.png", *size)
        assert result.returncode == 2, size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.png"]


def test_export_folder_checks_the_output_first(tmp_path: Path):
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    result = run("export", ROOT / "configs", "-o", tmp_path / "out")
    assert result.returncode == 2 and "needs an output folder, not a file" in result.stderr


def test_export_folder_skips_invalid_files(chromium, tmp_path: Path, bad_file: Path):
    source = tmp_path / "in"
    source.mkdir()
    for name in ("southwest_airlines.yaml", "ride_hailing_zh.yaml"):
        (source / name).write_bytes((ROOT / "configs" / name).read_bytes())
    (source / "bad.yaml").write_text(BAD, encoding="utf-8")
    (source / "southwest_airlines.yml").write_bytes(SOUTHWEST.read_bytes())  # same stem as a .yaml
    (source / "notes.txt").write_text("ignored", encoding="utf-8")
    out = tmp_path / "out"
    result = run("export", source, "-o", out)
    assert result.returncode == 2
    assert "bad.yaml: skipped" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["ride_hailing_zh.png", "southwest_airlines.png"]
    assert png_size(out / "ride_hailing_zh.png") == (1600, 900)
    assert "southwest_airlines.png is already made from southwest_airlines.yaml" in result.stderr
    assert "wrote 2 charts" in result.stdout and "2 files skipped" in result.stdout


def test_schema_command_prints_json():
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "Positioning canvas"


def test_the_api_imports_without_dash():
    code = "import sys, positioning; print(sorted(m for m in sys.modules if m.split('.')[0] in ('dash', 'flask')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_no_mutable_default_arguments():
    for function in (f for _, f in inspect.getmembers(cli, inspect.isfunction) if f.__module__ == cli.__name__):
        for parameter in inspect.signature(function).parameters.values():
            assert not isinstance(parameter.default, list | dict | set), (function.__name__, parameter.name)


# --- file names and the system's refusals, in sentences -------------------------------


def test_an_empty_file_name_is_named_as_such(tmp_path: Path):
    for args in (["validate", ""], ["rank", ""], ["export", SOUTHWEST, "-o", ""], ["schema", "-o", ""]):
        result = run(*args)
        assert result.returncode == 2, args
        assert "the file name is empty" in result.stderr and "is a folder" not in result.stderr, args


def test_schema_output_that_cannot_be_written(tmp_path: Path):
    missing = run("schema", "-o", tmp_path / "no" / "schema.json")
    assert missing.returncode == 1
    assert (
        missing.stderr == f"positioning: {tmp_path / 'no' / 'schema.json'}: cannot write the file: "
        f"the folder {tmp_path / 'no'} does not exist\n"
    )
    folder = run("schema", "-o", tmp_path)
    assert folder.returncode == 2 and folder.stderr == f"positioning: {tmp_path}: is a folder; give a file name\n"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    under_a_file = run("schema", "-o", tmp_path / "file" / "schema.json")
    assert under_a_file.returncode == 1 and f"{tmp_path / 'file'} is not a folder" in under_a_file.stderr
    assert not any(p.suffix == ".json" for p in tmp_path.rglob("*"))


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no file can be created")
def test_writing_where_the_system_refuses_new_files():
    for out, args in (("/proc/x.json", ["schema"]), ("/proc/x.csv", ["rank", SOUTHWEST])):
        result = run(*args, "-o", out)
        assert result.returncode == 1, args
        assert result.stderr == f"positioning: {out}: cannot write the file: /proc does not take new files\n"


def test_rank_output_into_a_missing_folder(tmp_path: Path):
    result = run("rank", SOUTHWEST, "-o", tmp_path / "no" / "ranking.csv")
    assert result.returncode == 1 and result.stdout == ""
    assert f"cannot write the file: the folder {tmp_path / 'no'} does not exist" in result.stderr


def test_unusable_inputs_are_explained(tmp_path: Path):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "folder.yaml").mkdir()
    names = ["loop.yaml", "dangling.yaml", "folder.yaml"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")  # reading it would wait for a writer forever
        names.append("pipe.yaml")
    result = run("validate", *(tmp_path / n for n in names))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path / 'loop.yaml'}: cannot be read: a symbolic link on the path loops back on itself",
        f"{tmp_path / 'dangling.yaml'}: is a symbolic link to a missing file",
        f"{tmp_path / 'folder.yaml'}: is a folder, not a canvas file",
        *([f"{tmp_path / 'pipe.yaml'}: is not a regular file"] if "pipe.yaml" in names else []),
    ]


def test_export_folder_counts_every_canvas_file_it_skips(tmp_path: Path):
    """Entries named like canvas files that cannot be read are reported and counted;
    other files are not canvas files and are left alone. Nothing is exported here,
    so no browser is needed."""
    source = tmp_path / "in"
    source.mkdir()
    (source / "notes.txt").write_text("not a canvas", encoding="utf-8")
    (source / "sub").mkdir()
    (source / "folder.yaml").mkdir()
    (source / "dangling.yml").symlink_to(source / "gone.yaml")
    (source / "loop.YAML").symlink_to(source / "loop.YAML")
    (source / "BAD.YML").write_text(BAD, encoding="utf-8")
    result = run("export", source, "-o", tmp_path / "out")
    assert result.returncode == 2
    skipped = [line for line in result.stderr.splitlines() if line.endswith(": skipped")]
    assert skipped == [f"{source / n}: skipped" for n in ("BAD.YML", "dangling.yml", "folder.yaml", "loop.YAML")]
    assert "notes.txt" not in result.stderr and f"{source / 'sub'}" not in result.stderr
    assert result.stdout == f"wrote 0 charts to {tmp_path / 'out'}; 4 files skipped\n"


#: The two capabilities through which root passes every permission check on files (reading, writing and
#: entering folders); without them a file's mode binds root too.
DAC_CAPABILITIES = "-dac_override,-dac_read_search"


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A folder and a command prefix under which permissions apply: root passes them through two
    capabilities, so as root the CLI runs without them (a real refusal, not a fake). It stays root,
    the owner of the checkout and of its interpreter, so it reaches them wherever the clone lives
    (a user such as nobody cannot enter one under /root or a ``mktemp -d`` folder)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv (util-linux): permissions cannot be refused")
        prefix = ["setpriv", f"--inh-caps={DAC_CAPABILITIES}", f"--bounding-set={DAC_CAPABILITIES}"]
        dropped = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
        if dropped.returncode != 0:
            pytest.skip(f"running as root where setpriv cannot drop capabilities: {dropped.stderr.strip()}")
    folder = tmp_path / "unprivileged"
    folder.mkdir()
    try:
        yield folder, prefix
    finally:
        for path in (folder / "locked.yaml", folder / "closed", folder / "read-only"):
            if path.exists():
                path.chmod(0o755)


def _locked_away(folder: Path) -> Path:
    """A canvas file and a folder in ``folder`` that only root with its file capabilities may read; the file's path."""
    locked = folder / "locked.yaml"
    locked.write_bytes(SOUTHWEST.read_bytes())
    locked.chmod(0)
    (folder / "closed").mkdir(mode=0)
    (folder / "closed").chmod(0)
    return locked


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_permission_denied_is_a_sentence(unprivileged: tuple[Path, list[str]]):
    folder, user = unprivileged
    locked = _locked_away(folder)
    (folder / "read-only").mkdir()
    (folder / "read-only").chmod(0o555)

    read = run("validate", locked, user=user)
    assert read.returncode == 2 and read.stderr == f"{locked}: cannot be read: permission denied\n"
    listing = run("export", folder / "closed", "-o", folder / "out", user=user)
    assert listing.returncode == 2
    assert listing.stderr == f"{folder / 'closed'}: cannot read the folder: permission denied\n"
    write = run("schema", "-o", folder / "read-only" / "schema.json", user=user)
    assert write.returncode == 1
    assert (
        write.stderr
        == f"positioning: {folder / 'read-only' / 'schema.json'}: cannot write the file: permission denied\n"
    )


def test_db_upgrade_brings_the_configured_database_to_the_current_schema(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("POSITIONING_AUTH", raising=False)
    assert cli.main(["db", "upgrade"]) == 0
    assert "is at schema 0007" in capsys.readouterr().out
    assert (tmp_path / "data" / "positioning.db").is_file()
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://app:secret@127.0.0.1:1/none")
    assert cli.main(["db", "upgrade"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("positioning: cannot bring the database") and "secret" not in error
    assert "Traceback" not in error


def test_a_problem_names_the_factor_or_player_it_is_in_keeping_the_line(tmp_path: Path):
    """A problem says "factor 'Personal advisor'", not "factors[1]", in both languages."""
    text = BAD.replace(
        "  - name: F\n",
        "  - name: Branch network\n    scores: {attractiveness: 3, unmet_need: 1, "
        "capability: 1, barriers: 1}\n    levels: {A: 1, B: 2}\n  - name: Personal advisor\n",
    )
    text = text.replace("  - name: B\n", "  - name: B\n    color: blue-ish\n")
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    english, chinese = run("validate", path), run("--lang", "zh", "validate", path)
    assert english.stderr.splitlines() == [
        f"{path}:6: player 'B', color: 'blue-ish' is not a colour; write a hex colour such as '#c0392b' "
        "or rgb(192, 57, 43)",
        f"{path}:12: factor 'Personal advisor', scores.attractiveness: 9 is outside the score scale 1-5",
    ]
    assert (
        chinese.stderr.splitlines()[1]
        == f"{path} 第 12 行：要素“Personal advisor”，scores.attractiveness：9 超出评分量表 1-5 的范围"
    )
    assert "factors[" not in english.stderr + chinese.stderr and "players[" not in english.stderr + chinese.stderr


# --- --lang zh: the problems in Chinese ---------------------------------------------------


def test_lang_zh_prints_the_problems_and_verdicts_in_chinese(bad_file: Path):
    english = run("validate", SOUTHWEST, bad_file)
    assert run("--lang", "en", "validate", SOUTHWEST, bad_file).stderr == english.stderr  # the default, unchanged
    for args in (("--lang", "zh", "validate"), ("validate", "--lang", "zh")):
        chinese = run(*args, SOUTHWEST, bad_file)
        assert chinese.returncode == 2
        assert chinese.stderr == f"{bad_file} 第 8 行：要素“F”，scores.attractiveness：9 超出评分量表 1-5 的范围\n"
        assert chinese.stdout == f"{SOUTHWEST}：通过（8 个要素，3 个参与者）\n"
    missing = bad_file.parent / "nope.yaml"
    ranked = run("rank", "--lang", "zh", missing)
    assert ranked.returncode == 2 and ranked.stderr == f"{missing}：没有这个文件；请检查路径\n"
    assert run("--lang", "fr", "validate", SOUTHWEST).returncode == 2


def test_lang_zh_names_the_files_a_folder_export_skips(tmp_path: Path, bad_file: Path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "bad.yaml").write_bytes(bad_file.read_bytes())
    result = run("--lang", "zh", "export", source, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == f"{source / 'bad.yaml'}：已跳过"
    assert "超出评分量表 1-5 的范围" in result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_lang_zh_words_the_systems_refusals(unprivileged: tuple[Path, list[str]]):
    folder, user = unprivileged
    locked = _locked_away(folder)
    read = run("--lang", "zh", "validate", locked, user=user)
    assert read.returncode == 2 and read.stderr == f"{locked}：无法读取：没有权限\n"
    listing = run("--lang", "zh", "export", folder / "closed", "-o", folder / "out", user=user)
    assert listing.returncode == 2 and listing.stderr == f"{folder / 'closed'}：无法读取文件夹：没有权限\n"


def test_worker_needs_redis_and_a_sensible_concurrency(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert cli.main(["worker"]) == 2
    assert "REDIS_URL is not set" in capsys.readouterr().err
    monkeypatch.setenv("REDIS_URL", "http://127.0.0.1:6379")
    assert cli.main(["worker"]) == 1
    assert "use redis://host:port/db" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        cli.main(["worker", "--concurrency", "0"])
    assert stopped.value.code == 2 and "a whole number from 1 to 32" in capsys.readouterr().err


#: Names a spreadsheet would run as formulas, and one it would not.
FORMULA_NAMES = ['=HYPERLINK("http://example.com/x","Price")', "+1 for loyalty", "@home delivery", "Plain service"]


def _formula_canvas(tmp_path: Path) -> Path:
    from .factory import canvas_data, to_yaml

    data = canvas_data(
        {"Us": [9, 7, 5, 3], "Them": [5, 5, 5, 5]}, [[5, 5, 5, 5], [4, 4, 4, 4], [3, 2, 1, 2], [2, 1, 1, 1]]
    )
    for factor, name in zip(data["factors"], FORMULA_NAMES, strict=True):
        factor["name"] = name
    path = tmp_path / "names.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


def test_rank_writes_a_workbook_laid_out_as_the_apps_and_says_so(tmp_path: Path):
    import io

    import openpyxl

    from positioning.output.downloads import download

    out = tmp_path / "ranking.xlsx"
    result = run("rank", _formula_canvas(tmp_path), "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"wrote {out}")
    sheet = openpyxl.load_workbook(out)["Ranking"]
    _, app_book, _ = download(cli._load(SOUTHWEST), "xlsx")  # the app's workbook, as a user downloads it
    app = openpyxl.load_workbook(io.BytesIO(app_book))["Factors"]
    for ours, theirs in ((sheet["A1"], app["A1"]), (sheet["K1"], app["K1"])):
        assert ours.font.b and ours.font.b == theirs.font.b
        assert ours.fill.fgColor.rgb == theirs.fill.fgColor.rgb == "00E8F1FB"
    assert sheet.freeze_panes == app.freeze_panes == "B2"
    assert sheet.column_dimensions["B"].width == app.column_dimensions["A"].width == 34  # the factor's name
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Rank", "Factor", "Score"]
    assert [sheet.cell(i, 2).value for i in range(2, 6)] == FORMULA_NAMES
    assert {sheet.cell(i, 2).data_type for i in range(2, 6)} == {"s"}  # text, not a formula Excel runs
    scores = [sheet.cell(i, 3) for i in range(2, 6)]
    # a fractional score shown as the app shows it (at most two decimals), a whole one as it is
    assert all(c.number_format == ("0.##" if c.value % 1 else "General") for c in scores), scores
    assert any(c.value % 1 for c in scores) and sheet["D2"].number_format == "General"
    chinese = run("--lang", "zh", "rank", SOUTHWEST, "-o", tmp_path / "排名.xlsx")
    assert chinese.returncode == 0 and chinese.stdout.rstrip().endswith(f"已写入 {tmp_path / '排名.xlsx'}")
    assert openpyxl.load_workbook(tmp_path / "排名.xlsx")["Ranking"]["A1"].value == "排名"


def test_rank_writes_a_csv_whose_names_a_spreadsheet_would_run_stay_text(tmp_path: Path):
    import csv

    out = tmp_path / "ranking.csv"
    result = run("rank", _formula_canvas(tmp_path), "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)  # the JSON stays whole: what was written is said on standard error
    assert result.stderr == f"wrote {out}\n"
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    names = [row[1] for row in rows[1:]]
    assert names == [f"'{n}" for n in FORMULA_NAMES[:3]] + [FORMULA_NAMES[3]]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("given", ["info", "INFO", "Warning", "debug", "error"])
def test_worker_log_level_in_any_case(given):
    args = cli.build_parser().parse_args(["worker", "--loglevel", given])
    assert args.loglevel == given.upper()


def test_worker_refuses_an_unknown_log_level(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.build_parser().parse_args(["worker", "--loglevel", "loud"])
    assert stopped.value.code == 2 and "'loud': give one of DEBUG, INFO, WARNING, ERROR" in capsys.readouterr().err
