"""Loopback stand-ins for the Chatwoot and Zammad APIs, following the documented behaviour in their source.

Chatwoot (app/controllers/api/v1/accounts/canned_responses_controller.rb, app/models/canned_response.rb,
app/controllers/concerns/request_exception_handler.rb): header `api_access_token`; the list is one unpaginated
JSON array; create/update take `{"canned_response": {short_code, content}}` (Rails wraps bare keys the same way)
and answer with the record; a taken short_code or an empty field is 422 `{"message": …, "attributes": […]}`.

Zammad (app/controllers/text_modules_controller.rb, application_controller/renders_models.rb,
application_controller/paginates/pagination.rb, app/models/text_module.rb): header `Authorization: Token token=…`;
`GET /api/v1/text_modules?page=&per_page=` (default 500, at most 500, ordered by id); create is 201; plain-text
content is stored as HTML (String#text2html); errors are 422 `{"error": …, "error_human": …}`.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class StandIn:
    """State of one stand-in server: its records, the requests it saw, and errors to answer on purpose."""

    token: str
    records: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    #: key (short_code, or the first word of a Zammad name) → (status, JSON body) answered to writes of that key.
    fail: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    next_id: int = 1
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: dict[str, Any]) -> dict[str, Any]:
        """Store a record under a new id and return it."""
        record = {**record, "id": self.next_id}
        self.records[self.next_id] = record
        self.next_id += 1
        return record

    def writes(self) -> list[tuple[str, str]]:
        """The requests that would change something."""
        return [(method, path) for method, path in self.requests if method != "GET"]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle("PATCH")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with state.lock:
            state.requests.append((method, self.path))
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                status, answer = 400, {"error": "invalid JSON"}
            else:
                status, answer = self.server.route(state, method, parts.path, parse_qs(parts.query), self.headers, body)
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: StandIn, route: Any) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state
        self.route = route


Answer = tuple[int, Any]


def chatwoot_route(account: str) -> Any:
    """Routes of Chatwoot's canned responses for one account."""
    collection = re.compile(rf"^/api/v1/accounts/{re.escape(account)}/canned_responses(?:/(\d+))?$")

    def route(state: StandIn, method: str, path: str, query: dict, headers: Any, body: dict) -> Answer:
        if headers.get("api_access_token") != state.token:
            return 401, {"error": "Invalid Access Token"}
        match = collection.match(path)
        if not match:
            return 404, {"error": "Resource could not be found"}
        record_id = int(match.group(1)) if match.group(1) else None
        if method == "GET" and record_id is None:
            return 200, sorted(state.records.values(), key=lambda r: r["id"])
        if record_id is not None and record_id not in state.records:
            return 404, {"error": "Resource could not be found"}
        if method == "DELETE" and record_id is not None:
            del state.records[record_id]
            return 200, {}
        if method not in ("POST", "PATCH", "PUT") or (method == "POST") != (record_id is None):
            return 404, {"error": "Resource could not be found"}
        # Rails' wrap_parameters puts bare JSON keys under the controller's name; require(:canned_response).
        params = body.get("canned_response", {k: body[k] for k in ("short_code", "content") if k in body})
        if not params:
            return 422, {"error": "param is missing or the value is empty: canned_response"}
        merged = {**(state.records[record_id] if record_id else {}), **params}
        failure = state.fail.get(str(merged.get("short_code")))
        if failure:
            return failure
        errors, attributes = [], []
        for name, label in (("content", "Content"), ("short_code", "Short code")):
            if not str(merged.get(name) or "").strip():
                errors.append(f"{label} can't be blank")
                attributes.append(name)
        taken = any(r["short_code"] == merged.get("short_code") and r["id"] != record_id for r in state.records.values())
        if taken:
            errors.append("Short code has already been taken")
            attributes.append("short_code")
        if errors:
            return 422, {"message": ", ".join(errors), "attributes": attributes}
        if record_id is None:
            return 200, state.add({"account_id": int(account), "short_code": merged["short_code"], "content": merged["content"]})
        state.records[record_id] = merged
        return 200, merged

    return route


def _text2html(text: str) -> str:
    # Zammad's TextModule#validate_content: content without tags goes through String#text2html.
    return text if re.search(r"<.+?>", text) else html.escape(text).replace("\n", "<br>")


def zammad_route() -> Any:
    """Routes of Zammad's text modules."""
    collection = re.compile(r"^/api/v1/text_modules(?:/(\d+))?$")
    fields = ("name", "keywords", "content", "note", "active")

    def route(state: StandIn, method: str, path: str, query: dict, headers: Any, body: dict) -> Answer:
        if headers.get("Authorization") != f"Token token={state.token}":
            return 401, {"error": "authentication failed", "error_human": "Authentication failed."}
        match = collection.match(path)
        if not match:
            return 404, {"error": "No route matches", "error_human": "No route matches"}
        record_id = int(match.group(1)) if match.group(1) else None
        if method == "GET" and record_id is None:
            per_page = min(int((query.get("per_page") or query.get("limit") or ["500"])[0]), 500)
            page = int((query.get("page") or ["1"])[0])
            ordered = sorted(state.records.values(), key=lambda r: r["id"])
            return 200, ordered[(page - 1) * per_page : page * per_page]
        if record_id is not None and record_id not in state.records:
            return 404, {"error": "Couldn't find TextModule", "error_human": "Couldn't find TextModule"}
        if method == "DELETE" and record_id is not None:
            del state.records[record_id]
            return 200, {}
        if (method, record_id is None) not in (("POST", True), ("PUT", False)):
            return 404, {"error": "No route matches", "error_human": "No route matches"}
        merged = {**(state.records[record_id] if record_id else {}), **{k: body[k] for k in fields if k in body}}
        failure = state.fail.get(str(merged.get("name", "")).split(" ", 1)[0])
        if failure:
            return failure
        for name in ("name", "content"):
            if not str(merged.get(name) or "").strip():
                message = f"Validation failed: {name.capitalize()} can't be blank"
                return 422, {"error": message, "error_human": message}
        merged["content"] = _text2html(merged["content"])
        if record_id is None:
            return 201, state.add(merged)
        state.records[record_id] = merged
        return 200, merged

    return route


@contextmanager
def serve(state: StandIn, route: Any) -> Iterator[StandIn]:
    """Run a stand-in on 127.0.0.1 (a free port) while the block runs; state.url is its address."""
    server = _Server(state, route)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
