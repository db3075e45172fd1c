"""Serve a folder on 127.0.0.1, on a free port, for as long as a ``with`` block lasts.

    with serve(site) as base:       # base is "http://127.0.0.1:<port>"
        ...

The PDF printer, the benchmark and the tests load the built pages through it, so that the
browser sees them as a reader would: over HTTP, from the site's own origin. Requests are
not logged (the callers print what they measure). ``handler`` is a subclass of
:class:`QuietHandler` where a caller needs more, such as response headers.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    httpd.daemon_threads = True  # a browser's keep-alive connections must not hold the server open
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
