"""LeakGate's Python test service, on Debian's python3-prometheus-client.

/api/recommend hands the call to a worker thread that puts its result, then a "done" mark, on a
queue of one slot, and waits 150 ms for the result; the work takes 100 to 250 ms. /metrics is
prometheus_client's default registry plus `python_threads`, the gauge LeakGate's python preset
reads threads from (prometheus_client exports no thread count). Run as
`python3 server.py --leak none|threads|memory`:

  threads  a worker whose caller timed out blocks forever on its second put: the slot still
           holds the result nobody will read
  memory   every call's payload is kept in a dict that is never pruned
  none     the fix: the worker gives up its put once the caller has gone
"""

import argparse
import http.server
import queue
import random
import sys
import threading
import time

from prometheus_client import REGISTRY, Gauge, generate_latest, CONTENT_TYPE_LATEST

TIMEOUT = 0.15
# What one call keeps under --leak memory: 16 KiB.
PAYLOAD_SIZE = 16 * 1024

Gauge("python_threads", "Threads alive in this process").set_function(threading.active_count)

retained = {}
retained_lock = threading.Lock()


def work(slot, cancelled, leak):
    time.sleep(random.uniform(0.10, 0.25))
    for message in ("item-%d" % random.randrange(1000), "done"):
        if leak == "threads":
            # When the caller timed out nobody takes the item, and "done" waits for its slot
            # forever.
            slot.put(message)
            continue
        while not cancelled.is_set():
            try:
                slot.put(message, timeout=0.05)
                break
            except queue.Full:
                pass


class Handler(http.server.BaseHTTPRequestHandler):
    leak = "none"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/metrics":
            self.reply(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
        elif self.path.startswith("/api/recommend"):
            self.recommend()
        else:
            self.reply(404, b"")

    def recommend(self):
        if self.leak == "memory":
            with retained_lock:
                retained[len(retained)] = bytearray(PAYLOAD_SIZE)
        slot = queue.Queue(maxsize=1)
        cancelled = threading.Event()
        threading.Thread(target=work, args=(slot, cancelled, self.leak), daemon=True).start()
        try:
            self.reply(200, slot.get(timeout=TIMEOUT).encode() + b"\n")
        except queue.Empty:
            cancelled.set()
            self.reply(504, b"timed out\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--leak", choices=["none", "threads", "memory"], default="none")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    Handler.leak = args.leak
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    # The test harness waits for this line, as it does for LeakGate's own sample service.
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    print("recommend, leak %s" % args.leak, file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
