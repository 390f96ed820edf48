"""An all-through school's roll (Guidance 2010, para 129): pupils below Year 7 are recorded and imported, and the
guarantee starts at the school's ``guarantee_from_year``."""

from __future__ import annotations

from pathlib import Path

from tests.lifecycle.small_school import small_school  # noqa: F401 - a fixture

SIMS_HEADER = "Adno,UPN,Preferred Forename,Preferred Surname,Year,House,Reg,Admission Date,SEN Status,EAL\n"


def test_a_year_6_pupil_is_imported_and_needs_no_tutor_until_the_guarantee_starts(small_school: Path, pastoral):
    export = small_school / "export.csv"
    export.write_text(SIMS_HEADER + "306,UPN-1,Ola,Adeyemi,Y6,Oak,6OA,01/09/2026,N,No\n"
                                    "300,UPN-2,Zac,Lee,0,Oak,ROA,01/09/2026,N,No\n", encoding="utf-8")
    code, out, err = pastoral("import", "pupils", str(export), "--records", str(small_school / "records"))
    assert code == 0, out + err
    assert "records/pupils/p0306.yml: new pupil in Year 6, oak, 6OA" in out
    assert pastoral("validate", "--records", str(small_school / "records"))[0] == 0
    code, out, _ = pastoral("check", "--records", str(small_school / "records"), "--as-of", "2026-11-20")
    assert "p0306" not in out and "p0300" not in out
