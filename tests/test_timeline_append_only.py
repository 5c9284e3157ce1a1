"""Timeline events are written once: saving one again is refused (core/timeline.AppendOnly), and a complaint's
event cannot be deleted either."""

import pytest

from shikayat.complaints.models import ComplaintEvent
from shikayat.permits.models import PermitEvent
from shikayat.services.models import RequestEvent


@pytest.mark.parametrize("model", [ComplaintEvent, PermitEvent, RequestEvent])
def test_a_timeline_event_once_written_is_never_saved_again(model):
    event = model(pk=1)
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_a_complaints_event_is_never_deleted(force, new_complaint):
    event = new_complaint().events.first()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert ComplaintEvent.objects.filter(pk=event.pk).exists()
