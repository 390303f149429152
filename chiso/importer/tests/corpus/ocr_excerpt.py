"""A hand-corrected excerpt of the Tuy Phong seed (OCR text) and the OCR restoration measures.

`EXCERPT_OCR` is lines 331-348 of data/seeds/tuy-phong-2023-146-ocr-no-diacritics.txt as the
OCR wrote them; `EXCERPT_TRUE` is the same text corrected by hand from the wording of the plan.
"""

from __future__ import annotations

import re
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from chiso.importer.parse.ocr import repair_ocr, restore_ocr

SEEDS = Path(__file__).resolve().parents[4] / "data" / "seeds"
SEED = SEEDS / "tuy-phong-2023-146-ocr-no-diacritics.txt"
FIRST_LINE, LAST_LINE = 331, 348

EXCERPT_TRUE = """6. Trưởng Phòng Nội vụ

6.1. Theo dõi, kiểm tra và đôn đốc việc khắc phục các tồn tại, hạn chế của cơ
quan, đơn vị, địa phương theo Báo cáo số 1142/BC-SNV ngày 22/5/2023 của Sở Nội
vụ.

6.2, Hằng tháng, tham mưu UBND huyện họp đánh giá và giải quyết những
vấn đề tồn tại, hạn chế về công tác CCHC.

6.3. Chủ trì theo dõi, đôn đốc và đề ra các nhiệm vụ, giải pháp để cải thiện nội
dung chỉ số về công tác chỉ đạo điều hành CCHC; cải cách tổ chức bộ máy; cải cách
chế độ công vụ.

6.4. Xây dựng kế hoạch kiểm tra tại các phòng ban chuyên môn có liên quan và
các xã, thị trấn trong giải quyết TTHC và trong thực hiện các nhiệm vụ, giải pháp cụ
thể của địa phương để cải thiện chỉ số của tỉnh (nhất là các đơn vị, địa phương qua
khảo sát, đánh giá có kết quả chỉ số hài lòng đạt được còn thấp, hồ sơ thường xuyên
trễ hẹn, gây phiền hà cho dân). Hoàn thành trước ngày 20/6/2023."""

_WORD = re.compile(r"[^\W_]+")


def excerpt_ocr() -> str:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[FIRST_LINE - 1 : LAST_LINE])


def cer(text: str, truth: str) -> float:
    """Character error rate: edit distance over the length of the corrected text."""
    return Levenshtein.distance(text, truth) / max(1, len(truth))


def changed_share(text: str, restored: str) -> float:
    before, after = _WORD.findall(text), _WORD.findall(restored)
    if not before or len(before) != len(after):
        return 0.0
    return sum(1 for a, b in zip(before, after, strict=True) if a != b) / len(before)


def ocr_measurements() -> dict[str, float]:
    text = SEED.read_text(encoding="utf-8")
    ocr = excerpt_ocr()
    return {
        "changed_share": changed_share(text, restore_ocr(text)),
        "repaired_share": changed_share(text, repair_ocr(text)),
        "cer_before": cer(ocr, EXCERPT_TRUE),
        "cer_after": cer(restore_ocr(ocr), EXCERPT_TRUE),
        "chars": len(EXCERPT_TRUE),
    }
