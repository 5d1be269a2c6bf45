"""`If-Match` with the aggregate version for writes that can race; `ETag` on reads."""

from typing import Annotated

from fastapi import Depends, Header

from arendo_kit.errors import InvalidInput, PreconditionRequired


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(if_match: Annotated[str | None, Header(alias="If-Match")] = None) -> int:
    if if_match is None:
        raise PreconditionRequired(
            "This change needs an If-Match header with the version you read (its ETag)", field="If-Match"
        )
    value = if_match.strip()
    if value.startswith("W/"):
        value = value[2:]
    value = value.strip('"')
    if not value.isdigit() or int(value) < 1:
        raise InvalidInput(f'If-Match must be a version ETag such as "3", not {if_match!r}', field="If-Match")
    return int(value)


IfMatchVersion = Annotated[int, Depends(if_match_version)]
