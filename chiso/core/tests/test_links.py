"""Link prefixes built once per table give the addresses `reverse` gives for each row."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from chiso.core.links import id_prefix


@pytest.mark.parametrize(
    "name, args",
    [("tracking:occurrence", ()), ("plans:detail", ()), ("assessment:unit", (7,))],
)
def test_prefix_and_id_is_the_address_of_the_row(name, args):
    for pk in (1, 42, 1234567):
        assert f"{id_prefix(name, *args)}{pk}/" == reverse(name, args=[*args, pk])


def test_an_address_that_does_not_end_with_the_id_is_refused():
    with pytest.raises(ImproperlyConfigured):
        id_prefix("dossiers:run_map")
