"""Container health check: exit 0 when this host's /healthz answers 200 (used by deploy/Dockerfile and compose).

It asks as nginx would: for the public host name (ALLOWED_HOSTS) and over "https" (X-Forwarded-Proto), so
production's https redirect and host check answer as they do for real requests. Standard library only.
"""

import os
import sys
import urllib.error
import urllib.request
from urllib.parse import urlsplit

port = os.environ.get("WEB_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
host = urlsplit(os.environ.get("SHIKAYAT_PUBLIC_URL", "http://localhost")).netloc
request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz",
                                 headers={"Host": host, "X-Forwarded-Proto": "https"})
try:
    with urllib.request.urlopen(request, timeout=3) as response:
        sys.exit(0 if response.status == 200 else 1)
except (OSError, urllib.error.URLError) as error:
    print(f"healthz: {error}", file=sys.stderr)
    sys.exit(1)
