"""The baseline for HTTP benchmarks: a WSGI app with no framework that
answers every request with the same bytes (BENCH_BODY_FILE)."""

import os

with open(os.environ["BENCH_BODY_FILE"], "rb") as handle:
    BODY = handle.read()
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
