"""Cue phrases the rubric listens for. Each list says what it is evidence of.

Phrases are matched as whole tokens, lower-cased; keep them short and unambiguous.
"""

from __future__ import annotations

SITUATION_CUES = (
    "at my last",
    "at my previous",
    "in my last",
    "in my previous",
    "in my current",
    "at my current",
    "when i was",
    "when i joined",
    "last year",
    "a few years ago",
    "a couple of years ago",
    "at the time",
    "back when",
    "there was a",
    "we had a",
    "we were",
    "our team was",
    "the team was",
    "i was working",
    "i was leading",
    "while working",
    "the situation",
    "the context",
    "the background",
    "at a startup",
    "one time",
    "on one project",
    "in one project",
    "on a project",
    "a project where",
    "last quarter",
    "previous company",
    "previous job",
    "previous role",
)
"""Setting the scene: where and when the story happened."""

TASK_CUES = (
    "my task",
    "on call",
    "on-call",
    "i was the",
    "i took ownership",
    "i volunteered",
    "my part was",
    "as the lead",
    "as tech lead",
    "as the tech lead",
    "my job was",
    "my role was",
    "my responsibility",
    "i was responsible",
    "i was asked",
    "i was assigned",
    "i was tasked",
    "i needed to",
    "i had to",
    "we needed to",
    "we had to",
    "the goal was",
    "our goal",
    "my goal",
    "the challenge was",
    "the problem was",
    "the objective",
    "the deadline",
    "i owned",
    "it was on me",
    "i was in charge",
    "i wanted to",
    "the aim was",
)
"""The candidate's own goal or responsibility in the story."""

ACTION_CUES = (
    "i decided",
    "i started",
    "i built",
    "i wrote",
    "i proposed",
    "i organised",
    "i organized",
    "i set up",
    "i scheduled",
    "i reached out",
    "i talked",
    "i met",
    "i led",
    "i created",
    "i designed",
    "i implemented",
    "i introduced",
    "i worked with",
    "i suggested",
    "i took",
    "i changed",
    "i asked",
    "i spoke",
    "i sat down",
    "i analysed",
    "i analyzed",
    "i investigated",
    "i profiled",
    "i measured",
    "i migrated",
    "i rewrote",
    "i refactored",
    "i added",
    "i removed",
    "i split",
    "i automated",
    "i documented",
    "i presented",
    "i negotiated",
    "i escalated",
    "i mentored",
    "i paired",
    "i drafted",
    "i prioritised",
    "i prioritized",
    "i coordinated",
    "i ran",
    "i made",
    "i pushed",
    "i convinced",
    "i explained",
    "i gathered",
    "i listened",
    "i broke",
    "i shipped",
    "i tested",
    "i reviewed",
    "so i",
    "then i",
    "first i",
    "next i",
    "i then",
)
"""What the candidate personally did."""

RESULT_CUES = (
    "as a result",
    "the result",
    "resulted in",
    "ended up",
    "which led to",
    "that led to",
    "led to",
    "the outcome",
    "the impact",
    "we delivered",
    "we shipped",
    "we launched",
    "it shipped",
    "on time",
    "reduced",
    "increased",
    "improved",
    "cut",
    "saved",
    "dropped",
    "went from",
    "down from",
    "up from",
    "doubled",
    "halved",
    "tripled",
    "grew",
    "fell",
    "eliminated",
    "no longer",
    "i learned",
    "i learnt",
    "lesson",
    "the feedback was",
    "got promoted",
    "was adopted",
    "the team adopted",
    "we hit",
    "we met the",
    "successfully",
    "no similar",
    "haven't had",
    "hasn't happened",
    "never happened again",
    "no more",
    "went down",
    "went up",
    "became",
    "made a difference",
    "big difference",
    "faster",
    "quicker",
    "fewer",
    "more reliable",
    "got approved",
    "was approved",
    "paid off",
    "worked out",
    "it worked",
)
"""How it turned out: a change, an outcome, or what was learned."""

WEAK_RESULT_CUES = ("in the end", "since then", "afterwards", "eventually", "finally", "after that")
"""Words that only say time passed ("it was fine in the end"): a result only with a number nearby."""

FIRST_PERSON_SINGULAR = ("i", "i'm", "i've", "i'd", "i'll", "my", "me", "myself")
FIRST_PERSON_PLURAL = ("we", "we're", "we've", "we'd", "we'll", "our", "us", "ourselves")

HEDGES = (
    "i think maybe",
    "i'm not sure",
    "not sure",
    "i am not sure",
    "probably",
    "i guess",
    "maybe",
    "perhaps",
    "kind of",
    "sort of",
    "i suppose",
    "might be",
    "possibly",
    "i don't know",
    "i'm not certain",
    "hopefully",
    "somewhat",
    "i'm no expert",
    "i don't really know",
    "i'm not really sure",
    "or something",
    "i could be wrong",
    "if i remember correctly",
)
"""Hedging language: observable uncertainty in the wording (never a guess about feelings)."""

SEQUENCE_MARKERS = (
    "first",
    "firstly",
    "secondly",
    "third",
    "then",
    "next",
    "after that",
    "finally",
    "lastly",
    "to start",
    "to begin",
    "step one",
    "on top of that",
    "in summary",
    "to summarise",
    "to summarize",
    "overall",
    "the first",
    "the second",
    "the last",
)
"""Words that sequence an answer so a listener can follow it."""

REASONING_MARKERS = (
    "because",
    "so that",
    "which means",
    "trade-off",
    "tradeoff",
    "trade off",
    "downside",
    "upside",
    "instead of",
    "rather than",
    "on the other hand",
    "alternatively",
    "the risk",
    "bottleneck",
    "depends on",
    "it depends",
    "the cost",
    "versus",
    "vs",
    "compared to",
    "the reason",
    "therefore",
    "in order to",
    "the catch",
    "failure mode",
    "worst case",
    "edge case",
    "pros",
    "cons",
)
"""Words that give reasons or weigh options: the substance of a technical answer."""

EXAMPLE_MARKERS = (
    "for example",
    "for instance",
    "such as",
    "e.g",
    "in my last",
    "in my previous",
    "at my last",
    "at my previous",
    "in production",
    "in one project",
    "on one project",
    "we once",
    "i once",
    "specifically",
    "in practice",
    "a concrete",
    "in our case",
    "at my current",
    "in my current",
)
"""Signals that the answer grounds itself in a concrete case."""

NUMBER_WORDS = frozenset(
    """
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
    hundred hundreds thousand thousands million millions billion half dozen dozens
    """.split()
)
"""Spelled-out quantities: they count as numbers when a unit follows ("three weeks")."""

CHANGE_WORDS = frozenset({"doubled", "tripled", "halved", "quadrupled", "tenfold"})
"""Words that state a measured change on their own."""

UNITS = frozenset(
    """
    % percent ms millisecond milliseconds second seconds sec s minute minutes min hour hours day days
    week weeks month months year years x times users customers requests rps qps tps req gb mb tb kb
    people engineers developers teams services servers nodes instances queries pages tickets bugs
    incidents releases deploys deployments points k m afternoon afternoons sprint sprints quarter quarters
    """.split()
)
"""Words that, after a number, make it a measurement worth quoting ("3 weeks")."""

TECHNOLOGIES = frozenset(
    """
    python java kotlin swift golang rust scala ruby php typescript javascript c++ c# .net elixir
    react vue angular svelte next.js nextjs node node.js nodejs express django flask fastapi spring
    rails laravel graphql grpc rest restful http http/2 https tcp udp websocket websockets oauth jwt
    tls ssl dns cdn cloudfront nginx envoy istio haproxy postgres postgresql mysql sqlite oracle
    mongodb dynamodb cassandra redis memcached elasticsearch opensearch kafka rabbitmq sqs sns
    kinesis pubsub spark flink airflow dbt snowflake bigquery redshift hadoop hive presto trino
    parquet avro protobuf json pandas numpy scipy pytorch tensorflow keras sklearn scikit-learn
    xgboost lightgbm huggingface transformers bert llm embeddings mlflow kubeflow sagemaker docker
    kubernetes k8s helm terraform ansible pulumi aws gcp azure lambda s3 ec2 ecs eks gke fargate
    prometheus grafana datadog sentry opentelemetry jaeger splunk jenkins circleci gitlab github
    argo argocd ios android swiftui uikit jetpack compose flutter xcode gradle webpack vite babel
    css html dom webassembly wasm sql nosql lru lfu b-tree btree bloom raft paxos zookeeper etcd
    consul mapreduce etl cdc oltp olap sla slo slos sli slis okr okrs jira linux
    bash git redux zustand jest cypress playwright pytest junit selenium storybook tailwind
    sharding shard replicas idempotency idempotent saga crdt vector faiss pinecone
    """.split()
)
"""Named technologies and techniques: naming the tool shows hands-on specificity."""

IRREGULAR_PAST = frozenset(
    """
    built rebuilt wrote rewrote took made led ran set spoke met began chose found gave got sent brought
    did drove held kept put told sat went broke cut paid taught sought shut spent won drew split sold
    bought caught understood undertook overcame withdrew
    """.split()
)
"""Past-tense verbs without "-ed": "I wrote", "I led" describe an action the candidate took."""

NOT_ACTIONS = frozenset(
    """
    was had felt thought knew wanted needed liked loved hoped believed guessed supposed used noticed
    realised realized heard saw seemed assumed expected
    """.split()
)
"""Past-tense verbs of state or perception: "I was", "I felt" set the scene but are not actions."""
