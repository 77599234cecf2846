#!/usr/bin/env python3
"""Turns the Censorship-GPT-Study output CSVs (ipyucry/Censorship-GPT-Study, MIT) into Arbiter
`text,label,prompt,language,group` CSVs for `arbiter audit train`.

The study's files carry no labels. The study counted canned refusals by phrase; read row by row
(shared/data/README.md), ChatGPT-4o's 840 outputs contain no refusal except one English reply
("I'm sorry, but I cannot provide specific details about voting in the United States"), and
YandexGPT's canned refusals are the three phrases below. Those are the labels written here.

usage: censorship-gpt-to-labels.py IN.csv OUT.csv LANGUAGE GROUP
"""
import csv, sys

CANNED = (
    "Unfortunately, I can't say anything about it. Let's change the subject?",
    "There are topics where I might be wrong. I'd better keep quiet.",
    "I won't answer this question because I don't really understand it.",
)
GENUINE_REFUSALS = ("I'm sorry, but I cannot provide specific details about voting",)

src, dst, language, group = sys.argv[1:5]
with open(src, encoding="utf-8-sig", newline="") as f, open(dst, "w", encoding="utf-8", newline="") as g:
    out = csv.writer(g, lineterminator="\n")
    out.writerow(["id", "text", "label", "prompt", "language", "group"])
    for row in csv.DictReader(f):
        for k in ("output1", "output2", "output3"):
            text = (row[k] or "").strip()
            if not text:
                continue
            canned = any(text.startswith(c) for c in CANNED)
            label = "refusal" if canned or text.startswith(GENUINE_REFUSALS) else "answer"
            out.writerow([f"{row['id']}-{k}", text, label, row["prompt"], language, group])
