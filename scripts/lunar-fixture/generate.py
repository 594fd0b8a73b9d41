#!/usr/bin/env python3
"""Independent reference fixture for the Vietnamese lunar calendar (1968-2100).

What it computes
----------------
Astronomical new moons and solar terms are taken from PyEphem (`ephem` on
PyPI) -- NOT from any port of Ho Ngoc Duc's formulas and not from any Swift
code in this repository -- and the calendar rules below are applied to them.
Output (written next to the Swift tests):

  Tests/DomainTests/Calendar/Fixtures/vietnamese-lunar-1968-2100.csv
      year,tet,hung_kings,leap_month,leap_month_start,tet_china,
      differs_from_china,near_midnight
    one row per Gregorian year 1968..2100:
      tet               1st day of month 1 (Vietnam, UTC+7)
      hung_kings        10th day of the (non-leap) month 3 (Vietnam, UTC+7)
      leap_month        number of the leap month whose first day falls in that
                        Gregorian year (empty if none), leap_month_start its
                        first day
      tet_china         Chinese new year, same method at UTC+8
      differs_from_china 1 if tet != tet_china else 0
      near_midnight     ';'-separated UTC+7 timestamps (YYYY-MM-DDTHH:MM) of
                        the new moons that start that year's month 1, month 3
                        or leap month and lie within 10 minutes of local
                        midnight (either side); empty otherwise

  Tests/DomainTests/Calendar/Fixtures/vietnamese-lunar-months-1968-2100.csv
      (lunar_year,month,leap,start,near_midnight: the UTC+7 time of the month's new moon
      when it is within 10 minutes of local midnight, else empty)
      lunar_year,month,leap,start
    one row per lunar month (Vietnam, UTC+7), from the month containing
    1968-01-01 to the month containing 2100-12-31.  lunar_year is the
    Gregorian year in which that lunar year's month 1 starts (so months 11
    and 12 that start in December/January belong to the earlier lunar year).

Rules (those of Ho Ngoc Duc's published algorithm, evaluated astronomically)
---------------------------------------------------------------------------
* Time zone: UTC+7 (Vietnam uses UTC+7 from 1968 on; only 1968+ is produced,
  so UTC+8 for pre-1968 Vietnam is never needed).  China: UTC+8.
* A lunar month starts on the local calendar day containing the new moon
  (geocentric conjunction: apparent ecliptic longitudes of Sun and Moon equal).
* Month 11 is the lunar month containing the winter solstice (apparent solar
  longitude 270 deg), i.e. whose local day range contains the solstice's local
  day.
* Between two consecutive month-11 starts there are 12 or 13 months.  In a
  13-month cycle the leap month is the first month after month 11 that
  contains no major solar term ("trung khi": apparent solar longitude a
  multiple of 30 deg, local day in [month start, next month start)); it takes
  the number of the previous month and is marked leap.
* Tet = day 1 of month 1; Hung Kings day = day 10 of the non-leap month 3.

Astronomy
---------
* New moons: ephem.next_new_moon (Newton iteration on apparent geocentric
  ecliptic longitudes of date, converged to ~0.5 s), times in UT.
* Solar terms: the same longitude definition ephem uses internally
  (eq_ecl of the Sun's apparent geocentric RA/Dec, ecliptic of date), solved
  with ephem.newton to the same precision.  The winter solstice is the
  270 deg term.
* ephem handles UT vs TT (delta T) internally; local time = UT + zone.

How to run
----------
    pip install ephem==4.2.1
    python3 scripts/lunar-fixture/generate.py          # from the repo root
Output is deterministic (no wall-clock or locale dependence).  It also prints
the sanity checks and a summary (China differences, near-midnight cases,
solar terms within 10 minutes of midnight that decided a month-11/leap
placement) to stdout; it exits non-zero if a sanity check fails.

Generated with ephem 4.2.1 (Python 3.11).
"""

import csv
import datetime as dt
import math
import os
import sys

import ephem
from ephem import _libastro

EPHEM_VERSION_USED = "4.2.1"

VN_TZ = 7
CN_TZ = 8
FIRST_YEAR = 1968
LAST_YEAR = 2100
NEAR_MIDNIGHT_MINUTES = 10

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURE_DIR = os.path.join(REPO_ROOT, "Tests", "DomainTests", "Calendar", "Fixtures")
YEARS_CSV = os.path.join(FIXTURE_DIR, "vietnamese-lunar-1968-2100.csv")
MONTHS_CSV = os.path.join(FIXTURE_DIR, "vietnamese-lunar-months-1968-2100.csv")

# ---------------------------------------------------------------- astronomy

_sun = ephem.Sun()


def sun_longitude(d):
    """Apparent geocentric ecliptic longitude of the Sun (radians, of date)."""
    _sun.compute(d)
    return _libastro.eq_ecl(d, _sun.g_ra, _sun.g_dec)[0]


def solar_term(d0, lon_deg):
    """First time after ephem date d0 (within ~1 year) when the Sun's
    longitude equals lon_deg."""
    target = math.radians(lon_deg)

    def f(d):
        return (sun_longitude(d) - target + math.pi) % (2 * math.pi) - math.pi

    d0 = ephem.Date(d0)
    to_cover = (target - sun_longitude(d0)) % (2 * math.pi)
    guess = d0 + 365.2422 * to_cover / (2 * math.pi)
    d = ephem.newton(f, guess, guess + ephem.hour)
    assert abs(f(d)) < 1e-7, (lon_deg, d)
    return ephem.Date(d)


def major_terms(start, end):
    """All (time, longitude_deg) with longitude a multiple of 30, in [start, end)."""
    out = []
    d = ephem.Date(start)
    lon = (math.floor(math.degrees(sun_longitude(d)) / 30) + 1) * 30 % 360
    while True:
        t = solar_term(d, lon)
        if t >= end:
            return out
        out.append((t, lon))
        d = ephem.Date(t + 1)
        lon = (lon + 30) % 360


def new_moons(start, end):
    out = []
    d = ephem.previous_new_moon(start)
    while d < end:
        out.append(d)
        d = ephem.next_new_moon(ephem.Date(d + 1))
    return out


def local_datetime(d, tz):
    """ephem date (UT) -> naive local datetime, rounded to the second."""
    t = ephem.Date(d).datetime() + dt.timedelta(hours=tz)
    return (t + dt.timedelta(microseconds=500000)).replace(microsecond=0)


def local_day(d, tz):
    return local_datetime(d, tz).date()


def minutes_from_midnight(d, tz):
    t = local_datetime(d, tz)
    m = t.hour * 60 + t.minute + t.second / 60
    return min(m, 1440 - m)


# ---------------------------------------------------------------- calendar

def build_calendar(tz, moons, terms):
    """Return list of months: dict(index, start(date), number, leap, lunar_year,
    moon(ephem date)), for every month between the first and last solstice."""
    starts = [local_day(m, tz) for m in moons]
    term_days = [(local_day(t, tz), lon, t) for t, lon in terms]
    solstices = [(day, t) for day, lon, t in term_days if lon == 270]

    def month_index(day):
        i = max(k for k, s in enumerate(starts) if s <= day)
        assert i + 1 < len(starts)
        return i

    def has_major_term(i):
        return any(starts[i] <= day < starts[i + 1] for day, _, _ in term_days)

    months = []
    for (s0, _), (s1, _) in zip(solstices, solstices[1:]):
        k0, k1 = month_index(s0), month_index(s1)
        n = k1 - k0
        assert n in (12, 13), (s0, n)
        leap_at = None
        if n == 13:
            leap_at = next(i for i in range(k0 + 1, k1) if not has_major_term(i))
        number = 10
        gyear = s0.year  # Gregorian year of this cycle's month 11 (December)
        ly = gyear  # months 11/12 (and a leap 11/12) belong to lunar year
        #             `gyear`; from month 1 on, to lunar year gyear + 1.
        for i in range(k0, k1):
            leap = (i == leap_at)
            if not leap:
                number = number % 12 + 1
                if number == 1:
                    ly = gyear + 1
            months.append(dict(index=i, start=starts[i], number=number,
                               leap=leap, lunar_year=ly, moon=moons[i]))
    for m in months:
        if m["number"] == 1 and not m["leap"]:
            assert m["start"].year == m["lunar_year"], m
    return months


def by_key(months):
    return {(m["lunar_year"], m["number"], m["leap"]): m for m in months}


def fmt_local_minute(d, tz):
    t = ephem.Date(d).datetime() + dt.timedelta(hours=tz)
    t = (t + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)
    return t.strftime("%Y-%m-%dT%H:%M")


def main():
    if ephem.__version__ != EPHEM_VERSION_USED:
        print(f"warning: ephem {ephem.__version__} (fixture made with "
              f"{EPHEM_VERSION_USED})", file=sys.stderr)

    start = ephem.Date("1966/10/01")
    end = ephem.Date("2102/03/01")
    moons = new_moons(start, end)
    terms = major_terms(start, end)

    vn = build_calendar(VN_TZ, moons, terms)
    cn = build_calendar(CN_TZ, moons, terms)
    vn_key, cn_key = by_key(vn), by_key(cn)

    # ---- months file
    first = dt.date(FIRST_YEAR, 1, 1)
    last = dt.date(LAST_YEAR, 12, 31)
    month_rows = []
    for a, b in zip(vn, vn[1:] + [None]):
        if a["start"] > last:
            break
        if b is None:
            raise SystemExit("calendar does not extend past 2100-12-31")
        if b["start"] <= first:
            continue
        month_rows.append(a)

    # ---- years file
    year_rows = []
    near_all = []
    for y in range(FIRST_YEAR, LAST_YEAR + 1):
        m1 = vn_key[(y, 1, False)]
        m3 = vn_key[(y, 3, False)]
        leaps = [m for m in vn if m["leap"] and m["start"].year == y]
        assert len(leaps) <= 1, y
        leap = leaps[0] if leaps else None
        tet = m1["start"]
        hung = m3["start"] + dt.timedelta(days=9)
        tet_cn = cn_key[(y, 1, False)]["start"]
        near = []
        for m in (m1, m3, leap):
            if m is None:
                continue
            if minutes_from_midnight(m["moon"], VN_TZ) <= NEAR_MIDNIGHT_MINUTES:
                s = fmt_local_minute(m["moon"], VN_TZ)
                if s not in near:
                    near.append(s)
        near_all += [(y, s) for s in near]
        year_rows.append([
            y, tet.isoformat(), hung.isoformat(),
            leap["number"] if leap else "",
            leap["start"].isoformat() if leap else "",
            tet_cn.isoformat(), int(tet != tet_cn), ";".join(near),
        ])

    os.makedirs(FIXTURE_DIR, exist_ok=True)
    with open(YEARS_CSV, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["year", "tet", "hung_kings", "leap_month", "leap_month_start",
                    "tet_china", "differs_from_china", "near_midnight"])
        w.writerows(year_rows)
    with open(MONTHS_CSV, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["lunar_year", "month", "leap", "start", "near_midnight"])
        for m in month_rows:
            close = minutes_from_midnight(m["moon"], VN_TZ) <= NEAR_MIDNIGHT_MINUTES
            w.writerow([m["lunar_year"], m["number"], int(m["leap"]),
                        m["start"].isoformat(),
                        fmt_local_minute(m["moon"], VN_TZ) if close else ""])

    # ---- summary
    print(f"ephem {ephem.__version__}; {len(year_rows)} year rows -> {YEARS_CSV}")
    print(f"{len(month_rows)} month rows -> {MONTHS_CSV}")
    diffs = [r for r in year_rows if r[6]]
    print("Vietnam/China Tet differs:",
          ", ".join(f"{r[0]} ({r[1]} vs {r[5]})" for r in diffs) or "none")
    print("near-midnight new moons (UTC+7):",
          ", ".join(f"{y}: {s}" for y, s in near_all) or "none")

    # Major terms close to local midnight AND next to a month boundary, in
    # either zone (informational: only these could move month 11 or a leap
    # month if the term's time were off by a few minutes).
    for tz in (VN_TZ, CN_TZ):
        starts = {local_day(m, tz) for m in moons}
        close = []
        for t, lon in terms:
            day = local_day(t, tz)
            if (minutes_from_midnight(t, tz) > NEAR_MIDNIGHT_MINUTES
                    or not dt.date(FIRST_YEAR - 1, 1, 1) <= day <= last):
                continue
            after_midnight = local_datetime(t, tz).hour == 0
            if (after_midnight and day in starts) or \
                    (not after_midnight and day + dt.timedelta(days=1) in starts):
                close.append((t, lon))
        print(f"major solar terms within {NEAR_MIDNIGHT_MINUTES} min of midnight "
              f"at a month boundary, UTC+{tz}:",
              ", ".join(f"{fmt_local_minute(t, tz)} ({lon} deg)" for t, lon in close)
              or "none")

    rows = {r[0]: r for r in year_rows}
    checks = [
        ("Tet 1985 VN", rows[1985][1], "1985-01-21"),
        ("Tet 1985 CN", rows[1985][5], "1985-02-20"),
        ("Tet 2030 VN", rows[2030][1], "2030-02-02"),
        ("Tet 2030 CN", rows[2030][5], "2030-02-03"),
        ("Tet 2025", rows[2025][1], "2025-01-29"),
        ("Tet 2026", rows[2026][1], "2026-02-17"),
        ("Hung Kings 2026", rows[2026][2], "2026-04-26"),
        ("leap 2025", (rows[2025][3], rows[2025][4]), (6, "2025-07-25")),
        ("leap 2023", (rows[2023][3], rows[2023][4]), (2, "2023-03-22")),
    ]
    ok = True
    for name, got, want in checks:
        good = got == want
        ok &= good
        print(f"{'PASS' if good else 'FAIL'} {name}: {got}" +
              ("" if good else f" (expected {want})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
