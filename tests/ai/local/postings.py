# ruff: noqa: E501  (postings are pasted text, line lengths as written)
"""Three real-looking job postings (backend, data, product manager) for the tailoring tests."""

BACKEND = """Senior Backend Engineer, Payments (Berlin or remote)

About the role
You will design, build and run the Python services behind our checkout, on PostgreSQL and Kafka.
What you will do
- Own our REST and GraphQL APIs end to end, from design reviews to on-call.
- Keep p99 latency under 200 ms as traffic doubles; profile and fix slow queries.
- Build idempotent payment flows and reconcile the ledger with our payment providers.
- Mentor two mid-level engineers and review their code.
What we look for
- 5+ years building backend services in Python or Go.
- Deep knowledge of PostgreSQL: indexing, transactions, replication.
- Experience with Kafka, Docker, Kubernetes and AWS.
Benefits: 30 days of holidays, learning budget, pension plan. We are an equal opportunity employer."""

DATA = """Data Engineer, Analytics Platform

We are looking for a data engineer to build the pipelines our analysts and data scientists rely on.
Responsibilities
- Build batch and streaming pipelines with Spark and Airflow that load data into Snowflake.
- Model data with dbt: staging layers, marts, slowly changing dimensions.
- Own data quality checks, freshness SLAs and lineage for the core tables.
- Work with analysts to turn business questions into well-modelled datasets.
Requirements
- 3+ years of SQL and Python; experience with Spark, Airflow and a cloud warehouse (Snowflake, BigQuery or Redshift).
- Comfortable with CDC from operational databases and with Parquet on S3."""

PM = """Product Manager, Merchant Onboarding

You will own the roadmap for merchant onboarding, from sign-up to the first successful payment.
In this role you will
- Talk to merchants every week and turn what you learn into problem statements.
- Define success metrics (activation rate, time to first payment) and report on them.
- Write specs with engineering and design, and prioritise the backlog ruthlessly.
- Run A/B experiments on the onboarding funnel and decide what ships.
- Align sales, support and compliance stakeholders on launches.
You have 4+ years of product management experience in B2B SaaS or fintech, and you are comfortable with SQL and Amplitude."""
