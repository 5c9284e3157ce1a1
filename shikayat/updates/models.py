"""An address (mobile in E.164, or email) whose owner asked for no more updates."""

from django.db import models


class UpdateStop(models.Model):
    """The citizen replied STOP / بند / बंद: no more updates about their complaints to this address, on any
    channel, until they reply START. Answers to what they ask (a status, an OTP) are still sent."""

    address = models.CharField(max_length=254, unique=True)  # E.164 mobile (SMS and WhatsApp alike) or email
    channel = models.CharField(max_length=16)  # where they said it: sms, whatsapp, email
    stopped_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.address} (stopped by {self.channel} at {self.stopped_at:%Y-%m-%d %H:%M})"
