"""A throwaway PostgreSQL cluster on loopback, for the store's tests and the benchmark."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.browser_util import free_port


def postgres_bin() -> Path | None:
    """The folder of Debian's initdb and pg_ctl, or None when PostgreSQL is not installed."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "pg_ctl").exists() and Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    # PostgreSQL refuses to run as root: run it as Debian's `postgres` user then.
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120, **kwargs)


@contextmanager
def throwaway_postgres(fsync: bool = False):
    """initdb + pg_ctl start on 127.0.0.1 and a free port; yields a postgresql:// URL."""
    folder = postgres_bin()
    if folder is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as error:
            raise RuntimeError("running as root and there is no `postgres` user") from error
    tmp = Path(tempfile.mkdtemp(prefix="lien-pg-"))
    if os.geteuid() == 0:
        os.chown(tmp, owner.pw_uid, owner.pw_gid)
    data, port = tmp / "data", free_port()
    try:
        initdb = [str(folder / "initdb"), "-D", str(data), "-A", "trust", "-U", "lien"]
        _as_postgres([*initdb, "-E", "UTF8", "--no-sync"])
        options = f"-h 127.0.0.1 -p {port} -k {tmp} -c max_connections=100"
        if not fsync:
            options += " -c fsync=off"
        pg_ctl = [str(folder / "pg_ctl"), "-D", str(data)]
        _as_postgres([*pg_ctl, "-o", options, "-l", str(tmp / "log"), "-w", "start"])
        try:
            yield f"postgresql://lien@127.0.0.1:{port}/postgres"
        finally:
            as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
            stop = [*as_user, *pg_ctl, "-m", "immediate", "-w", "stop"]
            subprocess.run(stop, capture_output=True, timeout=60)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
