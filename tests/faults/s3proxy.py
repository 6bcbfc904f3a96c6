"""A tiny fault-injecting HTTP proxy in front of the moto S3 server (moto has no fault injection).

- The first ``slowdown`` GET requests of each object key get ``503 SlowDown`` (S3's throttling
  answer), later ones are forwarded: a client with retries and backoff still gets every object.
- Requests signed with the access key ``bad_keys`` get ``403 InvalidAccessKeyId``.
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SLOWDOWN_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code>'
    b"<Message>Please reduce your request rate.</Message></Error>"
)
DENIED_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code>'
    b"<Message>The AWS Access Key Id you provided does not exist in our records.</Message>"
    b"</Error>"
)


class FaultProxy:
    def __init__(self, upstream: str, *, slowdown: int = 0, bad_key: str = "badkey") -> None:
        self.upstream = urlsplit(upstream)
        self.slowdown = slowdown
        self.bad_key = bad_key
        self.gets: Counter[str] = Counter()
        self.faults_served = 0
        self.requests = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def _handle(self) -> None:
                proxy._serve(self)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _handle  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _reply(self, handler: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/xml")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        auth = handler.headers.get("Authorization", "")
        path, query = urlsplit(handler.path).path, urlsplit(handler.path).query
        with self._lock:
            self.requests += 1
            fault = None
            if f"Credential={self.bad_key}/" in auth:
                fault = (403, DENIED_BODY)
            elif handler.command == "GET" and path.count("/") >= 2 and "list-type" not in query:
                self.gets[path] += 1
                if self.gets[path] <= self.slowdown:
                    fault = (503, SLOWDOWN_BODY)
            if fault:
                self.faults_served += 1
        if fault:
            self._reply(handler, *fault)
            return
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        try:
            headers = {k: v for k, v in handler.headers.items() if k.lower() != "connection"}
            conn.request(handler.command, handler.path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            handler.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                    handler.send_header(key, value)
            # A HEAD answer has no body but keeps the object's length.
            head = handler.command == "HEAD"
            length = response.getheader("Content-Length", "0") if head else None
            handler.send_header("Content-Length", length or str(len(data)))
            handler.end_headers()
            if handler.command != "HEAD":
                handler.wfile.write(data)
        finally:
            conn.close()
