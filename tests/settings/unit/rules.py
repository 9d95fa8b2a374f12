from contextlib import contextmanager

import pytest

from clinic_settings.domain.errors import SettingsRuleBroken


@contextmanager
def breaks(code: str):
    """The block must break the settings rule with this code."""
    with pytest.raises(SettingsRuleBroken) as broken:
        yield
    assert broken.value.code == code, broken.value.message
