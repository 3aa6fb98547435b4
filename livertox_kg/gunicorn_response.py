"""Gunicorn's HTTP/1.1 response, sending the head together with the first piece of the body.

Gunicorn writes the response head with one ``sendall`` and each body piece with another, so a
small answer (a per-drug lookup: about 6 KiB) leaves as two segments: on loopback or a LAN that
means two wake-ups of the client and two passes through the network stack for every request.
:class:`CoalescingResponse` keeps the head back while ``write`` runs and sends it with the body
bytes in one ``sendall``; everything else (which headers, framing, the no-body rules of HEAD, 1xx,
204 and 304, ``Content-Length`` trimming, ``sendfile``, ``close``) is gunicorn's own code. A head
with no body bytes after it (a no-body answer, an empty chunk) is sent on its own, as before.

:func:`install` makes gunicorn's ``wsgi.create`` build this class in the calling process (a
gunicorn worker, from the ``post_fork`` hook of :mod:`livertox_kg.serve_cli`); ``wsgi.create``
falls back to the module's ``Response`` when no response class is given (HTTP/2 passes its own).
"""

from __future__ import annotations

from gunicorn.http import wsgi


class CoalescingResponse(wsgi.Response):
    _held: bytes | None = None  # the head, built but not sent yet
    _holding = False  # inside write(): send_headers keeps the head for _emit_body

    def send_headers(self):
        if not self._holding or self.headers_sent:
            return super().send_headers()
        tosend = self.default_headers()
        tosend.extend(["%s: %s\r\n" % (k, v) for k, v in self.headers])
        self._held = ("%s\r\n" % "".join(tosend)).encode("latin-1")
        self.headers_sent = True

    def write(self, arg):
        if self.headers_sent:
            return super().write(arg)
        self._holding = True
        try:
            return super().write(arg)
        finally:
            self._holding = False
            self._send_held()

    def _emit_body(self, data):
        held, self._held = self._held, None
        if held is not None and not self.chunked:
            self.sock.sendall(held + data)
            return
        if held is not None:
            self.sock.sendall(held)
        super()._emit_body(data)

    def _send_held(self):
        held, self._held = self._held, None
        if held is not None:
            self.sock.sendall(held)


def install() -> None:
    """Use :class:`CoalescingResponse` for HTTP/1.x responses in this process.

    Only with a gunicorn whose ``Response.write`` puts body bytes on the wire through
    ``_emit_body`` (gunicorn 27 does): with an older one the held head would go out after the body,
    so its own ``Response`` is left in place.
    """
    if callable(getattr(wsgi.Response, "_emit_body", None)) and wsgi.Response is CoalescingResponse.__base__:
        wsgi.Response = CoalescingResponse
