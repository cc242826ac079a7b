"""The outbound channel to the case system: each hand-off's document in the hand-off bucket (under
`handoffs/`, encrypted with the municipality's key), and an event on the case-system bus saying it is ready.
The event holds ids only (the hand-off id, the reference number, the person's number, the schema version):
what EventBridge passes on, archives or logs is never personal data. The integration fetches the document
through the case-system API, which records that it did."""

import json

from functions.domain.handoff import EVENT_DETAIL_TYPE, EVENT_SOURCE, SCHEMA_VERSION
from functions.shared import names


class AnnouncementFailed(Exception):
    """EventBridge did not take the event; the hand-off stays prepared and is delivered again."""


def document_key(handoff_id: str) -> str:
    return f"{names.HANDOFF_PREFIX}{handoff_id}.json"


class HandoffChannel:
    def __init__(self, bucket: str, s3_client, event_bus: str | None = None, events_client=None) -> None:
        self._bucket = bucket
        self._s3 = s3_client
        self._bus = event_bus
        self._events = events_client

    def put_document(self, handoff_id: str, document: bytes) -> str:
        key = document_key(handoff_id)
        self._s3.put_object(
            Bucket=self._bucket,
            Key=key,
            Body=document,
            ContentType="application/json",
            ServerSideEncryption="aws:kms",  # the bucket's key: the municipality's
        )
        return key

    def announce(self, handoff_id: str, reference_number: str, person: int) -> None:
        answer = self._events.put_events(
            Entries=[
                {
                    "Source": EVENT_SOURCE,
                    "DetailType": EVENT_DETAIL_TYPE,
                    "EventBusName": self._bus,
                    "Detail": json.dumps(
                        {
                            "handoffId": handoff_id,
                            "referenceNumber": reference_number,
                            "person": person,
                            "schemaVersion": SCHEMA_VERSION,
                        }
                    ),
                }
            ]
        )
        if answer.get("FailedEntryCount"):
            raise AnnouncementFailed(answer["Entries"][0].get("ErrorCode", "unknown"))

    def read_document(self, handoff_id: str) -> bytes | None:
        try:
            return self._s3.get_object(Bucket=self._bucket, Key=document_key(handoff_id))["Body"].read()
        except self._s3.exceptions.NoSuchKey:
            return None

    def remove_document(self, handoff_id: str) -> None:
        self._s3.delete_object(Bucket=self._bucket, Key=document_key(handoff_id))

    def delete_all_of(self, report_id: str) -> int:
        """Gallring: every document of the report's persons still in the bucket. The count deleted."""
        deleted = 0
        # "<report id>-": a report id never begins another's (they are UUIDs of one length).
        for page in self._s3.get_paginator("list_objects_v2").paginate(
            Bucket=self._bucket, Prefix=f"{names.HANDOFF_PREFIX}{report_id}-"
        ):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if keys:
                self._s3.delete_objects(Bucket=self._bucket, Delete={"Objects": keys, "Quiet": True})
                deleted += len(keys)
        return deleted
