"""The relay that publishes events saved in aggregate documents, then removes what it published."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from pymongo.asynchronous.collection import AsyncCollection

from arendo_contracts import CloudEvent, Message
from arendo_kit.logging import current_correlation_id, get_logger
from arendo_kit.mongo import Document
from arendo_kit.repository import OUTBOX_FIELD

log = get_logger(__name__)

PENDING = {OUTBOX_FIELD: {"$elemMatch": {"id": {"$exists": True}}}}


class EventFactory:
    """Wraps messages in CloudEvents for one service, carrying the current correlation id."""

    def __init__(self, *, source: str) -> None:
        self.source = source

    def __call__(
        self, message: Message, *, actor: str, causation_id: str | None = None, time: datetime | None = None
    ) -> CloudEvent:
        return CloudEvent.wrap(
            message,
            source=self.source,
            actor=actor,
            correlation_id=current_correlation_id(),
            causation_id=causation_id,
            time=time,
        )


class OutboxRelay:
    """Publishes pending outbox entries in order per aggregate with publisher confirms.

    A use case nudges the relay after a save so events go out at once; the poll picks up what a
    crashed replica left behind. Two replicas may both publish an entry before either removes it;
    consumers are idempotent by message id, so that only costs a duplicate.
    """

    def __init__(
        self,
        *,
        collections: Sequence[AsyncCollection[Document]],
        publish: Callable[[CloudEvent], Awaitable[None]],
        poll_seconds: float = 1.0,
        batch_size: int = 100,
        concurrency: int = 16,
    ) -> None:
        self._collections = list(collections)
        self._publish = publish
        self._poll_seconds = poll_seconds
        self._batch_size = batch_size
        self._concurrency = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.published_total = 0

    def nudge(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._stopping = True
        self._task.cancel()
        # wait() rather than awaiting the task: its CancelledError is not ours to swallow, so a
        # caller that bounds this stop with a timeout still gets its own cancellation.
        await asyncio.wait([self._task])
        self._task = None
        # One last pass so a clean shutdown leaves nothing behind that it could have sent.
        try:
            await self.relay_pending()
        except Exception:
            log.warning("outbox_final_pass_failed", exc_info=True)

    async def _run(self) -> None:
        while not self._stopping:
            # Not asyncio.wait_for: on Python 3.11 it can lose a cancellation that arrives as the
            # event is set, which left the relay running after stop() under a busy outbox.
            try:
                async with asyncio.timeout(self._poll_seconds):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.relay_pending()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("outbox_relay_failed", exc_info=True)

    async def relay_pending(self) -> int:
        sent = 0
        for collection in self._collections:
            while True:
                docs = await collection.find(PENDING, {OUTBOX_FIELD: 1}).limit(self._batch_size).to_list()
                if not docs:
                    break
                # Aggregates are relayed side by side; each one's events stay in order.
                results = await asyncio.gather(
                    *(self._relay_document(collection, doc) for doc in docs), return_exceptions=True
                )
                failures = [r for r in results if isinstance(r, BaseException)]
                sent += sum(r for r in results if isinstance(r, int))
                if failures:
                    raise failures[0]
                if len(docs) < self._batch_size:
                    break
        return sent

    async def _relay_document(self, collection: AsyncCollection[Document], doc: Document) -> int:
        async with self._concurrency:
            return await self._relay_in_order(collection, doc)

    async def _relay_in_order(self, collection: AsyncCollection[Document], doc: Document) -> int:
        published: list[str] = []
        try:
            for entry in doc.get(OUTBOX_FIELD, []):
                await self._publish(CloudEvent.model_validate(entry))
                published.append(entry["id"])
        finally:
            if published:
                await collection.update_one({"_id": doc["_id"]}, {"$pull": {OUTBOX_FIELD: {"id": {"$in": published}}}})
                self.published_total += len(published)
        return len(published)
