from chiso.core.lib.vntext import (
    build_lexicon,
    diacritic_ratio,
    fold,
    fold_chars,
    restore_diacritics,
)


def test_fold():
    assert fold("  Sở  Nội vụ ĐỒNG Nai ") == "so noi vu dong nai"
    assert len(fold_chars("Ủy ban  Đồng")) == len("Ủy ban  Đồng")


def test_restore_uses_only_unambiguous_phrases():
    lexicon = build_lexicon(
        ["Phòng Nội vụ theo dõi. Phòng Nội vụ báo cáo.", "có cơ cô cỏ"], min_count=2
    )
    assert restore_diacritics("Phong Noi vu theo doi", lexicon) == "Phòng Nội vụ theo dõi"
    assert restore_diacritics("co", lexicon) == "co"  # ambiguous: kept as written


def test_restore_keeps_case_and_punctuation():
    out = restore_diacritics("PHONG NOI VU, Chu tich UBND huyen.")
    assert out.startswith("PHÒNG NỘI VỤ,")
    assert "Chủ tịch" in out and out.endswith("huyện.")


def test_ratio():
    assert diacritic_ratio("Phòng Nội vụ huyện") > 0.5
    assert diacritic_ratio("Phong Noi vu huyen") == 0
