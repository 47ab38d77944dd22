"""Settings come from the environment; each install makes its own secret key."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from openrem.env import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_str,
    load_or_create_secret_key,
    parse_database_url,
)

REPO = Path(__file__).resolve().parent.parent


def test_sqlite_url_with_absolute_path():
    db = parse_database_url("sqlite:////var/lib/openrem/openrem.db")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/var/lib/openrem/openrem.db"


def test_sqlite_url_with_relative_path():
    assert parse_database_url("sqlite:///data/openrem.db")["NAME"] == "data/openrem.db"


def test_postgres_url_gives_every_part_decoded():
    db = parse_database_url("postgres://openrem_user:p%40ss%2Fword@db.example:6543/openrem_db?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("openrem_db", "openrem_user", "p@ss/word")
    assert (db["HOST"], db["PORT"]) == ("db.example", "6543")
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_postgresql_scheme_without_password_or_port():
    db = parse_database_url("postgresql://postgres@127.0.0.1/openrem")
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == ("postgres", "", "127.0.0.1", "")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgres://u@h/", "sqlite://", "nonsense"])
def test_unusable_database_urls_are_refused_with_a_reason(url):
    with pytest.raises(ConfigError, match="database|scheme|SQLite"):
        parse_database_url(url)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("no", False),
                                               ("0", False), ("", False)])
def test_env_bool_reads_common_spellings(raw, expected):
    assert env_bool("X", default=not expected, environ={"X": raw}) is expected


def test_env_bool_default_when_unset_and_error_when_garbled():
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ConfigError, match="X must be true or false"):
        env_bool("X", environ={"X": "maybe"})


def test_env_int_and_list():
    assert env_int("N", 5, environ={"N": " 42 "}) == 42
    assert env_int("N", 5, environ={}) == 5
    with pytest.raises(ConfigError, match="whole number"):
        env_int("N", 5, environ={"N": "4.2"})
    assert env_list("H", ["a"], environ={"H": "x.org, y.org,,"}) == ["x.org", "y.org"]
    assert env_list("H", ["a"], environ={}) == ["a"]


def test_file_variant_reads_secret_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    assert env_str("OPENREM_SECRET_KEY", environ={"OPENREM_SECRET_KEY_FILE": str(secret)}) == "from-a-file"


def test_secret_key_is_generated_once_with_mode_0600(tmp_path):
    first = load_or_create_secret_key(tmp_path / "data")
    key_file = tmp_path / "data" / "secret_key"
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_or_create_secret_key(tmp_path / "data") == first


def test_two_installs_never_share_a_key(tmp_path):
    assert load_or_create_secret_key(tmp_path / "a") != load_or_create_secret_key(tmp_path / "b")


def _settings_in_subprocess(env: dict, expression: str) -> str:
    code = f"import django; from django.conf import settings; django.setup(); print({expression})"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            check=True)
    return result.stdout.strip()


def test_settings_module_reads_the_environment(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "openrem.settings", "OPENREM_DATA_DIR": str(tmp_path),
           "OPENREM_TIME_ZONE": "Europe/London", "OPENREM_ALLOWED_HOSTS": "openrem.hospital.example",
           "OPENREM_DEBUG": "false", "OPENREM_LOG_TO_FILE": "false"}
    env.pop("OPENREM_DATABASE_URL", None)
    env.pop("OPENREM_SECRET_KEY", None)
    out = _settings_in_subprocess(
        env, "settings.TIME_ZONE, settings.USE_TZ, settings.ALLOWED_HOSTS, settings.DEBUG, "
             "settings.DATABASES['default']['NAME'], settings.MEDIA_ROOT"
    )
    assert out == (f"Europe/London True ['openrem.hospital.example'] False {tmp_path / 'openrem.db'} "
                   f"{tmp_path / 'media'}")
    assert (tmp_path / "secret_key").exists()


def _deploy_check(tmp_path, **extra) -> tuple[int, set[str]]:
    env = {**os.environ, "OPENREM_DATA_DIR": str(tmp_path), "OPENREM_DEBUG": "0",
           "OPENREM_LOG_TO_FILE": "false", **extra}
    env.pop("OPENREM_SECRET_KEY", None)
    # The browser tests' conftest sets this for their live server; a deployment never has it (async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
                            cwd=REPO, env=env, capture_output=True, text=True)
    warnings = set(re.findall(r"\((security\.W\d+)\)", result.stdout + result.stderr))
    assert result.returncode == 0, result.stdout + result.stderr
    return result.returncode, warnings


def test_deploy_check_behind_https_proxy_leaves_only_the_documented_hsts_choices(tmp_path):
    code, warnings = _deploy_check(tmp_path, OPENREM_HTTPS="1")
    assert code == 0
    # Including subdomains and preloading are site decisions (docs/configuration.md).
    assert warnings == {"security.W005", "security.W021"}


def test_deploy_check_without_https_has_no_errors_and_only_the_https_warnings(tmp_path):
    code, warnings = _deploy_check(tmp_path, OPENREM_HTTPS="0")
    assert code == 0
    assert warnings == {"security.W004", "security.W008", "security.W012", "security.W016"}
