"""The presenter's side of the live room, without Streamlit: token, address, QR code, CSV, chart."""

from __future__ import annotations

import csv
import hmac
import io
import ipaddress
import os
import secrets
import socket
import struct
import sys
import threading
from datetime import UTC, datetime

import plotly.graph_objects as go
import segno

from lien.charts.style import OKABE_ITO, styled
from lien.live.questions import LiveQuestion
from lien.live.store import AnswerRow, Tally

try:
    import fcntl
except ImportError:  # not on Windows: the host name's addresses are used there
    fcntl = None

_token_lock = threading.Lock()
_generated_token: str | None = None


def configured_token(secret: str | None) -> str | None:
    """The token set by the presenter: `live_token` in secrets.toml, else LIEN_LIVE_TOKEN."""
    for value in (secret, os.environ.get("LIEN_LIVE_TOKEN")):
        if value and str(value).strip():
            return str(value).strip()
    return None


def presenter_token(secret: str | None = None, announce_url: str | None = None) -> str:
    """The token that opens /live: the configured one, else one drawn at start and printed."""
    configured = configured_token(secret)
    if configured:
        return configured
    global _generated_token
    with _token_lock:
        if _generated_token is None:
            _generated_token = secrets.token_urlsafe(12)
            where = f" — open {announce_url}?token={_generated_token}" if announce_url else ""
            # The console is the presenter's: this is where the token is meant to be read.
            print(f"Lien /live token: {_generated_token}{where}", file=sys.stderr)
            sys.stderr.flush()
        return _generated_token


def token_matches(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.strip().encode(), expected.encode())


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


def share_right(tally: Tally, question: LiveQuestion) -> float | None:
    """The share of answers that were right, or None for an opinion poll or no answer."""
    if not question.correct or tally.answered == 0:
        return None
    right = sum(count for option, count in tally.counts.items() if option in question.correct)
    return right / tally.answered


def answers_figure(
    question: LiveQuestion, tally: Tally, *, axis_title: str, revealed: bool, right_mark: str
) -> go.Figure:
    """Horizontal bars, one per option in the question's order; the right one marked on reveal."""
    labels, counts, colours = [], [], []
    for option_id, text in question.options:
        right = revealed and option_id in question.correct
        labels.append(f"{text} ✓ {right_mark}" if right else text)
        counts.append(tally.counts.get(option_id, 0))
        colours.append(OKABE_ITO["green"] if right else OKABE_ITO["blue"])
    figure = go.Figure(
        go.Bar(
            x=counts,
            y=labels,
            orientation="h",
            marker_color=colours,
            text=counts,
            textposition="auto",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title=axis_title, rangemode="tozero", dtick=1 if max(counts) < 10 else None)
    return styled(figure, height=120 + 70 * len(labels))


def answers_csv(rows: list[AnswerRow], room_code: str) -> str:
    """Every answer of a room as CSV: one row per participant per question."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["room", "round", "question_id", "participant", "option_id", "answered_at"])
    for row in rows:
        when = datetime.fromtimestamp(row.answered_at, UTC).isoformat(timespec="seconds")
        writer.writerow(
            [room_code, row.round, row.question_id, row.participant, row.option_id, when]
        )
    return out.getvalue()
