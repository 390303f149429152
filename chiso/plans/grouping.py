"""A long plan's tasks in the document's own structure: appendix, then the index section inside
it (I. PAPI, II. SIPAS…), in the order the document gives them. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Section:
    title: str
    tasks: list = field(default_factory=list)


@dataclass
class Group:
    title: str
    sections: list[Section] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.tasks) for s in self.sections)


def appendix_title(raw: str) -> str:
    """'PHỤ LỤC 3' -> 'Phụ lục 3'; a plan without appendices has one group."""
    if not raw:
        return "Nhiệm vụ của kế hoạch"
    words = raw.split()
    if len(words) >= 2 and words[0].upper() == "PHỤ" and words[1].upper() == "LỤC":
        return " ".join(["Phụ", "lục", *words[2:]])
    return raw


def group_tasks(tasks: list, index_labels: dict[str, str]) -> list[Group]:
    """Consecutive tasks of one appendix form a group; inside it, one section per index."""
    groups: list[Group] = []
    for task in tasks:
        title = appendix_title(task.appendix)
        if not groups or groups[-1].title != title:
            groups.append(Group(title))
        group = groups[-1]
        label = index_labels.get(task.index_code, task.index_code) or "Nhiệm vụ chung"
        if not group.sections or group.sections[-1].title.split(". ", 1)[-1] != label:
            number = ROMAN[len(group.sections)] if len(group.sections) < len(ROMAN) else "…"
            group.sections.append(Section(f"{number}. {label}"))
        group.sections[-1].tasks.append(task)
    return groups
