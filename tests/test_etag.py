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
