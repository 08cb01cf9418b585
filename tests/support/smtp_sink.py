#!/usr/bin/env python3
"""A real SMTP server for end-to-end mail tests: aiosmtpd, writing each accepted message to a folder.

Usage: smtp_sink.py --dir DIR [--port PORT] [--auth USER:PASS]

For the N-th message accepted (N from 1) it writes

* ``DIR/NNNN.json``: ``{"mail_from", "rcpt_tos", "auth_user", "parsed": {...}}``, where ``parsed``
  is what Python's ``email`` package (``policy.default``) makes of the raw bytes: decoded
  ``subject``, ``from``, ``to`` and ``cc`` (lists), ``message_id``, ``date``, ``content_type``,
  ``header_names`` (every header name, in order), ``headers`` (``[name, decoded value]`` pairs),
  ``text`` and ``html`` (the decoded text/plain and text/html bodies, or null) and ``defects``
  (strings; empty when the message is well-formed);
* ``DIR/NNNN.eml``: the raw bytes as received (after SMTP dot-unstuffing).

Both are written to a hidden temporary name and renamed into place, the ``.json`` first and the
``.eml`` last: a reader that sees ``NNNN.eml`` may read both files in full. Readers look for
``.eml`` files only.

Prints ``READY <port>`` on stdout once listening (``--port 0``, the default, picks a free port:
the listening socket's own port is read back, so there is no bind race). Runs until stdin
closes (the test process went away) or SIGTERM. Logs to stderr.

With ``--auth USER:PASS``, AUTH PLAIN and LOGIN are offered without TLS and required before MAIL;
other credentials get ``535``.

Needs aiosmtpd (Debian: ``python3-aiosmtpd``, for ``/usr/bin/python3``).
"""

import argparse
import email
import email.policy
import json
import logging
import os
import signal
import ssl
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def log(*args):
    print("smtp_sink:", *args, file=sys.stderr, flush=True)


def _str(value):
    return None if value is None else str(value)


def _addresses(header):
    if header is None:
        return []
    addresses = getattr(header, "addresses", None)
    if addresses is None:
        return [str(header)]
    return [str(a) for a in addresses]


def _body(msg, subtype):
    part = msg.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_type() != "text/" + subtype:
        return None
    return part.get_content()


def parse(raw):
    """What the standard library makes of the message: the reader's point of view."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    defects = []
    headers = []
    for part in msg.walk():
        defects.extend(f"{type(d).__name__}: {d}" for d in part.defects)
    for name, value in msg.items():
        headers.append([name, str(value)])
        for d in getattr(value, "defects", ()):
            defects.append(f"{name}: {type(d).__name__}: {d}")
    parsed = {
        "subject": _str(msg["subject"]),
        "from": _str(msg["from"]),
        "to": _addresses(msg["to"]),
        "cc": _addresses(msg["cc"]),
        "message_id": _str(msg["message-id"]),
        "date": _str(msg["date"]),
        "content_type": msg.get_content_type(),
        "header_names": list(msg.keys()),
        "headers": headers,
        "text": None,
        "html": None,
        "defects": defects,
    }
    try:
        parsed["text"] = _body(msg, "plain")
        parsed["html"] = _body(msg, "html")
    except Exception as e:  # a body the library cannot decode is a defect too
        defects.append(f"body: {type(e).__name__}: {e}")
    return parsed


def write_atomically(path, data):
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, "." + name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


class Sink:
    def __init__(self, folder, count_only=False):
        self.folder = folder
        self.count_only = count_only
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.count_only:
            # For the benchmark: accepting is the whole job, so that the sender is measured.
            with self.lock:
                self.count += 1
            return "250 2.0.0 OK"
        raw = envelope.original_content
        if raw is None:
            raw = envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            parsed = parse(raw)
        except Exception as e:
            parsed = {"defects": [f"parse: {type(e).__name__}: {e}"]}
        auth = getattr(session, "auth_data", None)
        login = getattr(auth, "login", None)
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "auth_user": login.decode("utf-8", "replace") if login is not None else None,
            "parsed": parsed,
        }
        with self.lock:
            self.count += 1
            n = self.count
        stem = os.path.join(self.folder, f"{n:04d}")
        write_atomically(stem + ".json", json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        write_atomically(stem + ".eml", raw)
        log(f"accepted {n:04d} from {envelope.mail_from} to {envelope.rcpt_tos} ({len(raw)} bytes)")
        return "250 2.0.0 OK: queued as %04d" % n


class EphemeralController(Controller):
    """aiosmtpd's Controller connects to ``self.port`` to check the server started; with port 0
    that would fail, so read the bound port back first."""

    def _trigger_server(self):
        if self.server is not None and self.server.sockets:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--auth", metavar="USER:PASS")
    ap.add_argument(
        "--count-only",
        action="store_true",
        help="accept and count, keep nothing; print RECEIVED <n> on stdout when stopped",
    )
    ap.add_argument(
        "--tls",
        nargs=3,
        metavar=("MODE", "CERT", "KEY"),
        help="MODE starttls (required before MAIL) or implicit (TLS from the first byte), "
        "with a PEM certificate and key",
    )
    args = ap.parse_args()
    # aiosmtpd 1.4 warns (on its own logger) about things it does itself or that we mean.
    logging.getLogger("mail.log").addFilter(
        lambda r: not str(r.msg).startswith(("Session.login_data is deprecated", "auth_required == True"))
    )
    os.makedirs(args.dir, exist_ok=True)

    kwargs = {}
    if args.auth:
        user, _, password = args.auth.partition(":")
        expected = (user.encode("utf-8"), password.encode("utf-8"))

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (getattr(auth_data, "login", None), getattr(auth_data, "password", None)) == expected
            log(f"AUTH {mechanism} {'accepted' if ok else 'refused'}")
            # handled=False: aiosmtpd then replies 535 itself (with True it would say nothing).
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)

    if args.tls:
        mode, cert, key = args.tls
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        if mode == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        elif mode == "implicit":
            kwargs.update(ssl_context=context)
        else:
            ap.error(f"--tls: unknown mode {mode!r}")

    sink = Sink(args.dir, count_only=args.count_only)
    controller = EphemeralController(
        sink,
        hostname="127.0.0.1",
        port=args.port,
        server_hostname="sink.dondoc.test",
        enable_SMTPUTF8=True,
        decode_data=False,  # keeps 8BITMIME advertised and the bytes as sent
        **kwargs,
    )

    def on_term(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_term)
    controller.start()
    try:
        print(f"READY {controller.port}", flush=True)
        log(f"listening on 127.0.0.1:{controller.port}, writing to {args.dir}")
        # Until stdin closes: the test process holds the other end.
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        controller.stop()
        if args.count_only:
            print(f"RECEIVED {sink.count}", flush=True)
        log("stopped")


if __name__ == "__main__":
    main()
