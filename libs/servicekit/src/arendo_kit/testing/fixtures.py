"""The pytest plugin every Arendo test suite gets (registered as a pytest11 entry point)."""

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.devauth import DevIssuer
from arendo_kit.mongo import Document, connect
from arendo_kit.testing import infrastructure


@pytest.fixture(scope="session")
def mongodb_url() -> Iterator[str]:
    with infrastructure.mongodb_url() as url:
        yield url


@pytest.fixture(scope="session")
def rabbitmq_url() -> Iterator[str]:
    with infrastructure.rabbitmq_url() as url:
        yield url


@pytest.fixture(scope="session")
async def mongo_client(mongodb_url: str) -> AsyncIterator[AsyncMongoClient[Document]]:
    client = connect(mongodb_url)
    yield client
    await client.close()


@pytest.fixture
async def mongo_db(mongo_client: AsyncMongoClient[Document]) -> AsyncIterator[AsyncDatabase[Document]]:
    """A database of its own for one test, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield mongo_client[name]
    await mongo_client.drop_database(name)


@pytest.fixture(scope="session")
def dev_issuer(tmp_path_factory: pytest.TempPathFactory) -> DevIssuer:
    """A token issuer with its own key pair; services under test trust its public key."""
    return DevIssuer(Path(tmp_path_factory.mktemp("devauth")))


@pytest.fixture
def unique_name() -> str:
    return uuid.uuid4().hex[:10]
