"""A throwaway PostgreSQL cluster on loopback, for the store's tests and the benchmark."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from devtools.server import free_port


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


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a free port."""

    def __init__(self, fsync: bool = False):
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.tmp = Path(tempfile.mkdtemp(prefix="lien-pg-"))
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as error:
                raise RuntimeError("running as root and there is no `postgres` user") from error
            os.chown(self.tmp, owner.pw_uid, owner.pw_gid)
        self.data, self.port = self.tmp / "data", free_port()
        self.url = f"postgresql://lien@127.0.0.1:{self.port}/postgres"
        self.options = f"-h 127.0.0.1 -p {self.port} -k {self.tmp} -c max_connections=100"
        if not fsync:
            self.options += " -c fsync=off"
        initdb = [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "lien"]
        _as_postgres([*initdb, "-E", "UTF8", "--no-sync"])

    def _pg_ctl(self, *args: str) -> None:
        _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), *args])

    def start(self) -> None:
        self._pg_ctl("-o", self.options, "-l", str(self.tmp / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("-m", mode, "-w", "stop")

    def remove(self) -> None:
        with suppress(subprocess.SubprocessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.tmp, ignore_errors=True)


@contextmanager
def throwaway_postgres(fsync: bool = False):
    """A started throwaway cluster; yields its postgresql:// URL and removes it after."""
    cluster = Cluster(fsync)
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.remove()
