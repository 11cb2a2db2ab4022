"""A stand-in for pydantic's plugin loader while pydantic's plugins are all off.

pydantic imports its loader (`pydantic.plugin._loader`) when it builds the first model, and the
loader imports importlib.metadata — and with it the email package, sockets and zip files, about
10 ms, a twentieth of `plangen validate` — only to say that there are no plugins when
PYDANTIC_DISABLE_PLUGINS turns them all off. The stand-in says so itself; once the switch says
otherwise, and for any other name a pydantic may ask its loader for, pydantic's own module is
loaded and answers instead, so nothing differs but the time.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

LOADER = "pydantic.plugin._loader"
ALL_OFF = ("__all__", "1", "true")  # the values with which pydantic loads no plugin at all


def stand_in_for_the_loader() -> None:
    """Puts the stand-in in pydantic's loader's place, unless plugins may be on or the loader is
    already imported."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ALL_OFF and LOADER not in sys.modules:
        sys.modules[LOADER] = PluginsOff(LOADER)


class PluginsOff(types.ModuleType):
    """Answers `get_plugins()` as pydantic's loader does while plugins are off; anything else it
    hands to pydantic's own module."""

    def __init__(self, name: str) -> None:
        import importlib.machinery

        super().__init__(name)
        self.__spec__ = importlib.machinery.ModuleSpec(name, None)  # find_spec asks for one
        self.get_plugins = self._get_plugins

    def _get_plugins(self) -> Any:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in ALL_OFF:
            return ()
        return self._real().get_plugins()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._real(), name)

    def _real(self) -> types.ModuleType:
        import importlib

        if sys.modules.get(self.__name__) is self:
            sys.modules.pop(self.__name__, None)  # another thread may have taken it out already
        return importlib.import_module(self.__name__)
