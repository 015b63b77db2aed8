"""A throwaway PostgreSQL cluster on loopback: `deploy.serve --throwaway-postgres`, the store's
tests and the benchmarks."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from deploy.launch import free_port


def pgserver_bin() -> Path | None:
    """The PostgreSQL that the `pgserver` wheel carries (requirements-dev.txt), if installed."""
    try:
        import pgserver
    except ImportError:
        return None
    folder = Path(pgserver.__file__).parent / "pginstall" / "bin"
    return folder if (folder / "pg_ctl").exists() and (folder / "initdb").exists() else None


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: Debian's, else one on PATH, else the pgserver wheel's;
    None when there is none."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "pg_ctl").exists() and Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else pgserver_bin()


def _server_user() -> str:
    """Whom the server runs as when we are root: Debian's `postgres`, else `nobody`."""
    try:
        pwd.getpwnam("postgres")
        return "postgres"
    except KeyError:
        return "nobody"


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    # PostgreSQL refuses to run as root: run it as another user then.
    if os.geteuid() == 0:
        args = ["runuser", "-u", _server_user(), "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120, **kwargs)


def _readable_by_server(bin_folder: Path) -> Path:
    """As root, the server's user must reach the binaries: a wheel under /root cannot be, so
    its installation is copied once to a shared temporary folder."""
    if os.geteuid() != 0:
        return bin_folder
    probe = ["runuser", "-u", _server_user(), "--", "test", "-x", str(bin_folder / "pg_ctl")]
    if subprocess.run(probe, capture_output=True, timeout=30).returncode == 0:
        return bin_folder
    # pgserver's binaries find their libraries at $ORIGIN/../../../pgserver.libs: copy both,
    # in the same shape (site-packages/pgserver/pginstall and site-packages/pgserver.libs).
    install = bin_folder.parent
    package, site = install.parent, install.parent.parent
    copy = Path(tempfile.gettempdir()) / "lien-pgserver-copy"
    if not (copy / package.name / install.name / "bin" / "pg_ctl").exists():
        partial = Path(tempfile.mkdtemp(prefix="lien-pgserver-"))
        shutil.copytree(install, partial / package.name / install.name)
        libs = site / f"{package.name}.libs"
        if libs.is_dir():
            shutil.copytree(libs, partial / libs.name)
        for folder, _dirs, files in os.walk(partial):
            os.chmod(folder, 0o755)
            for name in files:
                path = Path(folder, name)
                os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)
        shutil.rmtree(copy, ignore_errors=True)
        partial.rename(copy)
    return copy / package.name / install.name / "bin"


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on 127.0.0.1 and a free port."""

    def __init__(self, fsync: bool = False, bin_folder: Path | None = None):
        found = bin_folder or postgres_bin()
        if found is None:
            raise RuntimeError(
                "PostgreSQL is not installed (pip install pgserver, or apt-get install postgresql)"
            )
        self.bin = _readable_by_server(found)
        self.tmp = Path(tempfile.mkdtemp(prefix="lien-pg-"))
        if os.geteuid() == 0:
            owner = pwd.getpwnam(_server_user())
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
def throwaway_postgres(fsync: bool = False, bin_folder: Path | None = None):
    """A started throwaway cluster; yields its postgresql:// URL and removes it after."""
    cluster = Cluster(fsync, bin_folder)
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.remove()
