"""HTTP API of drafts, "Mina utkast" (CASE-20)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/cases/drafts", tags=["drafts"])
