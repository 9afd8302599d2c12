#!/usr/bin/env python3
"""Writes logistic-1000.csv, the data set of the Softplus-regression study (issue 12, study ii).

Run once from this folder: `python3 make_logistic_csv.py`. Only the standard library is used, and random.random()
(Mersenne Twister) is reproducible across Python versions for a given seed, so the file is the same on every machine.
Each row is `a1,a2,b`: a ~ N(μ_b, I₂) given the label b ∈ {−1, 1} (equal odds), with μ_b = b·(0.6, −0.3) and
Box–Muller normals; the classes overlap, so the regularised risk has a finite minimiser.
"""
import math
import random

SEED = 20261204
ROWS = 1000

rng = random.Random(SEED)


def normal():
    u1 = 1.0 - rng.random()  # in (0, 1]
    u2 = rng.random()
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


with open("logistic-1000.csv", "w", encoding="ascii", newline="\n") as out:
    out.write("# a1,a2,b: Softplus-regression data, written by make_logistic_csv.py (seed %d)\n" % SEED)
    for _ in range(ROWS):
        b = 1 if rng.random() < 0.5 else -1
        a1 = 0.6 * b + normal()
        a2 = -0.3 * b + normal()
        out.write("%.6f,%.6f,%d\n" % (a1, a2, b))
