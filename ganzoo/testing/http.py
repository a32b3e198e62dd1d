"""A web server on 127.0.0.1 for testing a dataset's download code without the network."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LocalServer:
    """Serves the files in ``root`` at ``url``; ``requests`` lists the paths asked for, in order."""

    url: str
    root: Path
    requests: list[str] = field(default_factory=list)


@contextmanager
def serve(root: Path) -> Iterator[LocalServer]:
    """Serve ``root`` over HTTP on a free port of 127.0.0.1 until the block ends."""
    served = LocalServer(url="", root=root)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            served.requests.append(self.path)
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    served.url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 that nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
