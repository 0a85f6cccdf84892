"""An invented LinkedIn "Save to PDF" profile, drawn with fpdf2 the way LinkedIn lays its export out.

Page 1: a narrow left sidebar (Contact, Top Skills, Languages, Certifications, grey headings on a tinted
band) beside the main column (name, headline, location, Summary paragraphs, Experience). Experience is
grouped by company: the company line, for a company with several roles its total tenure in grey, then each
title with "Month Year - Month Year (n years m months)" and a location in grey, then the role's text.
Later pages carry the main column only. Every page ends with a grey "Page n of N" footer. No real
person's profile: names, companies and numbers are made up.

    python tests/linkedin_pdf.py OUT.pdf   # writes the PDF (tests build it in memory)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from fpdf import FPDF

GREY = (176, 176, 176)
DARK = (24, 24, 24)
SIDEBAR_TINT = (242, 245, 247)
SIDE_X, SIDE_W = 24.0, 150.0
MAIN_X, MAIN_RIGHT = 212.0, 580.0
TOP, BOTTOM = 52.0, 730.0

SIDEBAR = [
    ("Contact", ["morgan.ellery@example.com", "www.linkedin.com/in/morgan-", "ellery-pm (LinkedIn)"]),
    ("Top Skills", ["Product Strategy", "A/B Testing", "Machine Learning"]),
    ("Languages", ["English (Native or Bilingual)", "Spanish (Professional Working", "Proficiency)"]),
    ("Certifications", ["Certified Scrum Product Owner", "Cloud Practitioner Foundations"]),
]

SUMMARY = [
    "Product manager who ships machine learning features that customers pay for. I have led search, "
    "ranking and forecasting products from first prototype to general availability.",
    "I care about evaluation before launch, clear kill criteria and small teams that own their results.",
]


@dataclass
class Role:
    title: str
    dates: str
    location: str
    text: list[str] = field(default_factory=list)  # paragraphs, as typed: "- " starts a list line


@dataclass
class Company:
    name: str
    tenure: str | None  # the grey total shown under a company with several roles
    roles: list[Role]


EXPERIENCE = [
    Company("Kestrel Analytics", "4 years 3 months", [
        Role("Senior Product Manager, AI Platforms", "March 2022 - Present (2 years 10 months)",
             "Portland, Oregon, United States",
             ["Lead the forecasting platform used by 1,200 retail stores.",
              "- Cut forecast error by 18% by moving from weekly to daily retraining with a drift check.",
              "- Set the launch bar for the ranking model: no release unless offline recall held within 2 "
              "points of the old model.",
              "- Hired and coached three product managers."]),
        Role("Product Manager", "October 2020 - March 2022 (1 year 6 months)",
             "Seattle, Washington, United States",
             ["Owned search relevance for the merchant dashboard. Shipped query understanding that raised "
              "click-through on the first result from 31% to 44%. Ran the weekly relevance review with "
              "engineering and support."]),
    ]),
    Company("Tern Systems", None, [
        Role("Associate Product Manager", "June 2018 - September 2020 (2 years 4 months)",
             "Austin, Texas, United States",
             ["- Launched the self-serve onboarding flow, lifting week-one activation from 22% to 35%.",
              "- Wrote the pricing experiment plan that moved 9% of free teams to the paid tier."]),
    ]),
    Company("Harbor Point Credit Union", None, [
        Role("Business Analyst Intern", "May 2017 - August 2017 (4 months)", "Austin, Texas, United States",
             ["Built the branch wait-time report that the operations team still uses."]),
    ]),
]

EDUCATION = [("Oregon State University", "Bachelor of Science - BS, Computer Science \u00b7 (2014 - 2018)")]


class _Writer:
    def __init__(self) -> None:
        self.pdf = FPDF(unit="pt", format="letter")
        self.pdf.set_auto_page_break(False)
        self.pages = 0
        self.y = TOP
        self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.pages += 1
        self.y = TOP

    def _font(self, size: float, style: str = "", colour: tuple[int, int, int] = DARK) -> None:
        self.pdf.set_font("Helvetica", style, size)
        self.pdf.set_text_color(*colour)

    def _wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if line and self.pdf.get_string_width(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line] if line else lines

    def main(self, text: str, size: float, style: str = "", colour: tuple[int, int, int] = DARK,
             before: float = 0.0) -> None:
        self._font(size, style, colour)
        self.y += before
        for line in self._wrap(text, MAIN_RIGHT - MAIN_X):
            if self.y + size * 1.3 > BOTTOM:
                self.new_page()
            self.y += size * 1.3
            self.pdf.text(MAIN_X, self.y, line)

    def sidebar(self) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*SIDEBAR_TINT)
        pdf.rect(0, 0, SIDE_X + SIDE_W + 14, 792, style="F")
        y = TOP + 4
        for heading, lines in SIDEBAR:
            self._font(13, "", DARK)
            y += 22
            pdf.text(SIDE_X, y, heading)
            y += 4
            self._font(10.5, "", DARK)
            for line in lines:
                y += 14
                pdf.text(SIDE_X, y, line)

    def footers(self) -> None:
        for n in range(1, self.pages + 1):
            self.pdf.page = n
            self._font(9, "", GREY)
            label = f"Page {n} of {self.pages}"
            self.pdf.text((612 - self.pdf.get_string_width(label)) / 2, 765, label)


def linkedin_pdf() -> bytes:
    """The profile as PDF bytes."""
    w = _Writer()
    w.sidebar()
    w.main("Morgan Ellery", 26)
    w.main("Senior Product Manager, AI Platforms at Kestrel Analytics", 12, before=4)
    w.main("Portland, Oregon, United States", 10.5, colour=GREY, before=2)
    w.main("Summary", 15.75, before=14)
    for para in SUMMARY:
        w.main(para, 10.5, before=6)
    w.main("Experience", 15.75, before=14)
    for company in EXPERIENCE:
        w.main(company.name, 12, before=10)
        if company.tenure:
            w.main(company.tenure, 10.5, colour=GREY, before=1)
        for role in company.roles:
            w.main(role.title, 11, "B", before=6 if company.tenure else 2)
            w.main(role.dates, 10.5, colour=GREY, before=1)
            w.main(role.location, 10.5, colour=GREY)
            for para in role.text:  # the text box wraps typed list lines with no hanging indent
                w.main(para, 10.5, before=2 if para.startswith("- ") else 4)
    w.main("Education", 15.75, before=14)
    for school, degree in EDUCATION:
        w.main(school, 12, before=8)
        w.main(degree, 10.5, before=1)
    w.footers()
    return bytes(w.pdf.output())


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as fh:
        fh.write(linkedin_pdf())
