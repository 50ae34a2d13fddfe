"""A drag does not build a queue: in a real kernel, slider messages that arrive while a frame is
being drawn are handled first, and the widget draws once, for the newest value."""

from __future__ import annotations

import json

import pytest
from jupyter_client.manager import start_new_kernel

SETUP = """
import json
import activation_lab as lab
import activations as act

explorer = lab.explore("sigmoid", x0=0.0)
applied = []
_apply = explorer._apply
explorer._apply = lambda changes: (applied.append(len(changes)), _apply(changes))
print(json.dumps({"comm_id": explorer.controls["x0"].comm.comm_id}))
"""

REPORT = """
import asyncio
await asyncio.sleep(0.5)            # the kernel's loop runs: the last draw, scheduled after the burst
print(json.dumps({"draws": len(applied), "changes": sum(applied), "value": explorer.controls["x0"].value,
                  "readout": explorer.readout.value, "pending": len(explorer._pending)}))
"""


def _run(client, code: str) -> dict:
    reply = client.execute_interactive(code, timeout=60, output_hook=_collect(out := []))
    assert reply["content"]["status"] == "ok", reply["content"]
    return json.loads("".join(out).strip().splitlines()[-1])


def _collect(sink):
    def hook(message):
        if message["msg_type"] == "stream":
            sink.append(message["content"]["text"])
    return hook


@pytest.fixture(scope="module")
def client():
    manager, kernel_client = start_new_kernel(kernel_name="python3")
    yield kernel_client
    kernel_client.stop_channels()
    manager.shutdown_kernel(now=True)


def test_a_burst_of_slider_messages_is_drawn_once_at_its_newest_value(client):
    comm_id = _run(client, SETUP)["comm_id"]
    values = [round(-4.0 + 0.2 * k, 1) for k in range(41)]
    for value in values:                                   # a fast drag: 41 messages at once
        client.session.send(client.shell_channel.socket, "comm_msg", {
            "comm_id": comm_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}})
    state = _run(client, REPORT)
    assert state["value"] == values[-1] and state["pending"] == 0
    assert 1 <= state["draws"] <= len(values) // 2, state     # far fewer frames than messages
    assert state["changes"] == state["draws"]               # one control: one change per draw
    assert "x₀ = 4" in state["readout"].replace("<b>", "").replace("</b>", ""), state["readout"]
