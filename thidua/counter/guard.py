"""What uvicorn does not bound by itself: slow requests, huge heads, too many connections.

uvicorn closes a keep-alive connection idle between requests (timeout_keep_alive), but keeps
forever a connection that sends half a request and waits, reads a request head of any size,
and lets one client hold any number of connections. This subclass of its httptools protocol
adds, per connection:

- a deadline for a request's head: HEAD_SECONDS from the connection or from the request's
  first byte; then one for its body: BODY_SECONDS after the head. Past either: 408, closed;
- at most MAX_HEAD_BYTES of request line and headers: past it, 431, closed;
- a cap on open connections in all and per client address: past it, 503 and closed at once.
  Behind a proxy (--trust-proxy) every connection comes from the proxy, so only the total
  applies there; the proxy bounds its own clients (nginx limit_conn).

Deadlines are checked once a second by one timer for all connections, rather than with a
timer per request: at thousands of requests a second, that costs nothing per request.
Nothing refused here reaches the app, so nothing refused here is counted. Addresses are
never logged.
"""
from __future__ import annotations

import logging
from collections import Counter

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("thidua.counter")

HEAD_SECONDS = 5.0
BODY_SECONDS = 5.0
KEEP_ALIVE_SECONDS = 5     # uvicorn's own idle limit between requests
MAX_HEAD_BYTES = 16 * 1024
SWEEP_SECONDS = 1.0
NO_DEADLINE = float("inf")


class ConnectionLimits:
    def __init__(self, total: int, per_address: int | None):
        self.total = total
        self.per_address = per_address
        self.by_address: Counter = Counter()
        self.connections: set = set()
        self._sweeping = False

    def admit(self, connection, address: str) -> bool:
        if len(self.connections) >= self.total:
            log.warning("Từ chối kết nối mới: đã có %d kết nối đang mở (--max-connections).",
                        len(self.connections))
            return False
        if self.per_address is not None and self.by_address[address] >= self.per_address:
            log.warning("Từ chối kết nối mới: một địa chỉ đã mở %d kết nối "
                        "(--max-connections-per-address).", self.per_address)
            return False
        self.connections.add(connection)
        self.by_address[address] += 1
        if not self._sweeping:
            self._sweeping = True
            connection.loop.call_later(SWEEP_SECONDS, self._sweep, connection.loop)
        return True

    def release(self, connection, address: str) -> None:
        self.connections.discard(connection)
        self.by_address[address] -= 1
        if not self.by_address[address]:
            del self.by_address[address]

    def _sweep(self, loop) -> None:
        now = loop.time()
        for connection in [c for c in self.connections if c.deadline < now]:
            connection.too_slow()
        loop.call_later(SWEEP_SECONDS, self._sweep, loop)


def guarded_protocol(limits: ConnectionLimits) -> type:
    """The uvicorn protocol class (Config(http=...)) enforcing `limits` and the deadlines."""

    class GuardedProtocol(HttpToolsProtocol):
        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._address = self.client[0] if self.client else ""
            self._head_bytes = 0
            self._reading_head = True
            self._arm(HEAD_SECONDS)  # the first request must come, and come whole, in time
            self._admitted = limits.admit(self, self._address)
            if not self._admitted:
                self._refuse(503, "Service Unavailable", "too many connections")

        def connection_lost(self, exc) -> None:
            if self._admitted:
                self._admitted = False
                limits.release(self, self._address)
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if not self._admitted:
                return
            if self._reading_head:
                self._head_bytes += len(data)
                if self._head_bytes > MAX_HEAD_BYTES:
                    log.warning("Đóng một kết nối gửi phần đầu yêu cầu quá %d byte.",
                                MAX_HEAD_BYTES)
                    self._refuse(431, "Request Header Fields Too Large", "request head too large")
                    return
            super().data_received(data)

        # httptools callbacks, through uvicorn's
        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._reading_head = True
            self._arm(HEAD_SECONDS)

        def on_headers_complete(self) -> None:
            self._reading_head = False
            self._head_bytes = 0
            self._arm(BODY_SECONDS)
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self.deadline = NO_DEADLINE  # the app answers; then uvicorn's keep-alive limit
            super().on_message_complete()

        def on_response_complete(self) -> None:
            self._reading_head = True
            super().on_response_complete()

        def _arm(self, seconds: float) -> None:
            self.deadline = self.loop.time() + seconds

        def too_slow(self) -> None:
            """Past the deadline (ConnectionLimits' sweep)."""
            self.deadline = NO_DEADLINE
            if self.transport.is_closing():
                return
            log.warning("Đóng một kết nối gửi yêu cầu quá chậm (quá %g giây).",
                        max(HEAD_SECONDS, BODY_SECONDS))
            started = self.cycle is not None and self.cycle.response_started
            if started or (self._reading_head and not self._head_bytes):
                self.transport.close()  # nothing asked, or an answer already under way
            else:
                self._refuse(408, "Request Timeout", "request too slow")

        def _refuse(self, status: int, reason: str, text: str) -> None:
            body = text.encode("ascii")
            retry = "retry-after: 5\r\n" if status == 503 else ""
            head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
                    f"content-length: {len(body)}\r\nconnection: close\r\n{retry}\r\n")
            self.transport.write(head.encode("ascii") + body)
            self.transport.close()

    return GuardedProtocol
