"""A language's calendar is data: site.yaml says Thai counts its years in the Buddhist era
(CLDR's preference for Thailand), and years and dates from placeholders follow it; one line
turns it back to the Gregorian. Babel writes only the Gregorian calendar."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from babel import Locale

from tests.golden import rendered
from tests.helpers import ROOT, Project, copy_project
from tests.pdfs import text
from tract.render.calendar import written
from tract.source.calendars import calendar_of

THAI_LINE = "  th: buddhist"
DAY = dt.date(2027, 3, 3)


def _years(path: Path) -> set[str]:
    return set(re.findall(r"\d{4}", text(path)))


def test_thai_prints_its_years_in_the_buddhist_era(real_build: Project) -> None:
    assert THAI_LINE in real_build.read("content/site.yaml")
    out = real_build.root / "output/th"
    assert _years(out / "rights-flyer.pdf") == {"2565", "2567"}  # 2022, 2024
    assert _years(out / "union-leaflet.pdf") == {"2558", "2560", "2561", "2565", "2567"}
    assert _years(real_build.root / "output/en/rights-flyer.pdf") >= {"2022", "2024"}


def test_one_line_of_site_yaml_turns_it_back(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path)
    project.edit("content/site.yaml", THAI_LINE, "  th: gregorian")
    result = project.run("--draft", "--lang", "th", "--doc", "rights-flyer")
    assert result.code == 0, result.err
    assert _years(project.root / "output/th/rights-flyer.pdf") == {"2022", "2024"}


def test_dates_keep_the_locale_s_pattern_with_the_calendar_s_year_and_era() -> None:
    thai, buddhist = Locale.parse("th"), calendar_of("buddhist", "th")
    assert buddhist is not None and buddhist.eras[0] == "พ.ศ."  # as CLDR's Thai data writes it
    assert written(DAY, "full", thai, buddhist) == "วันพุธที่ 3 มีนาคม พ.ศ. 2570"
    assert written(DAY, "full", thai, None) == "วันพุธที่ 3 มีนาคม ค.ศ. 2027"
    assert written(DAY, "short", thai, buddhist) == "3/3/70"
    assert written(DAY, "yMMMM", thai, buddhist) == "มีนาคม 2570"
    assert written(DAY, "MMMMd", thai, buddhist) == "3 มีนาคม"
    english = calendar_of("buddhist", "en_BE")  # no era of its own: CLDR's root one
    assert english is not None and written(DAY, "long", Locale.parse("en_BE"), english) == (
        "3 March 2570"
    )


def test_any_language_may_declare_a_calendar(minimal: Project) -> None:
    minimal.edit("content/site.yaml", "region: BE", "region: BE\ncalendars:\n  nl: buddhist")
    assert "Sinds 2567 een contract" in rendered(minimal.root, "note", "nl")
    assert "Since 2024, a contract" in rendered(minimal.root, "note", "en")


def test_a_calendar_tract_cannot_write_is_named(minimal: Project) -> None:
    minimal.edit(
        "content/site.yaml", "region: BE", "region: BE\ncalendars:\n  nl: islamic\n  de: buddhist"
    )
    result = minimal.run("check")
    assert result.code == 1
    assert result.lines == [
        "content/site.yaml:4:3: error: 'de' under calendars is not one of the languages "
        "(did you mean 'en'?)",
        "content/site.yaml:4:7: error: 'islamic' is not one of: gregorian, buddhist",
    ]
