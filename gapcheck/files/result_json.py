"""result.json: the interchange format of one check (schema: schemas/result.schema.json).

Everything downstream reads these files: the city-wide summary, the budget annex, the comparison
with a baseline, and the check's own reports, which are rendered from this document alone (so
`gapcheck report` renders them again later, byte for byte). They carry what those need and nothing
Excel- or HTML-specific.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from gapcheck.files.answers_json import version_from_dict
from gapcheck.jsonfile import check, read_json, write_json
from gapcheck.messages import N_
from gapcheck.model import (
    Basis,
    Candidate,
    Category,
    CheckedFeature,
    CheckedRequirement,
    CheckedSpec,
    CheckResult,
    Feature,
    FeatureMatch,
    FeatureStatus,
    GapList,
    Kind,
    ListedAnswer,
    Match,
    Note,
    ReadWarning,
    ResultDocument,
    Role,
    Summary,
    Support,
    SystemInfo,
    TargetKind,
    Verdict,
)
from gapcheck.version import __version__

# 2: everything the reports show (skipped rows, vendor ids, attribution, all answers);
# 3: notes and warnings as codes with parameters, not sentences (rendered in each report's language)
SCHEMA_VERSION = 3
REPORTABLE = 2  # the first version the reports can be rendered from
FILE_NAME = "result.json"


def _some(document: dict) -> dict:
    """Without the optional members that are absent (None, empty text or collection)."""
    return {k: v for k, v in document.items() if v is not None and v != "" and v != [] and v != {}}


def result_to_dict(
    result: CheckResult,
    *,
    spec_path: str | None = None,
    decisions_path: str | None = None,
    system: SystemInfo | None = None,
    generated_at: datetime | None = None,
    lang: str | None = None,
) -> dict:
    """result.json's document of a check; `lang`: the language its reports are rendered in."""
    spec, inventory, summary = result.spec, result.inventory, result.summary
    features = inventory.by_key
    document = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"gapcheck {__version__}",
        "generated_at": (generated_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "lang": lang,
        "system": system_to_dict(system) if system else None,
        "spec": _some(
            {
                "area": spec.area,
                "slug": spec.slug,
                "version": spec.version,
                "business_code": spec.business_code,
                "sample": spec.sample,
                "path": spec_path,
                "requirements": len(spec.requirements),
                "attribution": spec.source.attribution,
            }
        ),
        "inventory": {
            "path": inventory.path,
            "kind": inventory.kind.value,
            "features": len(inventory.features),
            "sheets": [
                _some(
                    {
                        "name": s.name,
                        "used": s.used,
                        "reason": note_to_dict(s.reason) if s.reason else None,
                        "header_rows": list(s.header_rows),
                        "columns": dict(s.columns),
                        "rows": s.rows,
                    }
                )
                for s in inventory.sheets
            ],
            "skipped": [{"sheet": s.sheet, "row": s.row, "reason": note_to_dict(s.reason)} for s in inventory.skipped],
            "warnings": [warning_to_dict(w) for w in inventory.warnings],
        },
        "decisions": decisions_path,
        "summary": {
            "requirements": summary.requirements,
            "mandatory_fit_rate": summary.mandatory_fit_rate,
            "likely_mandatory_fit_rate": summary.likely_mandatory_fit_rate,
            "verdicts": {c.value: {v.value: n for v, n in counts.items()} for c, counts in summary.verdicts.items()},
            "totals": {v.value: n for v, n in summary.totals.items()},
            "features": {s.value: n for s, n in summary.features.items()},
        },
        "requirements": [
            {
                "id": r.requirement.id,
                "kind": r.requirement.kind.value,
                "name": r.requirement.name,
                "text": r.requirement.text,
                "category": r.requirement.category.value,
                "section": list(r.requirement.section),
                **({"effective_from": r.requirement.effective_from.isoformat()} if r.requirement.effective_from else {}),
                "verdict": r.verdict.value,
                **({"likely": r.likely.value} if r.likely else {}),
                "coverage": r.coverage.value if r.coverage else None,
                "features": list(r.features),
                "candidates": list(r.candidates),
            }
            for r in result.requirements
        ],
        "features": [_feature_to_dict(features[m.feature], m) for m in result.matching.features],
        "stale_decisions": [
            _some(
                {
                    "feature": s.decision.feature,
                    "missing_requirements": list(s.missing_requirements),
                    "feature_missing": s.feature_missing,
                }
            )
            for s in result.matching.stale_decisions
        ],
    }
    return {k: v for k, v in document.items() if v is not None}


def note_to_dict(note: Note) -> dict:
    """A note as result.json keeps it: its code, and its parameters if it has any."""
    params = {name: note_to_dict(v) if isinstance(v, Note) else v for name, v in note.params.items()}
    return {"code": note.code, "params": params} if params else {"code": note.code}


def note_from_json(value: dict | str) -> Note | str:
    """A note read back; a sentence from a file of format version 2 stays a sentence."""
    if isinstance(value, str):
        return value
    params = value.get("params", {})
    return Note(value["code"], {name: note_from_json(v) if isinstance(v, dict) else v for name, v in params.items()})


def warning_to_dict(warning: ReadWarning) -> dict:
    return _some(
        {
            "sheet": warning.sheet,
            "rows": list(warning.rows),
            "row_count": warning.row_count if warning.row_count > len(warning.rows) else None,
            "column": warning.column,
            "note": note_to_dict(warning.note),
        }
    )


def warning_from_json(value: dict | str) -> ReadWarning | str:
    """A warning read back; a sentence from a file of format version 2 stays a sentence."""
    if isinstance(value, str):
        return value
    rows = tuple(value.get("rows", ()))
    return ReadWarning(value["sheet"], note_from_json(value["note"]), rows, value.get("row_count", len(rows)),
                       value.get("column"))


def system_to_dict(system: SystemInfo) -> dict:
    """The system member: dates in ISO form, the members not given left out."""
    return _some(
        {
            **vars(system),
            "role": system.role.value if system.role else None,
            "planned": system.planned.isoformat() if system.planned else None,
            "deadline": system.deadline.isoformat() if system.deadline else None,
        }
    )


def system_from_dict(document: dict) -> SystemInfo:
    def day(key: str) -> date | None:
        return date.fromisoformat(document[key]) if key in document else None

    return SystemInfo(
        name=document.get("name"),
        vendor=document.get("vendor"),
        municipality=document.get("municipality"),
        municipality_code=document.get("municipality_code"),
        role=Role(document["role"]) if "role" in document else None,
        planned=day("planned"),
        deadline=day("deadline"),
    )


def _feature_to_dict(feature: Feature, matched: FeatureMatch) -> dict:
    document = {
        "key": feature.key,
        "sheet": feature.sheet,
        "row": feature.row,
        "name": feature.name,
        "text": feature.text,
        "section": list(feature.section),
        "refs": list(feature.refs),
        "support": feature.support.value if feature.support else None,
        "support_raw": feature.support_raw,
        "status": matched.status.value,
        "matches": [{"requirement": x.requirement, "score": round(x.score, 4), "basis": x.basis.value} for x in matched.matches],
        "candidates": [
            _some({"requirement": c.requirement, "score": round(c.score, 4), "conflicts": list(c.conflicts)})
            for c in matched.candidates
        ],
        "unknown_refs": list(matched.unknown_refs),
    }
    if matched.open:
        document["open"] = list(matched.open)
    if feature.vendor_id is not None:
        document["vendor_id"] = feature.vendor_id
    return document


def write_result(document: dict, out_dir: str | Path) -> Path:
    path = Path(out_dir) / FILE_NAME
    write_json(path, "result", document, "result.json")
    return path


def read_result(path: str | Path) -> ResultDocument:
    """A result.json (or the folder holding one), validated against the shipped schema."""
    return result_document(read_result_json(path))


def read_result_json(path: str | Path) -> dict:
    """A result.json (or the folder holding one) as its JSON document, validated against the schema."""
    path = Path(path)
    if path.is_dir():
        path = path / FILE_NAME
    document = read_json(path, "result")
    check(path, "result", document, N_("gapcheck result.json"))
    return document


def result_document(document: dict) -> ResultDocument:
    """The typed view of a result.json document (already valid); the short form of portfolio
    workers (spec, system and summary) gives one without requirements and features."""
    spec, summary, answers = document["spec"], document["summary"], document.get("answers")
    return ResultDocument(
        generated_at=document["generated_at"],
        spec=CheckedSpec(
            area=spec["area"],
            version=spec["version"],
            requirements=spec["requirements"],
            slug=spec.get("slug"),
            business_code=spec.get("business_code"),
            sample=spec.get("sample", False),
            path=spec.get("path"),
        ),
        inventory_path=document["inventory"]["path"],
        summary=Summary(
            verdicts={
                Category(c): {Verdict(v): n for v, n in counts.items()} for c, counts in summary["verdicts"].items()
            },
            features={FeatureStatus(s): n for s, n in summary["features"].items()},
            requirements=summary["requirements"],
            mandatory_fit_rate=summary["mandatory_fit_rate"],
            likely_mandatory_fit_rate=summary.get("likely_mandatory_fit_rate"),
        ),
        system=system_from_dict(document.get("system", {})),
        requirements=tuple(_requirement(r) for r in document.get("requirements", ())),
        features=tuple(_feature(f) for f in document.get("features", ())),
        decisions_path=document.get("decisions"),
        answers_path=answers["path"] if answers else None,
        answers=tuple(
            ListedAnswer(TargetKind(a["kind"]), a["target"], GapList(a["list"]), version_from_dict(a))
            for a in (answers or {}).get("items", ())
        ),
    )


def _requirement(r: dict) -> CheckedRequirement:
    return CheckedRequirement(
        r["id"],
        Kind(r["kind"]),
        r["name"],
        Category(r["category"]),
        Verdict(r["verdict"]),
        Verdict(r["likely"]) if "likely" in r else None,
        text=r.get("text", ""),
        section=tuple(r.get("section", ())),
        effective_from=date.fromisoformat(r["effective_from"]) if "effective_from" in r else None,
        coverage=Support(r["coverage"]) if r.get("coverage") else None,
        features=tuple(r["features"]),
        candidates=tuple(r.get("candidates", ())),
    )


def _feature(f: dict) -> CheckedFeature:
    return CheckedFeature(
        f["key"],
        f["name"],
        FeatureStatus(f["status"]),
        sheet=f["sheet"],
        row=f["row"],
        text=f.get("text", ""),
        section=tuple(f.get("section", ())),
        refs=tuple(f.get("refs", ())),
        support=Support(f["support"]) if f["support"] else None,
        support_raw=f.get("support_raw", ""),
        matches=tuple(Match(m["requirement"], m["score"], Basis(m["basis"])) for m in f["matches"]),
        candidates=tuple(
            Candidate(c["requirement"], c["score"], tuple(c.get("conflicts", ()))) for c in f["candidates"]
        ),
        unknown_refs=tuple(f.get("unknown_refs", ())),
    )
