#!/usr/bin/env python3
"""Writes the synthetic Icecast access logs of the upgrade fixture (deterministic: a fixed seed).

usage: access_log.py OUT_DIR   -> OUT_DIR/main.access.log and OUT_DIR/relay.access.log

12 UTC days from 2026-10-22 to 2026-11-02 (Europe/Berlin leaves summer time on 2026-10-25,
America/New_York on 2026-11-01). Listeners are (address, user agent) pairs: addresses from the
MaxMind test databases in ../shared/geoip (so countries, regions and cities are filled), a few not
in them (no location), IPv4 and IPv6; player agents, two bots; short sessions (< 60 s), long ones
that cross local midnight and the DST change; a few non-listener lines (admin, 404, source).
"""
import random
import sys
from datetime import datetime, timedelta, timezone

SEED = 1_106_003
START = datetime(2026, 10, 22, tzinfo=timezone.utc)
DAYS = 12
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Networks of the MaxMind test City database (see ../shared/geoip/README.md) and addresses outside it.
NETWORKS = [
    ("81.2.69.{}", [142, 143]),                       # GB London
    ("2.125.160.{}", list(range(216, 224))),          # GB Boxford
    ("216.160.83.{}", list(range(56, 64))),           # US Milton
    ("89.160.20.{}", list(range(112, 128))),          # SE Linköping
    ("175.16.199.{}", list(range(1, 60))),            # CN Changchun
    ("214.78.120.{}", list(range(1, 40))),            # US San Diego
    ("214.0.0.{}", list(range(1, 20))),               # SG Singapore
    ("214.0.1.{}", list(range(1, 30))),               # AU Melbourne
    ("67.43.156.{}", list(range(1, 10))),             # BT, no city
    ("202.196.224.{}", list(range(1, 10))),           # PH, no city
    ("2001:480:10::{:x}", list(range(1, 30))),        # US San Diego (IPv6)
    ("2001:218:{:x}::1", list(range(1, 10))),         # JP, no city (IPv6, distinct /64s)
    ("2a02:d3c0:{:x}::1", list(range(1, 10))),        # GB, no city (IPv6)
    ("2.3.3.{}", list(range(1, 6))),                  # found, no country
    ("8.8.{}.8", list(range(1, 25))),                 # not in the test database
]
PLAYERS = [
    "VLC/3.0.18 LibVLC/3.0.18",
    "Winamp/5.9",
    "iTunes/12.12 (Windows; Microsoft Windows 10 x64) AppleWebKit/7613.2007.1014.14 (dt:2)",
    "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "AppleCoreMedia/1.0.0.21E230 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)",
    "foobar2000/2.1",
    "ExoPlayerLib/2.19.1",
    "Lavf/60.3.100",
]
BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0"]
# server -> mount -> weight; main/jazz.ogg is the jazz station (America/New_York), main/talk.mp3 is in
# no station (the server's implicit station, UTC), the rest is radio1 (Europe/Berlin).
MOUNTS = {
    "main": [("/live.mp3", 5), ("/live.aac", 2), ("/jazz.ogg", 3), ("/talk.mp3", 1)],
    "relay": [("/live.mp3", 2)],
}


def stamp(t):
    return f"{t.day:02d}/{MONTHS[t.month - 1]}/{t.year}:{t.hour:02d}:{t.minute:02d}:{t.second:02d} +0000"


def duration(rng):
    kind = rng.random()
    if kind < 0.18:
        return rng.randint(1, 59)                     # short session: not qualifying
    if kind < 0.85:
        return int(rng.lognormvariate(7.0, 0.9)) + 60  # minutes to a few hours
    return rng.randint(3 * 3600, 9 * 3600)            # long: crosses midnight and hours


def main(out_dir):
    rng = random.Random(SEED)
    listeners = []
    for pattern, hosts in NETWORKS:
        for host in hosts:
            listeners.append((pattern.format(host), rng.choice(PLAYERS), rng.random()))
    lines = {"main": [], "relay": []}
    for day in range(DAYS):
        midnight = START + timedelta(days=day)
        for ip, agent, loyalty in listeners:
            # loyal listeners come most days, others now and then; evenings are busier (any zone)
            if rng.random() > 0.15 + 0.7 * loyalty:
                continue
            for _ in range(1 + int(rng.random() * 3.0)):
                server = "relay" if rng.random() < 0.15 else "main"
                mounts = MOUNTS[server]
                mount = rng.choices([m for m, _ in mounts], weights=[w for _, w in mounts])[0]
                start = midnight + timedelta(seconds=int(rng.triangular(0, 86400, 70000)))
                seconds = duration(rng)
                end = start + timedelta(seconds=seconds)
                size = seconds * rng.choice([8000, 16000, 24000])
                lines[server].append((end, f'{ip} - - [{stamp(end)}] "GET {mount} HTTP/1.1" 200 {size} "-" "{agent}" {seconds}'))
        for bot in BOTS:
            for _ in range(3):
                end = midnight + timedelta(seconds=rng.randint(3600, 86000))
                seconds = rng.randint(2, 400)
                lines["main"].append((end, f'66.249.66.{rng.randint(1, 200)} - - [{stamp(end)}] "GET /live.mp3 HTTP/1.1" 200 {seconds * 16000} "-" "{bot}" {seconds}'))
        noon = midnight + timedelta(hours=12)
        lines["main"].append((noon, f'127.0.0.1 - admin [{stamp(noon)}] "GET /admin/stats HTTP/1.1" 200 3120 "-" "Asteroid/1.0" 0'))
        lines["main"].append((noon, f'81.2.69.142 - - [{stamp(noon)}] "GET /nosuch.mp3 HTTP/1.1" 404 0 "-" "VLC/3.0.18 LibVLC/3.0.18" 1'))
        lines["relay"].append((noon, f'127.0.0.1 - source [{stamp(noon)}] "PUT /live.mp3 HTTP/1.1" 200 0 "-" "Lavf/60.3.100" 86000'))
    end_of_log = START + timedelta(days=DAYS)
    for server, entries in lines.items():
        entries.sort(key=lambda e: e[0])
        with open(f"{out_dir}/{server}.access.log", "w", encoding="ascii", newline="\n") as f:
            for end, line in entries:
                if end < end_of_log + timedelta(hours=10):  # what a log rotated then would hold
                    f.write(line + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
