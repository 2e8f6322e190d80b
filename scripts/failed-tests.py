#!/usr/bin/env python3
"""Prints each failed test of the given .trx files with the start of its error message, so the last
lines of a CI log say which test failed and why (the console log above it can be long)."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
        print(f"FAILED {result.get('testName')} ({result.get('duration')})")
        lines = message.splitlines()
        for line in lines[:12]:
            print(f"    {line}")
        # From node logs appended to a fault test's message: what says why a silo stopped.
        telling = [l for l in lines[12:] if any(w in l.lower() for w in ("--- node", "exit code", "dead", "shutting down", "stopping", "crit", "unhandled"))]
        for line in telling[:30]:
            print(f"    {line.strip()}")
