"""Log filters: a client's error is news at INFO, not a server fault at WARNING."""
import logging


class ClientErrorsAtInfo(logging.Filter):
    """Lower 4xx answers (django.request) and refused Host headers (django.security.DisallowedHost) to INFO, without
    their traceback; dropped when the handler's logger does not log INFO. 5xx and everything else pass untouched."""

    def filter(self, record: logging.LogRecord) -> bool:
        client_error = (record.name == "django.security.DisallowedHost"
                        or (record.name in ("django.request", "django.server")
                            and 400 <= getattr(record, "status_code", 0) < 500))
        if not client_error or record.levelno < logging.WARNING:
            return True
        record.levelno, record.levelname = logging.INFO, "INFO"
        record.exc_info = record.exc_text = None
        record.stack_info = None
        return logging.getLogger().isEnabledFor(logging.INFO)
