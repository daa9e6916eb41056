"""The deployment, kept in step with the code (deploy/ and README's "Deploying for a team").

Every setting the code reads from the environment is in README's table and in
deploy/positioning.env.example, and nothing else is; the compose file and the
systemd units start commands that exist, with options their own parsers
accept, and pass only documented settings; the Dockerfile installs the locked
runtime packages with their hashes; the web unit's ExecStart, run by hand,
answers /healthz and /readyz and refuses a request without the login proxy's
header. The validators run as an administrator would run them: systemd-analyze
verify and the Compose Specification's JSON Schema always (`make test`
installs systemd-analyze; under CI=true a missing one fails rather than
skips). `docker compose config` itself needs Docker's Compose plugin, which
Debian does not package: the README asks the administrator to run it.
"""

from __future__ import annotations

import ast
import http.client
import importlib.util
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest
import yaml
from packaging.requirements import Requirement

from positioning import cli

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
ENV_EXAMPLE = DEPLOY / "positioning.env.example"
COMPOSE = DEPLOY / "compose.yaml"
#: The Compose Specification's JSON Schema (compose-spec's compose-spec.json, Apache-2.0, which
#: `docker compose` checks files against), as the npm package dclint 3.1.0 ships it (schemas/compose.schema.json).
COMPOSE_SCHEMA = ROOT / "tests" / "data" / "compose-spec.schema.json"
#: Settings read by a library the app uses rather than by its own code.
LIBRARY_SETTINGS = {"BROWSER_PATH": "choreographer (the renderer's browser launcher)"}
#: Values for the compose file's required secrets, so that it can be validated.
COMPOSE_SECRETS = {
    "POSTGRES_PASSWORD": "secret",
    "OAUTH2_PROXY_OIDC_ISSUER_URL": "https://login.example.com",
    "OAUTH2_PROXY_CLIENT_ID": "positioning",
    "OAUTH2_PROXY_CLIENT_SECRET": "secret",
    "OAUTH2_PROXY_COOKIE_SECRET": "0123456789abcdef0123456789abcdef",
    "OAUTH2_PROXY_REDIRECT_URL": "https://positioning.example.com/oauth2/callback",
}
_SETTING = re.compile(r"^[A-Z][A-Z0-9_]*$")


# --- what the code reads -----------------------------------------------------------


def _environment_name(node: ast.AST) -> bool:
    """Whether ``node`` names the environment: ``os.environ``, ``environ`` or a mapping called ``env``."""
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return name in ("environ", "env")


def _setting(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SETTING.match(node.value):
        return node.value
    return None


def settings_in(source: str) -> set[str]:
    """The environment variables ``source`` reads: ``environ.get("X")``, ``env.get("X")``,
    ``environ["X"]``, ``os.getenv("X")`` and ``"X" in environ``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        name = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            getter = isinstance(func, ast.Attribute) and func.attr in ("get", "pop") and _environment_name(func.value)
            getenv = (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
                isinstance(func, ast.Name) and func.id == "getenv"
            )
            name = _setting(node.args[0]) if getter or getenv else None
        elif isinstance(node, ast.Subscript) and _environment_name(node.value):
            name = _setting(node.slice)
        elif isinstance(node, ast.Compare) and any(_environment_name(c) for c in node.comparators):
            name = _setting(node.left)
        if name:
            found.add(name)
    return found


def settings_read_by_code() -> set[str]:
    files = [ROOT / "app.py", *sorted((ROOT / "positioning").rglob("*.py"))]
    return set().union(*(settings_in(path.read_text(encoding="utf-8")) for path in files))


def deploying_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Deploying for a team")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def readme_table() -> set[str]:
    """The settings named in the first column of the section's tables."""
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", deploying_section(), flags=re.MULTILINE))


def env_example() -> dict[str, str]:
    """NAME=value lines of the example, commented-out ones included."""
    pairs = re.findall(r"^#?([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return dict(pairs)


def test_the_scan_finds_every_way_of_reading_a_setting():
    source = (
        "import os\nfrom os import getenv\n"
        "a = os.environ.get('ONE', 'x')\nb = env.get('TWO')\nc = os.environ['THREE']\n"
        "d = os.getenv('FOUR')\ne = getenv('FIVE')\nf = 'SIX' in os.environ\ng = other.get('NOT_THIS')\n"
    )
    assert settings_in(source) == {"ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX"}


def test_the_scan_sees_the_settings_of_the_config_and_the_app():
    read = settings_read_by_code()
    assert {"DATABASE_URL", "POSITIONING_DATA", "POSITIONING_TRUSTED_PROXIES", "REDIS_URL", "HOST", "PORT"} <= read


def test_every_setting_the_code_reads_is_in_the_readme_table_and_nothing_else():
    read, documented = settings_read_by_code(), readme_table()
    assert read - documented == set(), "add these to README's settings table (Deploying for a team)"
    assert documented - read - set(LIBRARY_SETTINGS) == set(), "README documents settings nothing reads"


def test_every_setting_the_code_reads_is_in_the_env_example_and_nothing_else():
    read, listed = settings_read_by_code(), set(env_example())
    assert read - listed == set(), f"add these to {ENV_EXAMPLE.name}"
    assert listed - read - set(LIBRARY_SETTINGS) == set(), f"{ENV_EXAMPLE.name} lists settings nothing reads"


def test_the_env_example_is_accepted_by_the_settings_parser():
    from positioning.core.config import settings_from

    values = {name: value for name, value in env_example().items() if name in settings_read_by_code()}
    settings = settings_from(values)
    assert settings.auth == "proxy"
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.redis_url is not None


# --- commands: parsed by the programs' own parsers ---------------------------------


def gunicorn_arguments(argv: list[str]):
    """``argv`` (after the program name) as gunicorn parses it; a wrong option exits."""
    from gunicorn.config import Config

    return Config().parser().parse_args(argv)


def check_gunicorn(argv: list[str]) -> object:
    assert Path(argv[0]).name == "gunicorn", argv
    parsed = gunicorn_arguments(argv[1:])
    assert parsed.args == ["app:server"], "the WSGI app is app:server (app.py's Flask server)"
    # Without --bind gunicorn binds 0.0.0.0:$PORT when PORT is set: always name the address.
    assert parsed.workers is not None and parsed.bind, "name the workers and the address"
    return parsed


def check_positioning(argv: list[str], command: str) -> None:
    """``argv`` is a ``positioning`` command the CLI knows, with options it accepts."""
    assert Path(argv[0]).name == "positioning", argv
    assert argv[1] == command, argv
    cli.build_parser().parse_args(argv[1:])  # an unknown command or option exits with status 2


def test_the_command_checks_can_fail():
    with pytest.raises(SystemExit):
        gunicorn_arguments(["--workrs", "2", "app:server"])
    with pytest.raises(SystemExit):
        check_positioning(["positioning", "no-such-command"], "no-such-command")


# --- the systemd units ---------------------------------------------------------------


def unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections and their keys' values (a key may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        assert current is not None and "=" in line, f"{path.name}:{number}: not a key=value in a section"
        key, value = line.split("=", 1)
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def exec_start(path: Path) -> list[str]:
    (command,) = unit(path)["Service"]["ExecStart"]
    return shlex.split(command)


def test_the_web_unit_runs_gunicorn_on_loopback_with_the_settings_file():
    service = unit(UNITS / "positioning-web.service")["Service"]
    parsed = check_gunicorn(exec_start(UNITS / "positioning-web.service"))
    assert parsed.bind == ["127.0.0.1:8050"], "loopback: only the login proxy on this machine reaches the app"
    assert service["EnvironmentFile"] == ["/etc/positioning/positioning.env"]
    assert service["Type"] == ["notify"]  # gunicorn's arbiter sends READY=1


def test_the_worker_unit_is_a_template_running_positioning_worker():
    path = UNITS / "positioning-worker@.service"
    check_positioning(exec_start(path), "worker")
    assert "%i" in unit(path)["Unit"]["Description"][0]
    assert unit(path)["Service"]["EnvironmentFile"] == ["/etc/positioning/positioning.env"]


def test_the_backup_unit_runs_positioning_backup_daily():
    argv = exec_start(UNITS / "positioning-backup.service")
    assert argv[:2] == ["/bin/sh", "-c"]
    script = shlex.split(argv[2].replace("$$", "$"))
    assert script[0] == "exec"
    check_positioning(script[1:], "backup")
    timer = unit(UNITS / "positioning-backup.timer")
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == ["true"]


def _installed_copies(folder: Path) -> list[Path]:
    """The units with /opt/positioning/.venv pointing at this checkout's environment,
    so that systemd-analyze finds the programs they start."""
    copies = []
    for path in sorted(UNITS.iterdir()):
        text = path.read_text(encoding="utf-8").replace("/opt/positioning/.venv", sys.prefix)
        copy = folder / path.name
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    return copies


def _require_program(name: str, found: bool) -> None:
    if found:
        return
    message = f"{name} is not installed; run 'make test' to install it"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def test_systemd_analyze_verifies_the_units(tmp_path):
    _require_program("systemd-analyze (Debian's systemd)", shutil.which("systemd-analyze") is not None)
    copies = _installed_copies(tmp_path)
    names = [c.name.replace("@.service", "@1.service") for c in copies]
    result = subprocess.run(
        ["systemd-analyze", "verify", *names], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    output = (result.stdout + result.stderr).strip()
    # An unknown key is only a warning to systemd (exit 0): any word from it is a failure here.
    assert result.returncode == 0 and output == "", output


def test_systemd_analyze_catches_a_misspelt_key(tmp_path):
    _require_program("systemd-analyze (Debian's systemd)", shutil.which("systemd-analyze") is not None)
    web = next(c for c in _installed_copies(tmp_path) if c.name == "positioning-web.service")
    web.write_text(web.read_text(encoding="utf-8").replace("KillMode=", "KilMode="), encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", web.name], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert "KilMode" in result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_web_units_command_serves_the_documented_settings(tmp_path, chromium):
    """gunicorn as the web unit starts it (on a free loopback port), with the
    example's login settings and a SQLite workspace in a temporary folder."""
    argv = exec_start(UNITS / "positioning-web.service")
    port = _free_port()
    argv = [str(Path(sys.prefix) / "bin" / "gunicorn"), *argv[1:]]
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    example = env_example()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "PORT")},
        "POSITIONING_DATA": str(tmp_path / "data"),
        "POSITIONING_AUTH": example["POSITIONING_AUTH"],
        "POSITIONING_TRUSTED_PROXIES": example["POSITIONING_TRUSTED_PROXIES"],
        "POSITIONING_USER_HEADER": example["POSITIONING_USER_HEADER"],
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                status, body = _get(base + "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 90 s"
                time.sleep(0.5)
        assert (status, body) == (200, b'{"status": "up"}')
        status, body = _get(base + "/readyz")
        assert status == 200, body
        assert _get(base + "/")[0] == 401, "without the login proxy's header"
        user = {example["POSITIONING_USER_HEADER"]: "ada@example.com"}
        assert _get(base + "/api/canvases", user)[0] == 200
        assert _one_connection_answers_twice(port), "keep-alive (gunicorn.conf.py's threaded workers)"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _one_connection_answers_twice(port: int) -> bool:
    """Whether two requests go one after the other on one connection (a page's fifteen requests do)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sockets = []
        for _ in range(2):
            connection.request("GET", "/healthz")
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 200
            sockets.append(connection.sock)  # None once the server closed it
        return sockets[0] is not None and sockets[0] is sockets[1]
    finally:
        connection.close()


def test_gunicorn_reads_threaded_workers_and_keep_alive_from_its_config_file(monkeypatch):
    """Every deployed command (the unit, the image, the compose file) starts gunicorn in the repository's
    root, where it reads gunicorn.conf.py; the image copies it there."""
    from gunicorn.app.wsgiapp import WSGIApplication

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "argv", exec_start(UNITS / "positioning-web.service"))
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    config = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").cfg
    assert config.worker_class_str == "gthread" and config.threads >= 2 and config.keepalive >= 2
    assert config.workers == 2 and config.timeout == 120  # the command line's own settings still count
    copied = [a.split() for kind, a in dockerfile_instructions() if kind == "COPY"]
    assert any("gunicorn.conf.py" in sources and "app.py" in sources for sources in copied)
    (workdir,) = [a for kind, a in dockerfile_instructions() if kind == "WORKDIR"]
    assert unit(UNITS / "positioning-web.service")["Service"]["WorkingDirectory"] == [workdir]


# --- the compose file ----------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_the_compose_file_has_the_documented_services():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "oauth2-proxy"}
    web, worker, proxy = services["web"], services["worker"], services["oauth2-proxy"]
    assert check_gunicorn(web["command"]).workers == 2
    check_positioning(worker["command"], "worker")
    assert "ports" not in web and "ports" not in worker, "only the login proxy is published"
    assert "ports" in proxy
    assert "/readyz" in " ".join(web["healthcheck"]["test"])
    assert web["image"] == worker["image"], "the worker runs the web app's image"


def test_the_compose_app_services_pass_only_documented_settings():
    services = compose()["services"]
    documented = readme_table()
    for name in ("web", "worker"):
        environment = services[name]["environment"]
        assert set(environment) <= documented, f"{name}: undocumented settings"
        assert environment["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert environment["REDIS_URL"].startswith("redis://redis:")
    proxies = services["web"]["environment"]["POSITIONING_TRUSTED_PROXIES"].split(",")
    address = services["oauth2-proxy"]["networks"]["front"]["ipv4_address"]
    assert address in proxies, "the app must trust the login proxy's fixed address"
    user_header = services["web"]["environment"]["POSITIONING_USER_HEADER"]
    assert user_header.startswith("X-Forwarded-"), "a header oauth2-proxy sets (--pass-user-headers)"


def test_the_compose_named_volumes_are_declared():
    document = compose()
    used = {
        volume.split(":", 1)[0]
        for service in document["services"].values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }
    assert used and used == set(document["volumes"])


def test_every_variable_the_compose_file_needs_is_in_its_env_example():
    """The ``${NAME}`` values compose.yaml takes from deploy/.env are the ones
    compose.env.example asks for, and its required ones (``:?``) are the secrets
    these tests fill in."""
    text = COMPOSE.read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", text))
    example = (DEPLOY / "compose.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    assert used == listed
    assert required == set(COMPOSE_SECRETS)


def test_the_units_the_readme_names_are_in_deploy():
    named = set(re.findall(r"\bpositioning-(?:web|worker|backup)[\w@.*-]*", deploying_section()))
    files = {path.name for path in UNITS.iterdir()}
    for name in named:
        base = re.sub(r"@[^.]*", "@", name.rstrip("."))
        stem = base if base.endswith((".service", ".timer")) else base + ".service"
        assert stem in files, f"README names {name}, deploy/systemd has no {stem}"


def test_the_compose_file_matches_the_compose_specification():
    """The Compose Specification's JSON Schema (what `docker compose` checks a file
    against) with the locked jsonschema: a misspelt or misplaced key fails here."""
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    problems = [f"{error.json_path}: {error.message}" for error in validator.iter_errors(compose())]
    assert problems == []
    misspelt = compose()
    misspelt["services"]["web"]["healtcheck"] = misspelt["services"]["web"].pop("healthcheck")
    assert any("healtcheck" in error.message for error in validator.iter_errors(misspelt))


# --- the image -------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    logical = re.sub(r"\\\n", " ", text)
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in (raw.strip() for raw in logical.splitlines())
        if line and not line.startswith("#")
    ]


def test_the_image_installs_the_locked_runtime_with_hashes_and_chromium():
    instructions = dockerfile_instructions()
    runs = " ".join(arguments for kind, arguments in instructions if kind == "RUN")
    assert "--require-hashes" in runs and "requirements.lock" in runs
    for package in ("chromium", "fonts-noto-cjk", "python3-venv"):
        assert re.search(rf"apt-get install[^&]*\b{package}\b", runs), package
    for kind, arguments in instructions:
        if kind == "COPY":
            *sources, _target = arguments.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: no such path in the repository"
    (command,) = [arguments for kind, arguments in instructions if kind == "CMD"]
    check_gunicorn(yaml.safe_load(command))


def _needs(distribution: str, extras: frozenset[str] = frozenset(), seen: set[str] | None = None) -> set[str]:
    """``distribution`` and everything it needs here (markers evaluated on this Python)."""
    seen = set() if seen is None else seen
    key = re.sub(r"[-_.]+", "-", distribution).lower()
    if key in seen:
        return seen
    seen.add(key)
    for text in metadata.requires(distribution) or []:
        requirement = Requirement(text)
        environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
        if requirement.marker is None or any(requirement.marker.evaluate(e) for e in environments):
            _needs(requirement.name, frozenset(requirement.extras), seen)
    return seen


def test_the_runtime_part_of_the_lock_is_what_the_app_needs():
    spec = importlib.util.spec_from_file_location("runtime_lock", DEPLOY / "runtime_lock.py")
    assert spec is not None and spec.loader is not None
    runtime_lock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runtime_lock)
    kept = {
        runtime_lock.canonical(chunk.split("==", 1)[0])
        for chunk in runtime_lock.runtime((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    }
    needed = _needs("positioning") - {"positioning"}
    assert needed - kept == set(), "the image would miss these"
    assert not kept & {"pytest", "ruff", "mypy", "playwright", "locust", "pip-audit"}, "test tools in the image"
    assert {"gunicorn", "celery", "redis", "psycopg", "psycopg-binary", "setuptools"} <= kept
