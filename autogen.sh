#!/bin/sh
# Generate configure and the Makefile templates from a fresh clone.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux m4
autoreconf --install --force --warnings=all
