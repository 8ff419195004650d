"""Deterministic synthetic corpus of knowledge-base articles for the benchmarks.

Every article is a Markdown file with the site's front matter and a body of 600 to 900
words (counted as whitespace-separated tokens) with ``##`` sections, a bullet list and a
fenced Python block. Prose is assembled from word lists, so nothing is copied from the
real articles and the same arguments always give the same bytes.

Usage as a script::

    python benchmarks/corpus.py OUT_DIR -n 500 [--tags-per-article 4] [--vocabulary 60] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOPICS_DIR = REPO / "docs" / "topics"

MIN_WORDS, MAX_WORDS = 600, 900
FEATURED_SHARE = 0.05
TOPIC_ROLE_SHARE = 0.3  # articles that cite topics in the body with {topic}
TOPIC_FIELD_SHARE = 0.2  # articles that list topics in front matter
CO_AUTHORED_SHARE = 0.1
YEARS = range(2018, 2026)

# Plausible ML tags with distinct keys and slugs; a larger vocabulary gets numbered extras.
TAG_NAMES = [
    "Machine Learning", "Deep Learning", "AI", "Trends", "NLP", "Computer Vision",
    "Large Language Models", "Transformers", "Reinforcement Learning", "RLHF", "Alignment",
    "Fine-tuning", "LoRA", "Quantization", "Pruning", "Distillation", "Edge AI", "TinyML",
    "MLOps", "Data Engineering", "Datasets", "Benchmarks", "Evaluation", "Interpretability",
    "Fairness", "Privacy", "Federated Learning", "Security", "Robustness", "Generative AI",
    "Diffusion Models", "GANs", "Multimodal", "Speech", "Audio", "Robotics", "Agents",
    "Retrieval", "RAG", "Vector Databases", "Recommender Systems", "Time Series",
    "Graph Neural Networks", "Self-Supervised Learning", "Contrastive Learning",
    "Optimization", "Scaling Laws", "Hardware", "GPUs", "Compilers", "Open Source",
    "Regulation", "Healthcare", "Finance", "Climate", "Education", "Code Generation",
    "Reasoning", "Mixture of Experts", "State Space Models", "Tokenization", "Synthetic Data",
    "Active Learning", "AutoML", "Causal Inference", "Bayesian Methods", "Uncertainty",
    "Neuromorphic Computing", "Continual Learning", "Meta-Learning",
]  # fmt: skip

AUTHORS = [
    "Amara Okafor", "Lukas Brandt", "Mei Tanaka", "Diego Herrera", "Priya Raman",
    "Sofia Lindqvist", "Tomasz Nowak", "Hannah Cole", "Youssef Benali", "Chen Wei",
]  # fmt: skip

ADJECTIVES = [
    "efficient", "sparse", "multimodal", "robust", "scalable", "interpretable", "self-supervised",
    "low-rank", "quantised", "distributed", "open-weight", "compact", "adaptive", "causal",
    "probabilistic", "federated", "retrieval-augmented", "instruction-tuned", "energy-aware",
    "privacy-preserving", "modular", "long-context", "on-device", "hybrid", "lightweight",
    "domain-specific", "synthetic", "continual", "calibrated", "auditable",
]  # fmt: skip
NOUNS = [
    "model", "encoder", "benchmark", "dataset", "pipeline", "optimizer", "attention layer",
    "retrieval system", "agent", "reward model", "tokenizer", "checkpoint", "evaluation suite",
    "feature store", "inference server", "training loop", "adapter", "embedding index",
    "language model", "vision backbone", "classifier", "recommender", "scheduler", "compiler",
    "data mixture", "guardrail", "policy", "simulator", "labeling workflow", "serving stack",
]  # fmt: skip
ACTORS = [
    "researchers", "practitioners", "platform teams", "the authors", "vendors", "open-source projects",
    "startups", "academic labs", "hospital consortia", "cloud providers", "regulators",
    "data scientists", "hardware makers", "product teams", "small companies",
]  # fmt: skip
VERBS = [
    "adopt", "evaluate", "fine-tune", "deploy", "benchmark", "compress", "distil", "scale",
    "replace", "audit", "retrain", "monitor", "quantise", "document", "share", "prune",
]  # fmt: skip
METRICS = [
    "latency", "accuracy", "memory use", "training cost", "energy use", "throughput", "robustness",
    "calibration", "recall", "time to first token", "label cost", "carbon footprint", "error rate",
]  # fmt: skip
CHANGES = ["drops", "improves", "roughly doubles", "halves", "stabilises", "shifts", "varies widely"]
CONTEXTS = [
    "on edge devices", "in production", "at inference time", "during pretraining", "for long documents",
    "in regulated industries", "on a single GPU", "across languages", "under distribution shift",
    "in low-resource settings", "at web scale", "on commodity hardware", "in clinical settings",
]  # fmt: skip
OPENERS = [
    "However,", "In practice,", "As a result,", "Meanwhile,", "By contrast,", "For example,",
    "Over the past year,", "In most reports,", "Not surprisingly,", "Still,", "At the same time,",
]  # fmt: skip
# Short sentences by length, to end a paragraph on an exact word count.
SHORT = {
    1: ["Mostly.", "Sometimes.", "Indeed."],
    2: ["Results vary.", "Details matter.", "Measure first."],
    3: ["Costs add up.", "Nobody agrees yet.", "Baselines still matter."],
    4: ["The evidence is mixed.", "More data rarely hurts.", "This is changing fast."],
    5: ["Careful evaluation remains the bottleneck.", "Few teams measure this today."],
    6: ["The numbers depend on the setup.", "Small details change the final numbers."],
}
HEADINGS = [
    "What changed", "Why it matters", "Open questions", "Practical notes", "Costs and trade-offs",
    "Early results", "Where it breaks", "Tooling", "Evaluation", "Deployment", "Background",
    "Lessons learned", "Outlook", "Limitations", "A worked example", "Related work",
]  # fmt: skip

SENTENCES = [
    "{Actors} increasingly {verb} {adj} {nouns} {context}.",
    "{Opener} the {metric} of a {adj} {noun} {change} {context}.",
    "Teams that {verb} the {noun} first report that {metric} {change}.",
    "{Opener} few {actors} {verb} their {nouns} without measuring {metric}.",
    "A {adj} {noun} is easier to {verb} when the {noun2} is {adj2}.",
    "{Actors} argue that {adj} {nouns} will matter more than {adj2} {nouns2} {context}.",
    "The trade-off is familiar: better {metric} usually costs {metric2}.",
    "{Opener} the most common mistake is to {verb} the {noun} before fixing the {noun2}.",
    "Several {actors} now publish {metric} numbers for every {noun} they {verb}.",
    "{Opener} a {adj} {noun2} lets {actors} {verb} {adj2} {nouns} {context}.",
    "Whether this holds {context} is still an open question.",
    "The {noun} matters less than the {noun2} behind it.",
    "{Opener} {actors} who {verb} {adj} {nouns} rarely go back to {adj2} ones.",
    "Public numbers on {metric} {context} remain scarce, so {actors} run their own tests.",
    "One {noun} per task was the norm; a shared {adj} {noun2} is now common {context}.",
    "{Opener} the gap between {adj} and {adj2} {nouns} narrows once {metric} is tuned.",
    "Reported gains in {metric} rarely survive a change of {noun2}.",
]  # fmt: skip

_AN = re.compile(r"\b([Aa]) ([aeiou])")

CODE_TEMPLATES = [
    (
        "def {fn}(batch, threshold={num}):\n"
        '    """Keep the {nouns} whose score passes the threshold."""\n'
        "    scores = [len(item) / {den} for item in batch]\n"
        "    return [item for item, score in zip(batch, scores) if score > threshold]\n"
        "\n\n"
        'print({fn}(["{w1}", "{w2}", "{w3}"]))'
    ),
    (
        "import statistics\n\n"
        "{var} = [{a}, {b}, {c}, {d}]\n"
        "mean = statistics.mean({var})\n"
        "spread = statistics.pstdev({var})\n"
        'print(f"{metric}: {{mean:.2f}} +/- {{spread:.2f}}")'
    ),
    (
        "from dataclasses import dataclass\n\n\n"
        "@dataclass\n"
        "class {cls}:\n"
        '    name: str = "{w1}"\n'
        "    rank: int = {den}\n"
        "    dropout: float = {num}\n\n"
        "    def describe(self) -> str:\n"
        '        return f"{{self.name}} (rank {{self.rank}}, dropout {{self.dropout}})"'
    ),
]


@dataclass(frozen=True)
class CorpusArticle:
    """What the benchmark needs to know about one generated article."""

    path: Path  # relative to the corpus folder
    title: str
    date: dt.date
    tags: tuple[str, ...]
    topics: tuple[str, ...]  # slugs cited in the body or the front matter
    featured: bool


def tag_vocabulary(size: int) -> list[str]:
    names = TAG_NAMES[:size]
    names += [f"Research Area {index}" for index in range(len(names), size)]
    return names


def topic_slugs(topics_dir: Path = TOPICS_DIR) -> list[str]:
    return sorted(path.stem for path in topics_dir.glob("*.md")) if topics_dir.is_dir() else []


def plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch")) else "s")


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:70].rstrip("-")


class _Writer:
    """Prose, titles and code drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: Sequence[str]) -> str:
        return self.rng.choice(items)

    def sentence(self) -> str:
        adj, adj2 = self.rng.sample(ADJECTIVES, 2)
        noun, noun2 = self.rng.sample(NOUNS, 2)
        metric, metric2 = self.rng.sample(METRICS, 2)
        actors = self.pick(ACTORS)
        text = self.pick(SENTENCES).format(
            Actors=actors[0].upper() + actors[1:],
            actors=actors,
            verb=self.pick(VERBS),
            adj=adj,
            adj2=adj2,
            noun=noun,
            noun2=noun2,
            metric=metric,
            metric2=metric2,
            change=self.pick(CHANGES),
            context=self.pick(CONTEXTS),
            Opener=self.pick(OPENERS),
            nouns=plural(noun),
            nouns2=plural(noun2),
        )
        text = _AN.sub(r"\1n \2", text)
        return text[0].upper() + text[1:]

    def paragraph(self, words: int) -> str:
        """Whole sentences of exactly ``words`` words in all."""
        sentences: list[str] = []
        remaining = words
        while remaining > 0:
            if remaining <= len(SHORT):
                sentences.append(self.pick(SHORT[remaining]))
                break
            candidates = (self.sentence() for _ in range(30))
            fitting = next(
                (c for c in candidates if len(c.split()) in (remaining, *range(remaining - 1))), None
            )
            if fitting is None:  # 7 to 9 words left and no long sentence fits: two short ones
                fitting = self.pick(SHORT[3])
            sentences.append(fitting)
            remaining -= len(fitting.split())
        return " ".join(sentences)

    def title(self) -> str:
        adj = self.pick(ADJECTIVES)
        nouns = plural(self.pick(NOUNS))
        patterns = [
            f"{adj.capitalize()} {nouns} {self.pick(CONTEXTS)}",
            f"How {self.pick(ACTORS)} {self.pick(VERBS)} {adj} {nouns}",
            f"{self.rng.randint(3, 12)} lessons from {adj} {nouns}",
            f"The {self.pick(METRICS)} of {adj} {nouns}",
            f"{adj.capitalize()} {nouns}: what {self.pick(ACTORS)} learned",
            f"Why {self.pick(METRICS)} {self.pick(CHANGES)} with {adj} {nouns}",
        ]
        return self.pick(patterns)

    def bullet_list(self) -> str:
        items = []
        for noun in self.rng.sample(NOUNS, self.rng.randint(3, 6)):
            items.append(f"- **{noun.capitalize()}**: {self.paragraph(self.rng.randint(6, 14))}")
        return "\n".join(items)

    def code(self) -> str:
        words = self.rng.sample(["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa"], 3)
        body = self.pick(CODE_TEMPLATES).format(
            fn=f"filter_{plural(self.pick(NOUNS)).replace(' ', '_')}",
            cls=self.pick(["AdapterConfig", "RunSpec", "ProbeSettings", "EvalPlan"]),
            var=self.pick(["latencies", "scores", "losses", "rewards"]),
            nouns=plural(self.pick(NOUNS)),
            metric=self.pick(METRICS),
            num=round(self.rng.uniform(0.05, 0.9), 2),
            den=self.rng.randint(4, 64),
            a=self.rng.randint(1, 99),
            b=self.rng.randint(1, 99),
            c=self.rng.randint(1, 99),
            d=self.rng.randint(1, 99),
            w1=words[0],
            w2=words[1],
            w3=words[2],
        )
        return f"```python\n{body}\n```"


def _split(total: int, parts: int, rng: random.Random, minimum: int = 25) -> list[int]:
    """``parts`` random sizes of at least ``minimum`` that add up to ``total``."""
    minimum = max(1, min(minimum, total // parts))
    weights = [rng.uniform(1, 3) for _ in range(parts)]
    spare = total - minimum * parts
    sizes = [minimum + int(spare * weight / sum(weights)) for weight in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


def _body(writer: _Writer, target: int, topics: Sequence[str]) -> str:
    """A body of exactly ``target`` words: intro, sections, one list, one code block."""
    rng = writer.rng
    headings = rng.sample(HEADINGS, rng.randint(3, 5))
    code_at = rng.randrange(len(headings))
    list_at = set(rng.sample(range(len(headings)), rng.randint(1, 2)))
    cited = list(topics)

    # Fixed blocks first; None marks a paragraph whose length is decided afterwards.
    blocks: list[str | None] = [None]
    for index, heading in enumerate(headings):
        blocks.append(f"## {heading}")
        if cited and rng.random() < 0.6:
            blocks.append(f"*See also {{topic}}`{cited.pop()}`.*")
        blocks += [None] * rng.randint(1, 2)
        if index in list_at:
            blocks.append(writer.bullet_list())
        if index == code_at:
            blocks.append("A short sketch of the idea:")
            blocks.append(writer.code())
            blocks.append(None)
    for slug in cited:  # topics not placed under a heading are cited at the end
        blocks.append(f"Background on this trend is on the {{topic}}`{slug}` page.")

    fixed = sum(len(block.split()) for block in blocks if block is not None)
    slots = [index for index, block in enumerate(blocks) if block is None]
    for index, size in zip(slots, _split(target - fixed, len(slots), rng), strict=True):
        blocks[index] = writer.paragraph(size)
    return "\n\n".join(blocks) + "\n"  # type: ignore[arg-type]


def _front_matter(
    title: str, date: dt.date, writer: _Writer, tags: Sequence[str], topics: Sequence[str], featured: bool
) -> str:
    rng = writer.rng
    quoted_date = json.dumps(date.isoformat()) if rng.random() < 0.5 else date.isoformat()
    if rng.random() < CO_AUTHORED_SHARE:
        author = json.dumps(rng.sample(AUTHORS, 2))
    else:
        author = json.dumps(writer.pick(AUTHORS))
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        f"date: {quoted_date}",
        f"excerpt: {json.dumps(writer.paragraph(rng.randint(18, 32)))}",
        f"tags: {json.dumps(list(tags))}",
        f"author: {author}",
        f"featured: {'true' if featured else 'false'}",
    ]
    if topics:
        lines.append(f"topics: [{', '.join(topics)}]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def write_corpus(
    dest: Path | str,
    n: int,
    tags_per_article: int = 4,
    vocabulary: int = 60,
    seed: int = 0,
    topics: Sequence[str] | None = None,
) -> list[CorpusArticle]:
    """Write ``n`` articles to ``dest/<year>/<slug>.md`` and describe them.

    ``topics`` are the slugs articles may cite (default: the real site's topics). Refuses
    to overwrite a file, so the corpus can be dropped into a folder with real articles.
    """
    dest = Path(dest)
    rng = random.Random(seed)
    writer = _Writer(rng)
    tag_names = tag_vocabulary(vocabulary)
    topic_pool = topic_slugs() if topics is None else list(topics)
    seen_titles: set[str] = set()
    seen_slugs: set[str] = set()
    first_day = dt.date(YEARS[0], 1, 1).toordinal()
    last_day = dt.date(YEARS[-1], 12, 31).toordinal()
    corpus = []
    for _ in range(n):
        title = writer.title()
        while title in seen_titles or slugify(title) in seen_slugs:
            title = writer.title()
        seen_titles.add(title)
        seen_slugs.add(slugify(title))
        date = dt.date.fromordinal(rng.randint(first_day, last_day))
        tags = rng.sample(tag_names, tags_per_article)
        featured = rng.random() < FEATURED_SHARE
        cited = (
            rng.sample(topic_pool, rng.randint(1, 2))
            if topic_pool and rng.random() < TOPIC_ROLE_SHARE
            else []
        )
        listed = (
            rng.sample(topic_pool, rng.randint(1, 2))
            if topic_pool and rng.random() < TOPIC_FIELD_SHARE
            else []
        )
        text = _front_matter(title, date, writer, tags, listed, featured)
        text += _body(writer, rng.randint(MIN_WORDS, MAX_WORDS), cited)

        path = Path(str(date.year)) / f"{slugify(title)}.md"
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
        all_topics = tuple(dict.fromkeys([*listed, *cited]))
        corpus.append(CorpusArticle(path, title, date, tuple(tags), all_topics, featured))
    return corpus


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="folder to write <year>/<slug>.md files into")
    parser.add_argument("-n", type=int, default=500, help="number of articles (default 500)")
    parser.add_argument("--tags-per-article", type=int, default=4)
    parser.add_argument("--vocabulary", type=int, default=60, help="number of distinct tags")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    corpus = write_corpus(args.dest, args.n, args.tags_per_article, args.vocabulary, args.seed)
    print(f"wrote {len(corpus)} articles to {args.dest}")


if __name__ == "__main__":
    main()
