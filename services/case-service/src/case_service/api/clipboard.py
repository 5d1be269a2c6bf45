"""HTTP API of copy, cut and paste (CASE-29)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/cases/clipboard", tags=["clipboard"])
