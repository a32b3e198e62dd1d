"""Open a page in headless Chromium and watch it through the DevTools protocol, with no dependency.

Chromium started with ``--remote-debugging-pipe`` reads protocol commands from file descriptor 3
and writes replies and events to descriptor 4, each message JSON ended by a NUL byte. That is
enough to record every console message, uncaught exception, log entry and network request of a
page, and to ask the page's DOM what it drew.
"""

from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-extensions", "--disable-sync", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-pipe")
WATCHED = ("Runtime", "Log", "Network", "Page")


def find_chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


class Browser:
    """One headless browser, one page, and everything the page reported."""

    def __init__(self, process: subprocess.Popen, commands: int, replies: int) -> None:
        self._process = process
        self._commands = os.fdopen(commands, "wb")
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._next_id = 0
        self._session: str | None = None
        self.events: list[dict[str, Any]] = []
        threading.Thread(target=self._read, args=(os.fdopen(replies, "rb"),), daemon=True).start()

    def _read(self, stream) -> None:
        buffer = b""
        while chunk := stream.read1(65536):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for message in messages:
                self._messages.put(json.loads(message))

    def _next_message(self, deadline: float) -> dict[str, Any]:
        try:
            message = self._messages.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError("headless Chromium did not answer in time") from None
        if "method" in message:
            self.events.append(message)
        return message

    def send(self, method: str, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        """Run a protocol command (on the page, once one is open) and return its result."""
        self._next_id += 1
        command: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self._session and not method.startswith(("Target.", "Browser.")):
            command["sessionId"] = self._session
        self._commands.write(json.dumps(command).encode() + b"\0")
        self._commands.flush()
        deadline = time.monotonic() + timeout
        while (message := self._next_message(deadline)).get("id") != self._next_id:
            pass
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message["result"]

    def wait_for(self, event: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (message := self._next_message(deadline)).get("method") != event:
            pass
        return message["params"]

    def open(self, url: str, width: int = 1200, height: int = 1600) -> None:
        """Open ``url`` in a new page of the given size, watching it from before its first request."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in WATCHED:
            self.send(f"{domain}.enable")
        self.resize(width, height)
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def resize(self, width: int, height: int, mobile: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)

    def evaluate(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"the page could not evaluate {expression!r}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries (a refused request is one)."""
        found = []
        for event in self.events:
            method, params = event["method"], event["params"]
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("text", "an exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def close(self) -> None:
        with suppress(TimeoutError, RuntimeError, OSError):  # it may be gone already
            self.send("Browser.close", timeout=5)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


@contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    """A headless Chromium, closed afterwards whatever happens."""
    command_read, command_write = os.pipe()
    reply_read, reply_write = os.pipe()

    def onto_descriptors_3_and_4() -> None:  # by way of copies out of the way, as either may be 3 or 4
        copies = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (command_read, reply_write)]
        for target, copy in zip((3, 4), copies):
            os.dup2(copy, target)

    process = subprocess.Popen([executable, *FLAGS, "about:blank"], preexec_fn=onto_descriptors_3_and_4, close_fds=False,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(command_read)
    os.close(reply_write)
    browser = Browser(process, command_write, reply_read)
    try:
        yield browser
    finally:
        browser.close()
