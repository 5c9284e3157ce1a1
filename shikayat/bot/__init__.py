"""The WhatsApp service bot: a conversation per citizen, the 15 services, lodging,
tracking and rating complaints in chat. The webhook (shikayat.whatsapp) calls
engine.handle(incoming) once per message; replies go out through the outbox."""
