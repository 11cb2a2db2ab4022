"""What kind of file a user wrote (a plan, a theme): its schema and the words its messages use.

The readers in `plangen.source` are the same for every kind; only these words and the schema differ,
so a mistake is reported the same way in a plan and in a theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel


@dataclass(frozen=True)
class FileKind:
    """One kind of YAML file users write, as `plangen.source` needs to know it."""

    model: type[BaseModel]  # the pydantic model the file's data must validate into
    noun: str  # what users call the file: "计划文件"
    typical_size: str  # how big such a file usually is: "几十 KB"
    typical_depth: int  # how deep its nesting usually goes
    top_keys: str  # example top-level keys: "school:、period:"
    empty: str  # the message for an empty file (or one with only comments)
    free_keys: frozenset[str] = frozenset()  # mappings whose text is free (no `key:value` check)
    unknown_top: str = ""  # the hint for an unknown top-level key ("" lists the known fields)

    @cached_property
    def container_keys(self) -> frozenset[str]:
        """The keys of the schema whose value is a mapping or a list of mappings (school, goals,
        steps …): plain text there is always a mistake, most often `key:value` without a space."""
        import typing

        from pydantic import BaseModel

        keys: set[str] = set()
        seen: set[type[BaseModel]] = set()
        todo: list[type[BaseModel]] = [self.model]
        while todo:
            model = todo.pop()
            seen.add(model)
            for name, info in model.model_fields.items():
                args = [info.annotation]
                while args:
                    arg = args.pop()
                    args += typing.get_args(arg)
                    if arg is dict or typing.get_origin(arg) is dict:
                        keys.add(name)
                    if isinstance(arg, type) and issubclass(arg, BaseModel):
                        keys.add(name)
                        if arg not in seen:
                            todo.append(arg)
        return frozenset(keys)
