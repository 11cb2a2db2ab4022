"""The quotas of an imported plan as the builder meets them: read from phrases, named by tags
and 工作指标 lines (resolved once every section is read), and OKR key result headings."""

from __future__ import annotations

from typing import Any

from plangen.commands.importer import frames as f
from plangen.commands.importer.quotas import read_key_result, read_phrase
from plangen.commands.importer.tree import Node


class QuotaReading:
    """The quota half of `body.Builder` (it sets data, notes, prev, quota_ids and pending)."""

    data: dict[str, Any]
    notes: Any
    prev: str
    quota_ids: dict[str, str]
    pending: list[tuple[dict[str, Any], str]]

    def owner(self, text: str) -> Any:  # pragma: no cover - defined by the builder
        raise NotImplementedError

    def add_quota(self, fields: dict[str, Any]) -> str:
        """Adds a quota; `_named: False` in `fields` marks a phrase without a name of its own (the
        core bullet or a tag that lists it names it later)."""
        named = fields.pop("_named", True)
        quotas = self.data.setdefault("quotas", [])
        qid = f"q{len(quotas) + 1}"
        quotas.append({"id": qid, **fields, **({} if named else {"_unnamed": True})})
        self.quota_ids.setdefault(fields["name"], qid)
        if "text" in fields:
            self.notes.guessed(qid, "指标的类型和数值按原句推测，原句保留在 text 中")
        return qid

    def read_quota(self, phrase: str) -> dict[str, Any]:
        fields = read_phrase(phrase, self.prev)
        if fields is None:
            fields = {"name": phrase.strip("。；"), "text": phrase.strip("。；")}
            fields["_named"] = False
        return fields

    def quota_from_phrase(self, phrase: str) -> str:
        return self.add_quota(self.read_quota(phrase))

    def quota_refs(self, names: str) -> list[str]:
        """Returns the ids of “名称一、名称二” (names may themselves hold 、), longest names first."""
        ids, rest = [], names
        known = sorted(self.quota_ids, key=len, reverse=True)
        while rest:
            for name in known:
                if rest.startswith(name) and (len(rest) == len(name) or rest[len(name)] == "、"):
                    ids.append(self.quota_ids[name])
                    rest = rest[len(name) + 1 :]
                    break
            else:
                head, _, rest = rest.partition("、")
                unnamed = [
                    q
                    for q in self.data.get("quotas", [])
                    if q.get("_unnamed") and head in q.get("text", "")
                ]
                if unnamed:
                    unnamed[0].pop("_unnamed")
                    unnamed[0]["name"] = head
                    self.quota_ids[head] = unnamed[0]["id"]
                    ids.append(unnamed[0]["id"])
                else:
                    ids.append(self.quota_from_phrase(head))
        return ids

    def resolve_pending(self) -> None:
        """Links the quotas the tags name, now that every section's quotas are known."""
        for item, names in self.pending:
            item["quotas"] = self.quota_refs(names)
        self.pending = []

    def key_result(self, node: Node) -> str | None:
        """Reads an OKR key result heading into a quota (its 行动项 bullets name tasks that are
        written out elsewhere); returns its id, or None when `node` is not one."""
        found = f.KEY_RESULT.match(node.head) if node.heading else None
        fields = read_key_result(_kr_phrase(found), self.prev) if found else None
        rest = [line for line in node.body if line not in f.ACTION_LABELS]
        if not found or not fields or node.children or not all(map(f.ACTION_REF.match, rest)):
            return None
        if found.group("owner"):
            fields["owner"] = self.owner(found.group("owner"))
        name = fields["name"]
        return self.quota_ids.get(name) or self.add_quota(fields)

    def known_or_new(self, phrase: str) -> str:
        fields = read_phrase(phrase, self.prev)
        name = fields["name"] if fields else phrase
        qid = self.quota_ids.get(name)
        if qid and fields and "text" not in fields:
            # named before by its bare name (a quota is phrased in full once): now its fields
            quota = next(q for q in self.data["quotas"] if q["id"] == qid)
            if quota.get("text") == quota["name"]:
                kept = {k: quota[k] for k in ("id", "area", "owner") if k in quota}
                quota.clear()
                quota.update({"id": qid, **fields, **kept})
        return qid or self.quota_from_phrase(phrase)

    def key_result_quota(self, node: Node) -> str | None:
        """Reads a key result heading into a quota (or finds it by name); returns its id."""
        found = f.KEY_RESULT.match(node.head)
        fields = read_key_result(_kr_phrase(found), self.prev) if found else None
        if not found:
            return None
        if not fields:  # named by the core bullet or a tag that lists it
            fields = {"name": found.group("phrase"), "text": found.group("phrase"), "_named": False}
        if found.group("owner"):
            fields["owner"] = self.owner(found.group("owner"))
        if fields["name"] in self.quota_ids:
            return self.quota_ids[fields["name"]]
        return self.add_quota(fields)


def _kr_phrase(found: Any) -> str:
    """A key result's phrase with its ratio bracket: “……缩短2小时（下降50%）”."""
    ratio = found.group("ratio")
    return found.group("phrase") + (f"（{ratio}）" if ratio else "")
