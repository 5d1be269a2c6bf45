"""Commands to the case-service."""

from pydantic import Field

from arendo_contracts.messages import Command


class ReplayCaseSummariesV1(Command):
    """Send the current summary of every case, as `case.snapshot.v1` events, straight to one
    consumer queue, so that a projection can be rebuilt from scratch."""

    routing_key = "case.replay_summaries.v1"

    reply_queue: str = Field(pattern=r"^[a-z][a-z-]*\.[a-z][a-z-]*$", description="the consumer queue to fill")
    requested_by: str

    def subject_id(self) -> str:
        return self.reply_queue
