"""Messages of the models are asserted in French, the interface's default language.

A request made by an earlier test leaves its language active in the thread; each test here
starts from French instead, whatever ran before it.
"""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield
