"""The HTTP helpers the services' tests share: the If-Match of a change and the fields a problem names."""

import httpx
import pytest

from arendo_kit.testing.http import bearer, if_match, problem_fields

pytestmark = pytest.mark.unit


def test_if_match_sends_the_version_read_as_its_etag() -> None:
    assert if_match({"id": "c-1", "version": 3}) == {"If-Match": '"3"'}
    assert if_match(4) == {"If-Match": '"4"'}
    assert if_match('W/"5"') == {"If-Match": 'W/"5"'}  # an ETag as answered goes as it is


def test_problem_fields_are_the_fields_its_errors_name() -> None:
    problem = {
        "status": 422,
        "errors": [{"field": "title", "message": "saknas"}, {"field": "priority"}, {"line": 3, "message": "fel"}],
    }
    assert problem_fields(httpx.Response(422, json=problem)) == {"title", "priority"}
    assert problem_fields(httpx.Response(404, json={"status": 404, "detail": "Finns inte"})) == set()


def test_bearer_carries_the_token() -> None:
    assert bearer("abc") == {"Authorization": "Bearer abc"}
