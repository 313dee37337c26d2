#!/usr/bin/env python3
"""Generates Rapport's sound effects from scratch (no samples, no third-party material).

Run from the repository root: python3 scripts/make-sounds.py
Writes 16-bit mono WAV files into assets/sounds/. The output is deterministic.
"""
import math
import random
import struct
import wave

RATE = 22050


def write(name, samples):
    with wave.open(f"assets/sounds/{name}.wav", "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, s)) * 32000)) for s in samples))


def env(i, n, attack=0.01, release=0.05):
    t, d = i / RATE, n / RATE
    return min(1.0, t / attack) * min(1.0, (d - t) / release)


def tone(freqs, seconds, volume=0.3):
    n = int(seconds * RATE)
    return [volume * env(i, n) * sum(math.sin(2 * math.pi * f * i / RATE) for f in freqs) / len(freqs) for i in range(n)]


def silence(seconds):
    return [0.0] * int(seconds * RATE)


# A UK-style double ring: 400+450 Hz, 0.4 s on, 0.2 off, 0.4 on, 2 s off (loops).
ring = tone([400, 450], 0.4) + silence(0.2) + tone([400, 450], 0.4) + silence(2.0)
write("ring", ring)

# Hold music: a calm arpeggio in C major, 8 s, loops.
notes = [261.63, 329.63, 392.0, 523.25, 392.0, 329.63, 293.66, 349.23, 440.0, 587.33, 440.0, 349.23,
         246.94, 293.66, 392.0, 493.88]
hold = []
for f in notes:
    n = int(0.5 * RATE)
    hold += [0.18 * env(i, n, 0.02, 0.3) * (math.sin(2 * math.pi * f * i / RATE) + 0.3 * math.sin(4 * math.pi * f * i / RATE)) for i in range(n)]
write("hold-music", hold)

# Chat ping: two quick rising notes.
write("chat-ping", tone([880], 0.08, 0.35) + tone([1320], 0.12, 0.35))

# Speaking murmur: soft, voice-like syllables (band-limited noise bursts at speech rhythm), 2 s, loops.
rng = random.Random(7)
murmur = []
for syllable in range(10):
    n = int(rng.uniform(0.12, 0.22) * RATE)
    pitch = rng.uniform(140, 220)
    murmur += [0.22 * env(i, n, 0.02, 0.06) * (math.sin(2 * math.pi * pitch * i / RATE) * 0.6 + math.sin(2 * math.pi * pitch * 2.02 * i / RATE) * 0.3) for i in range(n)]
    murmur += silence(rng.uniform(0.02, 0.06))
write("speaking", murmur)

# Typing: short clicks.
typing = []
for k in range(12):
    n = int(0.012 * RATE)
    typing += [0.4 * (1 - i / n) * rng.uniform(-1, 1) for i in range(n)]
    typing += silence(rng.uniform(0.05, 0.12))
write("typing", typing)

# Timer warning: a short low tick.
write("tick", tone([660], 0.05, 0.25))
