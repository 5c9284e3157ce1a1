"""Every limit holds across web processes: two real gunicorn servers on
loopback ports share one Redis cache (SHIKAYAT_CACHE_URL, database 11) and
this test run's database; requests alternate between them and each limit
trips at its configured count, whichever process counts the last request.
A rotated X-Forwarded-For escapes nothing with no trusted proxy, and is each
client's address behind one."""

import itertools
import socket
import subprocess
import sys
import time

import httpx
import pytest

from shikayat.accounts.models import FailedSignIn
from shikayat.notifications.models import OutboxMessage

from .conftest import local_redis
from .test_sms_intake import TOKEN
from .test_worker import ROOT, manage_env

REDIS_DB = 11
RATES = {
    "SHIKAYAT_TRACK_RATE": "4/hour",
    "SHIKAYAT_TRACK_ETAG_RATE": "3/hour",
    "SHIKAYAT_OTP_PER_ADDRESS_HOUR": "3",
    "SHIKAYAT_OTP_GLOBAL_HOUR": "5",
    "SHIKAYAT_SIGNIN_ADDRESS_FAILURES_HOUR": "4",
    "SHIKAYAT_SMS_GATEWAY_TOKEN": TOKEN,
}
MOBILE = "03001234567"


@pytest.fixture(scope="module")
def redis_client():
    client = local_redis(REDIS_DB, "the shared-cache tests")
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def shared_cache(redis_client):
    """Database 11, emptied before and after each test: no count leaks from one test into the next."""
    redis_client.flushdb()
    yield redis_client
    redis_client.flushdb()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, trusted_proxies: int, log_path, shared: bool = True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "wb")  # noqa: SIM115 (closed in stop)
        cache = {"SHIKAYAT_CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}"} if shared else {}
        env = manage_env(SHIKAYAT_TRUSTED_PROXIES=str(trusted_proxies), LOG_LEVEL="WARNING", **cache, **RATES)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--timeout", "60"], cwd=ROOT, env=env, stdout=self.log, stderr=self.log)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.process.poll() is None, f"gunicorn exited: {self.log.name}"
            try:
                if httpx.get(self.url + "/api/v1/categories/", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"gunicorn on {self.port} did not answer"
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def server_pairs(django_db_setup, redis_client, tmp_path_factory):
    """Two gunicorn servers per setting (trusted proxies, shared cache or not), started once per module."""
    started: dict[tuple, tuple[Server, Server]] = {}

    def pair(trusted_proxies: int, shared: bool = True) -> tuple[Server, Server]:
        if (trusted_proxies, shared) not in started:
            logs = tmp_path_factory.mktemp(f"gunicorn-{trusted_proxies}-{shared}")
            servers = (Server(trusted_proxies, logs / "a.log", shared), Server(trusted_proxies, logs / "b.log", shared))
            for server in servers:
                server.wait_ready()
            started[trusted_proxies, shared] = servers
        return started[trusted_proxies, shared]

    yield pair
    for servers in started.values():
        for server in servers:
            server.stop()


@pytest.fixture
def servers(server_pairs, shared_cache, transactional_db):
    """The two servers with no trusted proxy, and the client as REMOTE_ADDR sees it: 127.0.0.1."""
    return server_pairs(0)


@pytest.fixture
def servers_behind_proxy(server_pairs, shared_cache, transactional_db):
    return server_pairs(1)


def alternate(pair, count):
    """The servers' base URLs, first, second, first … `count` times."""
    return [server.url for server in itertools.islice(itertools.cycle(pair), count)]


class Browser:
    """One browser: cookies (CSRF) work on either server, as on one site behind a balancer."""

    def __init__(self):
        self.http = httpx.Client(timeout=30, follow_redirects=False)

    def post(self, url, path, data, **headers):
        if "csrftoken" not in self.http.cookies:
            self.http.get(url + path)
        return self.http.post(url + path, data={**data, "csrfmiddlewaretoken": self.http.cookies["csrftoken"]},
                              headers={"Referer": url + path, **headers})


def test_the_two_servers_share_the_redis_cache(servers, shared_cache):
    assert all(s.process.poll() is None for s in servers) and servers[0].port != servers[1].port
    httpx.get(servers[0].url + "/api/v1/track/", params={"etag": "TE4P-DR6A", "mobile": MOBILE})
    assert any(key.startswith(b":1:rl:track:") for key in shared_cache.keys("*"))


def test_api_tracking_per_address_trips_at_its_count_across_both_servers(servers, new_complaint):
    complaint = new_complaint(mobile=MOBILE)
    codes = [httpx.get(url + "/api/v1/track/", params={"etag": complaint.etag, "mobile": MOBILE}).status_code
             for url in alternate(servers, 6)]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_without_a_shared_cache_each_process_counts_alone(server_pairs, shared_cache, transactional_db,
                                                           new_complaint):
    """The control: the same requests to two servers without SHIKAYAT_CACHE_URL get twice the allowance."""
    complaint = new_complaint(mobile=MOBILE)
    codes = [httpx.get(url + "/api/v1/track/", params={"etag": complaint.etag, "mobile": MOBILE}).status_code
             for url in alternate(server_pairs(0, shared=False), 10)]
    assert codes == [200] * 8 + [429, 429]


def test_web_tracking_per_address_trips_at_its_count_across_both_servers(servers, new_complaint):
    complaint = new_complaint(mobile=MOBILE)
    browser = Browser()
    codes = [browser.post(url, "/track/", {"etag": complaint.etag, "mobile": MOBILE}).status_code
             for url in alternate(servers, 6)]
    assert codes == [302, 302, 302, 302, 429, 429]


def test_rotating_x_forwarded_for_escapes_nothing_without_a_trusted_proxy(servers, new_complaint):
    complaint = new_complaint(mobile=MOBILE)
    codes = [httpx.get(url + "/api/v1/track/", params={"etag": complaint.etag, "mobile": MOBILE},
                       headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
             for n, url in enumerate(alternate(servers, 6))]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_behind_one_trusted_proxy_the_forwarded_address_is_the_client(servers_behind_proxy, new_complaint):
    complaint = new_complaint(mobile=MOBILE)
    params = {"etag": complaint.etag, "mobile": MOBILE}
    each_own = [httpx.get(url + "/api/v1/track/", params=params,
                          headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                for n, url in enumerate(alternate(servers_behind_proxy, 6))]
    assert each_own == [200] * 6  # six clients, one request each
    # One client that writes its own X-Forwarded-For in front of what the proxy appended is still one client.
    one_client = [httpx.get(url + "/api/v1/track/", params=params,
                            headers={"X-Forwarded-For": f"6.6.6.{n}, 203.0.113.50"}).status_code
                  for n, url in enumerate(alternate(servers_behind_proxy, 6))]
    assert one_client == [200, 200, 200, 200, 429, 429]


def test_an_etag_with_wrong_mobiles_rests_on_both_servers_and_every_door(servers_behind_proxy, new_complaint):
    complaint = new_complaint(mobile=MOBILE)
    first, second = (s.url for s in servers_behind_proxy)
    for n, url in enumerate(alternate(servers_behind_proxy, 3)):  # three wrong mobiles, three clients
        wrong = httpx.get(url + "/api/v1/track/", params={"etag": complaint.etag, "mobile": f"0300765432{n}"},
                          headers={"X-Forwarded-For": f"198.51.100.{n}"})
        assert wrong.status_code == 404
    fresh = {"X-Forwarded-For": "192.0.2.200"}
    api = httpx.get(second + "/api/v1/track/", params={"etag": complaint.etag, "mobile": MOBILE}, headers=fresh)
    assert api.status_code == 429 and api.json()["error"]["code"] == "throttled"
    web = Browser().post(first, "/track/", {"etag": complaint.etag, "mobile": MOBILE}, **fresh)
    assert web.status_code == 429
    sms = httpx.post(second + "/api/v1/intake/sms/", headers={"Authorization": f"Bearer {TOKEN}"},
                     data={"from": "+923001234567", "text": f"STATUS {complaint.etag_display}", "id": "gw-rest"})
    assert sms.status_code == 200 and "Too many status requests" in sms.json()["reply"]


def test_sms_status_per_sender_trips_at_its_count_across_both_servers(servers, new_complaint):
    complaint = new_complaint(mobile=MOBILE)
    replies = [httpx.post(url + "/api/v1/intake/sms/", headers={"Authorization": f"Bearer {TOKEN}"},
                          data={"from": "+923001234567", "text": f"STATUS {complaint.etag_display}",
                                "id": f"gw-{n}"}).json()["reply"]
               for n, url in enumerate(alternate(servers, 5))]
    assert ["Too many status requests" in reply for reply in replies] == [False] * 4 + [True]


def test_one_time_codes_per_address_trip_at_their_count_across_both_servers(servers):
    browser = Browser()
    codes = [browser.post(url, "/verify/", {"step": "send", "mobile": f"0300111222{n}"},
                          **{"X-Forwarded-For": f"198.51.100.{n}"}).status_code  # ignored: no trusted proxy
             for n, url in enumerate(alternate(servers, 5))]
    assert codes == [200, 200, 200, 429, 429]
    assert OutboxMessage.objects.filter(template="otp_code").count() == 3


def test_one_time_codes_stop_at_the_global_cap_across_both_servers(servers_behind_proxy):
    browser = Browser()
    codes = [browser.post(url, "/verify/", {"step": "send", "mobile": f"0300111222{n}"},
                          **{"X-Forwarded-For": f"198.51.100.{n}"}).status_code  # a new client each time
             for n, url in enumerate(alternate(servers_behind_proxy, 7))]
    assert codes == [200] * 5 + [429, 429]
    assert OutboxMessage.objects.filter(template="otp_code").count() == 5


def test_sign_in_waits_hold_across_both_servers_and_spare_the_known_device(servers, force):
    desk = Browser()  # the officer's own browser: signs in once on the first server, then out
    assert desk.post(servers[0].url, "/officer/login/", {"username": "cell_A", "password": "pass-word-123"}
                     ).status_code == 302
    desk.post(servers[0].url, "/officer/logout/", {})
    stranger = Browser()  # from the same address (127.0.0.1): the per-address cap is 4
    wrong = [stranger.post(url, "/officer/login/", {"username": "cell_A", "password": f"guess-{n}"})
             for n, url in enumerate(alternate(servers, 7))]
    assert ["Too many wrong attempts" in r.text for r in wrong] == [False] * 4 + [True] * 3
    assert FailedSignIn.objects.count() == 4  # refused tries are not even checked
    assert "Too many wrong attempts" in Browser().post(servers[1].url, "/officer/login/", {
        "username": "cell_A", "password": "pass-word-123"}).text  # a new browser waits too
    assert desk.post(servers[1].url, "/officer/login/", {"username": "cell_A", "password": "pass-word-123"}
                     ).status_code == 302  # the known device, on the other server, gets in at once
