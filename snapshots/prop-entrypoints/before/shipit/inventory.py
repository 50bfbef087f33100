"""Host specifications: ``web-[1-3],db-1`` expands to web-1, web-2, web-3, db-1."""

import re
from dataclasses import dataclass

_RANGE = re.compile(r"^(?P<prefix>[\w.-]*)\[(?P<lo>\d+)-(?P<hi>\d+)\](?P<suffix>[\w.-]*)$")


@dataclass(frozen=True)
class Host:
    name: str

    @property
    def role(self) -> str:
        """The part before the first dash: ``web`` for ``web-1``."""
        return self.name.split("-", 1)[0]


def parse_hosts(spec: str) -> list[Host]:
    """Expand a comma-separated host spec; duplicates are dropped, order is kept."""
    names: list[str] = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        match = _RANGE.match(item)
        if match:
            lo, hi = int(match["lo"]), int(match["hi"])
            if lo > hi:
                raise ValueError(f"empty host range in {item!r}")
            names.extend(f"{match['prefix']}{i}{match['suffix']}" for i in range(lo, hi + 1))
        else:
            names.append(item)
    if not names:
        raise ValueError("no hosts given")
    return [Host(name) for name in dict.fromkeys(names)]
