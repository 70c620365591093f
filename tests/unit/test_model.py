"""The model's derived facts: which platforms use each parameter (the Clients page shows a client its platform's)."""
from __future__ import annotations

from dataclasses import replace

from macros.loader import load_catalog
from macros.model import Setting, Snippet, Variant
from macros.render import catalog_json
from support import ROOT

CATALOG = load_catalog(ROOT)
EVERY = ("sbs2003", "sbs2008", "sbs2011", "exchange2013-se")
LATER = ("sbs2008", "sbs2011", "exchange2013-se")


def test_a_parameter_is_used_on_the_platforms_whose_commands_use_it():
    used = CATALOG.parameter_platforms()
    assert used["tarpit_seconds"] == ("sbs2003",)          # TarpitTime: the SMTP service's registry, Exchange 2003
    assert used["tarpit_interval_seconds"] == LATER        # TarpitInterval: a receive connector, Exchange 2007 on
    assert used["receive_connector"] == LATER
    assert used["smtp_queue_limit"] == ("sbs2003",)
    assert used["delivery_queue_limit"] == LATER
    assert used["mail_domain"] == used["known_address"] == EVERY


def test_every_parameter_reaches_the_clients_page_with_its_platforms_in_the_tables_order():
    parameters = catalog_json(CATALOG)["parameters"]
    assert parameters and all(spec["platforms"] for spec in parameters)
    order = [platform.id for platform in CATALOG.platforms]
    for spec in parameters:
        assert spec["platforms"] == sorted(spec["platforms"], key=order.index), spec["name"]


def test_a_setting_the_parameter_fills_or_names_counts_as_a_use_and_an_unknown_name_is_left_out():
    item = CATALOG.checklist("tarpit").items[-1]
    check = Snippet(item.id, "check", "ems", "Get-ReceiveConnector {{ nobody | ps_quote }}")
    variant = Variant(("sbs2011",), "", (check,))
    setting = Setting("s", "S", "timespan", (("exchange2013-se", "absent"),),
                      applied="{{ tarpit_seconds | timespan }}", object="receive_connector")
    used = replace(item, variants=(variant,), settings=(setting,)).parameter_platforms()
    assert used == {"tarpit_seconds": {"exchange2013-se"}, "receive_connector": {"exchange2013-se"}}
