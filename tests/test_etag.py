import threading

import pytest
from django.db import close_old_connections, connection

from shikayat.complaints import etag
from shikayat.complaints.intake import register_complaint
from shikayat.complaints.models import Complaint
from shikayat.complaints.permissions import SYSTEM
from shikayat.core.errors import InvalidInput

from .factories import build_force, complaint_data

SAMPLE = [etag.encode(n) for n in (1, 2, 3, 999, 123_456, 9_999_999, 2**34 + 17)]


def test_etags_are_short_readable_and_distinct():
    tags = {etag.encode(n) for n in range(1, 20_001)}
    assert len(tags) == 20_000
    assert all(len(t) == 8 and set(t) <= set(etag.ALPHABET) for t in tags)
    assert etag.display("TE4PDR6A") == "TE4P-DR6A"


def test_display_form_lowercase_and_lookalikes_are_accepted():
    code = SAMPLE[3]
    assert etag.normalise(etag.display(code).lower()) == code
    assert etag.normalise(f" {code[:4]} {code[4:]} ") == code
    with_o = code.replace("0", "O")
    assert etag.normalise(with_o) == code


@pytest.mark.parametrize("code", SAMPLE)
def test_every_single_character_substitution_is_detected(code):
    for position in range(len(code)):
        for replacement in etag.ALPHABET:
            if replacement != code[position]:
                typo = code[:position] + replacement + code[position + 1 :]
                assert not etag.is_valid(typo), typo


@pytest.mark.parametrize("code", SAMPLE)
def test_every_adjacent_transposition_is_detected(code):
    for position in range(len(code) - 1):
        if code[position] != code[position + 1]:
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            assert not etag.is_valid(swapped), swapped


def test_transpositions_detected_across_many_tags():
    for number in range(1, 5000, 3):
        code = etag.encode(number)
        for p in range(7):
            if code[p] != code[p + 1]:
                assert not etag.is_valid(code[:p] + code[p + 1] + code[p] + code[p + 2 :])


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", "etag_malformed"),
        ("ABC", "etag_malformed"),
        ("TE4P-DR6U", "etag_malformed"),
        ("TE4P-DR6B", "etag_check_failed"),
    ],
)
def test_bad_etags_get_a_clear_reason(raw, code):
    with pytest.raises(InvalidInput) as error:
        etag.normalise(raw)
    assert error.value.code == code


def _register_in_threads(threads: int, per_thread: int) -> list[str]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def work():
        try:
            barrier.wait()
            for _ in range(per_thread):
                register_complaint(actor=SYSTEM, channel="web", data=complaint_data())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors, errors[:3]
    return list(Complaint.objects.values_list("etag", flat=True))


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_etag_unique_under_concurrent_creation_on_postgresql():
    build_force()
    tags = _register_in_threads(threads=8, per_thread=130)
    assert len(tags) == 1040
    assert len(set(tags)) == len(tags)
    assert all(etag.is_valid(t) for t in tags)


@pytest.mark.django_db(transaction=True)
def test_etag_unique_under_concurrent_creation_on_any_database():
    build_force()
    tags = _register_in_threads(threads=4, per_thread=25)
    assert len(tags) == len(set(tags)) == 100


# --- a keyed permutation: E-tags cannot be walked ---------------------------------------------------------------


def legacy_encode(number: int) -> str:
    """E-tags as issued before they were keyed (a fixed public bijection of the counter)."""
    space = etag.SPACE
    value = ((((number * (0x5DEECE66D % space | 1)) % space) ^ 0x2A5C3F1B7) * (0x3C6EF372F % space | 1)) % space
    body = "".join(etag.ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(etag.BODY_LENGTH)))
    return body + etag.check_character(body)


def test_the_permutation_is_keyed_by_the_installation_secret(settings):
    settings.SHIKAYAT = {**settings.SHIKAYAT, "ETAG_KEY": ""}
    from_secret_key = [etag.encode(n) for n in range(1, 6)]
    settings.SECRET_KEY = "another-installation-secret-key"
    other_secret = [etag.encode(n) for n in range(1, 6)]
    settings.SHIKAYAT = {**settings.SHIKAYAT, "ETAG_KEY": "a-key-set-in-SHIKAYAT_ETAG_KEY"}
    explicit = [etag.encode(n) for n in range(1, 6)]
    assert len(set(from_secret_key) | set(other_secret) | set(explicit)) == 15
    assert not set(from_secret_key) & {legacy_encode(n) for n in range(1, 6)}  # no longer the public sequence
    assert all(etag.is_valid(t) for t in from_secret_key + other_secret + explicit)  # check character kept


def test_the_keyed_permutation_is_a_bijection_on_a_dense_range():
    numbers = range(1, 200_001)
    bodies = {etag._scramble(n) for n in numbers}
    assert len(bodies) == len(numbers) and max(bodies) < etag.SPACE


def test_consecutive_numbers_give_unrelated_etags():
    tags = [etag.encode(n) for n in range(1, 1001)]
    # Each character position takes (nearly) every value: no structure to extrapolate from.
    for position in range(etag.BODY_LENGTH):
        assert len({t[position] for t in tags}) == 32


def test_etags_issued_before_the_key_stay_valid_and_trackable(client, force, new_complaint):
    complaint = new_complaint(mobile="03001234567")
    old = legacy_encode(7)
    Complaint.objects.filter(pk=complaint.pk).update(etag=old)
    assert etag.is_valid(old)
    response = client.post("/track/", {"etag": etag.display(old), "mobile": "03001234567"})
    assert response.status_code == 302 and response["Location"] == f"/track/{old}/"
    api = client.get("/api/v1/track/", {"etag": old, "mobile": "03001234567"})
    assert api.status_code == 200 and api.json()["etag"] == etag.display(old)


def test_a_number_whose_etag_is_already_taken_is_skipped(force, new_complaint):
    first = new_complaint()
    etag.discard_reserved()  # the next E-tag comes straight from the sequence
    upcoming = etag.encode(etag.next_sequence_value() + 1)
    Complaint.objects.filter(pk=first.pk).update(etag=upcoming)  # as if issued under an earlier key
    second = new_complaint()
    assert second.etag != upcoming and etag.is_valid(second.etag)
    etag.discard_reserved()
    taken_in_batch = etag.encode(etag.next_sequence_value() + 2)
    Complaint.objects.filter(pk=second.pk).update(etag=taken_in_batch)
    tags = etag.allocate_many(3)
    assert len(set(tags)) == 3 and taken_in_batch not in tags


def test_service_applications_share_the_check(force):
    from shikayat.complaints.etag import HOLDERS

    assert "services.ServiceRequest" in HOLDERS


@pytest.mark.postgres
def test_on_postgresql_a_process_reserves_etags_a_block_at_a_time(force, django_assert_num_queries):
    etag.discard_reserved()
    with django_assert_num_queries(2):  # the block's numbers, then one look-up across every holder
        first = etag.allocate()
    with django_assert_num_queries(0):
        rest = [etag.allocate() for _ in range(etag.RESERVE)]
    tags = [first, *rest]
    assert len(set(tags)) == len(tags) and all(etag.is_valid(t) for t in tags)


@pytest.mark.postgres
def test_a_reserved_block_serves_only_the_key_it_was_encoded_with(force, settings):
    etag.allocate()  # something reserved under the current key
    settings.SHIKAYAT = {**settings.SHIKAYAT, "ETAG_KEY": "a-new-key-for-this-installation"}
    expected = etag.encode(etag.next_sequence_value() + 1)  # under the new key
    assert etag.allocate() == expected


@pytest.mark.postgres
def test_a_forked_process_does_not_reuse_its_parent_s_reserve(force, monkeypatch):
    parent = etag.allocate()
    monkeypatch.setattr("os.getpid", lambda: -1)  # as in a worker forked after the parent reserved
    expected = etag.encode(etag.next_sequence_value() + 1)
    child = etag.allocate()
    assert child == expected and child != parent
