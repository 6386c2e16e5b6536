"""`handbook-push`: bring Chatwoot's canned responses or Zammad's text modules in line with the handbook.

Idempotent: it lists what the tool has, creates what is new, updates what changed and leaves the rest alone;
it deletes only with --prune. The APIs follow the tools' source:
- Chatwoot `Api::V1::Accounts::CannedResponsesController` (header `api_access_token`, body wrapped in
  `canned_response`, the list unpaginated, 422 `{"message": …}` when a short_code is taken);
- Zammad `TextModulesController` with `RendersModels` and `Paginates::Pagination` (header
  `Authorization: Token token=…`, `page`/`per_page` up to 500, errors as `{"error": …, "error_human": …}`).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from .check import check_handbook
from .exports import ZAMMAD_MARKER, chatwoot_records, exported_handbook, zammad_records
from .problems import HandbookError

TOKEN_VARIABLES = {"chatwoot": "HANDBOOK_CHATWOOT_TOKEN", "zammad": "HANDBOOK_ZAMMAD_TOKEN"}
ZAMMAD_PAGE_SIZE = 100
TIMEOUT_SECONDS = 30.0


class ApiError(Exception):
    """The server refused a request: HTTP status and the message from its JSON body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}：{message}")
        self.status = status


def _raise_for_status(response: httpx.Response) -> None:
    if response.is_success:
        return
    message = response.text.strip()[:300]
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        # Chatwoot: {"message": …} for invalid records, {"error": …} otherwise; Zammad: error_human / error.
        message = str(body.get("error_human") or body.get("message") or body.get("error") or message)
    raise ApiError(response.status_code, message or response.reason_phrase)


def _json(response: httpx.Response) -> Any:
    _raise_for_status(response)
    return response.json()


@dataclass(frozen=True)
class Remote:
    """One record the tool already has, under the handbook key (shortcut) it belongs to."""

    id: int
    key: str
    fields: dict[str, Any]


class ChatwootApi:
    """Canned responses of one Chatwoot account."""

    label = "Chatwoot 预设回复"

    def __init__(self, client: httpx.Client, url: str, account: str) -> None:
        self.client = client
        self.base = f"{url.rstrip('/')}/api/v1/accounts/{account}/canned_responses"

    def key(self, record: dict[str, Any]) -> str:
        """The shortcut a record is stored under."""
        return record["short_code"]

    def list(self) -> list[Remote]:
        """Every canned response of the account (Chatwoot returns them all at once)."""
        items = _json(self.client.get(self.base))
        if isinstance(items, dict):  # some versions wrap lists in {"payload": [...]}
            items = items.get("payload", [])
        return [Remote(item["id"], item["short_code"], item) for item in items]

    def same(self, remote: Remote, record: dict[str, Any]) -> bool:
        """Whether the stored response already says exactly this."""
        return remote.fields.get("short_code") == record["short_code"] and remote.fields.get("content") == record["content"]

    def create(self, record: dict[str, Any]) -> None:
        """POST a new canned response."""
        _json(self.client.post(self.base, json={"canned_response": record}))

    def update(self, remote: Remote, record: dict[str, Any]) -> None:
        """PATCH an existing canned response."""
        _json(self.client.patch(f"{self.base}/{remote.id}", json={"canned_response": record}))

    def delete(self, remote: Remote) -> None:
        """DELETE a canned response."""
        _raise_for_status(self.client.delete(f"{self.base}/{remote.id}"))


class ZammadApi:
    """Text modules of a Zammad instance; only those carrying the handbook's keyword are considered ours."""

    label = "Zammad 文本模块"

    def __init__(self, client: httpx.Client, url: str) -> None:
        self.client = client
        self.base = f"{url.rstrip('/')}/api/v1/text_modules"

    def key(self, record: dict[str, Any]) -> str:
        """The shortcut a record is stored under: the first word of its name."""
        return record["name"].split(" ", 1)[0]

    def list(self) -> list[Remote]:
        """The handbook's text modules, read page by page (Zammad serves at most 500 per page)."""
        found: list[Remote] = []
        page = 1
        while True:
            items = _json(self.client.get(self.base, params={"page": page, "per_page": ZAMMAD_PAGE_SIZE}))
            for item in items:
                if ZAMMAD_MARKER in str(item.get("keywords") or "").split():
                    found.append(Remote(item["id"], self.key(item), item))
            if len(items) < ZAMMAD_PAGE_SIZE:
                return found
            page += 1

    def same(self, remote: Remote, record: dict[str, Any]) -> bool:
        """Whether the stored module matches; content and note compared as text, as Zammad may re-write the HTML."""
        stored = remote.fields
        return (
            stored.get("name") == record["name"]
            and (stored.get("keywords") or "") == record["keywords"]
            and bool(stored.get("active")) == record["active"]
            and _html_text(stored.get("content") or "") == _html_text(record["content"])
            and _html_text(stored.get("note") or "") == _html_text(record["note"])
        )

    def create(self, record: dict[str, Any]) -> None:
        """POST a new text module."""
        _json(self.client.post(self.base, json=record))

    def update(self, remote: Remote, record: dict[str, Any]) -> None:
        """PUT the module's fields."""
        _json(self.client.put(f"{self.base}/{remote.id}", json=record))

    def delete(self, remote: Remote) -> None:
        """DELETE a text module."""
        _raise_for_status(self.client.delete(f"{self.base}/{remote.id}"))


_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>|</div>\s*<div[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def _html_text(value: str) -> str:
    # What a reader sees: line breaks kept, tags dropped, entities decoded.
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", value))).strip()


@dataclass
class Summary:
    """What a push did (or, with --dry-run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def sync(
    api: ChatwootApi | ZammadApi,
    records: list[dict[str, Any]],
    *,
    dry_run: bool = False,
    prune: bool = False,
    advance: Callable[[], None] = lambda: None,
) -> Summary:
    """Create, update and (with prune) delete so the tool holds exactly these records; errors name the shortcut.

    `advance` is called once per handbook record, for the progress bar.
    """
    summary = Summary()
    existing: dict[str, Remote] = {}
    for remote in api.list():
        existing.setdefault(remote.key, remote)
    wanted = {api.key(record) for record in records}
    for record in records:
        key = api.key(record)
        remote = existing.get(key)
        try:
            if remote is None:
                if not dry_run:
                    api.create(record)
                summary.created += 1
            elif api.same(remote, record):
                summary.unchanged += 1
            else:
                if not dry_run:
                    api.update(remote, record)
                summary.updated += 1
        except (ApiError, httpx.HTTPError) as error:
            summary.failed += 1
            summary.errors.append(f"{key}：{error}")
        advance()
    for key, remote in existing.items():
        if key in wanted or not prune:
            continue
        try:
            if not dry_run:
                api.delete(remote)
            summary.deleted += 1
        except (ApiError, httpx.HTTPError) as error:
            summary.failed += 1
            summary.errors.append(f"{key}：删除失败：{error}")
    return summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook-push",
        description="把手册话术同步到 Chatwoot 预设回复或 Zammad 文本模块：新建缺少的、更新改过的，"
        "不删除任何东西（除非加 --prune）。可重复运行。",
    )
    tools = parser.add_subparsers(dest="tool", required=True, metavar="{chatwoot,zammad}")
    chatwoot = tools.add_parser("chatwoot", help="同步到 Chatwoot 预设回复（Canned Responses）")
    chatwoot.add_argument("--url", required=True, help="Chatwoot 地址，如 https://chat.example.com")
    chatwoot.add_argument("--account", required=True, help="账户编号（网址 /app/accounts/<编号>/ 里的数字）")
    zammad = tools.add_parser("zammad", help="同步到 Zammad 文本模块（Text modules）")
    zammad.add_argument("--url", required=True, help="Zammad 地址，如 https://helpdesk.example.com")
    for sub, variable, where in (
        (chatwoot, TOKEN_VARIABLES["chatwoot"], "Chatwoot：个人资料设置 → Access Token"),
        (zammad, TOKEN_VARIABLES["zammad"], "Zammad：个人资料 → Token Access，需 admin.text_module 权限"),
    ):
        sub.add_argument(
            "--token",
            default=os.environ.get(variable),
            help=f"访问令牌（{where}）。建议改用环境变量 {variable}，命令行里的令牌会留在 shell 历史中",
        )
        sub.add_argument("--snippets", type=Path, default=Path("snippets"), help="YAML 所在文件夹（默认 snippets）")
        sub.add_argument("--dry-run", action="store_true", help="只读取、对比并报告将做的改动，不写入任何东西")
        sub.add_argument("--prune", action="store_true", help="同时删除工具里手册已没有的条目（先用 --dry-run 看清楚）")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Check the handbook, then push it to the chosen tool; exit 1 if any record failed, 2 if nothing could be done."""
    args = _parser().parse_args(argv)
    if not args.token:
        print(f"缺少访问令牌：请设置环境变量 {TOKEN_VARIABLES[args.tool]}，或用 --token 给出。", file=sys.stderr)
        return 2
    try:
        data = exported_handbook(check_handbook(args.snippets))
    except HandbookError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("手册检查未通过，没有推送任何内容。请先运行 make check 并修改。", file=sys.stderr)
        return 2
    headers = {"Accept": "application/json"}
    if args.tool == "chatwoot":
        headers["api_access_token"] = args.token
    else:
        headers["Authorization"] = f"Token token={args.token}"
    with httpx.Client(headers=headers, timeout=TIMEOUT_SECONDS) as client:
        if args.tool == "chatwoot":
            api: ChatwootApi | ZammadApi = ChatwootApi(client, args.url, args.account)
            records = chatwoot_records(data)
        else:
            api = ZammadApi(client, args.url)
            records = zammad_records(data)
        console = Console(stderr=True)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
        ) as progress:
            task = progress.add_task(f"同步{api.label}", total=len(records))
            try:
                summary = sync(api, records, dry_run=args.dry_run, prune=args.prune, advance=lambda: progress.advance(task))
            except (ApiError, httpx.HTTPError) as error:
                progress.stop()
                print(f"无法读取{api.label}列表（{args.url}）：{error}", file=sys.stderr)
                return 2
    for line in summary.errors:
        print(f"失败 {line}", file=sys.stderr)
    prefix = "试运行（未写入）：将" if args.dry_run else ""
    print(
        f"{prefix}新建 {summary.created} 条，更新 {summary.updated} 条，未变 {summary.unchanged} 条，"
        f"删除 {summary.deleted} 条，失败 {summary.failed} 条。"
    )
    return 1 if summary.failed else 0
