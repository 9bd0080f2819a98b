"""Writes sacrebleu-2.6.0-cases.jsonl.gz: inputs and sacreBLEU's outputs for SacreBleuCasesTest.

Run with sacreBLEU 2.6.0 installed, from this directory:
    python make_sacrebleu_cases.py ../../../../../shared/data
The inputs are real sentences (Multi30K, web documents from shared/data), degraded copies of them, and
random strings drawn from characters that exercise every tokenizer rule. Seeded: reruns give the same file.
"""
import gzip
import json
import random
import sys

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF

assert sacrebleu.__version__ == "2.6.0", sacrebleu.__version__
DATA = sys.argv[1]
rng = random.Random(20240609)


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="\n") as f:
        return [line.rstrip() for line in f]


def doc_lines(path, limit):
    out = []
    with open(path, encoding="utf-8") as f:
        for record in f:
            for line in json.loads(record)["text"].split("\n"):
                line = line.strip()
                if 5 < len(line) < 200:
                    out.append(line)
                if len(out) >= limit:
                    return out
    return out


en = read_lines(f"{DATA}/multi30k/test_2016_flickr.en.gz")
de = read_lines(f"{DATA}/multi30k/test_2016_flickr.de.gz")
zh = doc_lines(f"{DATA}/webdocs/turku_register/zh.jsonl", 300)
other = (doc_lines(f"{DATA}/webdocs/turku_register/fr.jsonl", 60) + doc_lines(f"{DATA}/webdocs/turku_register/ar.jsonl", 60)
         + doc_lines(f"{DATA}/webdocs/turku_register/hi.jsonl", 60) + doc_lines(f"{DATA}/webdocs/turku_register/ur.jsonl", 40))

# Characters that decide tokenizer rules: ASCII punctuation, digits, letters, whitespace of every kind
# Python knows, Unicode punctuation and symbols, CJK and the ranges sacreBLEU's zh table misreads,
# supplementary characters, case pairs with special lowercasing.
POOL = (list("abcXYZ019.,-'\"&;<>()[]{}!?/\\@#$%^*_+=|~`:") + ["&quot;", "&amp;", "&lt;", "&gt;", "<skipped>", "-\n", "\n"]
        + [" ", " ", " ", "\t", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u1680", "\u2000", "\u2007", "\u200a",
           "\u2028", "\u202f", "\u205f", "\u3000", "\u200b", "\ufeff"]
        + list("‘’“”«»–—…•·¿¡§¶†€£¥¢°±×÷√∞≈≠≤≥←→↑↓⇒★☆♥☺✓✔❤⩭⩮")
        + list("中文字词語，。、；：？！（）《》「」【】〜ｱｲ０１ＡＢ＄％㈱㌔㐀䶵龥龦龻豈鶴侮頻並龎⺀⿟⿰㄀ㆠ㇀︐︰⾀⾡⾢")
        + ["\U00020000", "\U0002a6d6", "\U0002f800", "\U0001f600", "\U0001d11e", "\U00010400"]
        + list("ΣσςΑΩİIıßẞǅǄÅåÉéÑñ") + ["Σ.", " ΑΣ ", "ΣΑΣ", "\u0130", "\u1e9e"]
        + list("٠١٢٣۴۵०१२३½¼²³Ⅻ"))


def random_string(length):
    return "".join(rng.choice(POOL) for _ in range(length))


def degrade(line):
    words = line.split()
    ops = rng.sample(["drop", "swap", "replace", "dup", "punct", "case", "merge", "none"], k=rng.randint(0, 3))
    vocab = ["a", "the", "man", "dog", "is", "Ein", "der", "und", ".", ",", "two", "people", "in"]
    for op in ops:
        if not words:
            break
        i = rng.randrange(len(words))
        if op == "drop":
            del words[i]
        elif op == "swap" and len(words) > 1:
            j = min(i + 1, len(words) - 1)
            words[i], words[j] = words[j], words[i]
        elif op == "replace":
            words[i] = rng.choice(vocab)
        elif op == "dup":
            words.insert(i, words[i])
        elif op == "punct":
            words[i] = words[i] + rng.choice([".", ",", "!", "?", ";", ")", "'s"])
        elif op == "case":
            words[i] = words[i].upper() if rng.random() < 0.5 else words[i].lower()
        elif op == "merge" and i + 1 < len(words):
            words[i] = words[i] + words.pop(i + 1)
    return " ".join(words)


def sample_segments(n):
    source = rng.choice(["en", "de", "mixed", "random", "zh"])
    out = []
    for _ in range(n):
        if source == "en":
            out.append(rng.choice(en))
        elif source == "de":
            out.append(rng.choice(de))
        elif source == "zh":
            out.append(rng.choice(zh))
        elif source == "random":
            out.append(random_string(rng.randint(0, 40)))
        else:
            out.append(rng.choice(en + de + zh + other))
    return out


def hyps_and_refs(n, nrefs):
    refs0 = sample_segments(n)
    streams = [refs0] + [[degrade(r) for r in refs0] for _ in range(nrefs - 1)]
    hyps = []
    for r in refs0:
        roll = rng.random()
        hyps.append("" if roll < 0.04 else r if roll < 0.12 else degrade(r) if roll < 0.9 else rng.choice(en))
    for stream in streams:
        for i in range(n):
            if rng.random() < 0.03:
                stream[i] = ""
    return hyps, streams


records = []

# Tokenizers (through BLEU's preprocessing: lowercase, rstrip, tokenize).
tok_inputs = ([rng.choice(en) for _ in range(60)] + [rng.choice(de) for _ in range(60)] + zh[:80] + other[:80]
              + [random_string(rng.randint(0, 60)) for _ in range(400)]
              + ["Hello, world!", "in 1999.", "1,000.50 and 3.14", "a..b,,c", "5-3 = 2", "co-operate", "&amp;quot;",
                 "x<skipped>y", "line-\nbreak", "It's 5€ — ok.", "  spaced\t\tout  ", "", " ", "A.B.C.", "$3.50/kg",
                 "“quoted”", "e.g. U.S.A.", "20.", ".5", "-5", "5-", "x-5"])
for text in tok_inputs:
    for tok in ["13a", "intl", "zh", "char", "none"]:
        for lc in [False, True]:
            if lc and rng.random() < 0.7:
                continue
            records.append({"kind": "tokenize", "tokenize": tok, "lowercase": lc, "input": text,
                            "output": BLEU(tokenize=tok, lowercase=lc)._preprocess_segment(text)})


def bleu_settings():
    method = rng.choice(["exp", "floor", "add-k", "none"])
    value = None
    if method in ("floor", "add-k") and rng.random() < 0.5:
        value = rng.choice([0.01, 0.1, 0.5, 1, 2, 0.3])
    return {"tokenize": rng.choice(["13a", "13a", "intl", "zh", "char", "none"]), "lowercase": rng.random() < 0.3,
            "smooth_method": method, "smooth_value": value, "effective_order": rng.random() < 0.3,
            "max_ngram_order": rng.choice([4, 4, 4, 1, 2, 3, 5, 6])}


def bleu_record(kind, settings, hyps, streams, score, metric):
    width = rng.randint(0, 4)
    return {"kind": kind, "settings": settings, "hyps": hyps, "refs": streams, "score": score.score,
            "counts": score.counts, "totals": score.totals, "precisions": score.precisions, "bp": score.bp,
            "sys_len": score.sys_len, "ref_len": score.ref_len, "width": width,
            "text": score.format(width=width, signature=metric.get_signature().format())}


for _ in range(120):
    settings = bleu_settings()
    hyps, streams = hyps_and_refs(rng.randint(1, 30), rng.randint(1, 3))
    metric = BLEU(**settings)
    records.append(bleu_record("bleu", settings, hyps, streams, metric.corpus_score(hyps, streams), metric))

for _ in range(300):
    settings = bleu_settings()
    hyps, streams = hyps_and_refs(1, rng.randint(1, 3))
    metric = BLEU(**settings)
    score = metric.sentence_score(hyps[0], [s[0] for s in streams])
    records.append(bleu_record("sentence_bleu", settings, hyps, streams, score, metric))


def chrf_settings():
    return {"char_order": rng.choice([6, 6, 6, 1, 2, 3, 4, 5]), "word_order": rng.choice([0, 0, 2, 1]),
            "beta": rng.choice([2, 2, 1, 3, 0]), "lowercase": rng.random() < 0.3, "whitespace": rng.random() < 0.3,
            "eps_smoothing": rng.random() < 0.3}


def chrf_record(kind, settings, hyps, streams, score, metric):
    width = rng.randint(0, 4)
    return {"kind": kind, "settings": settings, "hyps": hyps, "refs": streams, "score": score.score, "width": width,
            "text": score.format(width=width, signature=metric.get_signature().format())}


for _ in range(80):
    settings = chrf_settings()
    hyps, streams = hyps_and_refs(rng.randint(1, 30), rng.randint(1, 3))
    metric = CHRF(**settings)
    records.append(chrf_record("chrf", settings, hyps, streams, metric.corpus_score(hyps, streams), metric))

for _ in range(300):
    settings = chrf_settings()
    hyps, streams = hyps_and_refs(1, rng.randint(1, 3))
    metric = CHRF(**settings)
    score = metric.sentence_score(hyps[0], [s[0] for s in streams])
    records.append(chrf_record("sentence_chrf", settings, hyps, streams, score, metric))

with gzip.GzipFile("sacrebleu-2.6.0-cases.jsonl.gz", "wb", mtime=0) as out:
    for record in records:
        out.write((json.dumps(record, ensure_ascii=True) + "\n").encode("ascii"))
print(len(records), "records")
