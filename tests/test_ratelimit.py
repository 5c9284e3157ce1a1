"""One rate-limit rule per public door (core/ratelimit.py): tracking by
E-tag per client and per E-tag on the web form, the signed link, the API,
SMS and WhatsApp; the client address as far as the trusted proxies say.
(The same limits across two real server processes: test_limits_processes.py.)"""

import pytest
from django.test import Client, RequestFactory

from shikayat.complaints import etag as etags
from shikayat.complaints.links import tracking_token
from shikayat.core import ratelimit
from shikayat.core.ratelimit import Rate, RateLimited

from .test_bot import Chat, bot, reach  # noqa: F401 (bot is a fixture)
from .test_sms_intake import gateway  # noqa: F401 (a fixture)

MOBILE = "03001234567"


@pytest.fixture
def rates(settings):
    def set_rates(**values):
        settings.SHIKAYAT = {**settings.SHIKAYAT, **values}

    return set_rates


def test_rates_are_written_as_count_per_period():
    assert Rate.parse("30/min") == Rate(30, 60)
    assert Rate.parse("5/hour") == Rate(5, 3600)
    assert Rate.parse("10/15min") == Rate(10, 900)
    assert Rate.parse("100/day") == Rate(100, 86400)
    assert Rate.parse("off") is None and Rate.parse("") is None
    with pytest.raises(ValueError):
        Rate.parse("30 a minute")


def test_a_counter_refuses_beyond_its_count_and_buckets_are_separate(db):
    limit = Rate(2, 60)
    ratelimit.check("test", "ip:1.2.3.4", limit)
    ratelimit.check("test", "ip:1.2.3.4", limit)
    with pytest.raises(RateLimited) as refused:
        ratelimit.check("test", "ip:1.2.3.4", limit)
    assert refused.value.status_code == 429
    ratelimit.check("test", "ip:1.2.3.5", limit)
    ratelimit.check("other", "ip:1.2.3.4", limit)


@pytest.mark.parametrize("proxies, remote, forwarded, client", [
    (0, "10.0.0.9", "203.0.113.7", "10.0.0.9"),  # nobody trusted: the header is the client's own words
    (1, "10.0.0.9", "203.0.113.7", "203.0.113.7"),  # our one proxy appended the address it saw
    (1, "10.0.0.9", "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own X-Forwarded-For is ignored
    (2, "10.0.0.9", "6.6.6.6, 203.0.113.7, 10.0.0.8", "203.0.113.7"),
    (1, "10.0.0.9", "", "10.0.0.9"),
    (1, "10.0.0.9", "not-an-address", ""),
])
def test_the_client_address_comes_only_from_trusted_proxies(rates, proxies, remote, forwarded, client):
    rates(TRUSTED_PROXIES=proxies)
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_address(request) == client


def test_an_ipv6_client_counts_as_its_slash_64():
    assert ratelimit.address_key("2001:db8:1:2:aaaa::1") == ratelimit.address_key("2001:db8:1:2:bbbb::2")
    assert ratelimit.address_key("2001:db8:1:3::1") != ratelimit.address_key("2001:db8:1:2::1")
    assert ratelimit.address_key("::ffff:203.0.113.7") == ratelimit.address_key("203.0.113.7")


def track_web(client, etag, mobile=MOBILE, **extra):
    return client.post("/track/", {"etag": etag, "mobile": mobile}, **extra)


def test_web_tracking_is_limited_per_client_address(rates, new_complaint):
    rates(TRACK_RATE="3/min")
    complaint = new_complaint(mobile=MOBILE)
    client = Client()
    for _ in range(3):
        assert track_web(client, complaint.etag).status_code == 302
    refused = track_web(client, complaint.etag)
    assert refused.status_code == 429 and "Too many tracking requests" in refused.content.decode()
    # Another address is counted on its own.
    assert track_web(Client(), complaint.etag, REMOTE_ADDR="192.0.2.44").status_code == 302


def test_rotating_x_forwarded_for_does_not_escape_without_trusted_proxies(rates, new_complaint):
    rates(TRACK_RATE="3/min", TRUSTED_PROXIES=0)
    complaint = new_complaint(mobile=MOBILE)
    codes = [track_web(Client(), complaint.etag, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
             for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]


def test_behind_one_trusted_proxy_each_forwarded_client_is_counted_apart(rates, new_complaint):
    rates(TRACK_RATE="3/min", TRUSTED_PROXIES=1)
    complaint = new_complaint(mobile=MOBILE)
    codes = [track_web(Client(), complaint.etag, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
             for n in range(5)]
    assert codes == [302] * 5
    same = [track_web(Client(), complaint.etag, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.9").status_code
            for n in range(4)]
    assert same == [302, 302, 302, 429]  # a client's own prefix to the header changes nothing


def test_an_etag_tried_with_wrong_mobiles_rests_on_every_door(rates, new_complaint, gateway):  # noqa: F811
    rates(TRACK_ETAG_RATE="3/hour")
    complaint = new_complaint(mobile=MOBILE)
    for n in range(3):  # three guesses from three addresses
        wrong = track_web(Client(), complaint.etag, mobile=f"0300765432{n}", REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert wrong.status_code == 400 and "We found no complaint" in wrong.content.decode()
    # Now even the right mobile, from a fresh address, on any door, waits out the window.
    web = track_web(Client(), complaint.etag, REMOTE_ADDR="192.0.2.99")
    assert web.status_code == 429 and "too many wrong mobile numbers" in web.content.decode()
    api = Client().get("/api/v1/track/", {"etag": complaint.etag, "mobile": MOBILE})
    assert api.status_code == 429 and api.json()["error"]["code"] == "throttled"
    sms = gateway(f"STATUS {complaint.etag_display}", sender="+923001234567", message_id="gw-rl").json()
    assert "Too many status requests" in sms["reply"]
    other = new_complaint(mobile=MOBILE)  # other E-tags are not affected
    assert track_web(Client(), other.etag, REMOTE_ADDR="192.0.2.99").status_code == 302


def test_api_tracking_is_limited_per_address(rates, new_complaint):
    rates(TRACK_RATE="2/min")
    complaint = new_complaint(mobile=MOBILE)
    client = Client()
    answers = [client.get("/api/v1/track/", {"etag": complaint.etag, "mobile": MOBILE}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Too many tracking requests" in answers[-1].json()["error"]["message"]


def test_sms_status_is_limited_per_sender(rates, new_complaint, gateway):  # noqa: F811
    rates(TRACK_RATE="2/min")
    complaint = new_complaint(mobile=MOBILE)
    replies = [gateway(f"STATUS {complaint.etag_display}", message_id=f"gw-{n}").json()["reply"] for n in range(3)]
    assert "Theft" in replies[0] and "Theft" in replies[1]
    assert "Too many status requests" in replies[2] and "Theft" not in replies[2]


def test_whatsapp_status_is_limited_per_sender(rates, bot, new_complaint):  # noqa: F811
    rates(TRACK_RATE="2/min")
    complaint = new_complaint(mobile=MOBILE)
    chat = Chat()
    reach(chat, "status:etag")  # counts nothing yet
    first = chat.say(complaint.etag_display)
    assert complaint.etag_display in first[0].context["text"]
    chat.say("menu")
    chat.say("2")  # Complaint status
    chat.say(complaint.etag_display)
    chat.say("menu")
    chat.say("2")  # Complaint status
    [refused] = chat.say(complaint.etag_display)
    assert "Too many tracking requests" in refused.context["text"] and chat.state == "menu"


def test_the_signed_link_is_limited_per_address_too(rates, new_complaint):
    rates(TRACK_RATE="2/min")
    complaint = new_complaint(mobile=MOBILE)
    client = Client()
    url = f"/track/link/{tracking_token(complaint.etag)}/"
    assert client.get(url)["Location"] == f"/track/{complaint.etag}/"
    assert client.get("/track/link/forged-token/")["Location"] == "/track/"
    refused = client.get(url, follow=True)
    assert "Too many tracking requests" in refused.content.decode()


def test_service_applications_are_tracked_under_the_same_limit(rates, db):
    rates(TRACK_RATE="2/min")
    client = Client()
    unknown = etags.encode(424242)
    codes = [client.post("/services/track/", {"etag": unknown, "mobile": MOBILE}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


# --- one-time codes: per mobile, per address, in all -------------------------------------------------------------


def ask_code(client, mobile, **extra):
    return client.post("/verify/", {"step": "send", "mobile": mobile}, **extra)


def test_codes_to_many_numbers_from_one_address_stop_at_the_address_cap(rates, db):
    from shikayat.notifications.models import OutboxMessage

    rates(OTP_PER_ADDRESS_HOUR=3, OTP_GLOBAL_HOUR=0)
    client = Client()
    codes = [ask_code(client, f"0300111222{n}").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert OutboxMessage.objects.filter(template="otp_code").count() == 3
    refused = ask_code(client, "03001112229", HTTP_ACCEPT_LANGUAGE="en")
    assert "from this connection" in refused.content.decode()
    assert ask_code(Client(), "03001112229", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_refusal_for_the_mobile_does_not_use_up_the_address(rates, db):
    rates(OTP_PER_ADDRESS_HOUR=2, OTP_GLOBAL_HOUR=0)
    client = Client()
    assert ask_code(client, "03001112220").status_code == 200
    assert ask_code(client, "03001112220").status_code == 429  # a minute between codes to one mobile
    assert ask_code(client, "03001112221").status_code == 200


def test_codes_from_every_address_stop_at_the_global_cap(rates, db):
    from shikayat.citizens import otp

    rates(OTP_PER_ADDRESS_HOUR=0, OTP_GLOBAL_HOUR=4)
    for n in range(4):
        otp.request_code(f"0300222333{n}", client=f"ip:192.0.2.{n}")
    with pytest.raises(RateLimited) as refused:
        otp.request_code("03002223339", client="ip:192.0.2.200")
    assert "too many codes just now" in str(refused.value.message)


@pytest.fixture
def redis_counters(settings):
    """The limits counted in Redis (database 12, emptied before and after), as several web processes share them."""
    from .conftest import local_redis

    client = local_redis(12, "the Redis counting tests")
    client.flushdb()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/12"}}
    yield client
    client.flushdb()
    client.close()


def test_in_redis_tracking_counts_the_client_and_reads_the_etag_in_one_round_trip(rates, redis_counters):
    from shikayat.core.errors import NotFound
    from shikayat.core.ratelimit import ETAG_REFUSED, TRACK_REFUSED, RateLimited, tracking

    rates(TRACK_RATE="3/min", TRACK_ETAG_RATE="2/hour")
    for _ in range(2):
        with pytest.raises(NotFound), tracking("ip:10.0.0.1", "TE4PDR6A"):
            raise NotFound()
    with pytest.raises(RateLimited) as rested, tracking("ip:10.0.0.2", "TE4PDR6A"):
        pass
    assert rested.value.message == ETAG_REFUSED  # the E-tag rests, whoever asks
    with tracking("ip:10.0.0.1", "OTHERTAG"):
        pass
    with pytest.raises(RateLimited) as refused, tracking("ip:10.0.0.1", "OTHERTAG"):
        pass
    assert refused.value.message == TRACK_REFUSED  # the fourth lookup from one address in the minute
    windows = [redis_counters.ttl(key) for key in redis_counters.keys("*rl:track*")]
    assert windows and all(0 < ttl <= 3600 for ttl in windows)  # every counter ends with its window
