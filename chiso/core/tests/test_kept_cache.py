"""Figures kept by reference (`figures.cached(..., shared=True)`): every reader of the process
gets the value computed once, and a write makes the next reader compute it anew."""

from django.core.cache import caches

from chiso.core import figures


def test_a_shared_figure_is_computed_once_and_anew_after_a_write(db):
    computed = []

    def compute():
        computed.append(1)
        return {"units": [1, 2, 3]}

    first = figures.cached("test-shared", ("k",), compute, reads=("tracking",), shared=True)
    again = figures.cached("test-shared", ("k",), compute, reads=("tracking",), shared=True)
    assert again is first and len(computed) == 1
    figures.bump(labels=["tracking"])
    after = figures.cached("test-shared", ("k",), compute, reads=("tracking",), shared=True)
    assert after == first and after is not first and len(computed) == 2


def test_a_copied_figure_is_a_copy_for_each_reader(db):
    first = figures.cached("test-copied", ("k",), lambda: {"units": [1]}, reads=("tracking",))
    again = figures.cached("test-copied", ("k",), lambda: {"units": [2]}, reads=("tracking",))
    assert again == first == {"units": [1]} and again is not first


def test_the_reference_cache_forgets_an_expired_value():
    kept = caches[figures.KEPT_ALIAS]
    value = ["a"]
    kept.set("expiring", value, timeout=-1)
    assert kept.get("expiring", "gone") == "gone"
    kept.set("kept", value)
    assert kept.get("kept") is value
    assert kept.add("kept", ["b"]) is False and kept.get("kept") is value


def test_the_reference_cache_counts_up_what_it_keeps():
    import pytest

    kept = caches[figures.KEPT_ALIAS]
    kept.set("count", 2)
    assert kept.incr("count", 3) == 5 and kept.get("count") == 5
    with pytest.raises(ValueError):
        kept.incr("never-kept")
