"""An SMS gateway stand-in for deploy/test-cluster: answers every POST with a message id and appends one JSON line
per request (the Idempotency-Key header, the recipient) to the file named on the command line, so the cluster
test can count how many times each outbox message reached "the provider". A repeat of a key is what a real
gateway deduplicates; the test reports repeats apart from distinct deliveries.

    python deploy/cluster/sink.py HOST PORT LOG_FILE      (PORT 0: any free port, printed)
"""

import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


class Sink(BaseHTTPRequestHandler):
    log_file = None

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        try:
            to = json.loads(body).get("to", "")
        except ValueError:
            to = ""
        line = json.dumps({"key": self.headers.get("Idempotency-Key", ""), "to": to, "path": self.path})
        with LOCK, open(self.log_file, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        answer = json.dumps({"id": uuid.uuid4().hex}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):  # one line per request is already written to the log file
        pass


def main() -> None:
    host, port, log_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    Sink.log_file = log_file
    server = ThreadingHTTPServer((host, port), Sink)
    server.daemon_threads = True
    print(f"sink listening on {host}:{server.server_address[1]}", flush=True)  # port 0: the one it got
    server.serve_forever()


if __name__ == "__main__":
    main()
