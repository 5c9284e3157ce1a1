"""gunicorn settings for a Shikayat web host: `gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`.

Used by deploy/systemd/shikayat-web.service and the container image (deploy/Dockerfile). Every value can be
changed from the environment file without editing this one. `kill -HUP <master>` (systemctl reload) re-reads
it and replaces the workers one by one, finishing the requests in flight.
"""

import os

# A TCP address on the host's private network: nginx runs on other machines. (unix:/run/shikayat/web.sock
# when nginx runs on this host only.)
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
# One process per core, two threads each (as scripts/serve): one thread runs Python while the other waits on
# PostgreSQL; each thread holds its own database connection (count them against PgBouncer's pool).
workers = int(os.environ.get("WEB_WORKERS") or os.cpu_count() or 2)
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 2))
# nginx keeps idle connections to us for up to 60 s (keepalive_timeout in deploy/nginx/shikayat.conf); we must
# keep them longer, or nginx may send a request on a connection we are closing.
keepalive = int(os.environ.get("WEB_KEEPALIVE", 75))
# A request running this long is stuck (the slowest page, a province's monthly PDF at 10M complaints, takes
# under 1 s); exports stream, so they are not silent that long.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
# On SIGTERM / restart: requests in flight get this long to finish (below TimeoutStopSec in the unit).
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", 30))
# Recycle a worker now and then (spread out) so a slow leak never grows for weeks.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# nginx buffers request bodies and responses, so a slow client never holds a thread; this only caps headers.
limit_request_line = 8190
# Access lines come from nginx (with the request id); set WEB_ACCESS_LOG=- to have them here as well.
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}i)s'
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "warning")
# Not preloaded: each worker imports the application itself, so a HUP after a deploy (systemctl reload) starts
# workers running the new code while the old ones finish their requests.
preload_app = False
proc_name = "shikayat-web"
