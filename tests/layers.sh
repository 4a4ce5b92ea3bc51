#!/bin/bash
# The source tree's shape: a folder per layer, includes only to the same
# layer or one below (common < base < kernel < machine < run < report < matrix < cli; the
# guest init and virtiofsd see only common), no include cycle between
# modules (a module: NAME.c and NAME.h), no file over 600 lines, no
# function over 60.
. "${EB_SRCDIR:-.}/tests/lib.sh"
src=$(cd "${EB_SRCDIR:-.}/src" && pwd)

python3 - "$src" >"$tmp/report" <<'PY'
import os, re, sys
src = sys.argv[1]
order = ['common', 'base', 'kernel', 'machine', 'run', 'report', 'matrix', 'cli']
files = {}
for layer in os.listdir(src):
    if os.path.isdir(os.path.join(src, layer)):
        for f in os.listdir(os.path.join(src, layer)):
            if f.endswith(('.c', '.h')):
                files.setdefault(layer, []).append(f)
where = {}
for layer, names in files.items():
    for f in names:
        where.setdefault(f, layer)
problems = {'upward': [], 'cycle': [], 'long file': [], 'long function': []}
edges = {}
for layer, names in files.items():
    for f in names:
        text = open(os.path.join(src, layer, f)).read()
        lines = text.split('\n')
        if len(lines) - 1 > 600:
            problems['long file'].append('%s/%s: %d lines' % (layer, f, len(lines) - 1))
        start = None
        for i, line in enumerate(lines):
            if re.match(r'^[a-z_][a-z0-9_]*\(', line):
                start = i
            elif line == '}' and start is not None:
                if i - start - 1 > 60:
                    problems['long function'].append('%s/%s: %s %d lines' % (layer, f, lines[start].split('(')[0], i - start - 1))
                start = None
        module = (layer, f.rsplit('.', 1)[0])
        for inc in re.findall(r'^#include "([^"]+)"', text, re.M):
            if inc == 'config.h':
                continue
            target = where.get(inc) if inc not in names else layer
            if target is None:
                problems['upward'].append('%s/%s: %s is nowhere in src/' % (layer, f, inc))
                continue
            if layer in order:
                ok = target in order and order.index(target) <= order.index(layer)
            else:
                ok = target in (layer, 'common')
            if not ok:
                problems['upward'].append('%s/%s includes %s/%s' % (layer, f, target, inc))
            dest = (target, inc.rsplit('.', 1)[0])
            if dest != module:
                edges.setdefault(module, set()).add(dest)
# A cycle: a module that reaches itself.
def reach(node, seen):
    for nxt in edges.get(node, ()):
        if nxt not in seen:
            seen.add(nxt)
            reach(nxt, seen)
    return seen
for node in sorted(edges):
    if node in reach(node, set()):
        problems['cycle'].append('%s/%s' % node)
for kind, items in problems.items():
    print('%s: %d%s' % (kind, len(items), ''.join('\n  ' + x for x in items)))
PY
for kind in upward cycle "long file" "long function"; do
	line=$(grep "^$kind: " "$tmp/report")
	check "no ${kind/upward/upward or sideways include} (${line#*: })" test "${line#*: }" = 0 ||
		diag "$(awk -v kind="$kind: " 'index($0, kind) == 1 { on = 1; next } /^[a-z]/ { on = 0 } on' "$tmp/report")"
done
done_testing
