"""The actor knowledge base (issue #4): format, loading, dated roles, user overrides, the converter.

Fast tier: no spaCy model. KBs are built from small real files written in ``tmp_path``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from dotterel.actors.kb import KnowledgeBase, Role, load_kb, norm
from dotterel.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _build_kb_module():
    spec = importlib.util.spec_from_file_location("build_kb", ROOT / "scripts" / "build_kb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_kb"] = module
    spec.loader.exec_module(module)
    return module


def test_norm_makes_spellings_meet():
    assert norm("U.S.") == norm("US") == "us"
    assert norm("Al-Qaeda") == norm("al Qaeda")
    assert norm("Iran\u2019s") == "iran's"


def test_shipped_kb_loads_once_and_knows_the_example_actors():
    kb = load_kb()
    assert load_kb() is kb  # cached: one load per process
    assert kb.lookup("Hamas")[0].country == "PSE"
    assert kb.lookup("Ansar Allah")[0].id == kb.lookup("Houthis")[0].id
    assert kb.demonym("Iranian") == "IRN"
    assert kb.role_sector("troops") == "MIL"
    assert kb.role_sector("militia") == "REB"  # curated-roles.tsv overrides NGEC's UAF
    assert kb.lookup("Tehran")[0].type == "seat"


def test_dated_role_holds_only_within_its_dates():
    kb = load_kb()
    khamenei = kb.lookup("Khamenei")[0]
    role, why = khamenei.role_on(date(2023, 11, 15))
    assert (role.country, role.sector) == ("IRN", "GOV")
    assert "in force" in why
    taliban = kb.lookup("Taliban")[0]
    assert taliban.role_on(date(2015, 1, 1))[0].sector == "REB"
    assert taliban.role_on(date(2022, 1, 1))[0].sector == "GOV"


def test_ended_roles_make_a_former_official(tmp_path):
    path = _write(
        tmp_path / "kb.jsonl",
        [{"id": "p:x", "name": "Ann Example", "type": "person",
          "roles": [{"country": "FRA", "sector": "GOV", "from": "2001-01-01", "to": "2005-01-01"}]}],
    )  # fmt: skip
    kb = KnowledgeBase.from_files([path], [])
    role, why = kb.entities["p:x"].role_on(date(2010, 1, 1))
    assert role == Role("FRA", "ELI")
    assert "former" in why
    role, why = kb.entities["p:x"].role_on(date(1990, 1, 1))
    assert role == Role("FRA", None) and "no role yet" in why


def test_user_file_extends_and_overrides_the_shipped_kb(tmp_path):
    user = _write(
        tmp_path / "mine.jsonl",
        [
            {"id": "group:hamas", "name": "Hamas", "type": "armed_group",
             "roles": [{"country": "PSE", "sector": "PTY"}]},
            {"id": "org:acme-militia", "name": "Acme Brigade", "type": "armed_group", "aliases": ["the Acme"],
             "roles": [{"country": "NER", "sector": "REB"}], "source": "my notes"},
            {"kind": "role", "phrase": "bandits", "sector": "CRM"},
        ],
    )  # fmt: skip
    kb = load_kb(str(user))
    assert kb.lookup("Hamas")[0].roles[0].sector == "PTY"  # same id: replaced
    assert kb.lookup("Acme")[0].country == "NER"  # "the" is dropped from aliases
    assert kb.role_sector("bandits") == "CRM"
    assert load_kb().lookup("Hamas")[0].roles[0].sector == "REB"  # the shipped KB is untouched


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x", "name": "X"}\nnot json\n', "not JSON"),
        ('{"id": "x", "name": "X", "type": "spaceship"}\n', "unknown type"),
        ('{"name": "no id"}\n', "bad knowledge-base record"),
        ("[1, 2]\n", "JSON object"),
        (
            '{"id": "x", "name": "X", "roles": [{"country": "IRN", "sector": "GOVT"}]}\n',
            "not a PLOVER sector",
        ),
        ('{"id": "x", "name": "X", "country": "Iran"}\n', "3-letter code"),
        ('{"kind": "role", "phrase": "bandits", "sector": "bandit"}\n', "not a PLOVER sector"),
    ],
)
def test_bad_user_file_is_a_config_error_naming_the_line(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        KnowledgeBase.from_files([path], [])
    assert message in str(err.value)
    assert "bad.jsonl" in str(err.value)


def test_missing_user_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        KnowledgeBase.from_files([tmp_path / "absent.jsonl"], [])


def test_converter_reads_tabari_codes_and_dates():
    build = _build_kb_module()
    assert build.parse_code("PSEREBHMS") == ("PSE", "REB")
    assert build.parse_code("IGOUNOJUDICJ") == ("UNO", "JUD")
    assert build.parse_code("IGOEUREEC") == ("EUR", None)
    assert build.parse_code("MNCUSA") == ("MNC", "BUS")
    assert build.parse_code("USAMED") == ("USA", "JRN")  # CAMEO MED is media; PLOVER MED is health
    assert build.parse_code("ELI") == (None, "ELI")
    assert build.expand_date("810622") == "1981-06-22"
    assert build.expand_date("19890604") == "1989-06-04"
    assert build.parse_role("IRNGOV >19890604") == {
        "country": "IRN", "sector": "GOV", "from": "1989-06-04", "checked": "2014-01-30"
    }  # fmt: skip
    assert build.parse_role("---") is None


def test_converter_reads_all_three_entry_layouts(tmp_path):
    build = _build_kb_module()
    src = tmp_path / "x.actors.txt"
    src.write_text(
        "# comment\n"
        "ABU_EXAMPLE_  # CountryInfo.txt\n+EXAMPLE\n+ABU_X_\n\t[IRNGOV 811013-890803]\n\t[IRNELI]\n"
        "ONE_LINE_GROUP_ [LBNREB] # note\n"
        "TWO_CODES_\t[USAGOV 010120-050120] [IGOUNOKID >050501]# note\n",
        encoding="utf-8",
    )
    entries = {e.key: e for e in build.parse_actor_file(src)}
    assert entries["abu example"].aliases == ["abu example", "example", "abu x"]
    assert {"country": "IRN", "sector": "GOV", "from": "1981-10-13", "to": "1989-08-03"} in entries[
        "abu example"
    ].roles
    assert entries["one line group"].roles == [{"country": "LBN", "sector": "REB"}]
    assert len(entries["two codes"].roles) == 2


def test_documented_user_kb_example_loads(tmp_path):
    """docs/actors.md shows a --kb file: it must be a valid one (issue #4)."""
    doc = (ROOT / "docs" / "actors.md").read_text(encoding="utf-8")
    block = doc.split("```jsonl\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.jsonl"
    path.write_text(block, encoding="utf-8")
    kb = KnowledgeBase.from_files([path], [])
    assert kb.lookup("Acme Front")[0].id == "user:acme"
    role = kb.entities["user:jane-roe"].role_on(date(2021, 1, 1))[0]
    assert (role.country, role.sector) == ("NER", "REB")
    assert kb.role_sector("bandits") == "CRM"


def test_open_ended_role_from_the_2014_snapshot_is_not_trusted_forever(tmp_path):
    path = _write(
        tmp_path / "kb.jsonl",
        [{"id": "p:y", "name": "Old Leader", "type": "person",
          "roles": [{"country": "DEU", "sector": "GOV", "from": "2005-11-22", "checked": "2014-01-30"}]}],
    )  # fmt: skip
    person = KnowledgeBase.from_files([path], []).entities["p:y"]
    assert person.role_on(date(2015, 6, 1))[0].sector == "GOV"
    role, why = person.role_on(date(2023, 6, 1))
    assert (role.country, role.sector) == ("DEU", None) and "unconfirmed" in why


def test_country_names_never_resolve_to_a_dictionary_organisation():
    """The 2014 dictionaries list where an organisation works beside its names; "China" is not
    a company and "Argentina" not a guerrilla group (found in `dotterel evaluate`'s output)."""
    kb = load_kb()
    for name, code in (("China", "CHN"), ("Argentina", "ARG"), ("Uzbekistan", "UZB"), ("Chinese", "CHN")):
        ids = [e.id for e in kb.lookup(name)]
        assert ids and ids[0] == f"country:{code}", (name, ids)
        assert not any(i.startswith("phoenix:") for i in ids), (name, ids)
    assert [e.id for e in kb.lookup("Hamas")][0] == "group:hamas"
