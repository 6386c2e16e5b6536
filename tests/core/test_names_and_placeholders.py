"""names and placeholders: which text is buyer-facing, how policy values read in a sentence."""

from __future__ import annotations

from conftest import MINI

from handbook.load import load_handbook
from handbook.names import is_buyer_facing, placeholders_in
from handbook.placeholders import Piece, fill_policy, format_value, pieces


def test_buyer_facing_fields_are_exactly_the_sent_texts() -> None:
    assert is_buyer_facing("scenarios", ("templates", 2, "text"))
    assert not is_buyer_facing("scenarios", ("templates", 2, "note"))
    assert not is_buyer_facing("scenarios", ("goal",))
    assert is_buyer_facing("procedures", ("steps", 0, "say"))
    assert is_buyer_facing("principles", ("examples", 1, "prefer"))
    assert not is_buyer_facing("principles", ("examples", 1, "avoid"))


def test_placeholders_in_order() -> None:
    assert placeholders_in("{买家称呼}您好，{退换天数} 天内，{买家称呼}") == ["买家称呼", "退换天数", "买家称呼"]


def test_format_value_keeps_what_was_typed() -> None:
    assert format_value("010") == "010"
    assert format_value(["圆通", "中通"]) == "圆通和中通"
    assert format_value(["圆通", "申通", "中通"]) == "圆通、申通和中通"


def test_pieces_mark_policy_values_and_slots() -> None:
    handbook = load_handbook(MINI)
    assert pieces("{买家称呼}您好，{退换天数} 天", handbook) == [
        Piece("slot", "{买家称呼}", "买家称呼"), Piece("text", "您好，"), Piece("policy", "7", "退换天数"), Piece("text", " 天"),
    ]
    assert fill_policy("{店铺名}：{订单号}", handbook) == "测试鞋店：{订单号}"
