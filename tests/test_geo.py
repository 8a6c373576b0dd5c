"""Places on the map: the gazetteer index, the document-level disambiguation rules, the answer's offsets."""

from __future__ import annotations

import datetime as dt

import pytest

from service.geo import GeoIndex
from service.geo.index import build, fold

PUBLISHED = dt.datetime(2024, 5, 16)


def places(pipeline, text):
    return pipeline.extract(text, PUBLISHED).places


def place(pipeline, text, mention, nth=0):
    found = [p for p in places(pipeline, text) if p.text == mention]
    assert len(found) > nth, [p.text for p in places(pipeline, text)]
    return found[nth]


# --- the index ---


LEXICONS_READ: set[str] = set()  # the project's lexicons the build read (the ``built`` fixture)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> GeoIndex:
    """A fresh build, not the cached index the service opens."""
    from service.geo import index as geo_index

    path = tmp_path_factory.mktemp("geo") / "index.sqlite"
    read = geo_index._lexicon
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(geo_index, "_lexicon", lambda name: LEXICONS_READ.add(name) or read(name))
        build(path)
    return GeoIndex(path)


def test_the_build_holds_every_kind_of_place(built):
    kinds = {
        (e.name, e.feature, e.country) for name in ("Paris", "Georgia", "Africa") for e in built.lookup(name)
    }
    assert {
        ("Paris", "city", "FR"),
        ("Paris", "city", "US"),
        ("Georgia", "country", "GE"),
        ("Georgia", "region", "US"),
        ("Africa", "continent", None),
    } <= kinds
    assert built.alpha3["GE"] == "GEO" and "RU" in built.neighbours["GE"]


def test_a_macro_region_stands_among_its_countries(built):
    """M49's Western Africa under its everyday name, at the area-weighted middle of its countries."""
    west = next(e for e in built.lookup("West Africa") if e.feature == "macroregion")
    assert west.geonames_id < 0 and west.country is None  # no GeoNames id: the answer gives null
    assert 8 < west.lat < 20 and -12 < west.lon < 8  # Mali, Niger, Mauritania... not Africa's middle


def test_the_build_knows_alternate_and_short_names_marked_as_such(built):
    beijing = [e for e in built.lookup("Peking") if e.name == "Beijing"]
    assert beijing and beijing[0].alternate and beijing[0].capital
    assert [e.name for e in built.lookup("NSW")] == ["New South Wales"]
    assert built.lookup("U.S.")[0].name == "United States"  # the country lexicon's own names


def test_the_build_places_a_region_among_its_towns(built):
    texas = next(e for e in built.lookup("Texas") if e.feature == "region")
    assert 29 < texas.lat < 33 and -102 < texas.lon < -98 and texas.admin1 == "US.TX"


def test_a_us_state_stands_on_its_main_landmass(built):
    """Not the middle of its towns' box (Kauai to the Big Island; both Michigan peninsulas)."""
    hawaii = next(e for e in built.lookup("Hawaii") if e.feature == "region")
    assert 18.9 < hawaii.lat < 20.3 and -156.1 < hawaii.lon < -154.8
    michigan = next(e for e in built.lookup("Michigan") if e.feature == "region")
    assert 41.7 < michigan.lat < 45.8 and -86.5 < michigan.lon < -82.4


def test_a_large_province_stands_on_its_shape_not_among_its_towns(built):
    """Ontario's and Queensland's towns crowd their southern and eastern edges."""
    ontario = next(e for e in built.lookup("Ontario") if e.feature == "region")
    assert 49.0 < ontario.lat < 51.5 and -88.0 < ontario.lon < -84.0
    queensland = next(e for e in built.lookup("Queensland") if e.feature == "region")
    assert -24.0 < queensland.lat < -21.0 and 143.5 < queensland.lon < 145.5
    scotland = next(e for e in built.lookup("Scotland") if e.feature == "region")  # a map unit's shape
    assert 56.2 < scotland.lat < 57.0 and -4.5 < scotland.lon < -3.5


def test_every_reference_point_reaches_its_place(built):
    from service.events import lexicon

    points = lexicon.load("geo_points")
    assert len(points) == 51 + 48 + 11  # US states, DC; Australia's, Brazil's, Canada's; map units (England)
    for point in points:
        entry = next(e for e in built.lookup(point["name"]) if e.geonames_id == point["geonames_id"])
        assert (entry.lat, entry.lon, entry.admin1) == (point["lat"], point["lon"], point["admin1"])


def test_the_build_is_the_same_twice(built, tmp_path):
    again = tmp_path / "again.sqlite"
    build(again)
    assert again.read_bytes() == built.path.read_bytes()


def test_lookup_keys_ignore_accents_case_and_the_article():
    assert fold("The  Mahārāshtra") == fold("maharashtra") == "maharashtra"
    assert fold("Côte d’Ivoire") == "cote d'ivoire"


def test_an_index_is_opened_afresh_after_a_fork(built):
    first = built._connection()
    built._pid = -1  # as a forked child sees it
    assert built._connection() is not first


# --- disambiguation by the document ---


def test_paris_in_a_texas_story_is_paris_texas(pipeline):
    text = "Storms hit northeast Texas on Monday. In Paris, the mayor said schools near Dallas would close."
    paris = place(pipeline, text, "Paris")
    assert (paris.country, paris.feature, paris.source) == ("USA", "city", "context_region")
    assert 33 < paris.lat < 34.5


def test_paris_followed_by_its_state_is_that_paris(pipeline):
    paris = place(pipeline, "The fair opened in Paris, Texas, on Saturday.", "Paris")
    assert (paris.country, paris.source) == ("USA", "qualifier")


def test_paris_alone_is_the_capital_of_france(pipeline):
    paris = place(pipeline, "Ministers will meet in Paris next week.", "Paris")
    assert (paris.country, paris.name) == ("FRA", "Paris")


def test_georgia_among_its_neighbours_is_the_country(pipeline):
    text = "Georgia accused Russia of moving troops toward Tbilisi, officials in Armenia said."
    georgia = place(pipeline, text, "Georgia")
    assert (georgia.feature, georgia.country) == ("country", "GEO")


def test_georgia_with_its_towns_is_the_state(pipeline):
    text = "Voters in Georgia lined up for hours in Atlanta and Savannah on Tuesday."
    georgia = place(pipeline, text, "Georgia")
    assert (georgia.feature, georgia.country, georgia.source) == ("region", "USA", "context_region")


def test_washington_in_a_story_on_us_policy_is_the_capital(pipeline):
    text = "The United States will impose new sanctions on Iran, officials in Washington said on Monday."
    washington = place(pipeline, text, "Washington")
    assert (washington.feature, washington.country) == ("city", "USA")
    assert abs(washington.lat - 38.9) < 0.2 and abs(washington.lon + 77.0) < 0.2


def test_washington_beside_seattle_is_the_state(pipeline):
    text = "Wildfires spread across Washington on Sunday, and smoke reached Seattle and Spokane."
    washington = place(pipeline, text, "Washington")
    assert (washington.feature, washington.source) == ("region", "context_region")


def test_the_actors_country_decides_when_the_text_names_none(pipeline):
    text = "Chinese President Xi Jinping arrived in Suzhou on Tuesday."
    suzhou = place(pipeline, text, "Suzhou")
    assert suzhou.country == "CHN"


# --- what is listed, and the offsets ---


def test_demonyms_are_actor_attributes_not_places(pipeline):
    text = "The Chinese president met French officials in Beijing."
    assert [p.text for p in places(pipeline, text)] == ["Beijing"]


def test_an_unknown_place_is_listed_without_coordinates(pipeline):
    text = "Rebels attacked the village of Zqxorbania Flats in northern Kenya on Sunday."
    listed = {p.text: p for p in places(pipeline, text)}
    assert listed["Kenya"].country == "KEN"
    unknown = [p for p in listed.values() if p.geonames_id is None]
    assert all(p.lat is None and p.lon is None and p.source == "unresolved" for p in unknown)


def test_offsets_point_at_the_mention_in_the_submitted_text(pipeline):
    text = "ATLANTA (AP) — Officials in the U.S. state of Georgia said the Ivory Coast’s envoy visited Atlanta.\n"
    found = places(pipeline, text)
    assert found and all(text[p.start : p.end] == p.text for p in found)
    assert {"Georgia", "Atlanta", "Ivory Coast"} <= {p.text for p in found}


def test_an_events_location_carries_its_place(pipeline):
    text = "The prime minister arrived in Tokyo on Monday."
    event = pipeline.extract(text, PUBLISHED).events[0]
    assert event.location.name == "Tokyo" and event.location.feature == "city"
    assert event.location.geonames_id == place(pipeline, text, "Tokyo").geonames_id
    assert abs(event.location.lat - 35.7) < 0.2


# --- names the entity tagger missed or mislabelled ---


def test_a_town_tagged_as_a_person_is_a_place_after_in(pipeline):
    text = "He was admitted to a hospital in Milton Keynes, but later died."
    keynes = place(pipeline, text, "Milton Keynes")
    assert (keynes.country, keynes.feature) == ("GBR", "city")


def test_a_person_after_to_is_not_a_place(pipeline):
    text = "The senator wrote to Obama on Friday."
    assert "Obama" not in {p.text for p in places(pipeline, text)}


def test_a_name_cut_in_two_by_the_tagger_is_joined(pipeline):
    text = "Cases rose in Angola, Chad, and Democratic Republic of the Congo this year."
    congo = place(pipeline, text, "Democratic Republic of the Congo")
    assert congo.country == "COD" and congo.feature == "country"


def test_a_place_noun_says_which_kind_of_place(pipeline):
    text = "Floods hit the Punjab province of Pakistan on Monday."
    punjab = place(pipeline, text, "Punjab")
    assert (punjab.feature, punjab.country) == ("region", "PAK")


def test_a_place_noun_before_the_name_says_which_kind_of_place(pipeline):
    text = "The infected cow was found last year in the state of Washington, officials in Ottawa said."
    washington = place(pipeline, text, "Washington")
    assert (washington.feature, washington.country) == ("region", "USA")


def test_a_list_of_countries_is_not_a_town_and_its_country(pipeline):
    text = "Doctors in Mexico, China, Japan and Brazil reported new cases this week."
    china = place(pipeline, text, "China")
    assert (china.feature, china.country) == ("country", "CHN")
    text = "Several countries, among them China, Japan, and the United Kingdom, sent doctors."
    assert place(pipeline, text, "China").feature == "country"


def test_a_list_of_states_is_not_a_town_and_its_state(pipeline):
    text = "Beekeepers in Georgia, Oklahoma, Pennsylvania and Wisconsin lost half their hives."
    oklahoma = place(pipeline, text, "Oklahoma")
    assert (oklahoma.feature, oklahoma.country) == ("region", "USA")


def test_a_town_named_after_a_country_followed_by_its_state_is_that_town(pipeline):
    text = "The plant in Lebanon, Pennsylvania, will close in June, the company said."
    lebanon = place(pipeline, text, "Lebanon")
    assert (lebanon.feature, lebanon.country, lebanon.source) == ("city", "USA", "qualifier")


def test_a_qualifier_holding_none_of_the_towns_leaves_the_place_unresolved(pipeline):
    text = "Police stopped the truck on a highway in Stroud, Ontario, Canada, on Friday."
    stroud = place(pipeline, text, "Stroud")
    assert stroud.source == "unresolved" and stroud.lat is None  # none of our Strouds is in Ontario
    assert place(pipeline, text, "Ontario").country == "CAN"


def test_a_place_s_own_name_beats_a_smaller_town_spelt_alike(pipeline):
    text = "Researchers in San Diego, California, and doctors at a hospital in Pittsburgh studied the virus."
    pittsburgh = place(pipeline, text, "Pittsburgh")
    assert (pittsburgh.name, pittsburgh.country) == ("Pittsburgh", "USA")
    assert abs(pittsburgh.lon + 80.0) < 0.2  # Pennsylvania's, not Pittsburg, California


def test_a_macro_region_is_a_place_with_coordinates_and_no_geonames_id(pipeline):
    text = "Pilgrims from across the Middle East travelled to Mecca, Saudi Arabian officials said."
    region = place(pipeline, text, "Middle East")
    assert (region.feature, region.geonames_id, region.country) == ("macroregion", None, None)
    assert 20 < region.lat < 36 and 35 < region.lon < 55  # not the village of Middle East, Maryland
    assert place(pipeline, text, "Mecca").country == "SAU"


def test_a_name_the_tagger_cut_short_is_taken_whole(pipeline):
    text = "Cholera reached Guinea-Bissau and Senegal; Brazil counted two cases in Rio Grande do Sul."
    found = {p.text: p for p in places(pipeline, text)}
    assert (found["Guinea-Bissau"].country, found["Guinea-Bissau"].feature) == ("GNB", "country")
    assert (found["Rio Grande do Sul"].country, found["Rio Grande do Sul"].feature) == ("BRA", "region")


def test_a_well_known_place_at_the_end_of_an_unknown_name_is_that_place(pipeline):
    text = "Storms damaged homes in North-Western Sydney on Sunday."
    sydney = place(pipeline, text, "Sydney")
    assert sydney.source.startswith("partial") and sydney.country == "AUS"
    assert text[sydney.start : sydney.end] == "Sydney"


def test_abbreviations_mean_countries_and_regions_not_towns(pipeline):
    text = "Exports from the UK and the US rose, while farmers in NSW waited for rain."
    found = {p.text: p for p in places(pipeline, text)}
    assert found["UK"].country == "GBR" and found["US"].country == "USA"
    assert (found["NSW"].name, found["NSW"].feature) == ("New South Wales", "region")


def test_a_disease_named_after_a_place_is_not_a_place(pipeline):
    text = "Cases of West Nile virus and Marburg fever were reported in Texas."
    listed = {p.text for p in places(pipeline, text)}
    assert "Texas" in listed and not listed & {"West Nile", "Marburg"}


def test_a_country_at_the_edge_of_an_organisations_name_is_a_place(pipeline):
    text = "Samples were tested by the U.S. Centers for Disease Control and Prevention."
    us = place(pipeline, text, "U.S.")
    assert us.country == "USA" and us.feature == "country"


def test_short_capitals_that_name_no_country_are_not_places(pipeline):
    text = "The UN said TV crews filmed the camp near Nairobi."
    assert {p.text for p in places(pipeline, text)} == {"Nairobi"}


def test_the_cached_index_is_named_by_the_lexicons_it_was_built_from(monkeypatch):
    from service.geo import index as geo_index

    monkeypatch.delenv("EVENTS_GEO_INDEX", raising=False)
    built_from_both = geo_index.default_path()
    monkeypatch.setattr(geo_index, "BUILD_LEXICONS", ("geo_points",))
    assert geo_index.default_path() != built_from_both  # other lexicon bytes, another file
    assert geo_index.default_path().parent == built_from_both.parent


def test_a_datelines_reading_is_not_reused_for_the_name_elsewhere(pipeline):
    """A dateline in capitals is a town ("ROME, May 15 -"); the same capitals in the text are read as
    anywhere else in capitals, where four letters or fewer are an abbreviation: the per-document
    lookup cache is keyed by the name as written and the dateline flag, not by the name alone."""
    elsewhere = place(pipeline, "On May 15, police in ROME said nothing.", "ROME")
    after_dateline = place(pipeline, "ROME, May 15 - Police in ROME said nothing.", "ROME", nth=1)
    assert after_dateline.start == 25
    assert (after_dateline.name, after_dateline.source) == (elsewhere.name, elsewhere.source)
    assert place(pipeline, "ROME, May 15 - Police said nothing.", "ROME").name == "Rome"


def test_a_name_named_again_is_not_looked_up_again(pipeline, monkeypatch):
    """Every gazetteer look-up of a document goes through its cache, the longer name a capitalised word
    after a place might make ("Paris Tuesday") included: naming places six times costs what naming
    them once does."""
    index = pipeline.extractor.places.index
    calls = []
    real = index.lookup
    monkeypatch.setattr(index, "lookup", lambda name, *a, **k: calls.append(name) or real(name, *a, **k))
    sentence = "Troops from Guinea-Bissau reached Paris Tuesday and left Mali Sunday. "
    counts = []
    for times in (1, 6):
        calls.clear()
        found = places(pipeline, sentence * times)
        assert {p.name for p in found} >= {"Guinea-Bissau", "Paris"}, found
        counts.append(len(calls))
    assert counts[0] == counts[1], counts


def test_the_cached_index_is_named_by_the_content_of_its_lexicons(monkeypatch, tmp_path):
    """A lexicon edited in place (one point moved) builds a new file: the name carries its bytes."""
    import shutil
    from importlib import resources

    from service.geo import index as geo_index

    monkeypatch.delenv("EVENTS_GEO_INDEX", raising=False)
    before = geo_index.default_path()
    shutil.copytree(resources.files("service") / "lexicons", tmp_path / "lexicons")
    points = tmp_path / "lexicons" / "geo_points.jsonl"
    points.write_text(points.read_text(encoding="utf-8").replace('"lat": 3', '"lat": 4', 1), encoding="utf-8")

    class Files:
        @staticmethod
        def files(package):
            assert package == "service"
            return tmp_path

    monkeypatch.setattr(geo_index, "resources", Files)
    assert geo_index.default_path() != before
    points.write_text(
        (resources.files("service") / "lexicons" / "geo_points.jsonl").read_text("utf-8"), "utf-8"
    )
    assert geo_index.default_path() == before  # the same bytes, the same file


def test_every_lexicon_the_build_reads_names_the_cached_index(built):
    from service.geo import index as geo_index

    assert LEXICONS_READ and set(geo_index.BUILD_LEXICONS) >= LEXICONS_READ, LEXICONS_READ


# --- precision: what is not a place ---


@pytest.mark.parametrize(
    ("text", "inside", "place_named"),
    [
        ("According to China Daily, police in Hebei detained two men on Monday.", "China", "Hebei"),
        ("She told the Voice of America that aid had reached Juba.", "America", None),
        ("Researchers at the University of California found the strain in Fresno.", "California", "Fresno"),
    ],
)
def test_a_place_inside_an_organisations_name_is_not_a_place(pipeline, text, inside, place_named):
    listed = {p.text for p in places(pipeline, text)}
    assert inside not in listed
    assert place_named is None or place_named in listed


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The Ministry of Health of Uganda confirmed a case in Kasese.", "Uganda"),
        ("Officials of the Philippines Department of Agriculture visited farms in Bulacan.", "Philippines"),
        ("Shell Canada said the pipeline near Calgary was shut.", "Canada"),
    ],
)
def test_a_country_named_for_its_state_body_or_its_branch_is_a_place(pipeline, text, country):
    assert place(pipeline, text, country).feature == "country"


def test_a_place_after_a_comma_inside_a_name_tagged_as_an_organisation_is_a_place(pipeline):
    text = "Farm workers at Pandi, Bulacan and Talavera were tested."
    assert place(pipeline, text, "Bulacan").country == "PHL"


@pytest.mark.parametrize(
    ("text", "disease", "place_named"),
    [
        ("Two more people died of Ebola in Guinea last week.", "Ebola", "Guinea"),
        ("The Reston ebolavirus was found in pigs in Bulacan.", "Reston", "Bulacan"),
        ("The number of confirmed human cases of H5N1 in Turkey is 18.", "H5N1", "Turkey"),
        (
            "Doctors said West Nile Virus reaches its peak in late summer in Texas.",
            "West Nile Virus",
            "Texas",
        ),
        ("Because Marburg kills more slowly, a victim in Angola has more time.", "Marburg", "Angola"),
    ],
)
def test_a_disease_or_strain_named_after_a_place_is_not_a_place(pipeline, text, disease, place_named):
    """lexicons/geo_not_places.jsonl and the words after a name (geo_words' not_after)."""
    listed = {p.text for p in places(pipeline, text)}
    assert disease not in listed and place_named in listed


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Thousands of students live in Marburg, and the university is its largest employer.", "Marburg"),
        ("The virus is named after the Ebola River in Congo.", "Ebola River"),
    ],
)
def test_a_place_a_disease_is_named_after_is_still_a_place_where_the_text_says_so(pipeline, text, mention):
    assert mention in {p.text for p in places(pipeline, text)}


def test_a_name_the_document_gives_a_person_is_not_a_town(pipeline):
    text = "Alicia Machado said she was hurt. Trump attacked Machado again on Friday."
    assert "Machado" not in {p.text for p in places(pipeline, text)}


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Detective Mark Reno said the stolen car was found in Reno on Sunday.", "Reno"),
        ("Michael Jordan met officials in Amman, and Jordan's king thanked him.", "Jordan"),
    ],
)
def test_a_place_that_shares_a_persons_name_is_still_a_place_where_the_text_says_so(pipeline, text, mention):
    assert mention in {p.text for p in places(pipeline, text)}


@pytest.mark.parametrize(
    ("text", "word", "place_named"),
    [
        ("Multiple members of Congress criticised the plant in Omaha.", "Congress", "Omaha"),
        ("Reporters asked questions as to the Pope's health in Rome.", "Pope", "Rome"),
        ("Scientists said dust rose when the rock hit the Earth near Puno.", "Earth", "Puno"),
    ],
)
def test_a_common_word_or_title_is_not_a_small_town_of_that_name(pipeline, text, word, place_named):
    listed = {p.text for p in places(pipeline, text)}
    assert word not in listed and place_named in listed


def test_a_small_town_named_like_a_word_is_a_place_where_the_text_says_so(pipeline):
    text = "West Nile virus was confirmed in Brattleboro, Vermont on Monday."
    assert place(pipeline, text, "Brattleboro").country == "USA"


def test_the_common_words_come_from_the_models_lemmatizer(nlp):
    import spacy

    from service.geo.resolver import dictionary_words

    assert {"congress", "church", "pope"} <= dictionary_words(nlp)
    assert dictionary_words(spacy.blank("en")) == frozenset()  # no lemmatizer: the rule is off


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (
            "Hillary Clinton flew to Iowa. At a rally in Des Moines, Iowa, Clinton questioned the plan.",
            "Clinton",
        ),
        (
            "Judge Merrick Garland spoke on Monday. Lawyers in Garland's office in Washington agreed.",
            "Garland",
        ),
    ],
)
def test_a_persons_name_is_not_a_town_though_the_region_has_one_so_named(pipeline, text, person):
    """Every state has its Clinton: a region the document names is not enough; "in" before a
    possessive is the person's."""
    assert person not in {p.text for p in places(pipeline, text)}


def test_a_seat_of_government_is_not_the_town_of_that_name(pipeline):
    text = "The president met his top aides on Wednesday in the White House, officials in Tennessee said."
    assert {p.text for p in places(pipeline, text)} == {"Tennessee"}
    town = "Reporters flew from Nashville to White House, Tennessee, where the mayor spoke."
    assert place(pipeline, town, "White House").feature == "city"


def test_a_place_inside_the_name_of_a_building_or_a_thing_is_not_a_place(pipeline):
    """The tagger's FAC "Mute Swan" (a bird) holds the Swan district of Western Australia by its last word."""
    text = "Tests on a dead Mute Swan found near Glasgow were positive."
    assert {p.text for p in places(pipeline, text)} == {"Glasgow"}


def test_an_unknown_name_after_of_is_not_a_place_without_a_place_word(pipeline):
    """ "72% of Erbamont's shares": "of" alone does not say a name the gazetteer lacks is a place."""
    text = "Montedison owns about 72% of Erbamont's common shares, traders in Milan said."
    assert {p.text for p in places(pipeline, text)} == {"Milan"}


# --- local news ---


def test_a_datelines_state_abbreviation_places_the_town_in_that_state(pipeline):
    text = "SPRINGFIELD, Ill. — Lawmakers returned to the Capitol on Tuesday to debate the budget."
    springfield = place(pipeline, text, "SPRINGFIELD")
    assert (
        springfield.country == "USA"
        and abs(springfield.lat - 39.8) < 0.2
        and abs(springfield.lon + 89.6) < 0.2
    )
    state = place(pipeline, text, "Ill.")
    assert (state.name, state.feature, state.start, state.end) == ("Illinois", "region", 13, 17)


def test_a_state_abbreviation_that_ends_the_sentence_keeps_its_period(pipeline):
    text = "Thousands of fans drove to the game in Athens, Ga."
    athens = place(pipeline, text, "Athens")
    assert (athens.country, athens.source) == ("USA", "qualifier") and abs(athens.lat - 33.96) < 0.1
    state = place(pipeline, text, "Ga.")
    assert (state.name, state.end) == ("Georgia", len(text)) and text[state.start : state.end] == "Ga."


def test_postal_codes_and_canadian_provinces_place_the_town(pipeline):
    text = "KINGSTON, Ont. — The firm moved its office from Portland, OR to Austin, TX last year."
    found = {p.text: p for p in places(pipeline, text)}
    assert found["KINGSTON"].country == "CAN" and found["Ont."].name == "Ontario"
    assert abs(found["Portland"].lon + 122.7) < 0.2 and found["OR"].name == "Oregon"
    assert found["Austin"].country == "USA" and found["TX"].name == "Texas"


def test_an_abbreviation_two_countries_share_follows_the_town(pipeline):
    text = "Fires burned near Perth, WA on Monday, and smoke drifted over Spokane, WA on Tuesday."
    perth, spokane = place(pipeline, text, "WA"), place(pipeline, text, "WA", nth=1)
    assert (perth.name, perth.country) == ("Western Australia", "AUS")
    assert (spokane.name, spokane.country) == ("Washington", "USA")
    assert place(pipeline, text, "Perth").country == "AUS"


def test_washington_dc_is_the_capital_and_dc_its_district(pipeline):
    text = "She moved to Washington, D.C., in 2019 to work for the city council."
    assert place(pipeline, text, "Washington").name == "Washington"
    assert place(pipeline, text, "D.C.").name == "District of Columbia"


def test_a_town_followed_by_an_abbreviation_and_a_list_is_still_qualified(pipeline):
    text = "Storms hit Birmingham, Ala., and Jackson, Miss., on Sunday night."
    assert abs(place(pipeline, text, "Birmingham").lon + 86.8) < 0.2  # not England's
    assert place(pipeline, text, "Miss.").name == "Mississippi"


def test_every_state_abbreviation_names_a_region_of_the_gazetteer(built):
    from service.geo.resolver import _abbreviations

    regions, _ = _abbreviations(built)
    assert len(regions) > 100 and all(regions.values())
    assert {e.admin1 for e in regions["WA"]} == {"US.WA", "AU.08"}


def test_towns_of_one_state_pull_a_town_named_like_a_country_into_it(pipeline):
    text = "Storm damage was reported in Lebanon and Hanover, two towns in New Hampshire's Upper Valley."
    lebanon = place(pipeline, text, "Lebanon")
    assert (lebanon.country, lebanon.feature, lebanon.source) == ("USA", "city", "context_region")
    assert abs(lebanon.lat - 43.6) < 0.2


def test_a_region_smaller_than_a_town_of_its_name_gives_way_to_the_town(pipeline):
    text = "Hikers were rescued on the mountain on Sunday, officials in Portland said."
    portland = place(pipeline, text, "Portland")
    assert (portland.country, portland.feature) == ("USA", "city")  # not the parish in Jamaica
    fans = place(pipeline, "Fans in Manchester celebrated the title all night.", "Manchester")
    assert (fans.country, fans.feature) == ("GBR", "city")


def test_a_name_placed_by_a_qualifier_keeps_that_place_later_in_the_story(pipeline):
    text = (
        "Police in Marion, Ohio, and Dayton, Ohio, arrested two men who had driven from Brooklyn, New York. "
        "Both men were later sent back to Brooklyn."
    )
    later = place(pipeline, text, "Brooklyn", nth=1)
    assert (later.country, later.source) == ("USA", "qualified_before") and abs(later.lon + 73.95) < 0.2


def test_a_county_the_gazetteer_lacks_is_not_the_town_of_its_name(pipeline):
    text = "Deputies in Alpine County said the road over the pass would stay closed."
    county = place(pipeline, text, "Alpine County")
    assert (county.source, county.lat) == ("unresolved", None)  # no town or shire of Alpine stands for it
    bucks = place(pipeline, "Fire crews from Bucks County, Pa., were called in.", "Bucks County")
    assert (bucks.feature, bucks.country) == ("district", "USA") and abs(bucks.lat - 40.3) < 0.3


def test_a_short_form_of_fort_or_mount_is_written_out(pipeline):
    text = "FT. WORTH, Texas — A tornado damaged homes on Monday."
    fort = place(pipeline, text, "FT. WORTH")
    assert (fort.name, fort.country) == ("Fort Worth", "USA")


def test_towns_that_can_all_lie_in_one_state_are_read_there(pipeline):
    text = "Police said the suspect fled from Springfield to Decatur before he was caught in Peoria."
    for name in ("Springfield", "Decatur", "Peoria"):
        town = place(pipeline, text, name)
        assert town.country == "USA" and -91.5 < town.lon < -87.5, name  # all three in Illinois


def test_two_towns_the_tagger_took_for_one_organisation_are_two_places(pipeline):
    text = "Flood warnings were issued for Lancaster and Reading, Pennsylvania officials said on Monday."
    found = {p.text: p for p in places(pipeline, text)}
    assert abs(found["Lancaster"].lon + 76.3) < 0.2 and abs(found["Reading"].lon + 75.9) < 0.2  # both in PA
    text = "The Kerala government said heavy rains lashed Kochi and Thrissur on Monday."
    found = {p.text: p for p in places(pipeline, text)}
    assert found["Kochi"].country == "IND" and found["Thrissur"].country == "IND"


def test_a_county_not_named_after_a_town_of_its_region_beats_a_smaller_town(pipeline):
    text = "Tourism in Cornwall and Devon rose this summer, while Bristol hotels were full."
    cornwall = place(pipeline, text, "Cornwall")
    assert (cornwall.country, cornwall.feature) == ("GBR", "district")  # not the town in Ontario


def test_a_state_listed_beside_a_state_is_a_state(pipeline):
    georgia = place(pipeline, "Voters in Georgia and Alabama went to the polls on Tuesday.", "Georgia")
    assert (georgia.feature, georgia.country) == ("region", "USA")
    text = "Voters in Georgia and Armenia went to the polls on Sunday."
    assert place(pipeline, text, "Georgia").feature == "country"
