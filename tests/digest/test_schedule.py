from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.digest.schedule import (
    ScheduleInputError,
    decide_due,
    latest_slot,
    next_slot,
    parse_local_time,
    parse_zone,
    slot_for,
    suggest_zones,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07:30", time(7, 30)), ("7:30", time(7, 30)), ("18.05", time(18, 5)), ("00:00", time(0))],
)
def test_local_times(text: str, expected: time) -> None:
    assert parse_local_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "7", "07:60", "seven", "7:3", ""])
def test_bad_local_times_say_the_accepted_form(text: str) -> None:
    with pytest.raises(ScheduleInputError, match="HH:MM"):
        parse_local_time(text)


def test_zones_by_name_offset_and_utc() -> None:
    assert parse_zone("Europe/Berlin").name == "Europe/Berlin"
    assert parse_zone("europe/berlin").name == "Europe/Berlin"
    assert parse_zone("America/New York").name == "America/New_York"
    assert parse_zone("UTC").name == "UTC"
    plus_two = parse_zone("+02:00")
    assert plus_two.name == "+02:00"
    assert plus_two.tz.utcoffset(None) == timedelta(hours=2)
    assert parse_zone("-0530").name == "-05:30"
    assert parse_zone("UTC+3").name == "+03:00"
    assert parse_zone("+00:00").name == "UTC"


def test_unknown_zone_suggests_close_names_and_lists_forms() -> None:
    with pytest.raises(ScheduleInputError) as raised:
        parse_zone("Europe/Berlim")
    message = str(raised.value)
    assert "Europe/Berlin" in message
    assert "+02:00" in message and "IANA" in message
    assert "Europe/Berlin" in suggest_zones("berlin")
    with pytest.raises(ScheduleInputError, match="-14:00 to \\+14:00"):
        parse_zone("+15:00")


def test_dst_keeps_local_time_in_berlin() -> None:
    local = time(7, 30)
    winter = slot_for(date(2024, 3, 30), local, BERLIN)  # the day before spring forward
    summer = slot_for(date(2024, 3, 31), local, BERLIN)
    assert winter.due_at == datetime(2024, 3, 30, 6, 30, tzinfo=UTC)
    assert summer.due_at == datetime(2024, 3, 31, 5, 30, tzinfo=UTC)
    autumn_before = slot_for(date(2024, 10, 26), local, BERLIN)
    autumn_after = slot_for(date(2024, 10, 27), local, BERLIN)
    assert autumn_before.due_at == datetime(2024, 10, 26, 5, 30, tzinfo=UTC)
    assert autumn_after.due_at == datetime(2024, 10, 27, 6, 30, tzinfo=UTC)
    for slot in (winter, summer, autumn_before, autumn_after):
        assert slot.due_at.astimezone(BERLIN).time() == local


def test_time_skipped_by_spring_forward_is_sent_when_the_gap_ends() -> None:
    slot = slot_for(date(2024, 3, 31), time(2, 30), BERLIN)
    assert slot.due_at == datetime(2024, 3, 31, 1, 0, tzinfo=UTC)  # 03:00 CEST
    assert slot.due_at.astimezone(BERLIN).time() == time(3, 0)
    assert slot.local_date == date(2024, 3, 31)
    us = slot_for(date(2024, 3, 10), time(2, 15), NEW_YORK)
    assert us.due_at.astimezone(NEW_YORK).time() == time(3, 0)


def test_time_repeated_by_fall_back_is_sent_once_at_its_first_occurrence() -> None:
    slot = slot_for(date(2024, 10, 27), time(2, 30), BERLIN)
    assert slot.due_at == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)  # 02:30 CEST, not CET
    after_first = slot.due_at + timedelta(minutes=1)
    # One hour later it is 02:30 again on the wall clock: not a new slot.
    second_occurrence = datetime(2024, 10, 27, 1, 30, tzinfo=UTC)
    assert latest_slot(second_occurrence, time(2, 30), BERLIN) == slot
    assert next_slot(after_first, time(2, 30), BERLIN).local_date == date(2024, 10, 28)


def test_fixed_offsets_have_no_dst() -> None:
    tz = timezone(timedelta(hours=2))
    assert slot_for(date(2024, 3, 31), time(7, 30), tz).due_at == datetime(
        2024, 3, 31, 5, 30, tzinfo=UTC
    )


def test_next_and_latest_slot_around_now() -> None:
    local = time(7, 30)
    now = datetime(2024, 5, 1, 5, 0, tzinfo=UTC)  # 07:00 Berlin
    assert next_slot(now, local, BERLIN).due_at == datetime(2024, 5, 1, 5, 30, tzinfo=UTC)
    assert latest_slot(now, local, BERLIN).local_date == date(2024, 4, 30)
    exactly = datetime(2024, 5, 1, 5, 30, tzinfo=UTC)
    assert latest_slot(exactly, local, BERLIN).local_date == date(2024, 5, 1)
    assert next_slot(exactly, local, BERLIN).local_date == date(2024, 5, 2)


def test_catch_up_window_decides_send_or_skip() -> None:
    local = time(7, 0)
    catch_up = timedelta(hours=6)
    two_hours_late = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    decision = decide_due(two_hours_late, local, UTC, catch_up=catch_up)
    assert decision.send and decision.lateness == timedelta(hours=2)
    assert decision.slot.local_date == date(2024, 5, 1)
    assert decision.next_due_at == datetime(2024, 5, 2, 7, 0, tzinfo=UTC)
    eight_hours_late = datetime(2024, 5, 1, 15, 0, tzinfo=UTC)
    late = decide_due(eight_hours_late, local, UTC, catch_up=catch_up)
    assert not late.send
    assert late.next_due_at == datetime(2024, 5, 2, 7, 0, tzinfo=UTC)


def test_after_days_down_only_the_latest_slot_counts() -> None:
    decision = decide_due(
        datetime(2024, 5, 4, 8, 0, tzinfo=UTC), time(7, 0), UTC, catch_up=timedelta(hours=6)
    )
    assert decision.send and decision.slot.local_date == date(2024, 5, 4)
