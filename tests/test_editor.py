"""Editor support, checked with a real client: yaml-language-server (npm) over stdio.

The server is found as $PLANGEN_YAML_LS, as .ci/node/node_modules/.bin/yaml-language-server (what
.ci/run installs), or on PATH; without it (or without node) these tests are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from plangen.commands.schema import plan_schema, write_schema

REPO = Path(__file__).resolve().parent.parent


def _server() -> str | None:
    if not shutil.which("node"):
        return None
    for candidate in (
        os.environ.get("PLANGEN_YAML_LS"),
        str(REPO / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server"),
        shutil.which("yaml-language-server"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


SERVER = _server()
needs_server = pytest.mark.skipif(
    SERVER is None, reason="未安装 node 或 yaml-language-server，跳过编辑器检查"
)


class Client:
    """A minimal Language Server Protocol client: requests, answers to the server's requests,
    and the diagnostics it publishes."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.answers: dict[int, Any] = {}
        self.diagnostics: dict[str, list[dict]] = {}
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # the server asks the client
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [
                        SETTINGS["yaml"] if item.get("section") == "yaml" else None
                        for item in message["params"]["items"]
                    ]
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif message.get("method") == "textDocument/publishDiagnostics":
                with self.lock:
                    self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
                    self.lock.notify_all()
            elif "id" in message:
                with self.lock:
                    self.answers[message["id"]] = message.get("result")
                    self.lock.notify_all()

    def request(self, method: str, params: dict, timeout: float = 30) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        with self.lock:
            assert self.lock.wait_for(lambda: ident in self.answers, timeout), (
                f"{method}: no answer"
            )
            return self.answers.pop(ident)

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri: str, timeout: float = 30) -> list[dict]:
        with self.lock:
            assert self.lock.wait_for(lambda: uri in self.diagnostics, timeout), "no diagnostics"
            return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()


SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "schemas": {},
        "schemaStore": {"enable": False},
    }
}

PLAN = """# yaml-language-server: $schema=./plan.schema.json
school:
  name: 星河小学
period:
  academic_year: 2025
departments:
  - {id: jiaowu, name: 教务处}
areas:
  - id: teach
    name: 教学工作
    owner:<space>
    tasks:
      - title: 课堂改革
        fisrt: 1
""".replace("<space>", " ")  # completion is asked for right after “owner: ”


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("editor")
    write_schema(folder)
    plan = folder / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    assert SERVER is not None
    client = Client([SERVER, "--stdio"])
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": folder.as_uri(),
            "capabilities": {
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "completion": {"completionItem": {"snippetSupport": False}},
                },
                "workspace": {"configuration": True},
            },
        },
    )
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": plan.as_uri(), "languageId": "yaml", "version": 1, "text": PLAN}},
    )
    yield client, plan.as_uri()
    client.close()


def _position(key: str) -> dict[str, int]:
    for number, line in enumerate(PLAN.splitlines()):
        if key in line:
            return {"line": number, "character": line.index(key) + len(key)}
    raise AssertionError(key)


@needs_server
def test_a_typo_is_flagged_in_the_editor(session) -> None:
    client, uri = session
    deadline = time.monotonic() + 30
    messages: list[str] = []
    while time.monotonic() < deadline and not any("fisrt" in m for m in messages):
        messages = [d["message"] for d in client.wait_diagnostics(uri)]
        time.sleep(0.2)
    assert any("fisrt" in m for m in messages), messages


@needs_server
@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("  academic", "2025—2026学年"),
        ("school", "学校"),
        ("  name", "全称"),
        ("departments", "部门"),
        ("    owner", "部门"),
    ],
)
def test_hover_shows_one_chinese_title_and_the_description(session, key: str, words: str) -> None:
    client, uri = session
    position = _position(key)
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
    )
    text = json.dumps(hover, ensure_ascii=False)
    assert words in text
    assert "||" not in text and not any(w in text for w in ("Academic Year", "Short Name", "Owner"))


@needs_server
def test_owner_completion_is_not_seeded_with_example_ids(session) -> None:
    client, uri = session
    position = _position("owner: ")
    items = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": position}
    )
    labels = [item["label"] for item in (items or {}).get("items", items or [])]
    assert not {"zhengjiao", "moral", "behavior_rate", "anquan"} & set(labels), labels


def test_schema_titles_are_chinese_and_references_have_no_examples() -> None:
    schema = plan_schema()
    for model, definition in [("Plan", schema), *schema["$defs"].items()]:
        for name, prop in definition.get("properties", {}).items():
            title = prop.get("title", "")
            assert not title.isascii() or not title, (name, title)
            assert title != prop.get("description"), name
            if name in ("owner", "area") or (model in ("Goal", "Task") and name == "quotas"):
                assert "examples" not in prop, (model, name)
