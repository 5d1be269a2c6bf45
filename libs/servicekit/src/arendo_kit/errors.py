"""Errors a use case may raise; the HTTP layer turns each into an RFC 9457 problem."""


class DomainError(Exception):
    status = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"
    type_slug = "invalid-input"


class NotFound(DomainError):
    status = 404
    title = "Not found"
    type_slug = "not-found"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"
    type_slug = "forbidden"


class Conflict(DomainError):
    status = 409
    title = "Conflict"
    type_slug = "conflict"


class ConcurrencyConflict(Conflict):
    """Another writer saved the aggregate between our read and our write."""

    type_slug = "concurrency-conflict"


class PreconditionFailed(DomainError):
    """The caller's `If-Match` version is not the stored one."""

    status = 412
    title = "Precondition failed"
    type_slug = "stale-version"


class PreconditionRequired(DomainError):
    status = 428
    title = "Precondition required"
    type_slug = "precondition-required"


class Unauthenticated(DomainError):
    status = 401
    title = "Unauthorized"
    type_slug = "unauthenticated"
