"""The commands for the reader's own numbers: the calculator and the diary."""

from __future__ import annotations

from fsgs_cli.spec.model import Argument, Command, Option, json_option


def _units(units: tuple[str, ...], help: str) -> Option:
    return Option(("--units",), "units", help, kind="choice", choices=units, metavar="UNIT")


RATIO_UNITS = ("mg/mmol", "mg/g", "g/g", "mg/mg")
DIARY_HELP = (
    "The diary is one SQLite file of yours, never the bundled store: diary.db in the "
    "user data folder (on Linux ~/.local/share/fsgs), or in FSGS_HOME when that is set. "
    "Any SQLite tool can read it."
)


def _ratio(kind: str, what: str, example: str) -> Command:
    return Command(
        ("calc", kind),
        f"calc_{kind}",
        f"Explain a urine {what}-to-creatinine ratio ({kind.upper()}): units, KDIGO "
        "category, nephrotic range.",
        help="Converts between mg/mmol and mg/g (1 g/g = 1 mg/mg = 113.12 mg/mmol, from "
        "creatinine's molar mass) and gives the KDIGO 2024 albuminuria category (A1-A3)"
        + (
            " and whether the value is in the nephrotic range: above 3.5 g/g for adults "
            "(KDIGO 2021), at least 200 mg/mmol for children (IPNA 2023)."
            if kind == "upcr"
            else "."
        ),
        examples=(f"fsgs calc {kind} {example}", f"fsgs calc {kind} {example} --json"),
        arguments=(Argument("value", "VALUE", f"The {kind.upper()} on your report.", many=False),),
        options=(_units(RATIO_UNITS, "The unit on your report (required)."), json_option()),
        dash_words=True,
    )


HEALTH_COMMANDS = (
    Command(
        ("calc", "egfr"),
        "calc_egfr",
        "Work out an eGFR from a blood creatinine, and what it means.",
        help="Adults (18 and over): the CKD-EPI 2021 creatinine equation (race-free; "
        "Inker et al., N Engl J Med 2021), or the 2021 creatinine-cystatin C equation when "
        "--cystatin-c is given. Under 18: the bedside Schwartz equation (Schwartz et al., "
        "J Am Soc Nephrol 2009), which needs --height-cm. Stages are KDIGO 2024's G1-G5. "
        "An estimate from one blood test; your team reads it with the rest of your care.",
        examples=(
            "fsgs calc egfr --creatinine 1.1 --age 40 --sex female",
            "fsgs calc egfr --creatinine 150 --units umol/l --age 62 --sex male",
            "fsgs calc egfr --creatinine 0.5 --age 8 --sex male --height-cm 128",
            "fsgs calc egfr --creatinine 1.1 --cystatin-c 1.2 --age 40 --sex female --json",
        ),
        options=(
            Option(
                ("--creatinine",),
                "creatinine",
                "Blood creatinine (required).",
                kind="text",
                metavar="VALUE",
            ),
            _units(("mg/dl", "umol/l"), "The creatinine's unit. Default: mg/dl."),
            Option(("--age",), "age", "Age in years (required).", kind="text", metavar="YEARS"),
            Option(
                ("--sex",),
                "sex",
                "female or male: the equations differ (required for adults).",
                kind="choice",
                choices=("female", "male"),
            ),
            Option(
                ("--cystatin-c",),
                "cystatin_c",
                "Blood cystatin C, mg/L.",
                kind="text",
                metavar="MG_L",
            ),
            Option(
                ("--height-cm",),
                "height_cm",
                "Height in cm (needed under 18).",
                kind="text",
                metavar="CM",
            ),
            json_option(),
        ),
    ),
    _ratio("upcr", "protein", "250 --units mg/mmol"),
    _ratio("acr", "albumin", "30 --units mg/g"),
    Command(
        ("diary", "add"),
        "diary_add",
        "Record a reading: a dipstick, a lab result, your weight or blood pressure.",
        help="MEASURE is dipstick (negative, trace, 1+, 2+, 3+, 4+), egfr, creatinine, upcr, "
        "acr, albumin, weight or bp (as 120/80). " + DIARY_HELP,
        examples=(
            "fsgs diary add dipstick trace",
            "fsgs diary add upcr 250 --units mg/mmol --date 2026-12-01",
            "fsgs diary add creatinine 88 --units umol/l",
            "fsgs diary add bp 124/78",
        ),
        arguments=(
            Argument("measure", "MEASURE", "What was measured.", many=False),
            Argument("value", "VALUE", "The reading, as on the report or the stick.", many=False),
        ),
        options=(
            Option(
                ("--units",),
                "units",
                "The unit on the report (needed when a measure has more than one).",
                kind="text",
                metavar="UNIT",
            ),
            Option(
                ("--date",),
                "date",
                "The day of the reading, YYYY-MM-DD. Default: today.",
                kind="text",
                metavar="DATE",
            ),
        ),
        dash_words=True,
    ),
    Command(
        ("diary", "show"),
        "diary_show",
        "List your readings, oldest first, with a small trend chart on a terminal.",
        help=DIARY_HELP,
        examples=("fsgs diary show", "fsgs diary show --measure upcr", "fsgs diary show --json"),
        options=(
            Option(
                ("--measure",),
                "measure",
                "Only this measure.",
                kind="text",
                metavar="MEASURE",
            ),
            json_option(),
        ),
    ),
    Command(
        ("diary", "status"),
        "diary_status",
        "What your recorded days show, by the published definitions. Not a diagnosis.",
        help="Dipstick and UPCR days are read with the IPNA definitions for nephrotic "
        "syndrome in children (relapse: 3+ or more, or UPCR at least 200 mg/mmol, on 3 days "
        "in a row; remission: negative or trace on 3 days in a row). UPCR and eGFR are "
        "shown against the last value before, with the KDIGO 2021 remission definitions "
        "for adults.",
        examples=("fsgs diary status", "fsgs diary status --json"),
        options=(json_option(),),
    ),
    Command(
        ("diary", "export"),
        "diary_export",
        "Write every reading as CSV (or JSON), for a spreadsheet or your team.",
        examples=(
            "fsgs diary export --csv > readings.csv",
            "fsgs diary export --csv -o readings.csv",
        ),
        options=(
            Option(("--csv",), "as_csv", "CSV, one reading a row (the default)."),
            json_option(),
            Option(
                ("--output", "-o"),
                "output",
                "The file to write; '-' or none: standard output.",
                kind="text",
                metavar="FILE",
            ),
        ),
    ),
    Command(
        ("diary", "remove"),
        "diary_remove",
        "Remove one reading by its id (fsgs diary show lists the ids).",
        examples=("fsgs diary remove 12",),
        arguments=(Argument("reading_id", "ID", "The reading's id.", many=False),),
    ),
)
