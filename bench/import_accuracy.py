"""Accuracy of the plan importer on a labelled corpus: `python bench/import_accuracy.py [-v]`.

The corpus (chiso/importer/tests/corpus) holds documents written for this measure in every
supported format and shape; each is parsed and scored against its gold labels for task recall,
precision and field accuracy (lead, coordinating, index, deadline kind, deadline dates). The
seed plans are checked for tasks without a lead, and the OCR restoration of the Tuy Phong seed
is measured: the share of words changed and the character error rate against a hand-corrected
excerpt, before and after restoration.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chiso.importer.cli_json import parse_file  # noqa: E402
from chiso.importer.errors import DocumentError  # noqa: E402
from chiso.importer.tests.corpus import documents  # noqa: E402
from chiso.importer.tests.corpus.ocr_excerpt import ocr_measurements  # noqa: E402
from chiso.importer.tests.corpus.score import Score, score_draft  # noqa: E402

SEEDS = ROOT / "data" / "seeds"


def corpus_score(verbose: bool = False) -> Score:
    total = Score()
    for doc in documents():
        try:
            draft = parse_file(doc.name, doc.data)
        except DocumentError as exc:  # a document the importer rejects scores no task
            draft = {"tasks": [], "plan": {}, "error": exc.message}
        score = score_draft(doc.name, draft, doc.gold)
        total.add(score)
        print(
            f"{doc.name:28} tasks {score.matched}/{score.gold} (predicted {score.predicted}) "
            f"fields {score.fields_right}/{score.fields} header {score.header_right}/{score.header}"
        )
        if verbose:
            for miss in score.misses:
                print(f"    {miss}")
    return total


def seeds_without_lead() -> int:
    missing = 0
    for path in sorted(SEEDS.glob("*.txt")):
        draft = parse_file(path.name, path.read_bytes())
        missing += sum(1 for t in draft["tasks"] if not t["lead"])
    return missing


def main(argv: list[str]) -> int:
    total = corpus_score(verbose="-v" in argv)
    print(f"seed tasks without a lead: {seeds_without_lead()}")
    ocr = ocr_measurements()
    print(
        f"ocr: words changed={ocr['changed_share']:.3f} "
        f"(garbled words repaired={ocr['repaired_share']:.3f}) "
        f"cer before={ocr['cer_before']:.3f} after={ocr['cer_after']:.3f} "
        f"(excerpt of {ocr['chars']} characters)"
    )
    print(
        f"accuracy: recall={total.recall:.3f} precision={total.precision:.3f} "
        f"field_acc={total.field_acc:.3f} header_acc={total.header_acc:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
