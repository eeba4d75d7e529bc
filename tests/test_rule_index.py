"""rules/README.md, the rule index, lists every rule and the peer codes of loglint.peers."""

from __future__ import annotations

from pathlib import Path
from typing import List

from loglint.peers import NOQA_PEERS, PYLINT_NAMES, PYLINT_PEERS, peers_of
from loglint.registry import all_rules, rules_by_code

INDEX = Path(__file__).resolve().parent.parent / "rules" / "README.md"


def expected_table() -> List[str]:
    rows = [
        "| code | name | family | default | fix | peer codes |",
        "|---|---|---|---|---|---|",
    ]
    for cls in all_rules():
        default = "on" if cls.default_enabled else "off"
        peers = ", ".join(peers_of(cls.code)) or "—"
        rows.append(f"| [{cls.code}]({cls.code}.md) | {cls.name} | {cls.family} | {default} | {cls.fix or '—'} | {peers} |")
    return rows


def test_index_lists_every_rule_with_its_peer_codes() -> None:
    table = [line for line in INDEX.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    assert table == expected_table(), "rules/README.md is out of date; its table should be:\n" + "\n".join(expected_table())


def test_peer_codes_map_to_registered_rules() -> None:
    mapped = [code for codes in NOQA_PEERS.values() for code in codes]
    mapped += [code for _, codes in PYLINT_PEERS.values() for code in codes]
    assert mapped and all(code in rules_by_code() for code in mapped), sorted(set(mapped) - set(rules_by_code()))


def test_pylint_ids_and_names_are_both_known() -> None:
    assert PYLINT_NAMES["W1203"] == PYLINT_NAMES["logging-fstring-interpolation"] == frozenset({"LL301"})
    assert peers_of("LL301") == ["G004", "LOG011", "W1203 (logging-fstring-interpolation)"]
