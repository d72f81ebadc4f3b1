#!/usr/bin/env python3
"""Adapts deploy/nginx.conf for the browser tests: only the lines marked
CHANGE (addresses, certificate, root) are replaced, each exactly as many
times as expected, so the tests serve the site with the department's own
headers, caching and URL rules.

usage: deploy_conf.py DEPLOY_CONF OUT ROOT HTTPS_PORT HTTP_PORT CERT KEY
"""
import re
import sys

src, out, root, https_port, http_port, cert, key = sys.argv[1:]
text = open(src, encoding="utf-8").read()

rules = [
    # (pattern, replacement, expected count)
    (r"^\s*listen \[::\]:\S+.*# CHANGE-\S+\n", "", 2),
    (r"^(\s*)listen 80;.*$", rf"\1listen 127.0.0.1:{http_port};", 1),
    (r"^(\s*)listen 443 ssl http2;.*$", rf"\1listen 127.0.0.1:{https_port} ssl http2;", 1),
    (r"^(\s*)ssl_certificate .*$", rf"\1ssl_certificate {cert};", 1),
    (r"^(\s*)ssl_certificate_key .*$", rf"\1ssl_certificate_key {key};", 1),
    (r"^(\s*)root .*# CHANGE.*$", rf"\1root {root};", 1),
]
for pattern, replacement, expected in rules:
    text, n = re.subn(pattern, replacement, text, flags=re.M)
    if n != expected:
        sys.exit(f"deploy_conf.py: {pattern!r} matched {n} times in {src}, expected {expected}")
open(out, "w", encoding="utf-8").write(text)
