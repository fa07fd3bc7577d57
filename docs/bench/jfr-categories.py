#!/usr/bin/env python3
"""Counts a JFR recording's CPU samples by what they were doing.

usage: jfr print --json --stack-depth 80 --events jdk.ExecutionSample rec.jfr > rec.json
       python3 docs/bench/jfr-categories.py rec.json

Each sample goes to the first category (in the order below) one of whose markers appears anywhere
in its stack, so a sample inside a journal write called from an actor's receive counts as the
journal, not as the actor. Only Java threads are sampled: GC and JIT threads are not in the count.
"""
import collections
import json
import sys

CATEGORIES = [
    ("stream materialization", "PhasedFusingActorMaterializer.materialize"),
    ("stream stages running", "ActorGraphInterpreter"),
    ("reply stream / partition recovery", "persistence/typed/internal/Replaying"),
    ("recovery permits", "RecoveryPermit"),
    ("journal: event encoding", "io/switchboard/journal/ValueCodec"),
    ("journal: write path", "io/switchboard/journal/"),
    ("journal: Pekko's AsyncWriteJournal", "AsyncWriteJournal"),
    ("Jackson (CBOR)", "com/fasterxml/jackson"),
    ("actor creation", "ActorCell.create"),
    ("actor termination", "finishTerminate"),
    ("sharding: coordinator (shard allocation)", "ShardCoordinator"),
    ("sharding: region and shard delivery", "cluster/sharding"),
    ("scheduler and timers", "Scheduler"),
    ("asks", "PromiseActorRef"),
    ("event-sourced command handling", "persistence/typed/internal/Running"),
    ("other Switchboard code", "io/switchboard"),
]


def main(path):
    events = json.load(open(path))["recording"]["events"]
    counts = collections.Counter()
    for event in events:
        trace = event["values"]["stackTrace"]
        frames = trace["frames"] if trace else []
        stack = "\n".join(
            f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames
        )
        for label, marker in CATEGORIES:
            if marker in stack:
                counts[label] += 1
                break
        else:
            counts["other (JDK, Pekko dispatch, mailboxes)"] += 1
    total = len(events)
    print(f"{total} samples")
    for label, n in counts.most_common():
        print(f"{n:6d} {100 * n / total:5.1f}%  {label}")


if __name__ == "__main__":
    main(sys.argv[1])
