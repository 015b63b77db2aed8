"""Where phones reach the app: this machine's addresses, the join address, its QR code, and
what the presenter's network check found.

- `addresses()`: this machine's IPv4 addresses a phone could use, the Wi-Fi's first (then a
  cable's, then the rest; virtual and container networks last).
- `bound_to_loopback()`: the app was started for this computer only (`--local-only`,
  `--server.address 127.0.0.1`): no phone can reach it, whatever address a slide shows.
- `is_this_computer(host)`: a request from this machine itself (127.0.0.1, ::1 or one of its
  own addresses; another loopback address such as 127.0.0.2 counts as another device);
  `from_this_computer(peer, headers)`: the same with no proxy in between, which may sign the
  presenter in without the token (lien.web.signin, lien.ui.presenter).
- The check: a phone that opens `/phone-check/<nonce>` is recorded with the address it used
  (`reached()`); from then on that address is the one the join slide, the question slides and
  the handout show (`public_base_url`), unless LIEN_PUBLIC_URL says otherwise.
"""

from __future__ import annotations

import io
import ipaddress
import os
import re
import secrets
import socket
import struct
import threading
import time
from dataclasses import dataclass

import segno

try:
    import fcntl
except ImportError:  # not on Windows: the host name's addresses are used there
    fcntl = None

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
# Interface names, most likely a phone's way in first: Wi-Fi (Linux wl*, macOS en0 is
# usually Wi-Fi), then cables; virtual machines', containers' and VPNs' networks last.
_WIFI = re.compile(r"^(wl|wifi|wi-fi|ath|ra\d)", re.I)
_CABLE = re.compile(r"^(en|eth)", re.I)
_VIRTUAL = re.compile(
    r"^(docker|br-|veth|virbr|vmnet|vboxnet|tun|tap|utun|zt|tailscale|wg|lxc|lxd|podman|cni)",
    re.I,
)


@dataclass(frozen=True)
class Address:
    ip: str
    interface: str  # "" when the system does not say (Windows: the host name's addresses)

    @property
    def wifi(self) -> bool:
        return bool(_WIFI.match(self.interface))


def _interface_addresses() -> list[tuple[str, str]]:
    """(interface, IPv4 address) of this machine, read locally (no packet is sent)."""
    found: list[tuple[str, str]] = []
    try:
        for _, name in socket.if_nameindex() if fcntl else ():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                try:
                    packed = fcntl.ioctl(
                        sock.fileno(), 0x8915, struct.pack("256s", name[:15].encode())
                    )  # SIOCGIFADDR
                except OSError:
                    continue
                found.append((name, socket.inet_ntoa(packed[20:24])))
    except (OSError, AttributeError):
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(("", info[4][0]))
    except OSError:
        pass
    return found


def _rank(address: Address) -> tuple[int, int]:
    ip = ipaddress.ip_address(address.ip)
    if address.wifi:
        kind = 0
    elif _VIRTUAL.match(address.interface):
        kind = 3
    elif _CABLE.match(address.interface) or not address.interface:
        kind = 1
    else:
        kind = 2
    return kind, 0 if ip.is_private else 1


def addresses() -> list[Address]:
    """This machine's addresses a phone could use, the most likely first (the Wi-Fi's)."""
    seen: dict[str, Address] = {}
    for interface, text in _interface_addresses():
        ip = ipaddress.ip_address(text)
        if ip.is_loopback or ip.is_link_local or ip.is_unspecified:
            continue
        if text not in seen or (interface and not seen[text].interface):
            seen[text] = Address(text, interface)
    return sorted(seen.values(), key=_rank)


def lan_address() -> str:
    """The address phones on the same network can reach: the Wi-Fi's if any."""
    found = addresses()
    return found[0].ip if found else "127.0.0.1"


def is_this_computer(host: str | None) -> bool:
    """A request from this machine: 127.0.0.1, ::1, or one of its own network addresses."""
    if not host:
        return False
    host = host.strip("[]")
    if host.startswith("::ffff:"):
        host = host.removeprefix("::ffff:")
    if host in ("127.0.0.1", "::1"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(a.ip == host for a in addresses())


LOCAL_ENV = "LIEN_LOCAL_SIGNIN"  # "0": no sign-in without the token (deploy/ sets it)
PROXY_HEADERS = ("x-real-ip", "x-forwarded-for", "forwarded")


def from_this_computer(peer: str | None, headers) -> bool:
    """A request made on the computer that runs the app, with no proxy in between.

    `headers`: the request's (any mapping with `get`, case-insensitive as Starlette's and
    Streamlit's are)."""
    if os.environ.get(LOCAL_ENV, "1").strip() == "0":
        return False
    if any(headers.get(name) for name in PROXY_HEADERS):
        return False
    return is_this_computer(peer)


def bound_to_loopback(bind_address: str | None) -> bool:
    """The server listens on this computer only: no phone can reach it."""
    if not bind_address:
        return False  # Streamlit's default: every interface
    try:
        return ipaddress.ip_address(bind_address.strip("[]")).is_loopback
    except ValueError:
        return bind_address.strip().lower() in LOOPBACK_HOSTS


# --- the presenter's network check ---------------------------------------------------------


@dataclass(frozen=True)
class Reached:
    base_url: str  # what the phone typed or scanned: scheme, host and port
    at: float  # when


_lock = threading.Lock()
_nonce = secrets.token_urlsafe(9)  # this process's check address: an old QR code does not count
_reached: Reached | None = None


def check_nonce() -> str:
    return _nonce


def check_path() -> str:
    return f"/phone-check/{_nonce}"


def record_reached(base_url: str, now: float | None = None) -> None:
    global _reached
    with _lock:
        _reached = Reached(base_url.rstrip("/"), time.time() if now is None else now)


def reached() -> Reached | None:
    return _reached


def forget_reached() -> None:
    global _reached
    with _lock:
        _reached = None


def public_base_url(port: int) -> str:
    """LIEN_PUBLIC_URL when set (a proxy, a name); else the address a phone reached in the
    presenter's check; else http://<the Wi-Fi's address>:<port>."""
    configured = os.environ.get("LIEN_PUBLIC_URL", "").strip().rstrip("/")
    if configured:
        return configured
    checked = _reached
    if checked is not None and checked.base_url.rsplit(":", 1)[-1] == str(port):
        return checked.base_url
    return f"http://{lan_address()}:{port}"


def join_address(base_url: str, code: str) -> str:
    return f"{base_url}/join/{code}"


def qr_svg(address: str) -> str:
    """The QR code of an address as inline SVG, made on this machine."""
    qr = segno.make(address, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=8, border=2, dark="#000000", light="#FFFFFF", xmldecl=False)
    return out.getvalue().decode("utf-8")
