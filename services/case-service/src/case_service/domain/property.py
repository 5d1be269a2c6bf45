"""The property tab (CASE-11): properties (fastigheter) from a property register, the adapter
interface every register implements, and the rules of the local register an admin imports
from CSV. No I/O."""

import csv
import io
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict

from arendo_contracts.events.case import FieldChange
from arendo_kit.errors import InvalidInput
from arendo_kit.text import fold
from case_service.domain.customer import tidy
from case_service.domain.identity_numbers import InvalidNumber, normalise_postcode, validate_block, validate_unit

if TYPE_CHECKING:
    from case_service.domain.case import Case

# Stable ids: the same designation gets the same id in every import, so a re-import keeps links.
_PROPERTY_NAMESPACE = uuid.UUID("5b0f8a4e-8a43-4f4b-9d43-3f1c2d7f6a10")


CSV_COLUMNS = ("designation", "trakt", "block", "enhet", "address", "postcode", "city")
REQUIRED_COLUMNS = ("designation", "trakt", "block", "enhet")
MAX_IMPORT_ROWS = 200_000
MAX_REPORTED_PROBLEMS = 100
_LIMITS = {"designation": 200, "trakt": 100, "block": 3, "enhet": 5, "address": 200, "postcode": 10, "city": 100}


class Property(BaseModel):
    """A property as a register knows it; linked to a case as this snapshot, so the case keeps
    showing what was chosen even if the register changes later."""

    model_config = ConfigDict(frozen=True)

    property_id: str
    designation: str  # fastighetsbeteckning, e.g. "Exempelby Trakten 1:23"
    trakt: str
    block: str
    enhet: str
    address: str | None = None
    postcode: str | None = None
    city: str | None = None

    def search_text(self) -> str:
        """What a search by designation or address part matches: folded, both postcode forms."""
        parts = [self.designation, self.address, self.postcode, (self.postcode or "").replace(" ", ""), self.city]
        return fold(" ".join(p for p in parts if p))


class PropertyRegister(Protocol):
    """A property register: the local one an admin imports, or an external one (KIR/FIR)
    behind an HTTP adapter. Searches by designation or address part."""

    async def search(self, text: str, *, limit: int) -> list[Property]: ...

    async def get(self, property_id: str) -> Property | None: ...


def property_id_for(designation: str) -> str:
    return str(uuid.uuid5(_PROPERTY_NAMESPACE, fold(tidy(designation) or "")))


def link_property(case: "Case", chosen: Property) -> tuple["Case", list[FieldChange]]:
    """Link the property picked in the search to the case, replacing any linked before."""
    old = case.linked_property
    if old == chosen:
        return case, []
    change = FieldChange(field="property", old=old.designation if old else None, new=chosen.designation)
    return case.model_copy(update={"linked_property": chosen, "version": case.next_version()}), [change]


def unlink_property(case: "Case") -> tuple["Case", list[FieldChange]]:
    old = case.linked_property
    if old is None:
        return case, []
    change = FieldChange(field="property", old=old.designation, new=None)
    return case.model_copy(update={"linked_property": None, "version": case.next_version()}), [change]


def designation_suffix(trakt: str, block: str, enhet: str) -> str:
    """How the designation ends: `Trakten 1:23`, `Trakten S:4`, or `Kvarteret 5` when block is *."""
    return f"{trakt} {enhet}" if block == "*" else f"{trakt} {block}:{enhet}"


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str | None
    message: str


class PropertyImportRejected(InvalidInput):
    """The file has problems; nothing was imported. Carries every problem found (up to a limit)."""

    def __init__(self, problems: Sequence[ImportProblem], *, total: int) -> None:
        first = problems[0]
        super().__init__(
            f"Filen har {total} fel och ingenting importerades; rad {first.line}: {first.message}",
            field=first.column or "body",
        )
        self.problems = tuple(problems)
        self.total = total


def parse_property_csv(text: str) -> list[Property]:
    """Every row of the file as a property, or PropertyImportRejected naming each bad line.

    The first line names the columns (any order, any case; `,` or `;` between fields as Swedish
    spreadsheets write it). designation, trakt, block and enhet are required on every row, and
    the designation must end with its trakt, block and enhet; address, postcode and city may be
    blank. A designation may occur only once."""
    problems: list[ImportProblem] = []
    total = 0

    def problem(line: int, column: str | None, message: str) -> None:
        nonlocal total
        total += 1
        if len(problems) < MAX_REPORTED_PROBLEMS:
            problems.append(ImportProblem(line, column, message))

    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise PropertyImportRejected([ImportProblem(1, None, "Filen saknar rubrikrad")], total=1)
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [fold(h.strip()) for h in next(reader)]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise PropertyImportRejected(
            [ImportProblem(1, None, f"Rubrikraden saknar kolumnerna {', '.join(missing)}")], total=1
        )
    positions = {column: header.index(column) for column in CSV_COLUMNS if column in header}
    properties: list[Property] = []
    first_line_of: dict[str, int] = {}
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_IMPORT_ROWS:
                problem(line, None, f"Filen får ha högst {MAX_IMPORT_ROWS} fastigheter")
                break
            if len(row) != len(header):
                problem(line, None, f"Raden har {len(row)} fält men rubrikraden {len(header)}")
                continue
            values = {column: tidy(row[index]) for column, index in positions.items()}
            found = _property_from_row(values, line, problem)
            if found is None:
                continue
            key = fold(found.designation)
            if key in first_line_of:
                problem(line, "designation", f"Fastigheten {found.designation} finns redan på rad {first_line_of[key]}")
                continue
            first_line_of[key] = line
            properties.append(found)
    except csv.Error as exc:
        problem(reader.line_num, None, f"Filen kan inte läsas som CSV: {exc}")
    if total:
        raise PropertyImportRejected(problems, total=total)
    if not properties:
        raise PropertyImportRejected([ImportProblem(2, None, "Filen innehåller inga fastigheter")], total=1)
    return properties


Report = Callable[[int, str | None, str], None]


def _property_from_row(values: dict[str, str | None], line: int, problem: Report) -> Property | None:
    ok = True
    for column, limit in _LIMITS.items():
        value = values.get(column)
        if value is not None and len(value) > limit:
            problem(line, column, f"Kolumnen {column} får ha högst {limit} tecken")
            ok = False
    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            problem(line, column, f"Kolumnen {column} är tom")
            ok = False
    if not ok:
        return None
    designation, trakt = values["designation"] or "", values["trakt"] or ""
    try:
        block = validate_block(values["block"] or "")
    except InvalidNumber as exc:
        problem(line, "block", exc.message)
        return None
    try:
        enhet = validate_unit(values["enhet"] or "")
    except InvalidNumber as exc:
        problem(line, "enhet", exc.message)
        return None
    suffix = designation_suffix(trakt, block, enhet)
    if not fold(designation).endswith(fold(suffix)):
        problem(line, "designation", f"Beteckningen {designation} stämmer inte med trakt, block och enhet ({suffix})")
        return None
    postcode = values.get("postcode")
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except InvalidNumber as exc:
            problem(line, "postcode", exc.message)
            return None
    return Property(
        property_id=property_id_for(designation),
        designation=designation,
        trakt=trakt,
        block=block,
        enhet=enhet,
        address=values.get("address"),
        postcode=postcode,
        city=values.get("city"),
    )
