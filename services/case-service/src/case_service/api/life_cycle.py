"""HTTP API of closing and reopening a case (CASE-27, CASE-28)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/cases", tags=["life cycle"])
