"""JSON Resume reader: sections, entries, items, ids, dates and validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from critic.errors import InputError
from critic.model import Document
from critic.parse.jsonresume import is_jsonresume, load_json, parse_jsonresume

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld" / "resumes_text"

RESUME = {
    "basics": {
        "name": "Noor Haddad",
        "label": "AI Product Manager",
        "email": "noor@example.org",
        "location": {"city": "Toronto", "region": "ON", "countryCode": "CA"},
        "profiles": [{"network": "GitHub", "url": "https://github.com/noor-example"}],
        "summary": "PM for applied ML products since 2016.  I run evals before launches, e.g. red-team "
                   "reviews. Shipped 4 models to 2.5M users.",
    },
    "work": [
        {
            "name": "Brightpath",
            "position": "Senior Product Manager",
            "location": "Remote",
            "startDate": "2021-03-15",
            "summary": "Owned the recommendations surface.",
            "highlights": ["Raised click-through 9% with a re-ranker", "Defined the rollback rule\nfor model updates"],
        },
        {"name": "Kestrel", "position": "Product Manager", "startDate": "2018-01", "endDate": "2021-02",
         "highlights": ["Launched fraud scoring for 300 merchants"]},
    ],
    "volunteer": [{"organization": "Code Club", "position": "Mentor", "startDate": "2019",
                   "highlights": ["Taught 20 students basic Python"]}],
    "education": [{"institution": "University of Waterloo", "area": "Statistics", "studyType": "BMath",
                   "startDate": "2012-09", "endDate": "2016-04", "score": 3.7, "courses": ["STAT 441", "CS 486"]}],
    "projects": [{"name": "Eval Harness", "description": "Open-source LLM eval runner.",
                  "highlights": ["Used by 40 teams"], "startDate": "2022"}],
    "skills": [{"name": "ML", "level": "Advanced", "keywords": ["ranking", "evaluation"]}, {"name": "SQL"}],
    "awards": [{"title": "PM of the Year", "awarder": "Brightpath", "date": "2022-12-01"}],
    "references": [{"name": "A Boss", "reference": "Great to work with."}],
}


def parsed(obj=RESUME) -> Document:
    doc = Document(source="cv.json", format="jsonresume")
    parse_jsonresume(obj, doc)
    return doc


def test_sections_in_reading_order():
    doc = parsed()
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("contact", "Contact"), ("summary", "Summary"), ("experience", "Work Experience"),
        ("experience", "Volunteer"), ("projects", "Projects"), ("education", "Education"),
        ("other", "Awards"), ("skills", "Skills"),
    ]
    assert doc.name == "Noor Haddad"
    assert doc.warnings == []


def test_items_ids_and_kinds():
    doc = parsed()
    got = [(i.id, i.kind, i.text) for i in doc.items() if i.section_kind != "contact"]
    assert got == [
        ("summary-0-1", "summary", "PM for applied ML products since 2016."),
        ("summary-0-2", "summary", "I run evals before launches, e.g. red-team reviews."),
        ("summary-0-3", "summary", "Shipped 4 models to 2.5M users."),
        ("experience-1-1", "summary", "Owned the recommendations surface."),
        ("experience-1-2", "bullet", "Raised click-through 9% with a re-ranker"),
        ("experience-1-3", "bullet", "Defined the rollback rule for model updates"),
        ("experience-2-1", "bullet", "Launched fraud scoring for 300 merchants"),
        ("experience2-1-1", "bullet", "Taught 20 students basic Python"),
        ("projects-1-1", "summary", "Open-source LLM eval runner."),
        ("projects-1-2", "bullet", "Used by 40 teams"),
        ("education-1-1", "line", "Score: 3.7"),
        ("education-1-2", "line", "Courses: STAT 441, CS 486"),
        ("skills-0-1", "line", "ML (Advanced): ranking, evaluation"),
        ("skills-0-2", "line", "SQL"),
    ]
    assert len({i.id for i in doc.items()}) == len(doc.items())
    assert all(i.section for i in doc.items())
    assert "Great to work with." not in [i.text for i in doc.items()]  # references are not the candidate's


def test_entries_dates_and_headers():
    doc = parsed()
    work = doc.sections[2].entries
    assert [(e.title, e.organisation, e.start, e.end, e.location) for e in work] == [
        ("Senior Product Manager", "Brightpath", "2021-03", "present", "Remote"),
        ("Product Manager", "Kestrel", "2018-01", "2021-02", None),
    ]
    assert work[0].header == "Senior Product Manager | Brightpath | 2021-03 – present | Remote"
    edu = doc.sections[5].entries[0]
    assert (edu.title, edu.organisation, edu.start, edu.end) == ("BMath Statistics", "University of Waterloo",
                                                                 "2012-09", "2016-04")
    award = doc.sections[6].entries[0]
    assert (award.title, award.organisation, award.start) == ("PM of the Year", "Brightpath", "2022-12")


def test_contact_lines():
    doc = parsed()
    assert [i.text for i in doc.sections[0].items] == [
        "Noor Haddad", "AI Product Manager", "noor@example.org", "Toronto, ON, CA",
        "GitHub: https://github.com/noor-example",
    ]


@pytest.mark.parametrize("value, expected", [
    ("2020", "2020"), ("2020-7", "2020-07"), ("2020-07-31", "2020-07"), ("Present", "present"),
    ("March 2019", "2019-03"), ("Sept 2019", "2019-09"),
])
def test_dates(value, expected):
    doc = parsed({"work": [{"name": "X", "startDate": "2010", "endDate": value}]})
    assert doc.sections[0].entries[0].end == expected


def test_unreadable_date_warns():
    doc = parsed({"work": [{"name": "X", "startDate": "sometime", "highlights": ["Did a thing"]}]})
    assert doc.sections[0].entries[0].start is None
    assert doc.warnings == ["work[0].startDate: 'sometime' is not a date (JSON Resume uses YYYY-MM-DD)"]


@pytest.mark.parametrize("obj, problem", [
    ([1, 2], "invalid JSON Resume: the top level is a list, not an object"),
    ("text", "invalid JSON Resume: the top level is a string, not an object"),
    ({"name": "x", "jobs": []}, "invalid JSON Resume: none of its keys"),
    ({"work": {"name": "x"}}, "invalid JSON Resume: 'work' should be a list, found an object"),
    ({"work": ["x"]}, "invalid JSON Resume: 'work[0]' should be an object, found a string"),
    ({"work": [{"highlights": "one"}]}, "invalid JSON Resume: 'work[0].highlights' should be a list, found a string"),
    ({"work": [{"highlights": [{"a": 1}]}]}, "'work[0].highlights[0]' should be a string, found an object"),
    ({"basics": []}, "'basics' should be an object, found a list"),
    ({"basics": {"name": True}}, "'basics.name' should be a string, found a boolean"),
])
def test_invalid_resumes(obj, problem):
    with pytest.raises(InputError) as err:
        parsed(obj)
    assert problem in str(err.value)
    assert str(err.value).startswith("cv.json: ")


def test_empty_but_valid_resume_warns():
    doc = parsed({"basics": {}, "work": []})
    assert doc.sections == []
    assert doc.warnings == ["no resume content found in the JSON Resume"]


def test_is_jsonresume():
    assert is_jsonresume(RESUME)
    assert is_jsonresume({"work": []})
    assert not is_jsonresume({"work": "x"})
    assert not is_jsonresume({"segments": []})
    assert not is_jsonresume([RESUME])


def test_load_json_reports_position():
    with pytest.raises(InputError, match=r"invalid JSON: Expecting .* at line 2 column \d+"):
        load_json('{"work": [\n}', "cv.json")


@pytest.mark.skipif(not REALWORLD.is_dir(), reason=f"real-world text folder not found: {REALWORLD}")
def test_realworld_json_resumes():
    files = sorted(REALWORLD.glob("*.json"))
    if not files:
        pytest.skip("no JSON Resume files in the real-world folder")
    for path in files:
        obj = json.loads(path.read_text(encoding="utf-8"))
        assert is_jsonresume(obj)
        doc = Document(source=path.name, format="jsonresume")
        parse_jsonresume(obj, doc)
        bullets = [i for i in doc.items() if i.kind == "bullet"]
        want = sum(len(w.get("highlights") or []) for key in ("work", "volunteer", "projects", "education")
                   for w in obj.get(key) or [])
        assert len(bullets) == want
        assert len({i.id for i in doc.items()}) == len(doc.items())


# --- committed fixtures (fixtures/resumes + fixtures/expected) -----------------------------------

from fixture_checks import check_fixture, fixture_pairs  # noqa: E402

JSON_FIXTURES = fixture_pairs((".json",))


@pytest.mark.skipif(not JSON_FIXTURES, reason="no JSON Resume fixtures with expected JSON in fixtures/")
@pytest.mark.parametrize("path, expected", JSON_FIXTURES, ids=lambda p: p.name)
def test_jsonresume_fixtures(path, expected):
    check_fixture(path, expected)
