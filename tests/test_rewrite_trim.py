"""Detail a long bullet sheds: one example table of what is found and what stays, one parametrized test (the
rewrite that sheds it and the formats that show what was moved: tests/test_report_split.py)."""

from __future__ import annotations

import pytest

from critic.rewrite.trim import detail_lists, detail_sentence, purposes

# (text, the spans detail_lists finds, in the order a bullet sheds them)
CASES = [
    # a bracketed list of names, glued to the word before it
    ("Deployed a logging stack(Loki, Tempo, Grafana, S3) for the payment services.",
     ["(Loki, Tempo, Grafana, S3)"]),
    # "including" inside the bracket is part of the list
    ("Ran the platform on AWS (including EC2, RDS and CloudFront) for four product teams.",
     [" (including EC2, RDS and CloudFront)"]),
    # a list after a head word that runs to the end of its clause, "etc." with it
    ("Built reporting dashboards in Looker, Tableau, and Excel etc. for the finance team.",
     [" in Looker, Tableau, and Excel etc."]),
    # ", including" takes its comma; a list of activities or qualities is the claim and stays
    ("Set up the analytics tooling for the growth team, including Amplitude, Looker, and dbt.",
     [", including Amplitude, Looker, and dbt"]),
    ("Owned the mobile release process, including store submission, privacy reviews, and beta cycles.", []),
    ("Rebuilt the checkout service using Go, Redis and Kafka, focusing on latency, resilience and cost.",
     [" using Go, Redis and Kafka"]),
    # of two lists, the later one is shed first
    ("Built finance dashboards in Looker, Tableau and Mode; automated their feeds using Python, Airflow and dbt.",
     [" using Python, Airflow and dbt", " in Looker, Tableau and Mode"]),
    # a trailing clause naming who the work was done alongside
    ("Designed the escalation playbooks for failed card migrations, partnering with risk and support teams to "
     "resolve account exceptions.",
     [", partnering with risk and support teams to resolve account exceptions"]),
    ("Wrote the booking service for a tutoring marketplace, along with a designer who built the app.",
     [", along with a designer who built the app"]),
    # a bracket that spells out the acronym before it: the acronym stays
    ("Routed admin traffic through IAP (Identity Aware Proxy) for the support consoles.",
     [" (Identity Aware Proxy)"]),
    ("Rebuilt the staging fleet with IaC(Infrastructure as Code) modules for the platform team.",
     ["(Infrastructure as Code)"]),
    # ... not a bracket that says something else, nor one after a plain word
    ("Rebuilt the QA (quality) checklist for the platform team.", []),
    ("Rebuilt the release checklist (see the wiki) for the platform team.", []),
    # what stays: two names read as part of the claim
    ("Built the billing service in Python and SQL for the subscriptions team.", []),
    # a head word after "and" opens an action of its own, not a list
    ("Cleaned the data and used XGBoost, LightGBM and CatBoost on the features.", []),
    # an entry longer than a name: the list is a clause
    ("Used Logistic Regression, Random Forest and K-Means to find customers likely to churn.", []),
    # the people a list names are the claim: no head word
    ("Worked with sales, marketing and finance to launch the product.", []),
    # a trailing clause of effect is the point of the line and stays; so does one naming partners with a figure,
    # an AI term, or too short
    ("Built the patch rollout tool for the cloud fleet, making patching multi-cloud and centrally managed.", []),
    ("Rebuilt the search ranking pipeline for the marketplace, cutting p95 latency from 900 ms to 300 ms.", []),
    ("Designed the support workflow for the contact centre, routing tickets with a fine-tuned LLM classifier.",
     []),
    ("Rebuilt the search ranking pipeline for the marketplace, saving time.", []),
    # a trailing clause that goes on about the doing is what the writer did, and stays
    ("Built the booking app for a chain of dental clinics, owning UX research and feature delivery from sketch to "
     "release.", []),
    # a clause too close to the start leaves too little of the claim
    ("Led the launch, partnering with sales and support on the pricing change.", []),
    # where the work ran: up to a purpose, which belongs to the work and stays
    ("Built a Flask admin console for the clinic booking system, deployed on Heroku using Docker containers to "
     "manage appointments.",
     [", deployed on Heroku using Docker containers"]),
    # where the work was shown is the evidence of its use, and stays
    ("Wrote a toy compiler for a subset of Lua in OCaml with a register allocator; presented at a meetup on "
     "language design.", []),
    # ... but not with a figure or an AI term, nor after too short a claim
    ("Built a Flask admin console for the clinic booking system, deployed on 40 clinic servers by the ops team.",
     []),
    ("Built a Flask admin console for the clinic booking system, deployed on SageMaker with an LLM router.", []),
    ("Built the admin console, deployed on Heroku using Docker.", []),
]


@pytest.mark.parametrize("text, spans", CASES, ids=[c[0][:40] for c in CASES])
def test_detail_lists(text: str, spans: list[str]):
    assert [text[d.start:d.end] for d in detail_lists(text)] == spans


# (text, the purpose clauses found)
PURPOSES = [
    # the first "to <verb>" of a sentence, to its end
    ("Designed a handover checklist to guide new hires, help them to plan, and set expectations early.",
     [" to guide new hires, help them to plan, and set expectations early"]),
    ("Rebuilt the invoice export in Go. Wrote the runbook for the billing team to cut escalations at night.",
     [" to cut escalations at night"]),
    # a purpose that says what the thing does (a list of its functions, a part named by its acronym) stays
    ("Built a back-end service for the community forum to handle thread creation, voting on replies, etc.", []),
    ("Built a fully automated Jenkins pipeline through shell scripts to deploy the UI tests and run them nightly.",
     []),
    # a verb that takes "to" as its object: that is the claim, not a purpose
    ("Used the warehouse tables to find the churn drivers for the sales team.", []),
    ("Shipped a booking app that allows clinic staff to move appointments in one click.", []),
    # "to be", a noun after "to", a figure or an AI term: stays
    ("Rebuilt the booking flow for the clinic chain to be ready for the spring peak.", []),
    ("Moved the nightly billing jobs from cron to Airflow.", []),
    ("Rebuilt the booking flow for the clinic chain to serve 40 clinics.", []),
    ("Rebuilt the intake form for the clinic chain to feed the LLM triage model.", []),
]


@pytest.mark.parametrize("text, spans", PURPOSES, ids=[c[0][:40] for c in PURPOSES])
def test_purposes(text: str, spans: list[str]):
    assert [text[d.start:d.end] for d in purposes(text)] == spans


def test_moved_text_names_the_list_without_its_comma():
    text = "Set up the analytics tooling for the growth team, including Amplitude, Looker, and dbt."
    assert [d.moved for d in detail_lists(text)] == ["including Amplitude, Looker, and dbt"]


# (sentence split off a merged item, whether it is detail rather than a claim of its own)
SENTENCES = [
    ("In production.", True),  # too short to stand
    ("Deployed on AWS using Docker containers.", True),  # where it ran
    ("Written in Go with a Postgres store.", True),
    ("For this service I used Python, DynamoDB and Kafka.", True),  # the tools used
    ("The team's portfolio includes billing and invoicing for retail clients.", True),  # context
    ("The team's portfolio includes NLU and speech recognition for clinics.", True),  # context, even of AI work
    ("Deployed the intent model on SageMaker with an LLM fallback.", False),  # names the AI work
    ("Implemented the billing retries and the dunning emails.", False),  # a claim of work
    ("Deployed the fraud model to 40 markets in one quarter.", False),  # an action with its object and a figure
    ("Migrated the billing jobs to Airflow.", False),
    ("Wrote the on-call runbook for the platform engineers on the team.", False),
]


@pytest.mark.parametrize("sentence, detail", SENTENCES, ids=[s for s, _ in SENTENCES])
def test_detail_sentence(sentence: str, detail: bool):
    assert detail_sentence(sentence) is detail
