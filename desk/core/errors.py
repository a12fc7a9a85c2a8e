"""Domain errors: raised by services with a message for the user (already translated)."""


class DomainError(Exception):
    """A rule of the shop refused the request; `message` says what and where, for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the form field or row the message is about, when there is one

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """Bad input in a form or a file."""
