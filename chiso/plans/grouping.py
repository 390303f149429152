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


def titles_of(rows, index_labels: dict[str, str]) -> dict[int, tuple[str, str]]:
    """(appendix title, section title) of each task, from (pk, appendix, index code) rows in the
    plan's order: sections are numbered within their appendix over the whole sequence, so a
    page of the plan numbers them as the document does."""
    titles: dict[int, tuple[str, str]] = {}
    current, sections = None, []
    for pk, appendix, index_code in rows:
        title = appendix_title(appendix)
        if title != current:
            current, sections = title, []
        label = index_labels.get(index_code, index_code) or "Nhiệm vụ chung"
        if not sections or sections[-1] != label:
            sections.append(label)
        n = len(sections) - 1
        titles[pk] = (title, f"{ROMAN[n] if n < len(ROMAN) else '…'}. {label}")
    return titles


def group_tasks(tasks: list, index_labels: dict[str, str], titles: dict | None = None):
    """Consecutive tasks of one appendix form a group; inside it, one section per index.

    `titles` (from `titles_of` over the whole plan) keeps the document's section numbers when
    `tasks` is a part of it; without them the tasks are numbered as a whole."""
    if titles is None:
        titles = titles_of([(t.pk, t.appendix, t.index_code) for t in tasks], index_labels)
    groups: list[Group] = []
    for task in tasks:
        title, section = titles[task.pk]
        if not groups or groups[-1].title != title:
            groups.append(Group(title))
        group = groups[-1]
        if not group.sections or group.sections[-1].title != section:
            group.sections.append(Section(section))
        group.sections[-1].tasks.append(task)
    return groups
