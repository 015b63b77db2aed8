"""Where phones reach the app: this machine's LAN address, the join address, its QR code."""

from __future__ import annotations

import io
import ipaddress
import os
import socket
import struct

import segno

try:
    import fcntl
except ImportError:  # not on Windows: the host name's addresses are used there
    fcntl = None


def _interface_addresses() -> list[str]:
    """IPv4 addresses of this machine's interfaces, read locally (no packet is sent)."""
    found: list[str] = []
    try:
        for _, name in socket.if_nameindex() if fcntl else ():
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                try:
                    packed = fcntl.ioctl(
                        sock.fileno(), 0x8915, struct.pack("256s", name[:15].encode())
                    )  # SIOCGIFADDR
                except OSError:
                    continue
                found.append(socket.inet_ntoa(packed[20:24]))
    except (OSError, AttributeError):
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(info[4][0])
    except OSError:
        pass
    return found


def lan_address() -> str:
    """The address phones on the same network can reach: a private LAN address if any."""
    candidates = []
    for text in _interface_addresses():
        address = ipaddress.ip_address(text)
        if not address.is_loopback and not address.is_link_local:
            candidates.append(address)
    private = [a for a in candidates if a.is_private]
    chosen = (private or candidates or [ipaddress.ip_address("127.0.0.1")])[0]
    return str(chosen)


def public_base_url(port: int) -> str:
    """LIEN_PUBLIC_URL when set (a proxy, a name), else http://<LAN address>:<port>."""
    configured = os.environ.get("LIEN_PUBLIC_URL", "").strip().rstrip("/")
    return configured or f"http://{lan_address()}:{port}"


def join_address(base_url: str, code: str) -> str:
    return f"{base_url}/join/{code}"


def qr_svg(address: str) -> str:
    """The QR code of an address as inline SVG, made on this machine."""
    qr = segno.make(address, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=8, border=2, dark="#000000", light="#FFFFFF", xmldecl=False)
    return out.getvalue().decode("utf-8")
