"""The spec format: one JSON file per business area and edition (schema: schemas/spec.schema.json)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from gapcheck import atomic
from gapcheck.errors import Location, Problem, ProblemsError
from gapcheck.jsonfile import NOT_VALID, REFUSED, dumps, problems, read_json
from gapcheck.messages import N_, _
from gapcheck.model import Category, Kind, Requirement, Spec, SpecSource

FORMAT = "gapcheck-spec"
FORMAT_VERSION = 1
WHAT = N_("gapcheck spec")


def _drop_empty(document: dict) -> dict:
    return {k: v for k, v in document.items() if v not in (None, "", ())}


def requirement_to_dict(requirement: Requirement) -> dict:
    document = {
        "id": requirement.id,
        "kind": requirement.kind.value,
        "name": requirement.name,
        "text": requirement.text,
        "category": requirement.category.value,
        "section": list(requirement.section),
        "source_id": requirement.source_id,
        "effective_from": requirement.effective_from.isoformat() if requirement.effective_from else None,
        "notes": requirement.notes,
    }
    return {k: v for k, v in document.items() if v is not None}


def spec_to_dict(spec: Spec) -> dict:
    source = spec.source
    return _drop_empty(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "area": spec.area,
            "slug": spec.slug,
            "business_code": spec.business_code,
            "version": spec.version,
            "published": spec.published.isoformat() if spec.published else None,
            "sample": spec.sample,
            "source": _drop_empty(
                {
                    "title": source.title,
                    "publisher": source.publisher,
                    "url": source.url,
                    "attribution": source.attribution,
                    "files": list(source.files),
                }
            )
            or None,
            "requirements": [requirement_to_dict(r) for r in spec.requirements],
        }
    )


def spec_from_dict(document: dict) -> Spec:
    source = document.get("source", {})
    return Spec(
        area=document["area"],
        version=document["version"],
        slug=document.get("slug"),
        business_code=document.get("business_code"),
        published=date.fromisoformat(document["published"]) if document.get("published") else None,
        sample=document.get("sample", False),
        source=SpecSource(
            title=source.get("title"),
            publisher=source.get("publisher"),
            url=source.get("url"),
            attribution=source.get("attribution"),
            files=tuple(source.get("files", ())),
        ),
        requirements=tuple(
            Requirement(
                id=r["id"],
                kind=Kind(r["kind"]),
                name=r["name"],
                text=r["text"],
                category=Category(r["category"]),
                section=tuple(r["section"]),
                source_id=r.get("source_id"),
                effective_from=date.fromisoformat(r["effective_from"]) if r.get("effective_from") else None,
                notes=r.get("notes"),
            )
            for r in document["requirements"]
        ),
    )


def spec_problems(path: str | Path, document: object) -> list[Problem]:
    """Every schema violation and every duplicate id, with its JSON path."""
    found = problems(path, "spec", document)
    if isinstance(document, dict) and isinstance(document.get("requirements"), list):
        # ids of other types are schema violations already (and may not be hashable)
        ids = [r.get("id") if isinstance(r, dict) and isinstance(r.get("id"), str) else None
               for r in document["requirements"]]
        counts = Counter(ids)
        first: dict[str, int] = {}
        for index, rid in enumerate(ids):
            if rid is None or counts[rid] < 2:
                continue
            if rid in first:
                found.append(
                    Problem(
                        Location(path),
                        _("$.requirements[{index}].id: duplicate id '{id}' (first at $.requirements[{first}])",
                          index=index, id=rid, first=first[rid]),
                    )
                )
            else:
                first[rid] = index
    return found


def load_spec(path: str | Path) -> Spec:
    """Read and validate a spec file; ProblemsError lists every violation."""
    document = read_json(path, "gapcheck-spec")
    found = spec_problems(path, document)
    if found:
        raise ProblemsError(
            _(NOT_VALID, path=path, what=_(WHAT), count=len(found)),
            found,
            _("fix these, or import the ministry's workbook again with `gapcheck spec import`"),
        )
    return spec_from_dict(document)


def write_spec(spec: Spec, path: str | Path) -> None:
    document = spec_to_dict(spec)
    found = spec_problems(path, document)
    if found:
        raise ProblemsError(_(REFUSED, path=path, what=_(WHAT)), found)
    atomic.write_text(path, dumps(document))
