"""Attachments of cases (CASE-22): the bytes in GridFS (bucket `attachments`), what they are in
`attachment_records`.

The record is the one that counts: it is written after the bytes, so a file without a record is
an aborted upload nobody can reach (and is removed on the way out when it can be). Datetimes stay
out of the GridFS metadata; the record holds them in the portable subset.
"""

import uuid
from collections.abc import AsyncIterator, Iterable

from gridfs import AsyncGridFSBucket, AsyncGridOut
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase

from arendo_kit.errors import NotFound
from arendo_kit.logging import get_logger
from arendo_kit.mongo import Document, IndexSpec, to_document
from case_service.domain.deeds import AttachmentRecord

BUCKET, RECORDS = "attachments", "attachment_records"
INDEXES = (IndexSpec(RECORDS, [("case_id", 1), ("uploaded_at", 1)]),)
MAX_LISTED = 1_000

_log = get_logger(__name__)


class AttachmentStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self.bucket = AsyncGridFSBucket(db, bucket_name=BUCKET)
        self.records = db[RECORDS]

    async def save(self, record: AttachmentRecord, data: bytes) -> None:
        await self.bucket.upload_from_stream_with_id(
            record.id,
            record.filename,
            data,
            metadata={"case_id": record.case_id, "content_type": record.content_type},
        )
        doc = to_document(record)
        doc["_id"] = doc.pop("id")
        try:
            await self.records.insert_one(doc)
        except Exception:
            await self._discard(record.id)
            raise

    async def get(self, file_id: str) -> AttachmentRecord | None:
        doc = await self.records.find_one({"_id": file_id})
        return None if doc is None else _record(doc)

    async def of_case(self, case_id: str, file_ids: Iterable[str] | None = None) -> list[AttachmentRecord]:
        """The case's uploaded files in upload order, or those of `file_ids` among them."""
        query: Document = {"case_id": case_id}
        if file_ids is not None:
            query["_id"] = {"$in": sorted(set(file_ids))}
        docs = await self.records.find(query).sort("uploaded_at", 1).limit(MAX_LISTED).to_list()
        return [_record(doc) for doc in docs]

    async def open(self, file_id: str) -> AsyncIterator[bytes] | None:
        """The file's bytes, a GridFS chunk at a time; None when the bytes are gone. The file is
        opened here, before a response starts, so a missing one can still be answered as such."""
        try:
            stream = await self.bucket.open_download_stream(file_id)
        except NoFile:
            return None
        return _chunks(stream)

    async def copy(self, record: AttachmentRecord, new_case_id: str) -> AttachmentRecord:
        """The same file again under a new id for another case (a pasted copy, CASE-29): the bytes
        streamed chunk by chunk into a new GridFS file, then its record, as an upload is stored.
        NotFound when the original's bytes are gone."""
        copied = record.model_copy(update={"id": str(uuid.uuid4()), "case_id": new_case_id})
        try:
            source = await self.bucket.open_download_stream(record.id)
        except NoFile:
            raise NotFound(f"Bilagan {record.filename} saknar innehåll") from None
        target = self.bucket.open_upload_stream_with_id(
            copied.id,
            copied.filename,
            metadata={"case_id": copied.case_id, "content_type": copied.content_type},
        )
        try:
            while chunk := await source.readchunk():
                await target.write(chunk)
            await target.close()
        except BaseException:
            await target.abort()
            raise
        finally:
            await source.close()
        doc = to_document(copied)
        doc["_id"] = doc.pop("id")
        try:
            await self.records.insert_one(doc)
        except Exception:
            await self._discard(copied.id)
            raise
        return copied

    async def delete(self, file_id: str) -> None:
        """Remove a file for good: its bytes, then its record. A file already gone is fine, so a
        purge can run again; bytes first, so a record left behind by a failure is found again."""
        try:
            await self.bucket.delete(file_id)
        except NoFile:
            pass
        await self.records.delete_one({"_id": file_id})

    async def _discard(self, file_id: str) -> None:
        try:
            await self.bucket.delete(file_id)
        except NoFile:
            pass
        except Exception:  # noqa: BLE001 - best effort: without its record the file is unreachable anyway
            _log.warning("attachment_discard_failed", file_id=file_id, exc_info=True)


def _record(doc: Document) -> AttachmentRecord:
    return AttachmentRecord.model_validate({**doc, "id": doc["_id"]})


async def _chunks(stream: AsyncGridOut) -> AsyncIterator[bytes]:
    try:
        while chunk := await stream.readchunk():
            yield chunk
    finally:
        await stream.close()
