"""HTTP API of internal notes (CASE-17)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/cases", tags=["notes"])
