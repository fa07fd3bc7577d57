#!/usr/bin/env python3
"""Where a JFR recording's allocations or CPU samples go, by the first Switchboard frame.

Usage:
  jfr print --json --stack-depth 64 --events jdk.ObjectAllocationSample rec.jfr > alloc.json
  jfr print --json --stack-depth 64 --events jdk.ExecutionSample rec.jfr > cpu.json
  docs/bench/jfr-top.py alloc.json [N]    # shares of the sampled bytes (the events' weights)
  docs/bench/jfr-top.py cpu.json [N]      # shares of the Java CPU samples

Prints the N largest (first io.switchboard frame:line <- the allocating or running frame), then
the same by method. Frames of the benchmark's main thread are left out: its first sample in a
recording carries everything that thread allocated before (setup), a weight that is not the
window's. "(none)" is work with no Switchboard frame on the stack (Pekko's own, the JIT).
"""
import collections
import json
import sys


def name(frame):
    return frame['method']['type']['name'].split('/')[-1] + '.' + frame['method']['name']


def main():
    events = json.load(open(sys.argv[1]))['recording']['events']
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    by_site, by_method, total = collections.Counter(), collections.Counter(), 0
    for event in events:
        values = event['values']
        stack = values.get('stackTrace')
        if not stack:
            continue
        frames = stack['frames']
        if not frames or any('ThroughputBenchmark.main' in name(f) for f in frames):
            continue
        weight = values.get('weight', 1)
        total += weight
        ours = [f for f in frames if f['method']['type']['name'].startswith('io/switchboard')
                and '$$Lambda' not in f['method']['type']['name']]
        site = (name(ours[0]) + ':' + str(ours[0].get('lineNumber'))) if ours else '(none) ' + ' < '.join(
            name(f) for f in frames[:3])
        by_site[site + '  <-  ' + name(frames[0])] += weight
        by_method[name(ours[0]) if ours else '(none)'] += weight
    print('total', total)
    for key, value in by_site.most_common(top):
        print(f'{100 * value / total:5.1f}% {key}')
    print('== by method')
    for key, value in by_method.most_common(top):
        print(f'{100 * value / total:5.1f}% {key}')


if __name__ == '__main__':
    main()
