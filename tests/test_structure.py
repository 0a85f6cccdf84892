"""The shared structure builder: headings, entries, dates, ids, language."""

from __future__ import annotations

import pytest

from critic.model import Document
from critic.parse.blocks import Block
from critic.parse.structure import (
    build,
    find_date_range,
    match_heading,
    parse_date,
    parse_entry_header,
    split_sentences,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Professional Experience", "experience"),
        ("Work History", "experience"),
        ("EXPERIENCE", "experience"),
        ("E X P E R I E N C E", "experience"),
        ("Experiance", "experience"),
        ("Skills & Tools", "skills"),
        ("Education:", "education"),
        ("Selected Projects", "projects"),
        ("Summary", "summary"),
        ("Certifications", "other"),
        ("Relevant Skills", "skills"),
        ("Teaching Experience", "experience"),
        ("Computer Engineering Experience", "experience"),
        ("Leadership and Work Experience", "experience"),
        ("Volunteer Experience", "experience"),
        ("Top Skills", "skills"),
        ("HIGHLIGHTS", "summary"),
        ("University Projects", "projects"),
        ("STRENGTHS", "summary"),
        ("Contracts & Consulting", "experience"),
        ("Freelance Work", "experience"),
        ("Key Strengths", "summary"),
    ],
)
def test_heading_lexicon_maps_variants(text: str, kind: str) -> None:
    match = match_heading(text)
    assert match is not None and match.kind == kind


@pytest.mark.parametrize("text", ["Dana Whitfield", "Reduced cost by 40%", "2021 - Present", "Acme AI",
                                  "Product Manager, Agent Tools", "Senior Product Experience",
                                  "Dana Whitfield Experience", "Researcher"])
def test_non_headings_do_not_match(text: str) -> None:
    assert match_heading(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Mar 2021", "2021-03"), ("Sept. 2020", "2020-09"), ("03/2021", "2021-03"), ("2019", "2019"),
     ("Present", "present"), ("2018-11", "2018-11"), ("Someday", None)],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_date_range_in_header() -> None:
    start, end, span = find_date_range("Lead PM, Orbit Labs — Jan 2021 – Present")
    assert (start, end) == ("2021-01", "present")
    assert span is not None


def test_entry_header_fields() -> None:
    entry = parse_entry_header(["Senior Product Manager, Acme AI", "San Francisco, CA   Jan 2021 – Present"], "experience")
    assert entry.title == "Senior Product Manager"
    assert entry.organisation == "Acme AI"
    assert entry.location == "San Francisco, CA"
    assert (entry.start, entry.end) == ("2021-01", "present")
    entry = parse_entry_header(["Orbit Labs | Product Manager | Remote | Mar 2019 - Dec 2020"], "experience")
    assert (entry.title, entry.organisation, entry.location) == ("Product Manager", "Orbit Labs", "Remote")
    assert (entry.start, entry.end) == ("2019-03", "2020-12")


@pytest.mark.parametrize(
    ("lines", "title", "organisation", "location"),
    [
        (["Group Product Manager (L6)", "Lakeside Freight", "03/2020 - Present"],
         "Group Product Manager (L6)", "Lakeside Freight", None),
        (["Operations Analyst (Part-time)", "Harbor Mills (family-owned bakery)", "2019 - 2021"],
         "Operations Analyst (Part-time)", "Harbor Mills (family-owned bakery)", None),
        (["Data Analyst, Fjordline Bank (Bergen, Norway) www.fjordline.example", "2016 - 2019"],
         "Data Analyst", "Fjordline Bank", "Bergen, Norway"),
    ],
)
def test_entry_header_keeps_brackets_of_its_fields(lines: list[str], title: str, organisation: str,
                                                   location: str | None) -> None:
    """A bracket closing a title or employer is part of it; a place in brackets after the employer is
    the location, not the tail of the employer."""
    entry = parse_entry_header(lines, "experience")
    assert (entry.title, entry.organisation, entry.location) == (title, organisation, location)


def test_split_sentences_keeps_abbreviations_and_decimals() -> None:
    assert split_sentences("PM with 6 years in ML. Shipped e.g. ranking at 3.5x scale. Led teams.") == [
        "PM with 6 years in ML.", "Shipped e.g. ranking at 3.5x scale.", "Led teams.",
    ]


def test_split_sentences_keeps_titles_and_initials_with_the_name() -> None:
    assert split_sentences("Built a sensor rig with Prof. J. Okafor and Dr. M. Lind. Wrote the lab guide.") == [
        "Built a sensor rig with Prof. J. Okafor and Dr. M. Lind.", "Wrote the lab guide."]


def _blocks() -> list[Block]:
    return [
        Block("Dana Whitfield", "heading", size=20),
        Block("dana@example.com | 555-0100", "line"),
        Block("SUMMARY", "heading", size=12),
        Block("AI product manager with six years in search. I own evaluation design.", "line"),
        Block("EXPERIENCE", "heading", size=12),
        Block("Senior Product Manager, Orbit Labs", "line"),
        Block("Jan 2021 – Present", "line"),
        Block("Cut inference cost by 38% by routing easy queries to a small model.", "bullet", marker="•"),
        Block("Worked with the ML team on ranking.", "bullet", marker="•"),
        Block("Product Manager, Lumen Health", "line"),
        Block("2018 – 2020", "line"),
        Block("Launched a triage assistant.", "bullet", marker="•"),
        Block("SKILLS", "heading", size=12),
        Block("SQL, Python, evaluation design", "line"),
    ]


def test_build_sections_entries_items_and_ids() -> None:
    doc = Document(source="x", format="test")
    build(_blocks(), doc)
    assert doc.name == "Dana Whitfield"
    assert [s.kind for s in doc.sections] == ["contact", "summary", "experience", "skills"]
    summary = doc.sections[1]
    assert [i.kind for i in summary.items] == ["summary", "summary"]
    exp = doc.sections[2]
    assert [(e.title, e.organisation, e.start, e.end) for e in exp.entries] == [
        ("Senior Product Manager", "Orbit Labs", "2021-01", "present"),
        ("Product Manager", "Lumen Health", "2018", "2020"),
    ]
    assert [i.id for i in exp.entries[0].items] == ["experience-1-1", "experience-1-2"]
    assert exp.entries[1].items[0].text == "Launched a triage assistant."
    ids = [i.id for i in doc.items()]
    assert len(ids) == len(set(ids))
    assert doc.language == "en"
    assert not any("no resume structure" in w for w in doc.warnings)


def test_no_structure_and_non_english_warn() -> None:
    doc = Document(source="x", format="test")
    build([Block("这是一份产品经理的简历，负责人工智能产品的规划与落地。", "line")], doc)
    assert any("no resume structure" in w for w in doc.warnings)
    assert any("English" in w for w in doc.warnings)


def test_blank_separates_entries_in_text_formats() -> None:
    blocks = [
        Block("Experience", "heading", heading_level=2),
        Block("PM, Orbit Labs (2021 – Present)", "line"),
        Block("Shipped search ranking v2.", "bullet"),
        Block("", "blank"),
        Block("APM, Lumen (2019 – 2021)", "line"),
        Block("Ran pricing tests.", "bullet"),
    ]
    doc = Document(source="x", format="markdown")
    build(blocks, doc)
    assert len(doc.sections[0].entries) == 2


def _built(*blocks: Block) -> Document:
    doc = Document(source="x.txt", format="text")
    build(list(blocks), doc)
    return doc


def test_prose_role_is_split_into_sentences_and_judged() -> None:
    doc = _built(
        Block("Experience", kind="heading"),
        Block("Sales Lead, Ridgeway Foods | 2019 - 2021"),
        Block("I opened two new regions for the wholesale line. I hired and coached four reps."),
        Block("Field Analyst, Ridgeway Foods | 2017 - 2019"),
        Block("Built the weekly route report, planning, forecasting."),
    )
    entries = doc.sections[0].entries
    assert [e.title for e in entries] == ["Sales Lead", "Field Analyst"]
    assert [(i.kind, i.text) for i in entries[0].items] == [
        ("bullet", "I opened two new regions for the wholesale line."),
        ("bullet", "I hired and coached four reps."),
    ]
    assert [i.text for i in entries[1].items] == ["Built the weekly route report, planning, forecasting."]


def test_unheaded_summary_under_the_contact_lines() -> None:
    doc = _built(
        Block("Mara Quill", kind="heading"),
        Block("mara@example.org | Leeds, UK"),
        Block("Product manager for search tools. I like hard ranking problems and plain metrics."),
        Block("Experience", kind="heading"),
    )
    assert doc.name == "Mara Quill"
    summary = doc.sections[1]
    assert (summary.kind, summary.title) == ("summary", "")
    assert [i.kind for i in summary.items] == ["summary", "summary"]


def test_layout_decides_skill_honour_and_publication_types() -> None:
    doc = _built(
        Block("Experience", kind="heading"),
        Block("Analyst, Fennel Labs | 2020 - 2022"),
        Block("Cut the close from ten days to six.", kind="bullet"),
        Block("Tools: SQL, Looker, dbt"),
        Block("Skills", kind="heading"),
        Block("Roadmapping", kind="bullet"),
        Block("Python, SQL"),
        Block("Honors & Awards", kind="heading"),
        Block("Finalist, regional case competition 2019"),
        Block("Publications", kind="heading"),
        Block("A short note on queue pricing, 2021"),
    )
    types = [(i.section_kind, i.kind, i.type) for i in doc.items()]
    assert types == [("experience", "bullet", None), ("experience", "line", "skill"),
                     ("skills", "bullet", "skill"), ("skills", "line", "skill"),
                     ("other", "line", "honour"), ("other", "line", "publication")]


def test_bulleted_dated_header_opens_an_entry_and_skills_rows_are_skills() -> None:
    doc = _built(
        Block("Experience", kind="heading"),
        Block("2019 – 2022: Platform Engineer, Tollgate Ltd (Oslo)", kind="bullet"),
        Block("Moved the billing jobs to a queue. Cut failed runs by half.", kind="bullet"),
        Block("Databases: PostgreSQL, MySQL, Redis", kind="bullet"),
        Block("Responsibilities: Coding the billing jobs, Defining the stack and architecture", kind="bullet"),
    )
    entry = doc.sections[0].entries[0]
    assert (entry.title, entry.organisation, entry.start, entry.end) == ("Platform Engineer", "Tollgate Ltd", "2019", "2022")
    assert [i.type for i in entry.items] == [None, "skill", None]


def test_labelled_lists_split_at_comma_capital_outside_brackets() -> None:
    from critic.parse.structure import split_role_text

    assert split_role_text("Responsibilities: Coding the jobs, testing them, Hiring two analysts, "
                           "Support of old tools (Java, Python), Review of designs.") == [
        "Coding the jobs, testing them", "Hiring two analysts", "Support of old tools (Java, Python)",
        "Review of designs.",
    ]
    # without a work label, only sentences split
    assert split_role_text("Worked in Oslo, Bergen and Trondheim. Met, Greeted guests.") == [
        "Worked in Oslo, Bergen and Trondheim.", "Met, Greeted guests."]


def test_lower_case_line_continues_the_open_sentence_before_it() -> None:
    doc = _built(
        Block("Experience", kind="heading"),
        Block("Ops Lead, Harrow Freight | 2018 - 2020"),
        Block("I ran the night desk for three depots and trained the", kind="bullet"),
        Block("new dispatchers on the routing tool."),
        Block("iOS field app shipped to every depot.", kind="bullet"),
    )
    assert [i.text for i in doc.items()] == [
        "I ran the night desk for three depots and trained the new dispatchers on the routing tool.",
        "iOS field app shipped to every depot.",
    ]


def test_a_column_goes_on_with_its_own_section_on_the_next_page() -> None:
    doc = _built(
        Block("Experience", kind="heading", page=1, column=0),
        Block("Purchasing Manager, Tamsin Home | 2019 - 2022", page=1, column=0),
        Block("Cut supplier lead times by a week.", kind="bullet", page=1, column=0),
        Block("Skills", kind="heading", page=1, column=1),
        Block("Negotiation", page=1, column=1),
        Block("Returns Analyst, Tamsin Home | 2017 - 2019", page=2, column=0),
        Block("Kept the returns ledger.", kind="bullet", page=2, column=0),
        Block("Awards", kind="heading", page=2, column=1),
    )
    experience = doc.sections[0]
    assert [e.title for e in experience.entries] == ["Purchasing Manager", "Returns Analyst"]
    assert [i.text for i in doc.sections[1].items] == ["Negotiation"]


def test_role_line_after_dates_only_header_and_template_years() -> None:
    doc = _built(
        Block("Experience", kind="heading"),
        Block("Apr 2020 - Present"),
        Block("Support Engineer, Quillon Ltd", kind="bullet"),
        Block("Closed the ticket backlog in a quarter.", kind="bullet"),
        Block("Office assistant, Marlow Print | March 20XX – December 20XX"),
        Block("Kept the supply budget.", kind="bullet"),
    )
    first, second = doc.sections[0].entries
    assert (first.title, first.organisation, first.start) == ("Support Engineer", "Quillon Ltd", "2020-04")
    assert [i.text for i in first.items] == ["Closed the ticket backlog in a quarter."]
    assert (second.title, second.organisation, second.start, second.end) == ("Office assistant", "Marlow Print", None, None)


def test_dated_role_lines_under_a_summary_open_an_unheaded_experience_section() -> None:
    doc = _built(
        Block("Highlights", kind="heading"),
        Block("Ten years of QA across web and mobile."),
        Block("QA Engineer, Ferrow Labs, Leeds, UK (Jun 2018 - Feb 2021) Leads the test guild."),
        Block("Cut the regression run from six hours to one", kind="bullet"),
    )
    summary, experience = doc.sections
    assert [i.text for i in summary.items] == ["Ten years of QA across web and mobile."]
    entry = experience.entries[0]
    assert (experience.kind, entry.title, entry.organisation, entry.start) == ("experience", "QA Engineer", "Ferrow Labs", "2018-06")
    assert [i.text for i in entry.items] == ["Leads the test guild.", "Cut the regression run from six hours to one"]


@pytest.mark.parametrize(
    ("blocks", "name"),
    [
        ([Block("Etta", kind="heading"), Block("etta@example.org | Leeds")], "Etta"),
        ([Block("Resume", kind="heading"), Block("Noor Haddad"), Block("noor@example.org")], "Noor Haddad"),
        ([Block("Product Designer", kind="heading"), Block("Noor Haddad", kind="heading")], "Noor Haddad"),
        ([Block("Ma Lin", kind="heading"), Block("ma.lin@example.org")], "Ma Lin"),
        ([Block("Summary", kind="heading"), Block("Etta")], None),
    ],
)
def test_name_mononym_and_tagline(blocks: list[Block], name: str | None) -> None:
    assert _built(*blocks).name == name


def test_rail_headings_on_the_line_of_their_content() -> None:
    doc = _built(
        Block("Noor Haddad", kind="heading"),
        Block("Experience Data Engineer, Tarn Ltd Mar 2020 - Present"),
        Block("Moved the nightly loads to streaming", kind="bullet"),
        Block("Education B.S. Physics, Vale University 2014 - 2018"),
    )
    assert [(s.kind, s.title) for s in doc.sections] == [("contact", ""), ("experience", "Experience"),
                                                         ("education", "Education")]
    assert doc.sections[1].entries[0].title == "Data Engineer"
    # a document with headings of its own keeps such lines whole
    doc = _built(Block("Experience", kind="heading"), Block("Education Lead, Vale Schools 2019 - 2021"))
    assert [s.title for s in doc.sections] == ["Experience"]


def test_a_marked_summary_is_judged_sentence_by_sentence() -> None:
    doc = _built(
        Block("Objective", kind="heading"),
        Block("Operations lead with retail and data experience. Seeking a programme role.", kind="bullet"),
        Block("Experience", kind="heading"),
        Block("Ops Lead, Harrow Freight | 2018 - 2020"),
        Block("Ran the night desk. Trained dispatchers.", kind="bullet"),
    )
    assert [(i.kind, i.text) for i in doc.sections[0].items] == [
        ("summary", "Operations lead with retail and data experience."), ("summary", "Seeking a programme role.")]
    assert [i.text for i in doc.sections[1].entries[0].items] == ["Ran the night desk. Trained dispatchers."]


def test_title_case_role_word_under_a_role_line_is_no_heading_when_headings_are_capitals() -> None:
    doc = _built(
        Block("VOLUNTEER EXPERIENCE", kind="heading", size=11, bold=True),
        Block("Harbor Food Bank, Oakland, CA\tJune 2019 – Present"),
        Block("Volunteer"),
        Block("Sorted and packed donations for 300 families a week", kind="bullet", marker="•"),
        Block("SKILLS", kind="heading", size=11, bold=True),
        Block("Spanish, forklift certification"),
    )
    assert [s.kind for s in doc.sections] == ["experience", "skills"]
    entry = doc.sections[0].entries[0]
    assert entry.title == "Volunteer" and entry.organisation == "Harbor Food Bank"
    assert [i.kind for i in entry.items] == ["bullet"]


def test_title_case_heading_line_still_opens_a_section_in_a_title_case_resume() -> None:
    doc = _built(
        Block("Experience", kind="heading", size=11, bold=True),
        Block("Harbor Food Bank, Oakland, CA\tJune 2019 – Present"),
        Block("Skills"),
        Block("Spanish, forklift certification"),
    )
    assert [s.kind for s in doc.sections] == ["experience", "skills"]


def test_unmarked_claim_line_without_a_stop_is_a_bullet_not_a_header() -> None:
    doc = _built(
        Block("EXPERIENCE", kind="heading", size=11, bold=True),
        Block("Shift Supervisor, Harbor Freight Labs\t2020 – 2023"),
        Block("Built a returns desk that cleared 300 parcels a day"),
        Block("Cut overtime by 20 percent with a new rota"),
        Block("Warehouse Manager, Tern Systems\t2018 – 2020"),
        Block("Trained four new loaders on the morning run"),
    )
    entries = doc.sections[0].entries
    assert [e.title for e in entries] == ["Shift Supervisor", "Warehouse Manager"]
    assert [(i.kind, i.text) for i in entries[0].items] == [
        ("bullet", "Built a returns desk that cleared 300 parcels a day"),
        ("bullet", "Cut overtime by 20 percent with a new rota"),
    ]


def test_smaller_title_case_sub_heading_under_capital_headings_opens_no_section() -> None:
    """Where section headings are capitals, a bold title-case line in smaller type that happens to be a
    section name ("Leadership" under STRENGTHS) labels what follows: no section of its own, no sentence."""
    doc = _built(
        Block("PROFILE", kind="heading", size=11, bold=True),
        Block("Operations lead for regional warehouses."),
        Block("STRENGTHS", kind="heading", size=11, bold=True),
        Block("Leadership", kind="heading", size=9.5, bold=True),
        Block("Coached six shift leads into site managers."),
        Block("Process Design", kind="heading", size=9.5, bold=True),
        Block("Redesigned the inbound dock schedule across three sites."),
        Block("EXPERIENCE", kind="heading", size=11, bold=True),
        Block("Site Manager, Harbor Freight Labs\t2020 – 2023"),
        Block("Cut dock wait times from 50 to 20 minutes", kind="bullet", marker="•"),
    )
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("summary", "PROFILE"), ("summary", "STRENGTHS"), ("experience", "EXPERIENCE")]
    assert [(i.kind, i.text) for i in doc.sections[1].items] == [
        ("line", "Leadership"), ("summary", "Coached six shift leads into site managers."),
        ("line", "Process Design"), ("summary", "Redesigned the inbound dock schedule across three sites.")]
    assert doc.sections[2].entries[0].title == "Site Manager"


def test_title_case_sub_heading_as_large_as_the_capital_ones_still_opens_a_section() -> None:
    doc = _built(
        Block("PROFILE", kind="heading", size=11, bold=True),
        Block("Operations lead for regional warehouses."),
        Block("Leadership", kind="heading", size=11, bold=True),
        Block("Chair, Harbor Logistics Forum\t2021 – 2023"),
        Block("EXPERIENCE", kind="heading", size=11, bold=True),
        Block("Site Manager, Harbor Freight Labs\t2020 – 2023"),
    )
    assert [s.kind for s in doc.sections] == ["summary", "experience", "experience"]


def test_activities_that_open_with_a_dated_role_hold_roles() -> None:
    """An 'Activities' section listing a dated role with its bullets reads as roles; one listing pastimes
    stays a plain list."""
    doc = _built(
        Block("EXPERIENCE", kind="heading", size=11, bold=True),
        Block("Site Manager, Harbor Freight Labs\t2020 – 2023"),
        Block("Cut dock wait times from 50 to 20 minutes", kind="bullet", marker="•"),
        Block("ACTIVITIES", kind="heading", size=11, bold=True),
        Block("Riverside Rowing Club\tPortland, OR"),
        Block("Treasurer\tSep 2021 – Present"),
        Block("Moved dues collection online for 140 members", kind="bullet", marker="•"),
        Block("Raised $9,000 for two new boats", kind="bullet", marker="•"),
        Block("Activities", kind="heading", size=11, bold=True),
        Block("Trail running, ceramics, chess"),
    )
    assert [s.kind for s in doc.sections] == ["experience", "experience", "other"]
    entry = doc.sections[1].entries[0]
    assert (entry.title, entry.organisation, entry.start, entry.end) == (
        "Treasurer", "Riverside Rowing Club", "2021-09", "present")
    assert [i.text for i in entry.items] == ["Moved dues collection online for 140 members",
                                             "Raised $9,000 for two new boats"]
    assert [i.text for i in doc.sections[2].items] == ["Trail running, ceramics, chess"]


def test_a_projects_tool_list_under_its_name_is_a_skill_line_not_its_title() -> None:
    doc = _built(
        Block("PROJECTS", kind="heading", size=11, bold=True),
        Block("Tidewatch", kind="heading", size=10, bold=True),
        Block("Svelte, FastAPI, PostgreSQL, Fly.io"),
        Block("Built a tide alert service for 300 harbour pilots."),
        Block("Lantern Notes", kind="heading", size=10, bold=True),
        Block("Oakridge College, Portland, OR"),
        Block("Wrote a note-taking app used in two seminars."),
    )
    first, second = doc.sections[0].entries
    assert first.title == "Tidewatch"
    assert [(i.kind, i.type, i.text) for i in first.items] == [
        ("line", "skill", "Svelte, FastAPI, PostgreSQL, Fly.io"),
        ("bullet", None, "Built a tide alert service for 300 harbour pilots.")]
    assert second.location == "Portland, OR" and [i.kind for i in second.items] == ["bullet"]



def test_styled_heading_naming_a_kind_of_experience_is_an_experience_section() -> None:
    doc = _built(
        Block("Casey Morgan", kind="heading", size=20, bold=True),
        Block("casey.morgan@example.com | (555) 010-0144"),
        Block("Work Experience", kind="heading", size=12, bold=True),
        Block("Shift Lead, Harbor Freight Labs\t2021 – 2023"),
        Block("Cut dock wait times from 50 to 20 minutes", kind="bullet", marker="•"),
        Block("Hospitality Experience", kind="heading", size=12, bold=True),
        Block("Front Desk Supervisor, Pinecrest Lodge\t2018 – 2021"),
        Block("Trained 9 new clerks on the booking system", kind="bullet", marker="•"),
    )
    assert [(s.kind, s.title) for s in doc.sections] == [
        ("contact", ""), ("experience", "Work Experience"), ("experience", "Hospitality Experience")]
    assert doc.sections[2].entries[0].title == "Front Desk Supervisor"


def test_styled_heading_listing_one_section_name_among_others_takes_its_kind() -> None:
    doc = _built(
        Block("Casey Morgan", kind="heading", size=20, bold=True),
        Block("casey.morgan@example.com | (555) 010-0144"),
        Block("Experience", kind="heading", size=12, bold=True),
        Block("Shift Lead, Harbor Freight Labs\t2021 – 2023"),
        Block("Cut dock wait times from 50 to 20 minutes", kind="bullet", marker="•"),
        Block("Methods, Skills, Software", kind="heading", size=12, bold=True),
        Block("Planning: Smartsheet, Airtable, capacity modelling"),
    )
    assert [(s.kind, s.title) for s in doc.sections][1:] == [
        ("experience", "Experience"), ("skills", "Methods, Skills, Software")]
    assert [i.type for i in doc.sections[2].items] == ["skill"]


def test_role_header_dates_and_its_sentence_on_one_line_open_an_entry() -> None:
    doc = _built(
        Block("VOLUNTEERING", kind="heading", size=12, bold=True),
        Block("Harbor Food Bank of the Lower Valley, Salem, Oregon — Coordinator Mar. 2017 - Jun.2019 "
              "Organised 40 weekend drives that fed 600 families a month"),
    )
    entry = doc.sections[0].entries[0]
    assert (entry.title, entry.start, entry.end) == ("Coordinator", "2017-03", "2019-06")
    assert entry.organisation is not None and entry.organisation.startswith("Harbor Food Bank")
    assert [(i.kind, i.text) for i in entry.items] == [
        ("bullet", "Organised 40 weekend drives that fed 600 families a month")]


def test_a_line_opening_with_a_web_or_mail_address_does_not_continue_the_line_above() -> None:
    doc = _built(
        Block("Robin Vale", kind="heading", size=18, bold=True),
        Block("Operations analyst who builds the reports field teams use"),
        Block("robin.vale@example.com | (555) 010-0177 | linkedin.com/in/robinvale"),
    )
    assert [i.text for i in doc.sections[0].all_items()][-1] == (
        "robin.vale@example.com | (555) 010-0177 | linkedin.com/in/robinvale")
