"""gunicorn server hooks (``--config python:bench.gunicorn_hooks``) that write each request's
CPU time in its worker to the file named by ``BENCH_CPU_LOG``: one line per request, with
its method, path (with the query string) and status. Sync workers serve one request at a time in one thread, so the
process's CPU time between the two hooks is the request's (parsing the request line and
headers, before the first hook, is left out). Without ``BENCH_CPU_LOG`` they do nothing."""

import os
import time

_log_fd = None


def post_fork(server, worker):
    global _log_fd  # one file per worker process, opened once
    path = os.environ.get("BENCH_CPU_LOG")
    if path:
        _log_fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)


def pre_request(worker, req):
    worker.bench_cpu_started = time.process_time()


def post_request(worker, req, environ, resp):
    if _log_fd is None:
        return
    cpu = time.process_time() - worker.bench_cpu_started
    status = str(resp.status).split(" ", 1)[0]
    path = f"{req.path}?{req.query}" if req.query else req.path
    # One write per line on a file opened for appending: lines of two workers never mix.
    os.write(_log_fd, f"{req.method}\t{path}\t{status}\t{cpu:.6f}\n".encode())
