"""What a report is: a selector that snapshots the data, the narrative sections a person edits,
and the builders that render it. Adding a report type means adding one definition here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from chiso.core.builders import BUILDERS, Builder
from chiso.reports import compose, selectors
from chiso.reports.models import ReportKind


@dataclass(frozen=True)
class ReportDefinition:
    kind: str
    title: str
    selector: Callable[..., dict]
    sections: list[compose.Section]
    builders: tuple[Builder, ...]


DEFINITIONS = {
    ReportKind.UNIT: ReportDefinition(
        ReportKind.UNIT,
        "Báo cáo của đơn vị",
        selectors.unit_report_data,
        compose.UNIT_SECTIONS,
        (BUILDERS["docx"], BUILDERS["xlsx"]),
    ),
    ReportKind.COMPILED: ReportDefinition(
        ReportKind.COMPILED,
        "Báo cáo tổng hợp",
        selectors.compiled_report_data,
        compose.COMPILED_SECTIONS,
        (BUILDERS["docx"], BUILDERS["xlsx"]),
    ),
}


def definition(kind: str) -> ReportDefinition:
    return DEFINITIONS[ReportKind(kind)]
