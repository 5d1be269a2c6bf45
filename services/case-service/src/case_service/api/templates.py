"""HTTP API of templates filled in from a case (CASE-21)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/cases", tags=["templates"])
