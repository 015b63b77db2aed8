"""The one-time sign-in link on the real server: refused from another device (127.0.0.2 is
one, for the app), accepted once from this computer."""

from __future__ import annotations

import http.client

from deploy.launch import streamlit_server
from lien.web import signin as gate


def get(port: int, path: str, source: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    connection.request("GET", path)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer


def test_the_one_time_link_is_refused_from_another_device_and_good_once_here(tmp_path):
    once = gate.new_once_code()
    code = once.partition(".")[0]
    env = {
        "LIEN_DATA_DIR": str(tmp_path / "var"),
        "LIEN_DATABASE_URL": "",
        "LIEN_LIVE_TOKEN": "",
        gate.ONCE_ENV: once,
    }
    with streamlit_server(env=env, log=tmp_path / "streamlit.log") as server:
        path = f"/presenter/here?once={code}&next=%2Fstart"
        elsewhere = get(server.port, path, "127.0.0.2")
        assert elsewhere.status == 403
        assert "lien_presenter=" not in (elsewhere.getheader("set-cookie") or "")
        here = get(server.port, path, "127.0.0.1")
        assert here.status == 200 and "lien_presenter=" in here.getheader("set-cookie")
        again = get(server.port, path, "127.0.0.1")  # once only
        assert again.status == 403
        assert "lien_presenter=" not in (again.getheader("set-cookie") or "")
