"""Reading the six data points off invented headers: names, roles, side roles, education."""

from __future__ import annotations

import pytest

from critic.model import Document, Entry, Section
from critic.screen.roles import (
    current_and_previous,
    is_place,
    read_education,
    read_role,
    read_roles,
    split_pieces,
)
from critic.screen.sheet import name_part


@pytest.mark.parametrize(("line", "alone", "name"), [
    ("Dana Whitfield", False, "Dana Whitfield"),
    ("Dana Whitfield | Product Manager", False, "Dana Whitfield"),
    ("Dana Whitfield Senior Product Manager", False, "Dana Whitfield"),
    ("Dana Whitfield dana@example.com (555) 010-0100", False, "Dana Whitfield"),
    ("Okonkwo", True, "Okonkwo"),
    ("Okonkwo", False, ""),
    ("CONTACT ME", True, ""),
    ("Building AI Products People Trust", True, ""),
    ("Senior Product Manager", True, ""),
    ("SKILLS", True, ""),
])
def test_name_part(line: str, alone: bool, name: str) -> None:
    assert name_part(line, alone=alone) == name


@pytest.mark.parametrize(("text", "place"), [
    ("Boston, MA", True), ("Seoul, S.Korea", True), ("Berlin, Germany", True), ("Remote", True),
    ("(Spain, Madrid)", True), ("Norcross,Georgia", True), ("Boston MA", True),
    ("Harbor Analytics, Norcross, Georgia", False), ("Product Manager, AI", False), ("Harbor Analytics", False),
])
def test_is_place(text: str, place: bool) -> None:
    assert is_place(text) is place


@pytest.mark.parametrize(("header", "title", "company"), [
    ("Product Manager | Harbor Analytics | Jan 2021 – Present", "Product Manager", "Harbor Analytics"),
    ("Harbor Analytics Chevy Chase, MD | Assistant Manager, Store Operations Jan 2021 – Present",
     "Assistant Manager, Store Operations", "Harbor Analytics"),
    ("Quillfeather Inc. | Lisbon, Portugal | Platform Engineer | Mar. 2020 - Jun. 2022", "Platform Engineer",
     "Quillfeather Inc."),
    ("Data Engineer | Python, SQL, Spark, Airflow | Feb 2020 – May 2021 | Lakeview Labs, Ann Arbor, MI",
     "Data Engineer", "Lakeview Labs"),
    ("Quillfeather Ltd -Route Driver —Fresno, California", "Route Driver", "Quillfeather Ltd"),
    ("Backend developer, Northwind Bank (Spain, Madrid)", "Backend developer", "Northwind Bank"),
    ("2024- | LANTERNWORKS Senior PM | Denver CO", "Senior PM", "LANTERNWORKS"),
    ("2019-2023 | QUILLCO, Staff Engineer, Senior Engineer | Boston MA", "Staff Engineer, Senior Engineer", "QUILLCO"),
    ("NLP Engineer | Harbor Analytics | 2021 – 2023", "NLP Engineer", "Harbor Analytics"),
    ("Senior Product Manager at Lantern Health (2021 – Present)", "Senior Product Manager", "Lantern Health"),
    ("Lantern Health, Senior PM, Jan 2020 – Present", "Senior PM", "Lantern Health"),
    ("Senior Product Manager, ML | Platform | Lakeview Health, Portland, OR | Mar 2021 – Present",
     "Senior Product Manager, ML Platform", "Lakeview Health"),
])
def test_read_role_drops_places_and_stacks(header: str, title: str, company: str) -> None:
    got_title, got_company, _ = read_role(split_pieces(header))
    assert (got_title, got_company) == (title, company)


def test_a_date_range_wrapped_after_its_dash_stays_one_range() -> None:
    pieces = split_pieces("Product Manager | Harbor Analytics | Oct 2021 – | Oct 2023")
    assert "Oct 2021 – Oct 2023" in pieces


def _doc(*headers: str, kind: str = "experience") -> Document:
    return Document(source="x.txt", format="text", kind="resume",
                    sections=[Section(kind=kind, title=kind.title(), entries=[Entry(header=h) for h in headers])])


def test_two_roles_in_one_header_are_two_roles() -> None:
    doc = _doc("Quillfeather Inc. | Lisbon, Portugal | Platform Engineer | Sep. 2022 - Present | "
               "Lantern Pay | Lisbon, Portugal | Site Engineer | Mar. 2020 - Jun. 2022")
    cur, prev = current_and_previous(read_roles(doc))
    assert cur is not None and prev is not None
    assert (cur.title, cur.company) == ("Platform Engineer", "Quillfeather Inc.")
    assert (prev.title, prev.company) == ("Site Engineer", "Lantern Pay")


def test_a_concurrent_side_project_is_neither_current_nor_previous() -> None:
    doc = _doc("Group Product Manager | Harbor Analytics | Nov 2022 – Present",
               "Product Manager | Lakeview Labs | Aug 2019 – Nov 2022",
               "Writer | Weekly Notes (Substack) | Jan 2023 – Present")
    cur, prev = current_and_previous(read_roles(doc))
    assert cur is not None and prev is not None
    assert cur.company == "Harbor Analytics" and prev.company == "Lakeview Labs"


def test_an_open_ended_side_business_older_than_the_jobs_is_not_current() -> None:
    doc = _doc("Founder | Tinker Studio | 2006 – Present",
               "Staff Engineer | Harbor Analytics | 2019 – 2023",
               "Senior Engineer | Lakeview Labs | 2015 – 2019")
    cur, prev = current_and_previous(read_roles(doc))
    assert cur is not None and prev is not None
    assert (cur.company, prev.company) == ("Harbor Analytics", "Lakeview Labs")


def test_a_promotion_line_takes_the_employer_above() -> None:
    doc = _doc("Harbor Analytics | Denver, CO | PLATFORM ENGINEERING IV | Apr. 2022 - Present",
               "PLATFORM ENGINEERING III | Sep. 2020 - Apr. 2022")
    cur, prev = current_and_previous(read_roles(doc))
    assert prev is not None and (prev.title, prev.company) == ("PLATFORM ENGINEERING III", "Harbor Analytics")


def test_education_skips_a_certificate_and_the_graduation_date() -> None:
    doc = _doc("2019 Applied ML Short Course ---- Online Academy Labs | "
               "Lakeview University, Fresno, California — Bachelor of Science / Economics - Graduation Date: May 2018",
               kind="education")
    edu = read_education(doc)
    assert edu is not None
    assert (edu.degree, edu.school) == ("Bachelor of Science / Economics", "Lakeview University")


def test_education_joins_a_school_name_wrapped_over_two_lines() -> None:
    doc = _doc("NORTH PLAINS | STATE UNIVERSITY | BS in Statistics | May 2016 | Fargo, ND", kind="education")
    edu = read_education(doc)
    assert edu is not None and edu.school == "NORTH PLAINS STATE UNIVERSITY"


def test_dated_lines_in_a_section_without_entries_are_roles() -> None:
    from critic.model import Item

    items = [Item("i1", "bullet", "May 2021 – now: Backend developer, Northwind Labs (Spain, Madrid) www.example.com"),
             Item("i2", "bullet", "Built the billing service for the shop used by 2021 customers across the region"),
             Item("i3", "bullet", "2018 – 2021: Web developer, Lantern Pay")]
    doc = Document(source="x.docx", format="docx", kind="resume",
                   sections=[Section(kind="experience", title="Experience", items=items)])
    cur, prev = current_and_previous(read_roles(doc))
    assert cur is not None and prev is not None
    assert (cur.title, cur.company, cur.item) == ("Backend developer", "Northwind Labs", "i1")
    assert (prev.title, prev.company) == ("Web developer", "Lantern Pay")


def test_education_prefers_the_school_of_the_degree_entry() -> None:
    doc = _doc("Blockchain Short Course | Harbor Institute of Technology | 2015-09 – 2015-12",
               "Bachelor of Science Economics | Lakeview University | 2000 – 2004", kind="education")
    edu = read_education(doc)
    assert edu is not None and edu.school == "Lakeview University"


def test_education_from_plain_lines_and_curly_apostrophes() -> None:
    from critic.model import Item

    items = [Item("e1", "line", "Lakeview University — Bachelor’s degree in Economics, 2014")]
    doc = Document(source="x.docx", format="docx", kind="resume",
                   sections=[Section(kind="education", title="Education", items=items)])
    edu = read_education(doc)
    assert edu is not None and (edu.degree, edu.school) == ("Bachelor’s degree in Economics", "Lakeview University")


def test_name_particles() -> None:
    assert name_part("Lena van der Berg") == "Lena van der Berg"


def test_an_organisation_in_capitals_keeps_its_unit() -> None:
    title, company, _ = read_role(split_pieces("Research Analyst | Quebec, QC | LAKEVIEW UNIVERSITY - "
                                                "HARBOR ECOLOGY LAB | 2021 - Present"))
    assert (title, company) == ("Research Analyst", "LAKEVIEW UNIVERSITY · HARBOR ECOLOGY LAB")


def test_a_tagline_after_the_company_is_not_part_of_it() -> None:
    _, company, _ = read_role(split_pieces("Co-Founder & CEO | Tinkerly — Mobile puzzle startup | Nov 2024 – Present"))
    assert company == "Tinkerly"


def test_degree_and_school_on_one_line() -> None:
    edu = read_education(_doc("M.S. Statistics, Harbor Institute | 2015 – 2017", kind="education"))
    assert edu is not None and (edu.degree, edu.school) == ("M.S. Statistics", "Harbor Institute")
