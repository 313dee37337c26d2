"""Writes a Ralph file-system LRS holding a team's history, for scripts/bench-pull.sh.

Usage: bench-pull.py TEMPLATE.json OUT.jsonl TRAINEES SESSIONS PER_SESSION DAYS [--new]

TEMPLATE.json is `rapport export --format xapi` of one real session (a team set): its
`answered`, `completed` and `passed`/`failed` statements are cloned with new ids, accounts,
registrations and times, PER_SESSION statements per session (answered ones, then completed and
passed), sessions ending over the last DAYS days (with --new: in the last hour).
"""

import json
import random
import sys
import time
import uuid

template_path, out_path = sys.argv[1], sys.argv[2]
trainees, sessions, per_session, days = (int(x) for x in sys.argv[3:7])
new = "--new" in sys.argv
template = json.load(open(template_path))
answered = next(s for s in template if s["verb"]["id"].endswith("/answered"))
completed = next(s for s in template if s["verb"]["id"].endswith("/completed"))
verdict = next(s for s in template if s["verb"]["id"].endswith(("/passed", "/failed")))
ext = next(k for k in completed["result"]["extensions"] if k.endswith("/extensions/session"))
now_ms = int(time.time() * 1000)
rng = random.Random(7 if not new else int(time.time()))


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + ".%03dZ" % (ms % 1000)


with open(out_path, "a") as out:
    for _ in range(trainees):
        account = uuid.UUID(int=rng.getrandbits(128)).hex
        for _ in range(sessions):
            registration = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            ended = now_ms - (rng.randrange(3_600_000) if new else rng.randrange(days * 86_400_000))
            started = ended - 240_000
            for i in range(per_session - 2):
                s = json.loads(json.dumps(answered))
                s["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                s["actor"]["account"]["name"] = account
                s["context"]["registration"] = registration
                s["timestamp"] = iso(started + i * 1000)
                out.write(json.dumps(s) + "\n")
            for base in (completed, verdict):
                s = json.loads(json.dumps(base))
                s["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                s["actor"]["account"]["name"] = account
                s["context"]["registration"] = registration
                s["timestamp"] = iso(ended)
                if ext in s["result"].get("extensions", {}):
                    s["result"]["extensions"][ext]["started_ms"] = started
                    s["result"]["extensions"][ext]["ended_ms"] = ended
                out.write(json.dumps(s) + "\n")
