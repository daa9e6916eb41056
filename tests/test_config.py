"""Settings read from the environment: embedded defaults, team mode, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from positioning.core.config import DEFAULT_USER_HEADER, ConfigError, settings_from, sqlite_url


def test_defaults_are_a_sqlite_file_in_the_data_folder_and_one_local_user(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = settings_from({})
    assert settings.data_folder == Path("data")
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'positioning.db'}"
    assert settings.auth == "single"
    assert settings.user_header == DEFAULT_USER_HEADER
    assert settings.trusted_proxies == ()


def test_the_data_folder_and_database_url_come_from_the_environment(tmp_path):
    assert settings_from({"POSITIONING_DATA": str(tmp_path)}).database_url == sqlite_url(tmp_path)
    url = "postgresql+psycopg://app:secret@db.internal/positioning"
    assert settings_from({"POSITIONING_DATA": str(tmp_path), "DATABASE_URL": url}).database_url == url


def test_proxy_mode_reads_the_header_and_trusted_addresses():
    settings = settings_from(
        {
            "POSITIONING_AUTH": "Proxy",
            "POSITIONING_TRUSTED_PROXIES": " 127.0.0.1, ::1 ,,",
            "POSITIONING_USER_HEADER": "X-Auth-Request-User",
        }
    )
    assert settings.auth == "proxy"
    assert settings.trusted_proxies == ("127.0.0.1", "::1")
    assert settings.user_header == "X-Auth-Request-User"


def test_proxy_mode_without_trusted_addresses_is_refused_with_what_to_set():
    with pytest.raises(ConfigError, match="POSITIONING_TRUSTED_PROXIES"):
        settings_from({"POSITIONING_AUTH": "proxy"})


def test_an_unknown_auth_mode_is_refused_naming_the_allowed_ones():
    with pytest.raises(ConfigError, match=r"'single'.*'proxy'"):
        settings_from({"POSITIONING_AUTH": "ldap"})


def test_redis_url_is_optional_and_checked():
    assert settings_from({}).redis_url is None
    assert settings_from({"REDIS_URL": "redis://127.0.0.1:6379/0"}).redis_url == "redis://127.0.0.1:6379/0"
    with pytest.raises(ConfigError, match="REDIS_URL"):
        settings_from({"REDIS_URL": "http://example.com"})
