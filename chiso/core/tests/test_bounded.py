"""A computation run under ceilings: its value, its own error, or a clean stop on a breach."""

import time

import pytest

from chiso.core.lib.bounded import LimitExceeded, run_bounded


def _sum(*numbers):
    return sum(numbers)


def _refuse(text):
    raise ValueError(text)


def _forever():
    while True:
        time.sleep(1)


def _hoard():
    return len(bytearray(512 * 1024 * 1024))


def test_value_comes_back_from_the_child():
    assert run_bounded(_sum, 1, 2, 3, seconds=30, memory_mb=256) == 6


def test_an_error_of_the_function_is_raised_again():
    with pytest.raises(ValueError, match="không đọc được"):
        run_bounded(_refuse, "không đọc được", seconds=30, memory_mb=256)


def test_a_computation_that_never_ends_is_stopped():
    with pytest.raises(LimitExceeded) as caught:
        run_bounded(_forever, seconds=0.5, memory_mb=256)
    assert caught.value.kind == "time"


def test_a_computation_that_wants_too_much_memory_is_stopped():
    with pytest.raises(LimitExceeded) as caught:
        run_bounded(_hoard, seconds=30, memory_mb=64)
    assert caught.value.kind == "memory"
