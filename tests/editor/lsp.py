"""A minimal Language Server Protocol client over stdio: JSON-RPC messages framed by
`Content-Length` headers, the way VS Code talks to yaml-language-server."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path


class LanguageServer:
    def __init__(self, command: list[str], root: Path, settings: dict, locale: str = "en"):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=root)
        self.settings = settings
        self._next_id = 0
        self._replies: dict[int, queue.Queue] = {}
        self.diagnostics: dict[str, list] = {}  # uri -> the last published diagnostics
        self._published = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.request("initialize", {
            "processId": None, "rootUri": root.as_uri(), "locale": locale,
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False}},
                "textDocument": {
                    "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"],
                                                      "snippetSupport": True}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {},
                },
            },
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    # -- framing
    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            message = json.loads(stream.read(int(headers["content-length"])))
            self._dispatch(message)

    def _dispatch(self, message: dict) -> None:
        if "id" in message and "method" in message:  # a request from the server
            method = message["method"]
            if method == "workspace/configuration":
                result = [self.settings.get(item.get("section", ""), None) if item.get("section") else self.settings
                          for item in message["params"]["items"]]
            else:
                result = None
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        elif "id" in message:
            self._replies[message["id"]].put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            with self._published:
                self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
                self._published.notify_all()

    # -- requests
    def request(self, method: str, params: dict, timeout: float = 60):
        self._next_id += 1
        reply: queue.Queue = queue.Queue()
        self._replies[self._next_id] = reply
        self._send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        message = reply.get(timeout=timeout)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        with self._published:
            self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def wait_diagnostics(self, uri: str, timeout: float = 60) -> list:
        deadline = time.monotonic() + timeout
        with self._published:
            while uri not in self.diagnostics:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no diagnostics for {uri}")
                self._published.wait(left)
            return self.diagnostics[uri]

    def completion(self, uri: str, line: int, character: int) -> list[dict]:
        result = self.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                          "position": {"line": line, "character": character}})
        return result["items"] if isinstance(result, dict) else (result or [])

    def hover(self, uri: str, line: int, character: int):
        return self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": line, "character": character}})

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        finally:
            for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                f.close()
