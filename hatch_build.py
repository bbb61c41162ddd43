"""Build hook: compile the CLI's French catalogue (``messages.po``) to ``messages.mo`` with Babel.

Translators edit the ``.po`` file with standard gettext tools; the compiled
``.mo`` is a build product (not committed). The wheel gets it through
``force_include``; an editable install gets it written beside the ``.po``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CATALOGUE = Path("src/conseils_citoyens/cli/locale/fr/LC_MESSAGES")


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile ``messages.po`` before the wheel is assembled."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write ``messages.mo`` and include it in the wheel."""
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        folder = Path(self.root) / CATALOGUE
        with (folder / "messages.po").open("rb") as source:
            catalogue = read_po(source, locale="fr", domain="messages")
        output = io.BytesIO()
        write_mo(output, catalogue, use_fuzzy=False)
        target = folder / "messages.mo"
        if not target.exists() or target.read_bytes() != output.getvalue():
            target.write_bytes(output.getvalue())
        if self.target_name == "wheel":
            build_data["force_include"][str(target)] = (
                "conseils_citoyens/cli/locale/fr/LC_MESSAGES/messages.mo"
            )
