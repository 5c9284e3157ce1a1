"""Log lines as one JSON object each (SHIKAYAT_LOG_FORMAT=json, production's default), for a log shipper to
read without parsing text: time (UTC, ISO 8601), level, logger, message, request_id, and the exception's
traceback as one string when there is one."""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # ensure_ascii off: Urdu and Hindi stay readable; default=str: a message argument that JSON cannot hold
        return json.dumps(entry, ensure_ascii=False, default=str)
