"""The reference table of kommuner and län."""

from samordna.exchange import reference


def test_it_loads_all_kommuner_with_codes_as_strings():
    kommuner = reference.kommuner()
    assert len(kommuner) == 290
    assert kommuner["0114"] == ("Upplands Väsby", "01")
    assert kommuner["1980"] == ("Västerås", "19")
    assert all(code[:2] == lanskod for code, (_, lanskod) in kommuner.items())


def test_it_loads_the_21_lan():
    lan = reference.lan()
    assert len(lan) == 21
    assert lan["19"] == "Västmanlands län"


def test_it_names_every_region():
    names = {code: reference.region_name(code) for code in reference.lan()}
    assert names["01"] == "Region Stockholm"
    assert names["09"] == "Region Gotland"
    assert names["19"] == "Region Västmanland"
    assert names["14"] == "Region Västra Götaland"
    assert names["20"] == "Region Dalarna"
    assert names["03"] == "Region Uppsala"
    assert names["04"] == "Region Sörmland"
    assert names["23"] == "Region Jämtland Härjedalen"
    assert all(name.startswith("Region ") and not name.endswith("s") for name in names.values())
    assert len(set(names.values())) == 21
