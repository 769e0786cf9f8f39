"""YAML read safely and without aliases: the one loader for every YAML file a user can point workstatus at.

``yaml.SafeLoader`` builds only plain values; this one also refuses aliases
(``*name``): a value is written where it applies, and a few hundred bytes of
aliases expand into gigabytes. It lives here, the lowest layer that the
parameter files and the facade's commands and service both reach.
"""

from __future__ import annotations

from typing import Any

import yaml


class NoAliasLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses an alias before it can expand."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not accepted; write each value "
                                              "out where it applies", self.peek_event().start_mark)
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """The value of a YAML text; ``yaml.YAMLError`` for bad YAML or an alias, ``RecursionError`` when too deep."""
    return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 — a SafeLoader that also refuses aliases
