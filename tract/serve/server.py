"""The HTTP server: uvicorn, a well-kept ASGI server, in a thread of its own, on a socket bound
before the first build so that a busy port is said at once."""

from __future__ import annotations

import socket
import threading

import uvicorn
from starlette.types import ASGIApp


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before the first build, so a busy port is said at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(128)
    return sock


class Server:
    """The app served by uvicorn in a thread of its own, while the build loop has the main
    one. No access log: an invitation's address must never be written down."""

    def __init__(self, app: ASGIApp, sock: socket.socket) -> None:
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            proxy_headers=False,  # the team server reads a trusted proxy's header itself
            server_header=False,
            timeout_graceful_shutdown=2,
        )
        self.sock = sock
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, name="http", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread.is_alive():
            self.thread.join(timeout=10)
        self.sock.close()
