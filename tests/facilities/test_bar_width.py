"""Bars are drawn with a width class, not a style attribute the Content-Security-Policy refuses."""

from decimal import Decimal

import pytest

from facilities.templatetags.figures import bar_width


@pytest.mark.parametrize(
    ("share", "css_class"),
    [
        (0, "bar-width-0"),
        (42, "bar-width-42"),
        (Decimal("66.6"), "bar-width-67"),
        ("35", "bar-width-35"),
        (140, "bar-width-100"),
        (-5, "bar-width-0"),
        (None, "bar-width-0"),
    ],
)
def test_a_share_becomes_the_class_of_a_bar_that_wide(share, css_class):
    assert bar_width(share) == css_class
