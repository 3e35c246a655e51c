"""The event store's Python API: schema, de-duplication, clustering, queries (issue #6)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from dotterel.errors import StoreError, StoreLockedError
from dotterel.records import Entity
from dotterel.store import ClusterSettings, DedupSettings, EventFilter, EventStore
from dotterel.store.migrations import MIGRATIONS

from .conftest import store_held_by_another_process
from .test_store_records import RuleExtractor, article, event

WIRE = (
    "GAZA CITY, Nov 14 (Reuters) - Israeli aircraft struck a residential block in Gaza City on Tuesday, "
    "killing at least 11 people, Palestinian health officials said. The Israeli military said it had hit "
    "a Hamas command post in the area and accused the group of using civilians as shields. Residents "
    "described a night of heavy bombardment across the north of the enclave."
)


@pytest.fixture
def store():
    with EventStore(":memory:") as s:
        yield s


def test_migrations_are_recorded_and_run_once(tmp_path):
    path = tmp_path / "s.duckdb"
    with EventStore(path) as s:
        assert s.stats().migrations == [name for name, _ in MIGRATIONS]
    with EventStore(path) as s:  # reopening applies nothing new
        rows = s.con.execute("SELECT count(*) FROM schema_migrations").fetchone()
        assert rows[0] == len(MIGRATIONS)


def test_two_reports_of_one_strike_become_one_event(store):
    a = article("a", WIRE, outlet="Reuters")
    b = article("b", "Israeli jets struck Gaza City overnight, killing 12, medics said.", outlet="Al Jazeera")
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=11)])
    summary = store.add_article(
        b, [event(b, "ASSAULT", ["Israel"], [], when="2023-11-15", place="Gaza City", killed=12)]
    )
    assert (summary.events, summary.mentions) == (0, 1)
    page = store.query_events()
    assert page.total == 1
    ev = page.events[0]
    assert (ev.num_mentions, ev.num_articles, ev.num_sources) == (2, 2, 2)
    assert ev.outlets == ["Reuters", "Al Jazeera"]
    detail = store.get_event(ev.id)
    assert [m.article_id for m in detail.mentions] == ["a", "b"]
    assert detail.mentions[0].record["evidence"]["sentence"] == WIRE


@pytest.mark.parametrize(
    "change",
    [
        {"event_type": "PROTEST"},  # another category
        {"actors": ["Iran"]},  # incompatible actor
        {"when": "2023-11-20"},  # outside the 2-day window
        {"place": "Beirut"},  # another country
        {"place": "Khan Younis"},  # another precise place
        {"status": "negated"},  # "did not strike" is not the strike
    ],
)
def test_incompatible_reports_stay_apart(store, change):
    a = article("a", WIRE)
    b = article("b", "Israel struck Gaza again, officials said.", outlet="AP")
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City")])
    kw = {
        "actors": ["Israel"],
        "recipients": ["Hamas"],
        "place": "Gaza City",
        "event_type": "ASSAULT",
    } | change
    etype = kw.pop("event_type")
    store.add_article(b, [event(b, etype, kw.pop("actors"), kw.pop("recipients"), **kw)])
    assert store.query_events().total == 2


def test_country_level_place_is_compatible_with_a_city_in_it(store):
    a = article("a", WIRE)
    b = article("b", "Israel struck targets in Palestine, officials said.", outlet="AP")
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City")])
    store.add_article(b, [event(b, "ASSAULT", ["Israel"], ["Hamas"], place="Palestine")])
    page = store.query_events()
    assert page.total == 1 and page.events[0].place == "Gaza City"


def test_no_shared_participant_means_two_events(store):
    """Same type, day and place, but one report names only an actor, the other only a recipient."""
    a = article("a", WIRE)
    b = article("b", "Hamas was struck in Gaza City, a spokesman said.", outlet="AP")
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], [], place="Gaza City")])
    store.add_article(b, [event(b, "ASSAULT", [], ["Hamas"], place="Gaza City")])
    assert store.query_events().total == 2
    with EventStore(":memory:", cluster=ClusterSettings(require_shared_participant=False)) as lax:
        lax.add_article(a, [event(a, "ASSAULT", ["Israel"], [], place="Gaza City")])
        lax.add_article(b, [event(b, "ASSAULT", [], ["Hamas"], place="Gaza City")])
        assert lax.query_events().total == 1


def test_window_is_a_setting(store):
    a = article("a", WIRE)
    b = article("b", "Israel struck Gaza City last week.", outlet="AP")
    with EventStore(":memory:", cluster=ClusterSettings(window_days=7)) as wide:
        wide.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], when="2023-11-14")])
        wide.add_article(b, [event(b, "ASSAULT", ["Israel"], ["Hamas"], when="2023-11-19")])
        assert wide.query_events().total == 1
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], when="2023-11-14")])
    store.add_article(b, [event(b, "ASSAULT", ["Israel"], ["Hamas"], when="2023-11-19")])
    assert store.query_events().total == 2


def test_identical_copy_is_linked_not_counted(store):
    a = article("a", WIRE, outlet="Reuters")
    copy = article("copy", WIRE, outlet="Yahoo News")
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"])])
    summary = store.add_article(copy, [event(copy, "ASSAULT", ["Israel"], ["Hamas"])])
    assert (summary.articles, summary.duplicates, summary.mentions) == (1, 1, 0)
    art = store.get_article("copy")
    assert (art.duplicate_of, art.duplicate_kind, art.mention_ids) == ("a", "exact", [])
    assert store.query_events().events[0].num_articles == 1
    stats = store.stats()
    assert (stats.articles, stats.duplicates, stats.mentions) == (2, 1, 1)


def test_near_copy_with_small_edits_is_linked(store, seed_text):
    """A republished wire story: label dropped, a word changed, last sentence cut, boilerplate added."""
    sentences = seed_text.removeprefix("Article: ").split(". ")
    edited = ". ".join(sentences[:-1]).replace("Iran", "Tehran", 1) + ". Copyright 2023 Daily Post."
    store.add_article(article("seed", seed_text), [])
    assert store.add_article(article("near", edited, outlet="Daily Post"), []).duplicates == 1
    assert store.add_article(article("wire", WIRE), []).duplicates == 0  # same conflict, another story
    art = store.get_article("near")
    assert art.duplicate_of == "seed" and art.duplicate_kind == "near" and 0.7 <= art.similarity < 1.0


def test_dedup_threshold_is_a_setting():
    a = article("a", WIRE)
    half = WIRE[: len(WIRE) // 2] + " Other outlets carried a different account of the night entirely."
    with EventStore(":memory:", dedup=DedupSettings(threshold=0.3)) as loose:
        loose.add_article(a, [])
        assert loose.add_article(article("half", half), []).duplicates == 1
    with EventStore(":memory:") as strict:
        strict.add_article(a, [])
        assert strict.add_article(article("half", half), []).duplicates == 0


def test_dedup_index_survives_reopening(tmp_path):
    path = tmp_path / "s.duckdb"
    with EventStore(path) as s:
        s.add_article(article("a", WIRE), [])
    with EventStore(path) as s:
        assert s.add_article(article("near", WIRE + " Reporting by staff."), []).duplicates == 1


def test_same_article_again_adds_nothing(store):
    a = article("a", WIRE)
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"])])
    again = store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"])])
    assert (again.articles, again.skipped, again.mentions) == (0, 1, 0)
    assert store.stats().mentions == 1


def test_same_id_with_other_text_is_refused(store):
    store.add_article(article("a", WIRE), [])
    with pytest.raises(StoreError, match="already stored with different text"):
        store.add_article(article("a", WIRE + " Updated."), [])


def test_invalid_event_is_rolled_back_with_its_article(store):
    a = article("a", WIRE)
    good = event(a, "ASSAULT", ["Israel"], ["Hamas"])
    bad = event(a, "ASSAULT", ["Israel"], ["Hamas"], n=7)
    bad.event_type = "BOMB"
    with pytest.raises(StoreError, match="unknown PLOVER category 'BOMB'"):
        store.add_article(a, [good, bad])
    stats = store.stats()
    assert (stats.articles, stats.mentions, stats.events) == (0, 0, 0)
    store.add_article(a, [good])  # nothing half-written blocks the corrected article
    assert store.stats().mentions == 1


def test_ingest_skips_a_broken_article_and_keeps_the_rest(store):
    arts = [article(f"a{i}", f"Report {i}: Israel struck Gaza City, officials said.") for i in range(5)]
    arts[2] = article("a2", "BROKEN text that crashes a stage.")
    errors: list[str] = []
    summary = store.ingest(arts, RuleExtractor(), skip_bad=True, on_error=errors.append, batch_size=4)
    assert (summary.articles, summary.errors, summary.mentions) == (4, 1, 4)
    assert len(errors) == 1 and "article a2" in errors[0] and "stage dotterel_frames failed" in errors[0]
    assert store.query_events().events[0].num_articles == 4


def test_ingest_without_skip_bad_stops_and_keeps_what_came_before(store):
    places = ["Gaza City", "Rafah", "Khan Younis", "Jabalia", "Deir al-Balah"]
    arts = [article(f"a{i}", f"Israel struck {p} on day {i}, officials said.") for i, p in enumerate(places)]
    store.ingest(arts[:1], RuleExtractor())
    arts[3] = article("a0", "Other text under a stored id.")  # bad input: stops the run
    with pytest.raises(StoreError, match="article a0"):
        store.ingest(arts, RuleExtractor(), skip_bad=False, batch_size=16)
    assert store.stats().articles == 3
    assert store.last_summary is not None and store.last_summary.articles == 2
    summary = store.ingest(arts[:3] + arts[4:], RuleExtractor(), skip_bad=False)  # the resume
    assert (summary.skipped, summary.articles) == (3, 1)


def test_issue17_ingest_never_stops_at_a_stage_failure(store):
    """A stage failing on one article is a bug, not bad input: reported, and the rest stored."""
    places = ["Gaza City", "Rafah", "Khan Younis", "Jabalia", "Deir al-Balah"]
    arts = [article(f"a{i}", f"Israel struck {p} on day {i}, officials said.") for i, p in enumerate(places)]
    arts[3] = article("a3", "BROKEN")
    errors: list[str] = []
    summary = store.ingest(arts, RuleExtractor(), skip_bad=False, on_error=errors.append, batch_size=16)
    assert (summary.articles, summary.errors) == (4, 1)
    assert len(errors) == 1 and errors[0].startswith("[E301] article a3: stage dotterel_frames failed")
    assert store.stats().articles == 4


def test_ingest_does_not_extract_stored_articles_or_copies(store):
    arts = [article("a", WIRE), article("b", "Israel struck Gaza City again on Wednesday.")]
    store.ingest(arts, RuleExtractor())
    extractor = RuleExtractor()
    summary = store.ingest([*arts, article("copy", WIRE)], extractor)
    assert extractor.extracted == []
    assert (summary.skipped, summary.duplicates) == (2, 1)


def _filled(store) -> None:
    a = article("a", WIRE, outlet="Reuters", url="https://www.reuters.com/world/a")
    b = article("b", "Hezbollah fired rockets at Israel from Lebanon. Iran praised the attack.", outlet="AP")
    c = article(
        "c", "Protesters in Beirut denounced Israel on Friday.", outlet=None, url="https://news.example.org/c"
    )
    store.add_article(a, [event(a, "ASSAULT", ["Israel"], ["Hamas"], place="Gaza City", killed=11)])
    store.add_article(
        b,
        [
            event(b, "ASSAULT", ["Hezbollah"], ["Israel"], when="2023-11-12", place="Lebanon", n=0),
            event(b, "SUPPORT", ["Iran"], ["Hezbollah"], when="2023-11-12", n=40, confidence=0.6),
        ],
    )
    store.add_article(
        c, [event(c, "PROTEST", [], ["Israel"], when="2023-11-17", place="Beirut", status="historical")]
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(), ["PROTEST", "ASSAULT", "ASSAULT", "SUPPORT"]),
        (EventFilter(actor="HEZB"), ["ASSAULT"]),
        (EventFilter(actor_country="irn"), ["SUPPORT"]),
        (EventFilter(actor_sector="GOV", recipient="hamas"), ["ASSAULT"]),
        (EventFilter(recipient_country="ISR"), ["PROTEST", "ASSAULT"]),
        (EventFilter(event_type=("support", "PROTEST")), ["PROTEST", "SUPPORT"]),
        (EventFilter(quad_code=(4,)), ["PROTEST", "ASSAULT", "ASSAULT"]),
        (EventFilter(status=("historical",)), ["PROTEST"]),
        (EventFilter(date_from=date(2023, 11, 13), date_to=date(2023, 11, 14)), ["ASSAULT"]),
        (EventFilter(place="beirut"), ["PROTEST"]),
        (EventFilter(country="LBN"), ["PROTEST", "ASSAULT"]),
        (EventFilter(outlet="example.org"), ["PROTEST"]),
        (EventFilter(text="praised"), ["ASSAULT", "SUPPORT"]),
        (EventFilter(article_id="a"), ["ASSAULT"]),
        (EventFilter(min_confidence=0.7), ["PROTEST", "ASSAULT", "ASSAULT"]),
        (EventFilter(actor="x' OR 1=1 --"), []),
        (EventFilter(text="100%"), []),
    ],
)
def test_filters(store, filters, expected):
    _filled(store)
    page = store.query_events(filters)
    assert [e.event_type for e in page.events] == expected
    assert page.total == len(expected)


def test_order_and_pagination(store):
    _filled(store)
    everything = store.query_events()
    assert [e.date for e in everything.events] == sorted((e.date for e in everything.events), reverse=True)
    page = store.query_events(limit=2, offset=1)
    assert (page.total, page.limit, page.offset) == (4, 2, 1)
    assert [e.id for e in page.events] == [e.id for e in everything.events[1:3]]
    with pytest.raises(StoreError, match="limit"):
        store.query_events(limit=-1)


def test_article_spans_point_into_its_text(store):
    _filled(store)
    art = store.get_article("b")
    assert {s.kind for s in art.spans} >= {"trigger", "actor", "recipient", "evidence", "location"}
    for span in art.spans:
        assert art.text[span.start : span.end] == span.text
    with pytest.raises(StoreError, match="no article"):
        store.get_article("nope")


def test_actors_dyads_network_timeline_stats(store):
    _filled(store)
    names = [a.name for a in store.actors()]
    assert names[0] == "Israel"  # in three events
    israel = store.actor(store.actors()[0].id)
    assert israel.actor.num_events == 3
    assert {(d.counterpart_name, d.direction, tuple(d.counts.items())) for d in israel.dyads} == {
        ("Hamas", "out", ((4, 1),)),
        ("Hezbollah", "in", ((4, 1),)),
    }
    net = store.network()
    assert {(e.source.split("|")[0], e.target.split("|")[0], e.total) for e in net.edges} == {
        ("name:israel", "name:hamas", 1),
        ("name:hezbollah", "name:israel", 1),
        ("name:iran", "name:hezbollah", 1),
    }
    assert store.network(EventFilter(quad_code=(1,))).edges[0].weights == {1: 1}
    weeks = store.timeline(interval="week", by="quad")
    assert [(p.period.isoformat(), p.key, p.count) for p in weeks] == [
        ("2023-11-06", "1", 1),
        ("2023-11-06", "4", 1),
        ("2023-11-13", "4", 2),
    ]
    stats = store.stats()
    assert (stats.articles, stats.events, stats.mentions, stats.places) == (3, 4, 4, 3)
    assert stats.by_quad == {1: 1, 4: 3}


def test_read_only_store(tmp_path):
    path = tmp_path / "s.duckdb"
    with pytest.raises(StoreError, match="no store here"):
        EventStore(path, read_only=True)
    with EventStore(path) as s:
        _filled(s)
    with EventStore(path, read_only=True) as a, EventStore(path, read_only=True) as b:
        assert a.stats().events == b.stats().events == 4
        with pytest.raises(StoreError, match="read-only"):
            a.add_article(article("z", "text"), [])


def test_not_a_store_file(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("just some notes\n" * 500)
    with pytest.raises(StoreError, match="not a DuckDB store file"):
        EventStore(path)


def test_second_writer_gets_a_lock_error(tmp_path):
    path = tmp_path / "s.duckdb"
    with store_held_by_another_process(path) as proc:
        with pytest.raises(StoreLockedError, match=rf"locked by process {proc.pid}") as info:
            EventStore(path)
        assert "\n" not in str(info.value)


def _with_actor(ev, name: str, country: str, sector: str | None):
    ev.actor = [Entity(text=name, start=0, end=len(name), name=name, country=country, sector=sector)]
    return ev


@pytest.mark.parametrize(
    ("second", "settings", "events"),
    [
        (("Israeli warplanes", "ISR", None), ClusterSettings(), 1),  # same country, one sector unknown
        (("Israeli warplanes", "ISR", "MIL"), ClusterSettings(), 1),  # same country and sector
        (("Israeli warplanes", "ISR", "MIL"), ClusterSettings(match_by_country=False), 2),
        (("Israeli police", "ISR", "COP"), ClusterSettings(), 2),  # same country, other sector
        (("Egyptian aircraft", "EGY", None), ClusterSettings(), 2),
    ],
)
def test_unresolved_actors_match_by_country_and_sector(second, settings, events):
    a = article("a", "The Israeli air force struck Gaza City on Tuesday.")
    b = article("b", "Warplanes struck Gaza City on Tuesday, medics said.", outlet="AP")
    first = _with_actor(event(a, "ASSAULT", place="Gaza City"), "Israeli air force", "ISR", "MIL")
    with EventStore(":memory:", cluster=settings) as store:
        store.add_article(a, [first])
        store.add_article(b, [_with_actor(event(b, "ASSAULT", place="Gaza City"), *second)])
        assert store.query_events().total == events


def test_read_only_open_refuses_a_store_without_schema(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()  # a DuckDB file, but not a dotterel store yet
    with pytest.raises(StoreError, match="schema is missing or out of date"):
        EventStore(path, read_only=True)
    with EventStore(path) as store:  # a read-write open migrates it
        assert store.stats().migrations == [name for name, _ in MIGRATIONS]


def test_store_public_names_are_exactly_all():
    import dotterel.store as store_module

    for name in store_module.__all__:
        assert hasattr(store_module, name), name
    ours = {
        n
        for n, v in vars(store_module).items()
        if n[0].isupper() and getattr(v, "__module__", "").startswith("dotterel.store")
    }
    assert ours <= set(store_module.__all__)


def test_migration_0002_backfills_the_text_filter_of_an_older_store(tmp_path):
    path = tmp_path / "old.duckdb"
    with EventStore(path) as s:
        _filled(s)
        # Turn it back into a store written before 0002_event_evidence_text.
        s.con.execute("ALTER TABLE events DROP COLUMN evidence_text")
        s.con.execute("DELETE FROM schema_migrations WHERE name = '0002_event_evidence_text'")
    with pytest.raises(StoreError, match="out of date"):
        EventStore(path, read_only=True)
    with EventStore(path) as s:
        assert "0002_event_evidence_text" in s.stats().migrations
        assert [e.event_type for e in s.query_events(EventFilter(text="PRAISED  the")).events] == [
            "ASSAULT",
            "SUPPORT",
        ]


def test_a_refused_new_version_does_not_unlink_the_stored_article(store):
    """The stored article stays the original that later copies are linked to."""
    store.add_article(article("a", WIRE), [])
    with pytest.raises(StoreError):
        store.add_article(article("a", WIRE + " Updated at 10:00."), [])
    assert store.add_article(article("copy", WIRE), []).duplicates == 1
    assert store.get_article("copy").duplicate_of == "a"


def test_issue18_a_dedup_threshold_too_high_for_the_banding_is_a_config_error(tmp_path):
    """0.99 used to crash an ingest with E300 (datasketch refuses a single band)."""
    from dotterel.errors import ConfigError
    from dotterel.store.dedup import MAX_DEDUP_THRESHOLD

    with EventStore(":memory:", dedup=DedupSettings(threshold=MAX_DEDUP_THRESHOLD)) as ok:
        assert ok.add_article(article("a", WIRE), []).duplicates == 0
    path = tmp_path / "s.duckdb"
    with EventStore(path) as s:
        s.add_article(article("a", WIRE), [])
    too_high = DedupSettings(threshold=0.99)
    with pytest.raises(ConfigError, match="too high"), EventStore(path, dedup=too_high) as s:
        s.add_article(article("b", WIRE + " More."), [])
    with EventStore(path) as s:  # what was stored is intact
        assert s.get_article("a") is not None


def test_issue18_cli_refuses_a_dedup_threshold_above_the_banding(tmp_path):
    from click.testing import CliRunner

    from dotterel.cli import main

    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "a", "text": "Police arrested two men in Lima."}\n')
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(src), "--db", str(db), "--dedup-threshold", "0.99"])
    assert result.exit_code == 2
    assert "0.99" in result.output and "0.98" in result.output
