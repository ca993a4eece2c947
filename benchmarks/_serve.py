"""A local HTTP server for the browser benchmarks: the headers a real host sends, and a
log of the requests it answered.

- ``Cache-Control: max-age=600`` (GitHub Pages sends it for every file): a file a
  page already fetched comes from the browser's cache for the rest of the visit;
- ``Cross-Origin-Opener-Policy`` and ``-Embedder-Policy`` make the page cross-origin
  isolated, so ``performance.now()`` counts in 5 µs steps instead of 100 µs (the
  figures below a millisecond need it); every file is the site's own, so nothing else
  changes.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        super().end_headers()

    def do_GET(self) -> None:
        self.requests.append(self.path)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve `directory` on 127.0.0.1: yields the base URL and the list of request paths."""
    log: list[str] = []
    handler = functools.partial(type("Handler", (_Handler,), {"requests": log}),
                                directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()
